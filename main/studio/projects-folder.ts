/**
 * Where projects live when the user names one rather than picking a folder (web mode has no
 * folder dialog): a projects folder, one sub-folder per project, and a short list of recent ones.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { RecentProject } from '../api/studio-schemas.js';
import { slug } from '../audio/export/output-paths.js';
import { PROJECT_FILE, writeFileAtomic } from '../project/index.js';

const RECENT_FILE = '.recent.json';
const RECENT_KEPT = 12;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A folder for a new project named `name` that does not exist yet. */
export async function freshFolder(projectsDir: string, name: string): Promise<string> {
  await mkdir(projectsDir, { recursive: true });
  const base = slug(name);
  for (let n = 1; ; n++) {
    const folder = join(projectsDir, n === 1 ? base : `${base}-${n}`);
    if (!(await exists(folder))) return folder;
  }
}

/** An absolute path as given, or a name under the projects folder. */
export function resolveProjectFolder(projectsDir: string, to: string): string {
  return isAbsolute(to) ? to : join(projectsDir, slug(to));
}

async function readRecentFolders(projectsDir: string): Promise<string[]> {
  try {
    const list = JSON.parse(await readFile(join(projectsDir, RECENT_FILE), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

export async function rememberRecent(projectsDir: string, folder: string): Promise<void> {
  const folders = [folder, ...(await readRecentFolders(projectsDir)).filter((f) => f !== folder)];
  await mkdir(projectsDir, { recursive: true });
  await writeFileAtomic(join(projectsDir, RECENT_FILE), JSON.stringify(folders.slice(0, RECENT_KEPT)));
}

/** Recent projects that still exist, newest first, with their names (unreadable ones by folder). */
export async function listRecent(projectsDir: string): Promise<RecentProject[]> {
  const recent: RecentProject[] = [];
  for (const folder of await readRecentFolders(projectsDir)) {
    const file = join(folder, PROJECT_FILE);
    if (!(await exists(file))) continue;
    let name = folder.split(/[\\/]/).pop() ?? folder;
    let savedAt: string | null = null;
    try {
      const doc = JSON.parse(await readFile(file, 'utf8')) as { name?: unknown; savedAt?: unknown };
      if (typeof doc.name === 'string') name = doc.name;
      if (typeof doc.savedAt === 'string') savedAt = doc.savedAt;
    } catch {
      // Listed all the same: opening it says what is wrong with it.
    }
    recent.push({ folder, name, savedAt });
  }
  return recent;
}
