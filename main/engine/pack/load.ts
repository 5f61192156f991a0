/**
 * Loads a pack folder: parses manifest.json, then checks that every file exists and has the
 * sha256 the manifest names. A user-chosen folder goes through exactly the same path.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EngineError } from '../errors.js';
import { type Manifest, ManifestError, parseManifest, type Role, ROLES } from './manifest.js';

export interface LoadedPack {
  readonly dir: string;
  readonly manifest: Manifest;
  /** Absolute path of a role's ONNX file. */
  filePath(role: Role): string;
}

export interface LoadOptions {
  /** Skip the sha256 check (tests of other fields); the app never sets it. */
  verifyHashes?: boolean;
}

export async function loadPack(dir: string, options: LoadOptions = {}): Promise<LoadedPack> {
  const root = resolve(dir);
  const manifestPath = join(root, 'manifest.json');
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new EngineError('PACK_FILE', `${manifestPath}: cannot read the pack manifest (${reason(error)})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EngineError('PACK_INVALID', `${manifestPath}: not valid JSON (${reason(error)})`, { cause: error });
  }
  let manifest: Manifest;
  try {
    manifest = parseManifest(json);
  } catch (error) {
    if (error instanceof ManifestError) throw new EngineError('PACK_INVALID', `${root}/${error.message}`, { cause: error });
    throw error;
  }
  const filePath = (role: Role): string => join(root, manifest.files[role].path);
  for (const role of ROLES) {
    const path = filePath(role);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || !info.isFile()) {
      throw new EngineError('PACK_FILE', `${path}: missing (files.${role}.path in manifest.json)`);
    }
    if (options.verifyHashes !== false) {
      const digest = await sha256File(path);
      if (digest !== manifest.files[role].sha256) {
        throw new EngineError(
          'PACK_FILE',
          `${path}: sha256 ${digest} does not match files.${role}.sha256 ${manifest.files[role].sha256} (file changed or corrupt)`,
        );
      }
    }
  }
  return { dir: root, manifest, filePath };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
