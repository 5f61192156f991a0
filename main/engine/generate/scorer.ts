/**
 * Optional accelerated scoring of a whole logits tensor, so the per-position math (max, softmax,
 * cumulative sums over K codes) runs vectorised in onnxruntime instead of one Math.exp at a time.
 * The loop falls back to the plain functions in `sampler.ts` when no scorer is given.
 */
export interface GreedyScores {
  /** Arg-max code per frame, [T]. */
  readonly tokens: BigInt64Array;
  /** Softmax probability of that code, [T] (float32, as the reference computes it). */
  readonly confidence: Float32Array;
}

export interface LogitsScorer {
  greedy(logits: Float32Array, frames: number, codes: number): Promise<GreedyScores>;
  /** Cumulative softmax of logits / temperature per frame, [T*K]. */
  cumulative(logits: Float32Array, frames: number, codes: number, temperature: number): Promise<Float32Array>;
}

/** Draws from one row of a cumulative distribution; the confidence is the code's own probability. */
export function drawFromCumulative(cdf: Float32Array, offset: number, size: number, u: number): { token: number; confidence: number } {
  const total = cdf[offset + size - 1] as number;
  const target = u * total;
  let lo = 0;
  let hi = size - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[offset + mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  const below = lo > 0 ? (cdf[offset + lo - 1] as number) : 0;
  return { token: lo, confidence: ((cdf[offset + lo] as number) - below) / total };
}
