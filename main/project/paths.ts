/**
 * The project folder's layout:
 *   project.json          the document (written atomically)
 *   voices/<hash>.<ext>   voice samples, named by content so the same file is stored once
 *   takes/<take>.wav      rendered takes (mono float WAV), takes/<take>.tokens.json their tokens
 *   autosave/<time>.json  autosave snapshots, removed by a clean save
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ProjectError } from './document/errors.js';

export const PROJECT_FILE = 'project.json';
export const VOICES_DIR = 'voices';
export const TAKES_DIR = 'takes';
export const AUTOSAVE_DIR = 'autosave';

/** Absolute path of a document path (forward slashes, relative), refusing any that leave the folder. */
export function resolveInProject(folder: string, path: string): string {
  const full = resolve(folder, ...path.split('/'));
  const rel = relative(resolve(folder), full);
  if (rel.length === 0 || rel.startsWith('..') || isAbsolute(rel))
    throw new ProjectError('INVALID', `"${path}" points outside the project folder.`);
  return full;
}

/** Document path (forward slashes) of a file inside the folder. */
export function toProjectPath(...parts: string[]): string {
  return join(...parts)
    .split(sep)
    .join('/');
}
