import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLevels } from '../../../main/engine/generate/maskgit.js';
import { createRng } from '../../../main/engine/generate/rng.js';
import { greedyPick } from '../../../main/engine/generate/sampler.js';
import { drawFromCumulative, drawFromSorted, drawNucleus, nucleusThreshold } from '../../../main/engine/generate/scorer.js';
import { createOrtScorer, type OrtScorer } from '../../../main/engine/ort/scorer.js';
import { fakeSoundstorm } from './fake-soundstorm.js';

let scorer: OrtScorer;
beforeAll(async () => {
  scorer = await createOrtScorer();
});
afterAll(async () => scorer.release());

function randomLogits(frames: number, K: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: frames * K }, () => (rng.next() - 0.5) * 12);
}

describe('onnxruntime logits scorer', () => {
  it('gives the arg-max and softmax confidence of the plain functions', async () => {
    const K = 1024;
    const logits = randomLogits(50, K, 1);
    logits[3 * K + 7] = 30;
    logits[3 * K + 9] = 30;
    const scores = await scorer.greedy(logits, 50, K);
    for (let t = 0; t < 50; t++) {
      const plain = greedyPick(logits, t * K, K);
      expect(Number(scores.tokens[t])).toBe(plain.token);
      expect(scores.confidence[t]).toBeCloseTo(plain.confidence, 6);
    }
    expect(Number(scores.tokens[3])).toBe(7);
  });

  it('draws from the temperature-scaled softmax', async () => {
    const K = 4;
    const row = Float32Array.from([0, 1, 2, 3]);
    const cdf = await scorer.cumulative(row, 1, K, 2);
    const z = [0, 0.5, 1, 1.5].reduce((s, v) => s + Math.exp(v), 0);
    expect(cdf[3]).toBeCloseTo(1, 6);
    expect(cdf[0]).toBeCloseTo(1 / z, 6);
    expect(drawFromCumulative(cdf, 0, K, 0)).toEqual({ token: 0, confidence: expect.closeTo(1 / z, 6) });
    expect(drawFromCumulative(cdf, 0, K, 0.999999).token).toBe(3);
    const rng = createRng(4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[drawFromCumulative(cdf, 0, K, rng.next()).token]! += 1;
    expect(counts[3]! / 20000).toBeCloseTo(Math.exp(1.5) / z, 1);
  });

  it('keeps top-k codes best first and applies the nucleus rule of the reference', async () => {
    const row = Float32Array.from([0.5, 2, 1, 2.2, -1]);
    const sorted = await scorer.sortedCumulative(row, 1, 5, 1, 3, false);
    expect(Array.from(sorted.indices, Number)).toEqual([3, 1, 2]);
    const z = [2.2, 2, 1].reduce((s, v) => s + Math.exp(v), 0);
    expect(sorted.cdf[2]).toBeCloseTo(1, 6);
    // Top-k 3: every draw is one of the three best codes, in proportion.
    const rng = createRng(9);
    const counts = new Map<number, number>();
    for (let i = 0; i < 20000; i++) {
      const pick = drawFromSorted(sorted, 0, 3, 1, rng.next());
      if (pick !== undefined) counts.set(pick.token, (counts.get(pick.token) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]);
    expect((counts.get(3) ?? 0) / 20000).toBeCloseTo(Math.exp(2.2) / z, 1);
    // Top-p: the best code alone holds more than 0.3, so at 0.3 only it is kept (probability 1).
    expect(drawFromSorted(sorted, 0, 3, 0.3, 0.99)).toEqual({ token: 3, confidence: 1 });
    // At 0.6 the second code is kept too (0.47 before it <= 0.6), the third is not.
    const two = drawFromSorted(sorted, 0, 3, 0.6, 0.99);
    expect(two?.token).toBe(1);
    expect(two?.confidence).toBeCloseTo(Math.exp(2) / (Math.exp(2.2) + Math.exp(2)), 5);
  });

  it('prefilters the nucleus under the full softmax and hands flat rows back', async () => {
    const K = 256;
    const peaked = Float32Array.from({ length: K }, (_, k) => (k === 40 ? 12 : k === 41 ? 11 : 0));
    const flat = new Float32Array(K);
    const both = new Float32Array(2 * K);
    both.set(peaked);
    both.set(flat, K);
    const sorted = await scorer.sortedCumulative(both, 2, K, 1, 8, true);
    const pick = drawFromSorted(sorted, 0, 8, 0.9, 0.99);
    const z = Math.exp(12) + Math.exp(11) + (K - 2);
    // 0.73 before code 41 is <= 0.9, so both are kept: the draw at 0.99 lands on code 41.
    expect(Math.exp(12) / z).toBeLessThan(0.9);
    expect(pick?.token).toBe(41);
    expect(drawFromSorted(sorted, 8, 8, 0.9, 0.5)).toBeUndefined();
  });

  it('draws the exact nucleus from an index-order distribution', async () => {
    const row = Float32Array.from([0.5, 2, 1, 2.2, -1, 2]);
    const cdf = await scorer.cumulative(row, 1, 6, 1);
    const z = [0.5, 2, 1, 2.2, -1, 2].reduce((s, v) => s + Math.exp(v), 0);
    const scratch = new Float32Array(6);
    // topP 0.5: code 3 (0.33) then one of the tied codes 1 and 5 (0.27 each): the lower index.
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(drawNucleus(cdf, 0, 6, 0.5, rng.next(), scratch).token);
    expect([...seen].sort()).toEqual([1, 3]);
    expect(Math.exp(2.2) / z).toBeLessThan(0.5);
    const only = drawNucleus(cdf, 0, 6, 0.2, 0.9, scratch);
    expect(only).toEqual({ token: 3, confidence: 1 });
    // topP 1 keeps every code, in proportion.
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 20000; i++) counts[drawNucleus(cdf, 0, 6, 1, rng.next(), scratch).token]! += 1;
    expect(counts[4]! / 20000).toBeCloseTo(Math.exp(-1) / z, 1);
  });

  it('finds the nucleus cut by selection exactly as a sort would', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 300; trial++) {
      const size = 1 + Math.floor(rng.next() * 60);
      // Coarse values so that ties are common.
      const raw = Array.from({ length: size }, () => Math.floor(rng.next() * 6) + (rng.next() < 0.2 ? 20 : 0));
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const values = Float32Array.from(raw, (v) => v / total);
      const topP = rng.next();
      const sortedDesc = Array.from(values).sort((a, b) => b - a);
      let kept = 0;
      let before = 0;
      while (kept < size && before <= topP) before += sortedDesc[kept++]!;
      const cut = nucleusThreshold(Float32Array.from(values), size, topP);
      const above = sortedDesc.filter((v) => v > cut.threshold).length;
      expect(cut.threshold).toBe(sortedDesc[kept - 1]);
      expect(above + cut.ties).toBe(kept);
    }
  });

  it('samples flat rows exactly when the nucleus reaches past the prefilter', async () => {
    const K = 128;
    const frames = 4;
    const semantic = new BigInt64Array(frames);
    const codes = new BigInt64Array(frames).fill(BigInt(K));
    const flat = async () => ({ logits: { dtype: 'float32' as const, data: new Float32Array(frames * K), dims: [1, frames, K] } });
    const out = await decodeLevels(flat, { frames, levels: 1, semantic, codes }, { iterations: [3], temperature: 0.8, topK: 0, topP: 0.9, codebookSize: K, maskId: K, promptFrames: 0, rng: createRng(1), scorer });
    expect(Array.from(out).every((c) => c >= 0n && c < BigInt(K))).toBe(true);
  });

  it('leaves greedy decoding unchanged', async () => {
    const K = 16;
    const frames = 30;
    const semantic = BigInt64Array.from({ length: frames }, (_, t) => BigInt(t % 7));
    const codes = new BigInt64Array(frames * 2).fill(BigInt(K));
    const base = { iterations: [5, 1], temperature: 0, topK: 0, topP: 1, codebookSize: K, maskId: K, promptFrames: 0 };
    const plain = await decodeLevels(fakeSoundstorm(K).run, { frames, levels: 2, semantic, codes }, { ...base, rng: createRng(0) });
    const fast = await decodeLevels(fakeSoundstorm(K).run, { frames, levels: 2, semantic, codes }, { ...base, rng: createRng(0), scorer });
    expect(Array.from(fast)).toEqual(Array.from(plain));
  });
});
