import { homedir } from 'node:os';
import { join } from 'node:path';

/** Web mode's projects folder: $SOUNDSTORM_PROJECTS, else "SoundStorm Projects" in the home folder. */
export function defaultProjectsDir(): string {
  return process.env.SOUNDSTORM_PROJECTS ?? join(homedir(), 'SoundStorm Projects');
}
