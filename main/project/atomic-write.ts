/**
 * Atomic file replacement: write a temporary file beside the target, fsync it, rename it over the
 * target, fsync the folder. A crash or a full disk at any point leaves either the old file or the
 * new one, never a torn mix of both; on failure the temporary file is removed and the error says why.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ProjectError, describeFsError } from './document/errors.js';

/** The file operations used, replaceable in tests to simulate a full disk. */
export interface WriteFs {
  open: typeof open;
  rename: typeof rename;
  unlink: typeof unlink;
}

const realFs: WriteFs = { open, rename, unlink };

export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  fs: WriteFs = realFs,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw new ProjectError(
      'WRITE_FAILED',
      `Could not save ${path}: ${describeFsError(error)}. The previous file is unchanged.`,
      { cause: error },
    );
  }
  await syncFolder(dirname(path), fs);
}

/** Makes the rename durable; some platforms cannot open a folder, which is harmless to skip. */
async function syncFolder(folder: string, fs: WriteFs): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows refuses to open folders; the rename is still atomic there.
  }
}
