/**
 * Autosave snapshots and crash recovery. The app autosaves every few minutes into autosave/ (the
 * newest few snapshots are kept); a clean save removes them. So an autosave still present on the
 * next start, newer than the last save of project.json, means the app stopped without saving:
 * `findRecovery` returns it for the "recover unsaved changes?" prompt. Damaged snapshots are skipped.
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import { migrateProject } from './document/migrate.js';
import { AUTOSAVE_DIR, PROJECT_FILE, resolveInProject, toProjectPath } from './paths.js';
import type { Project } from './document/schema.js';

export const AUTOSAVES_KEPT = 3;

interface Snapshot {
  readonly autosavedAt: string;
  readonly project: unknown;
}

export interface Recovery {
  readonly project: Project;
  readonly autosavedAt: string;
  /** When project.json was last saved (null: never, or unreadable). */
  readonly lastSavedAt: string | null;
  /** The snapshot's document path. */
  readonly file: string;
}

async function snapshots(folder: string): Promise<string[]> {
  const names = await readdir(resolveInProject(folder, AUTOSAVE_DIR)).catch(() => [] as string[]);
  // ISO times sort as text; newest first.
  return names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .reverse();
}

export async function autosaveProject(
  folder: string,
  project: Project,
  now: Date = new Date(),
): Promise<string> {
  await mkdir(resolveInProject(folder, AUTOSAVE_DIR), { recursive: true });
  const autosavedAt = now.toISOString();
  const file = toProjectPath(AUTOSAVE_DIR, `${autosavedAt.replace(/[:.]/g, '-')}.json`);
  const snapshot: Snapshot = { autosavedAt, project };
  await writeFileAtomic(resolveInProject(folder, file), JSON.stringify(snapshot));
  for (const old of (await snapshots(folder)).slice(AUTOSAVES_KEPT)) {
    await rm(resolveInProject(folder, toProjectPath(AUTOSAVE_DIR, old)), { force: true });
  }
  return file;
}

async function lastSavedAt(folder: string): Promise<string | null> {
  try {
    const doc = JSON.parse(await readFile(resolveInProject(folder, PROJECT_FILE), 'utf8')) as {
      savedAt?: unknown;
    };
    return typeof doc.savedAt === 'string' ? doc.savedAt : null;
  } catch {
    return null;
  }
}

/** The newest readable autosave that is newer than the last save, or null. */
export async function findRecovery(folder: string): Promise<Recovery | null> {
  const saved = await lastSavedAt(folder);
  for (const name of await snapshots(folder)) {
    const file = toProjectPath(AUTOSAVE_DIR, name);
    try {
      const snapshot = JSON.parse(
        await readFile(resolveInProject(folder, file), 'utf8'),
      ) as Partial<Snapshot>;
      if (typeof snapshot.autosavedAt !== 'string') continue;
      if (saved !== null && Date.parse(snapshot.autosavedAt) <= Date.parse(saved)) return null;
      return {
        project: migrateProject(snapshot.project, file).project,
        autosavedAt: snapshot.autosavedAt,
        lastSavedAt: saved,
        file,
      };
    } catch {
      // A snapshot cut off by the crash itself: try the one before it.
    }
  }
  return null;
}

export async function discardAutosaves(folder: string): Promise<void> {
  await rm(resolveInProject(folder, AUTOSAVE_DIR), { recursive: true, force: true });
}
