/**
 * Save As: a copy of the project in another folder with every file it refers to (voice samples,
 * takes and their tokens), then the document saved there. Files no longer referenced (deleted
 * takes) stay behind, so Save As is also how a project sheds them; `unreferencedFiles` lists them.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ProjectError, describeFsError } from './document/errors.js';
import {
  AUTOSAVE_DIR,
  PROJECT_FILE,
  TAKES_DIR,
  VOICES_DIR,
  resolveInProject,
  toProjectPath,
} from './paths.js';
import { referencedFiles } from './document/references.js';
import { saveProject } from './save-load.js';
import type { Project } from './document/schema.js';

export async function saveProjectAs(
  from: string,
  to: string,
  project: Project,
  now: Date = new Date(),
): Promise<Project> {
  if (resolve(from) === resolve(to)) return saveProject(to, project, now);
  for (const file of referencedFiles(project)) {
    const target = resolveInProject(to, file);
    try {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(resolveInProject(from, file), target);
    } catch (error) {
      // A file already missing from the source is reported by open (`missing`); anything else stops the copy.
      if (
        (error as { code?: unknown }).code === 'ENOENT' &&
        (error as { path?: unknown }).path === resolveInProject(from, file)
      )
        continue;
      throw new ProjectError(
        'WRITE_FAILED',
        `Could not copy ${file} to ${to}: ${describeFsError(error)}. The original project is unchanged.`,
        { cause: error },
      );
    }
  }
  return saveProject(to, project, now);
}

/** Files in voices/ and takes/ that the document no longer names (for a "clean up" command). */
export async function unreferencedFiles(folder: string, project: Project): Promise<string[]> {
  const used = new Set(referencedFiles(project));
  const found: string[] = [];
  for (const dir of [VOICES_DIR, TAKES_DIR]) {
    const names = await readdir(resolveInProject(folder, dir)).catch(() => [] as string[]);
    for (const name of names) {
      const file = toProjectPath(dir, name);
      if (!used.has(file) && !name.startsWith('.')) found.push(file);
    }
  }
  return found.filter((f) => f !== PROJECT_FILE && !f.startsWith(`${AUTOSAVE_DIR}/`)).sort();
}
