/** Where packs live: an explicit folder, $SOUNDSTORM_PACK, or the bundled ones in models/. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bundled packs, best first: the trained default, then the tiny test pack. */
export const BUNDLED_PACKS = ['default', 'small', 'tiny'] as const;

export function modelsDir(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}

export function defaultPackDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.SOUNDSTORM_PACK;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (const name of BUNDLED_PACKS) {
    const dir = join(modelsDir(), name);
    if (existsSync(join(dir, 'manifest.json'))) return dir;
  }
  return undefined;
}
