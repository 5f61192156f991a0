/**
 * Prepared voice prompts by content: the id is a hash of the sample's bytes and the pack's
 * identity, so the same file with the same pack is decoded and encoded once. Kept in memory
 * (most recent first) and, when a folder is given, on disk across runs.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PromptTokens } from '../generate/pipeline.js';
import type { Seconds } from '../units.js';

export interface CachedVoice {
  readonly voiceId: string;
  readonly tokens: PromptTokens;
  readonly duration: Seconds;
  readonly peaks: number[];
}

export function voiceKey(bytes: Uint8Array, packIdentity: string): string {
  return createHash('sha256').update(packIdentity).update('\0').update(bytes).digest('hex').slice(0, 32);
}

export class VoiceCache {
  private readonly entries = new Map<string, CachedVoice>();

  constructor(
    private readonly dir?: string,
    private readonly capacity = 64,
  ) {}

  async get(voiceId: string): Promise<CachedVoice | undefined> {
    const hit = this.entries.get(voiceId);
    if (hit !== undefined) {
      this.entries.delete(voiceId);
      this.entries.set(voiceId, hit);
      return hit;
    }
    const stored = await this.readDisk(voiceId);
    if (stored !== undefined) this.remember(stored);
    return stored;
  }

  async put(voice: CachedVoice): Promise<void> {
    this.remember(voice);
    if (this.dir === undefined) return;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${voice.voiceId}.json`);
    const record = {
      voiceId: voice.voiceId,
      duration: voice.duration,
      peaks: voice.peaks,
      frames: voice.tokens.frames,
      semantic: Array.from(voice.tokens.semantic, Number),
      codes: Array.from(voice.tokens.codes, Number),
    };
    // Write then rename, so a crash never leaves a half-written entry under the real name.
    await writeFile(`${path}.tmp`, JSON.stringify(record));
    await rename(`${path}.tmp`, path);
  }

  private remember(voice: CachedVoice): void {
    this.entries.delete(voice.voiceId);
    this.entries.set(voice.voiceId, voice);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  private async readDisk(voiceId: string): Promise<CachedVoice | undefined> {
    if (this.dir === undefined || !/^[0-9a-f]{32}$/.test(voiceId)) return undefined;
    try {
      const record = JSON.parse(await readFile(join(this.dir, `${voiceId}.json`), 'utf8')) as {
        duration: number;
        peaks: number[];
        frames: number;
        semantic: number[];
        codes: number[];
      };
      return {
        voiceId,
        duration: record.duration,
        peaks: record.peaks,
        tokens: { frames: record.frames, semantic: BigInt64Array.from(record.semantic, BigInt), codes: BigInt64Array.from(record.codes, BigInt) },
      };
    } catch {
      return undefined;
    }
  }
}
