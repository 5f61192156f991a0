import { describe, expect, it } from 'vitest';
import { decodeLevels, guide, type TokenGrid, withoutCondition } from '../../../main/engine/generate/maskgit.js';
import { createRng } from '../../../main/engine/generate/rng.js';
import { maskedAfterStep } from '../../../main/engine/generate/schedule.js';
import { fakeSoundstorm, targetCode } from './fake-soundstorm.js';

const K = 16;
const MASK = K;

function grid(frames: number, levels: number, prompt: number): TokenGrid {
  const semantic = BigInt64Array.from({ length: frames }, (_, t) => BigInt((t * 3) % 11));
  const codes = new BigInt64Array(frames * levels).fill(BigInt(MASK));
  for (let q = 0; q < levels; q++) for (let t = 0; t < prompt; t++) codes[q * frames + t] = BigInt((t + q) % K);
  return { semantic, codes, frames, levels };
}

const greedy = { temperature: 0, topK: 0, topP: 1, codebookSize: K, maskId: MASK };

describe('maskgit level loop', () => {
  it('greedy mode fills every masked position with the arg-max and keeps the prompt', async () => {
    const g = grid(20, 3, 5);
    const fake = fakeSoundstorm(K);
    const out = await decodeLevels(fake.run, g, { ...greedy, iterations: [4, 1, 1], promptFrames: 5, rng: createRng(0) });
    for (let q = 0; q < 3; q++) {
      for (let t = 0; t < 20; t++) {
        const expected = t < 5 ? (t + q) % K : targetCode(Number(g.semantic[t]), t, q, K);
        expect(Number(out[q * 20 + t])).toBe(expected);
      }
    }
    expect(fake.calls.length).toBe(6);
    expect(fake.calls.map((c) => c.level)).toEqual([0, 0, 0, 0, 1, 2]);
    expect(Number(g.codes[5])).toBe(MASK);
  });

  it('classifier-free guidance runs each pass on a second row without the semantic tokens and extrapolates', async () => {
    const g = grid(20, 2, 5);
    const plain = fakeSoundstorm(K);
    const expected = await decodeLevels(plain.run, g, { ...greedy, iterations: [3, 1], promptFrames: 5, rng: createRng(0) });
    const fake = fakeSoundstorm(K);
    const out = await decodeLevels(fake.run, g, { ...greedy, iterations: [3, 1], promptFrames: 5, rng: createRng(0), guidance: 2 });
    // One run a step, batch 2: conditioned, then with the frames after the prompt set to <pad>.
    expect(fake.calls.length).toBe(plain.calls.length);
    for (const call of fake.calls) {
      expect(Array.from(call.semantic.subarray(0, 20))).toEqual(Array.from(g.semantic));
      expect(Array.from(call.semantic.subarray(20))).toEqual(Array.from(g.semantic, (s, t) => (t < 5 ? s : 0n)));
      expect(Array.from(call.codes.subarray(0, 40))).toEqual(Array.from(call.codes.subarray(40)));
    }
    // The fake's unconditioned favourite differs from the conditioned one, so guidance keeps the arg-max.
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(Array.from(guide(Float32Array.from([1, 2]), Float32Array.from([1, 0]), 2))).toEqual([1, 6]);
    const fixed = new Uint8Array(6);
    fixed[4] = 1;
    expect(Array.from(withoutCondition(BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n]), { promptFrames: 2, fixed }))).toEqual([1n, 2n, 0n, 0n, 5n, 0n]);
  });

  it('spends no pass on a level with zero iterations and leaves it masked after the prompt', async () => {
    const g = grid(20, 3, 5);
    const fake = fakeSoundstorm(K);
    const out = await decodeLevels(fake.run, g, { ...greedy, iterations: [3, 1, 0], promptFrames: 5, rng: createRng(0) });
    expect(fake.calls.map((c) => c.level)).toEqual([0, 0, 0, 1]);
    for (let t = 0; t < 20; t++) expect(Number(out[2 * 20 + t])).toBe(t < 5 ? (t + 2) % K : MASK);
    for (let t = 5; t < 20; t++) expect(Number(out[20 + t])).toBe(targetCode(Number(g.semantic[t]), t, 1, K));
  });

  it('unmasks on the cosine schedule, most confident first, finer levels masked until their turn', async () => {
    const frames = 40;
    const g = grid(frames, 2, 8);
    const fake = fakeSoundstorm(K);
    await decodeLevels(fake.run, g, { ...greedy, iterations: [5, 2], promptFrames: 8, rng: createRng(0) });
    const N = frames - 8;
    const maskedAt = (call: number, level: number): number =>
      Array.from(fake.calls[call]!.codes.subarray(level * frames, (level + 1) * frames)).filter((c) => c === BigInt(MASK)).length;
    expect(maskedAt(0, 0)).toBe(N);
    for (let i = 1; i < 5; i++) expect(maskedAt(i, 0)).toBe(maskedAfterStep(N, i - 1, 5));
    for (let i = 0; i < 5; i++) expect(maskedAt(i, 1)).toBe(N);
    expect(maskedAt(6, 1)).toBe(maskedAfterStep(N, 0, 2));
    // After step 0 the revealed positions are the sharpest ones (t % 5 == 4 gives the top logit).
    const first = fake.calls[1]!.codes;
    for (let t = 8; t < frames; t++) if (first[t] !== BigInt(MASK)) expect(t % 5).toBe(4);
  });

  it('breaks equal confidence by lower frame first', async () => {
    const frames = 12;
    const g = grid(frames, 1, 4);
    const fake = fakeSoundstorm(K, () => 1);
    await decodeLevels(fake.run, g, { ...greedy, iterations: [2], promptFrames: 4, rng: createRng(0) });
    const afterFirst = Array.from(fake.calls[1]!.codes).map((c) => c !== BigInt(MASK));
    const revealed = 8 - maskedAfterStep(8, 0, 2);
    expect(afterFirst).toEqual(Array.from({ length: frames }, (_, t) => t < 4 + revealed));
  });

  it('keeps fixed positions on both sides of a span and fills only the span', async () => {
    const frames = 30;
    const levels = 2;
    const g = grid(frames, levels, 0);
    const fixed = new Uint8Array(frames);
    for (let q = 0; q < levels; q++) {
      for (let t = 0; t < frames; t++) {
        const inSpan = t >= 10 && t < 20;
        if (!inSpan) g.codes[q * frames + t] = BigInt(q + 1);
      }
    }
    for (let t = 0; t < frames; t++) fixed[t] = t >= 10 && t < 20 ? 0 : 1;
    const fake = fakeSoundstorm(K);
    const out = await decodeLevels(fake.run, g, { ...greedy, iterations: [3, 1], promptFrames: 0, fixed, rng: createRng(0) });
    for (let q = 0; q < levels; q++) {
      for (let t = 0; t < frames; t++) {
        const want = t >= 10 && t < 20 ? targetCode(Number(g.semantic[t]), t, q, K) : q + 1;
        expect(Number(out[q * frames + t])).toBe(want);
      }
    }
    // The network saw the fixed context on both sides on every pass.
    for (const call of fake.calls) expect(Number(call.codes[25])).toBe(1);
  });

  it('sampling is reproducible per seed and varies across seeds', async () => {
    const flat = fakeSoundstorm(K, () => 0.3);
    const opts = { temperature: 1, topK: 0, topP: 1, codebookSize: K, maskId: MASK, iterations: [6, 1], promptFrames: 2 };
    const a = await decodeLevels(flat.run, grid(24, 2, 2), { ...opts, rng: createRng(9) });
    const b = await decodeLevels(flat.run, grid(24, 2, 2), { ...opts, rng: createRng(9) });
    const c = await decodeLevels(flat.run, grid(24, 2, 2), { ...opts, rng: createRng(10) });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a).every((x) => x >= 0n && x < BigInt(K))).toBe(true);
  });

  it('reports passes and stops when aborted', async () => {
    const fake = fakeSoundstorm(K);
    const controller = new AbortController();
    const seen: number[] = [];
    const promise = decodeLevels(fake.run, grid(16, 2, 2), {
      ...greedy,
      iterations: [4, 1],
      promptFrames: 2,
      rng: createRng(0),
      signal: controller.signal,
      onPass: (done, total) => {
        seen.push(done);
        expect(total).toBe(5);
        if (done === 2) controller.abort();
      },
    });
    await expect(promise).rejects.toThrow(/Cancelled/);
    expect(seen).toEqual([1, 2]);
  });

  it('rejects logits of the wrong shape with the shapes in the message', async () => {
    const bad = async () => ({ logits: { dtype: 'float32' as const, data: new Float32Array(4), dims: [1, 2, 2] } });
    await expect(decodeLevels(bad, grid(8, 1, 0), { ...greedy, iterations: [1], promptFrames: 0, rng: createRng(0) })).rejects.toThrow(
      /\[1,2,2\], expected \[1,8,16\]/,
    );
  });
});
