import { describe, expect, it } from 'vitest';
import { allocateFrames, lengthRegulate, roundHalfEven } from '../../../main/engine/generate/durations.js';
import { CrossfadeJoiner, planWindows, sliceFrames } from '../../../main/engine/generate/windows.js';
import { spanContext, spliceAudio } from '../../../main/engine/generate/span.js';
import { planSemantic } from '../../../main/engine/generate/t2s.js';
import type { Manifest } from '../../../main/engine/pack/manifest.js';
import type { RunFn } from '../../../main/engine/tensor.js';

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('durations', () => {
  const isPhone = [false, true, true, false, true, false];
  const predicted = [0.4, 3.6, 2.5, 0.2, 5.1, 1.2];

  it('rounds half to even like Python and carries the error forward', () => {
    expect([0.5, 1.5, 2.5, -0.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 0, 2, 3]);
    const frames = allocateFrames(predicted, { minFrames: 1, isPhone });
    expect(sum(frames)).toBe(Math.round(sum(predicted)));
    frames.forEach((f, i) => expect(Math.abs(f - predicted[i]!)).toBeLessThanOrEqual(1));
  });

  it('gives every phone its minimum and lets pauses be empty', () => {
    const frames = allocateFrames([0, 0.1, 0, 0.2], { minFrames: 2, isPhone: [false, true, false, true] });
    expect(frames).toEqual([0, 2, 0, 2]);
  });

  it('speed divides durations', () => {
    const normal = sum(allocateFrames(predicted, { minFrames: 0, isPhone }));
    const fast = sum(allocateFrames(predicted, { minFrames: 0, isPhone, speed: 2 }));
    expect(Math.abs(fast - normal / 2)).toBeLessThanOrEqual(1);
    expect(() => allocateFrames(predicted, { minFrames: 0, isPhone, speed: 0 })).toThrow(/speed must be a positive number/);
  });

  it.each([7, 50, 123, 500])('a target of %i frames is met exactly', (target) => {
    const frames = allocateFrames(predicted, { minFrames: 1, isPhone, targetFrames: target });
    expect(sum(frames)).toBe(target);
  });

  it('refuses a target shorter than the phones need', () => {
    expect(() => allocateFrames(predicted, { minFrames: 2, isPhone, targetFrames: 5 })).toThrow(/shorter than the 6 frames/);
  });

  it('length regulation repeats ids by frames and by the rate ratio', () => {
    expect(Array.from(lengthRegulate([2, 7, 9], [1, 2, 0], 2), Number)).toEqual([2, 2, 7, 7, 7, 7]);
  });
});

describe('windows', () => {
  it('splits into even windows that leave room for the prompt', () => {
    const plans = planWindows(2500, 1000, 150);
    expect(plans.length).toBe(3);
    for (const p of plans) expect(p.end - p.start).toBeLessThanOrEqual(850);
    expect(plans[0]!.start).toBe(0);
    expect(plans[plans.length - 1]!.end).toBe(2500);
    for (let i = 1; i < plans.length; i++) expect(plans[i]!.start).toBe(plans[i - 1]!.end);
    expect(planWindows(100, 1000, 150)).toEqual([{ start: 0, end: 100 }]);
  });

  it('crossfades overlapping chunks to the exact joined length', () => {
    const joiner = new CrossfadeJoiner();
    joiner.push(new Float32Array(100).fill(1), 0);
    joiner.push(new Float32Array(60).fill(1), 20);
    const out = joiner.result();
    expect(out.length).toBe(140);
    // Equal-power fade of two equal signals stays within sqrt(2) and never dips below 1.
    for (const v of out) {
      expect(v).toBeGreaterThanOrEqual(0.999);
      expect(v).toBeLessThanOrEqual(Math.SQRT2 + 1e-6);
    }
    const fadeOnly = new CrossfadeJoiner();
    fadeOnly.push(new Float32Array(10).fill(1), 0);
    fadeOnly.push(new Float32Array(14).fill(0), 4);
    const f = fadeOnly.result();
    expect(f[5]).toBeGreaterThan(f[8]!);
    expect(f[19]).toBe(0);
  });

  it('slices frames out of level-major grids', () => {
    const codes = BigInt64Array.from([0, 1, 2, 3, 10, 11, 12, 13], BigInt);
    expect(Array.from(sliceFrames(codes, 2, 4, 1, 3), Number)).toEqual([1, 2, 11, 12]);
  });
});

describe('span helpers', () => {
  it('centres the context window on the span and keeps it inside the clip', () => {
    expect(spanContext(2000, 900, 1000, 500)).toEqual({ from: 700, to: 1200 });
    expect(spanContext(2000, 10, 60, 500)).toEqual({ from: 0, to: 500 });
    expect(spanContext(2000, 1950, 2000, 500)).toEqual({ from: 1500, to: 2000 });
    expect(spanContext(300, 100, 150, 500)).toEqual({ from: 0, to: 300 });
  });

  it('splices the new audio inside the span only', () => {
    const old = new Float32Array(100).fill(1);
    const region = new Float32Array(60).fill(-1);
    const out = spliceAudio(old, region, 20, 40, 70, 5);
    for (let i = 0; i < 40; i++) expect(out[i]).toBe(1);
    for (let i = 70; i < 100; i++) expect(out[i]).toBe(1);
    for (let i = 45; i < 65; i++) expect(out[i]).toBe(-1);
    expect(out[40]).toBeGreaterThan(out[43]!);
  });
});

describe('text to semantic plan', () => {
  // Inventory: <pad> <unk> <sil> ' ' a b; the fake t2s predicts 2.6 frames for every phoneme.
  const manifestWith = (durationScale?: number): Manifest =>
    ({
      frameRate: 50,
      semantic: { rung: 'frame-phoneme', rate: 50, vocabSize: 6, phonemeToSemantic: [0, 1, 2, 2, 4, 5] },
      phonemes: { g2p: 'test', inventory: ['<pad>', '<unk>', '<sil>', ' ', 'a', 'b'] },
      decoding: { minPhonemeFrames: 1, ...(durationScale !== undefined ? { durationScale } : {}) },
    }) as unknown as Manifest;
  const t2s: RunFn = async (feeds) => {
    const p = feeds.phonemes?.dims[1] ?? 0;
    return { durations: { dtype: 'float32', data: new Float32Array(p).fill(2.6), dims: [1, p] } };
  };
  const prompt = BigInt64Array.of(4n, 4n, 5n);

  it("scales the model's durations by decoding.durationScale before speed", async () => {
    const plain = await planSemantic(t2s, manifestWith(), [4, 5, 4], prompt, {});
    expect(plain.durations).toEqual([3, 2, 3]);
    const scaled = await planSemantic(t2s, manifestWith(1.5), [4, 5, 4], prompt, {});
    expect(scaled.durations).toEqual([4, 4, 4]);
    const scaledFast = await planSemantic(t2s, manifestWith(1.5), [4, 5, 4], prompt, { speed: 1.5 });
    expect(scaledFast.durations).toEqual(plain.durations);
    expect(Array.from(scaled.semantic, Number)).toEqual([4, 4, 4, 4, 5, 5, 5, 5, 4, 4, 4, 4]);
  });

  it('keeps an exact duration target whatever the scale', async () => {
    const target = await planSemantic(t2s, manifestWith(1.5), [4, 5, 4], prompt, { targetFrames: 20 });
    expect(sum(target.durations)).toBe(20);
  });
});
