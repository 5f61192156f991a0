import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCore } from '../../../main/engine/core.js';
import { FAKE, writeFakePack } from '../helpers/fake-pack.js';

const root = mkdtempSync(join(tmpdir(), 'core-test-'));
const alice = readFileSync(new URL('../../../assets/demo/alice.wav', import.meta.url));
let core: EngineCore;

beforeAll(async () => {
  writeFakePack(join(root, 'pack'));
  core = await EngineCore.open(join(root, 'pack'), { providers: ['cpu'], cacheDir: join(root, 'cache') });
});
afterAll(async () => {
  await core.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('engine core on a synthetic pack', () => {
  it('prepares a voice once and then serves it from the cache', async () => {
    const first = await core.prepareVoice(alice, 'alice.wav');
    expect(first.cached).toBe(false);
    expect(first.duration).toBeGreaterThan(1);
    const again = await core.prepareVoice(alice, 'alice.wav');
    expect(again.cached).toBe(true);
    expect(again.voiceId).toBe(first.voiceId);
    const tokens = await core.voiceTokens(first.voiceId);
    expect(tokens.codes.length).toBe(tokens.frames * FAKE.levels);
  });

  it('renders text to audio and tokens, the same for the same seed', async () => {
    const { voiceId } = await core.prepareVoice(alice, 'alice.wav');
    const stages: string[] = [];
    const a = await core.renderText({ text: 'Hello there, world.', voiceId, seed: 3, onProgress: (s) => stages.push(s) });
    expect(a.audio.length).toBe(a.frames * FAKE.hop);
    expect(a.codes.length).toBe(a.frames * FAKE.levels);
    expect(a.passes).toBe(9);
    expect(stages).toContain('soundstorm');
    const b = await core.renderText({ text: 'Hello there, world.', voiceId, seed: 3 });
    expect(Array.from(b.codes)).toEqual(Array.from(a.codes));
    const c = await core.renderText({ text: 'Hello there, world.', voiceId, seed: 4 });
    expect(Array.from(c.codes)).not.toEqual(Array.from(a.codes));
  });

  it('meets a duration target exactly and windows long turns', async () => {
    const { voiceId } = await core.prepareVoice(alice, 'alice.wav');
    const fitted = await core.renderText({ text: 'Hello there, world.', voiceId, seed: 1, targetSeconds: 1.5 });
    expect(fitted.frames).toBe(75);
    const long = await core.renderText({ text: 'Hello there. '.repeat(12), voiceId, seed: 1 });
    expect(long.windows).toBeGreaterThan(1);
    expect(long.audio.length).toBe(long.frames * FAKE.hop);
  });

  it('reports unspeakable characters and refuses empty text', async () => {
    const { voiceId } = await core.prepareVoice(alice, 'alice.wav');
    const r = await core.renderText({ text: 'Hello 😀 there.', voiceId, seed: 1 });
    expect(r.warnings.join()).toMatch(/😀/);
    await expect(core.renderText({ text: '😀', voiceId, seed: 1 })).rejects.toThrow(/nothing to say/);
    await expect(core.renderText({ text: 'hi', voiceId: 'f'.repeat(32), seed: 1 })).rejects.toThrow(/not prepared/);
  });

  it('regenerates a span and leaves the audio outside it untouched', async () => {
    const { voiceId } = await core.prepareVoice(alice, 'alice.wav');
    const clip = await core.renderText({ text: 'Hello there, world. How are you?', voiceId, seed: 2, temperature: 1 });
    const span = await core.regenerateSpan({ clip, audio: clip.audio, startSeconds: 0.2, endSeconds: 0.5, seed: 99 });
    const start = 10 * FAKE.hop;
    const end = 25 * FAKE.hop;
    for (let i = 0; i < start; i += 97) expect(span.audio[i]).toBe(clip.audio[i]);
    for (let i = end; i < clip.audio.length; i += 97) expect(span.audio[i]).toBe(clip.audio[i]);
    for (let q = 0; q < FAKE.levels; q++) {
      for (let t = 0; t < clip.frames; t++) {
        if (t < 10 || t >= 25) expect(span.codes[q * clip.frames + t]).toBe(clip.codes[q * clip.frames + t]);
      }
    }
    expect(span.passes).toBeGreaterThan(0);
  });
});
