/**
 * A fake soundstorm session for loop tests: logits favour code (semantic*7 + t + 3*level) mod K,
 * with a confidence that varies by position (each row of a batch from its own semantic ids), and it
 * records every call's codes and semantic ids.
 */
import { float32, type Feeds, type Outputs, type RunFn } from '../../../main/engine/tensor.js';

export interface FakeSoundstorm {
  run: RunFn;
  calls: { level: number; codes: BigInt64Array; semantic: BigInt64Array }[];
}

export function targetCode(semantic: number, t: number, level: number, K: number): number {
  return (semantic * 7 + t + 3 * level) % K;
}

export function fakeSoundstorm(K: number, sharpness: (t: number) => number = (t) => 1 + (t % 5)): FakeSoundstorm {
  const calls: FakeSoundstorm['calls'] = [];
  const run: RunFn = async (feeds: Feeds): Promise<Outputs> => {
    const semantic = feeds.semantic;
    const codes = feeds.codes;
    const levelTensor = feeds.level;
    if (semantic?.dtype !== 'int64' || codes?.dtype !== 'int64' || levelTensor?.dtype !== 'int64') throw new Error('bad feeds');
    const B = semantic.dims[0] as number;
    const T = semantic.dims[1] as number;
    const level = Number(levelTensor.data[0]);
    calls.push({ level, codes: new BigInt64Array(codes.data), semantic: new BigInt64Array(semantic.data) });
    const logits = new Float32Array(B * T * K);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const target = targetCode(Number(semantic.data[b * T + t]), t, level, K);
        for (let k = 0; k < K; k++) logits[(b * T + t) * K + k] = k === target ? sharpness(t) : 0;
      }
    }
    return { logits: float32(logits, [B, T, K]) };
  };
  return { run, calls };
}
