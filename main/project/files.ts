/**
 * The audio files a project holds: voice samples copied in (stored once per content) and rendered
 * takes with their tokens. Written atomically like the document, read back through main/audio.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import type { TurnTokens } from '../api/schemas.js';
import { decodeAudio, downmix } from '../audio/decode.js';
import { encodeWav } from '../audio/wav.js';
import type { Hertz } from '../engine/units.js';
import { writeFileAtomic } from './atomic-write.js';
import { ProjectError } from './document/errors.js';
import { TAKES_DIR, VOICES_DIR, resolveInProject, toProjectPath } from './paths.js';
import type { Take, VoiceRef } from './document/schema.js';

const VOICE_EXTENSIONS = ['wav', 'mp3', 'flac', 'ogg', 'oga', 'opus'];

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Copies a dropped voice sample into voices/, named by its SHA-256, and returns its reference. */
export async function importVoice(
  folder: string,
  bytes: Uint8Array,
  originalName: string,
): Promise<VoiceRef> {
  const ext = /\.([a-z0-9]+)$/i.exec(originalName)?.[1]?.toLowerCase() ?? '';
  if (!VOICE_EXTENSIONS.includes(ext))
    throw new ProjectError(
      'INVALID',
      `${originalName}: a voice sample must be a ${VOICE_EXTENSIONS.join(', ')} file.`,
    );
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const file = toProjectPath(VOICES_DIR, `${hash}.${ext}`);
  const full = resolveInProject(folder, file);
  await mkdir(resolveInProject(folder, VOICES_DIR), { recursive: true });
  if (!(await exists(full))) await writeFileAtomic(full, bytes);
  return { file, name: originalName };
}

export interface StoredTake {
  readonly audio: string;
  readonly tokens: string | null;
}

/** Writes a take's audio (mono 32-bit float WAV, lossless) and tokens into takes/. */
export async function writeTakeFiles(
  folder: string,
  takeId: string,
  samples: Float32Array,
  sampleRate: Hertz,
  tokens?: TurnTokens,
): Promise<StoredTake> {
  await mkdir(resolveInProject(folder, TAKES_DIR), { recursive: true });
  const audio = toProjectPath(TAKES_DIR, `${takeId}.wav`);
  await writeFileAtomic(
    resolveInProject(folder, audio),
    encodeWav([samples], sampleRate, { format: 'float32' }),
  );
  if (tokens === undefined) return { audio, tokens: null };
  const tokensPath = toProjectPath(TAKES_DIR, `${takeId}.tokens.json`);
  const json = {
    frames: tokens.frames,
    levels: tokens.levels,
    semantic: Array.from(tokens.semantic),
    acoustic: Array.from(tokens.acoustic),
  };
  await writeFileAtomic(resolveInProject(folder, tokensPath), JSON.stringify(json));
  return { audio, tokens: tokensPath };
}

/** A take's mono audio, decoded from the project folder. */
export async function readTakeAudio(
  folder: string,
  take: Pick<Take, 'audio' | 'id'>,
): Promise<{ samples: Float32Array; sampleRate: Hertz }> {
  const path = resolveInProject(folder, take.audio);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ProjectError(
      'NOT_FOUND',
      `The audio of take "${take.id}" (${take.audio}) is missing from the project folder.`,
      { cause: error },
    );
  }
  const decoded = await decodeAudio(bytes, take.audio);
  return { samples: downmix(decoded.channels), sampleRate: decoded.sampleRate };
}

/** Document paths the project refers to that are not in its folder. */
export async function missingFiles(folder: string, paths: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const path of paths) if (!(await exists(resolveInProject(folder, path)))) missing.push(path);
  return missing;
}

/** A take's tokens as written by `writeTakeFiles` (for span regeneration). */
export async function readTakeTokens(folder: string, file: string): Promise<TurnTokens> {
  let json: { frames?: unknown; levels?: unknown; semantic?: unknown; acoustic?: unknown };
  try {
    json = JSON.parse(await readFile(resolveInProject(folder, file), 'utf8')) as typeof json;
  } catch (error) {
    throw new ProjectError('NOT_FOUND', `The tokens of this take (${file}) cannot be read.`, {
      cause: error,
    });
  }
  const { frames, levels, semantic, acoustic } = json;
  if (
    typeof frames !== 'number' ||
    typeof levels !== 'number' ||
    !Array.isArray(semantic) ||
    !Array.isArray(acoustic) ||
    semantic.length !== frames ||
    acoustic.length !== frames * levels
  )
    throw new ProjectError('CORRUPT', `The tokens of this take (${file}) are damaged.`);
  return {
    frames,
    levels,
    semantic: Int32Array.from(semantic, Number),
    acoustic: Int32Array.from(acoustic, Number),
  };
}
