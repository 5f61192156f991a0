import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLevels } from '../../../main/engine/generate/maskgit.js';
import { createRng } from '../../../main/engine/generate/rng.js';
import { greedyPick } from '../../../main/engine/generate/sampler.js';
import { drawFromCumulative } from '../../../main/engine/generate/scorer.js';
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
