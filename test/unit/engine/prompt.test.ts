import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../main/engine/pack/manifest.js';
import { encodePrompt } from '../../../main/engine/prompt/encode.js';
import { VoiceCache, voiceKey } from '../../../main/engine/prompt/cache.js';
import { majorityFilter } from '../../../main/engine/prompt/smooth.js';
import { int64, type RunFn } from '../../../main/engine/tensor.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const manifest = (rate: number): Manifest =>
  ({ hopLength: 4, frameRate: 50, codec: { levels: 2, codebookSize: 8 }, semantic: { rung: 'frame-phoneme', rate, vocabSize: 10 } }) as unknown as Manifest;

const encoder: RunFn = async (feeds) => {
  const n = feeds.audio?.dims[1] ?? 0;
  return { codes: int64(Array.from({ length: 2 * (n / 4) }, (_, i) => i % 8), [1, 2, n / 4]) };
};
const semanticOf = (count: (frames: number) => number): RunFn => async (feeds) => {
  const frames = (feeds.audio?.dims[1] ?? 0) / 4;
  const k = count(frames);
  return { tokens: int64(Array.from({ length: k }, (_, i) => i + 1), [1, k]) };
};

describe('voice prompt tokens', () => {
  it('takes codes and frame-rate semantic tokens', async () => {
    const p = await encodePrompt(encoder, semanticOf((f) => f), manifest(50), new Float32Array(40));
    expect(p.frames).toBe(10);
    expect(p.codes.length).toBe(20);
    expect(Array.from(p.semantic, Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('repeats semantic tokens up to the frame rate and absorbs an edge frame', async () => {
    const p = await encodePrompt(encoder, semanticOf((f) => f / 2), manifest(25), new Float32Array(40));
    expect(Array.from(p.semantic, Number)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const short = await encodePrompt(encoder, semanticOf((f) => f - 1), manifest(50), new Float32Array(40));
    expect(Number(short.semantic[9])).toBe(9);
  });

  it('refuses token counts that do not fit the audio', async () => {
    await expect(encodePrompt(encoder, semanticOf((f) => f * 2), manifest(50), new Float32Array(40))).rejects.toThrow(/semantic returned 20 tokens for 10 frames/);
    await expect(encodePrompt(encoder, semanticOf((f) => f), manifest(50), new Float32Array(41))).rejects.toThrow(/whole number of 4-sample frames/);
  });
});

// The same cases as models/training/tests/test_smooth.py: the Python filter and this one agree.
const FILTER_CASES: [number[], number, number[]][] = [
  [[5, 5, 9, 5, 5, 7, 7, 3, 7, 7], 5, [5, 5, 5, 5, 5, 7, 7, 7, 7, 7]],
  [[1, 2, 1, 2, 3, 3], 3, [1, 1, 2, 2, 3, 3]],
  [[4, 8, 6], 3, [4, 8, 6]],
  [[9, 2, 2, 9, 9, 1], 5, [2, 2, 9, 9, 9, 9]],
  [[3, 1, 4, 1, 5], 1, [3, 1, 4, 1, 5]],
  [[7], 5, [7]],
];

describe('prompt token filter', () => {
  it('takes the majority of each centred window, the own token on a tie, else the smallest id', () => {
    for (const [input, width, expected] of FILTER_CASES) {
      const tokens = BigInt64Array.from(input, (v) => BigInt(v));
      expect(Array.from(majorityFilter(tokens, width), Number)).toEqual(expected);
      expect(Array.from(tokens, Number)).toEqual(input);
    }
  });

  it('smooths the tokenizer output before the repeat when the pack asks for it', async () => {
    const flicker: RunFn = async () => ({ tokens: int64([5, 5, 9, 5, 5, 7, 7, 3, 7, 7], [1, 10]) });
    const withFilter = { ...manifest(50), semantic: { ...manifest(50).semantic, promptFilter: 5 } } as Manifest;
    expect(Array.from((await encodePrompt(encoder, flicker, withFilter, new Float32Array(40))).semantic, Number)).toEqual([5, 5, 5, 5, 5, 7, 7, 7, 7, 7]);
    expect(Array.from((await encodePrompt(encoder, flicker, manifest(50), new Float32Array(40))).semantic, Number)).toEqual([5, 5, 9, 5, 5, 7, 7, 3, 7, 7]);
  });
});

describe('voice cache', () => {
  it('keys by content and pack, and survives a restart on disk', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(voiceKey(bytes, 'a')).not.toBe(voiceKey(bytes, 'b'));
    expect(voiceKey(bytes, 'a')).toBe(voiceKey(Uint8Array.from(bytes), 'a'));
    const dir = mkdtempSync(join(tmpdir(), 'voice-cache-'));
    try {
      const voice = { voiceId: voiceKey(bytes, 'a'), duration: 2, peaks: [0.5], tokens: { frames: 1, semantic: BigInt64Array.of(3n), codes: BigInt64Array.of(4n, 5n) } };
      await new VoiceCache(dir).put(voice);
      const reloaded = await new VoiceCache(dir).get(voice.voiceId);
      expect(reloaded?.tokens.codes).toEqual(voice.tokens.codes);
      expect(await new VoiceCache(dir).get('0'.repeat(32))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
