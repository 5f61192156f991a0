import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, gumbel } from '../../../main/engine/generate/rng.js';
import { greedyPick, samplePick } from '../../../main/engine/generate/sampler.js';

const row = Float32Array.from([0.5, 2, 1, 2, -1]);

describe('greedy pick', () => {
  it('takes the arg-max, lowest index on ties, with its softmax probability', () => {
    const pick = greedyPick(row, 0, 5);
    expect(pick.token).toBe(1);
    const z = [0.5, 2, 1, 2, -1].reduce((s, v) => s + Math.exp(v), 0);
    expect(pick.confidence).toBeCloseTo(Math.exp(2) / z, 6);
  });

  it('reads a row at an offset', () => {
    const two = Float32Array.from([9, 0, 0, 0, 5, 0]);
    expect(greedyPick(two, 3, 3).token).toBe(1);
  });

  it('temperature 0 sampling is greedy and draws nothing', () => {
    const rng = createRng(1);
    expect(samplePick(row, 0, 5, { temperature: 0, topK: 0, topP: 1 }, rng)).toEqual(greedyPick(row, 0, 5));
  });
});

describe('sampling', () => {
  const counts = (opts: { temperature: number; topK: number; topP: number }, n = 4000): number[] => {
    const rng = createRng(7);
    const c = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) c[samplePick(row, 0, 5, opts, rng).token]! += 1;
    return c;
  };

  it('matches the softmax frequencies at temperature 1', () => {
    const c = counts({ temperature: 1, topK: 0, topP: 1 }, 20000);
    const z = [0.5, 2, 1, 2, -1].reduce((s, v) => s + Math.exp(v), 0);
    expect(c[1]! / 20000).toBeCloseTo(Math.exp(2) / z, 1);
    expect(c[4]! / 20000).toBeCloseTo(Math.exp(-1) / z, 1);
  });

  it('top-k keeps only the k best codes', () => {
    const c = counts({ temperature: 1, topK: 2, topP: 1 });
    expect(c[0]).toBe(0);
    expect(c[2]).toBe(0);
    expect(c[4]).toBe(0);
    expect(c[1]! + c[3]!).toBe(4000);
  });

  it('top-p keeps the smallest set reaching p', () => {
    const c = counts({ temperature: 1, topK: 0, topP: 0.5 });
    expect(c[1]! + c[3]!).toBe(4000);
    const single = counts({ temperature: 1, topK: 0, topP: 0.01 });
    expect(single[1]).toBe(4000);
  });

  it('reports the probability under the filtered distribution', () => {
    const pick = samplePick(row, 0, 5, { temperature: 1, topK: 2, topP: 1 }, createRng(3));
    expect([1, 3]).toContain(pick.token);
    expect(pick.confidence).toBeCloseTo(0.5, 12);
  });

  it('low temperature sharpens towards the arg-max', () => {
    const c = counts({ temperature: 0.05, topK: 0, topP: 1 });
    expect(c[1]! + c[3]!).toBe(4000);
  });
});

describe('rng', () => {
  it('is reproducible per seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('gives finite Gumbel noise with mean near the Euler constant', () => {
    const rng = createRng(5);
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += gumbel(rng);
    expect(sum / 20000).toBeCloseTo(0.5772, 1);
  });

  it('derives distinct seeds for sub-tasks', () => {
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 1));
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
  });
});
