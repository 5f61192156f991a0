/**
 * Saving and opening a project folder. Saves validate the document, write project.json atomically
 * (the previous file survives any failure, and the error names the cause), then clear autosaves.
 * Opening never writes: an empty, cut-off or damaged file is reported with what is wrong and left
 * as it is; an older format is migrated in memory and written in the new format only on the next save.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import { discardAutosaves } from './autosave.js';
import { ProjectError, describeFsError } from './document/errors.js';
import { missingFiles } from './files.js';
import { migrateProject } from './document/migrate.js';
import { PROJECT_FILE, TAKES_DIR, VOICES_DIR, resolveInProject } from './paths.js';
import { referencedFiles } from './document/references.js';
import { type Project, projectSchema } from './document/schema.js';
import { describeIssues } from './document/zod-issues.js';

export interface OpenedProject {
  readonly project: Project;
  /** Format version on disk (lower than the current one when it was migrated). */
  readonly migratedFrom: number;
  /** Files the document names that the folder lacks (their turns will need rendering again). */
  readonly missing: string[];
}

/** Parses project JSON text, saying where a damaged or cut-off file breaks. */
export function parseProjectText(text: string, label: string): unknown {
  if (text.trim().length === 0) throw new ProjectError('CORRUPT', `${label} is empty. It was left as it is.`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // V8 reports a cut-off file as an error at (or just before) its last character.
    const at = Number(/position (\d+)/.exec(reason)?.[1] ?? NaN);
    const truncated = /end of (JSON )?input|Unterminated/i.test(reason) || at >= text.trimEnd().length - 1;
    const cut = truncated
      ? 'it is cut off (truncated)'
      : `it is damaged${Number.isNaN(at) ? '' : ` near byte ${at}`}`;
    throw new ProjectError('CORRUPT', `${label} cannot be read: ${cut} — ${reason}. It was left as it is.`, {
      cause: error,
    });
  }
}

export async function openProject(folder: string): Promise<OpenedProject> {
  const path = resolveInProject(folder, PROJECT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProjectError('NOT_FOUND', `Cannot open ${path}: ${describeFsError(error)}.`, { cause: error });
  }
  const { project, from } = migrateProject(parseProjectText(text, path), path);
  return { project, migratedFrom: from, missing: await missingFiles(folder, referencedFiles(project)) };
}

/** Validates, stamps `savedAt`, writes atomically and clears autosaves; returns the saved document. */
export async function saveProject(
  folder: string,
  project: Project,
  now: Date = new Date(),
): Promise<Project> {
  const stamped = { ...project, savedAt: now.toISOString() };
  const checked = projectSchema.safeParse(stamped);
  if (!checked.success)
    throw new ProjectError(
      'INVALID',
      `Not saved: the project is inconsistent (${describeIssues(checked.error)}).`,
    );
  await mkdir(resolveInProject(folder, VOICES_DIR), { recursive: true }).catch(() => undefined);
  await mkdir(resolveInProject(folder, TAKES_DIR), { recursive: true }).catch(() => undefined);
  await writeFileAtomic(resolveInProject(folder, PROJECT_FILE), `${JSON.stringify(checked.data, null, 2)}\n`);
  await discardAutosaves(folder);
  return checked.data;
}
