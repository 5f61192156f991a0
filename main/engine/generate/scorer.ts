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
  /**
   * The `keep` best codes per frame, best first, [T*keep], with their cumulative probability:
   * renormalised over just them, or with `overAll` under the softmax over all K codes.
   */
  sortedCumulative(logits: Float32Array, frames: number, codes: number, temperature: number, keep: number, overAll: boolean): Promise<SortedCumulative>;
}

export interface SortedCumulative {
  readonly cdf: Float32Array;
  readonly indices: BigInt64Array;
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

/**
 * Nucleus draw from one row of a best-first cumulative distribution: codes are kept while the
 * probability before them is at most `topP` (the reference's rule), then renormalised.
 */
export function drawFromSorted(sorted: SortedCumulative, offset: number, size: number, topP: number, u: number): { token: number; confidence: number } | undefined {
  const { cdf, indices } = sorted;
  let kept = size;
  if (topP < 1) {
    // Largest j with cdf[j-1] <= topP; the best code is always kept.
    let lo = 1;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[offset + mid - 1] as number) <= topP) lo = mid + 1;
      else hi = mid;
    }
    kept = lo;
    // The nucleus reaches past the codes at hand (a flat distribution): the caller decides.
    if (kept === size && (cdf[offset + size - 1] as number) <= topP && (cdf[offset + size - 1] as number) < 0.999) return undefined;
  }
  const pick = drawFromCumulative(cdf, offset, kept, u);
  return { token: Number(indices[offset + pick.token]), confidence: pick.confidence };
}

/**
 * Nucleus draw from one row of an index-order cumulative distribution, without sorting: a
 * selection finds the smallest kept probability, then the codes above it (and, among codes equal
 * to it, the lowest indices) are drawn from in index order.
 */
export function drawNucleus(cdf: Float32Array, offset: number, size: number, topP: number, u: number, scratch: Float32Array): { token: number; confidence: number } {
  const total = cdf[offset + size - 1] as number;
  // float32, as stored in the scratch array, so the threshold compares equal to itself.
  const probability = (k: number): number => Math.fround(((cdf[offset + k] as number) - (k > 0 ? (cdf[offset + k - 1] as number) : 0)) / total);
  for (let k = 0; k < size; k++) scratch[k] = probability(k);
  const { threshold, ties: tieCount } = nucleusThreshold(scratch, size, topP);
  let ties = tieCount;
  const chosen: number[] = [];
  let mass = 0;
  for (let k = 0; k < size; k++) {
    const p = probability(k);
    if (p > threshold || (p === threshold && ties-- > 0)) {
      chosen.push(k);
      mass += p;
    }
  }
  let target = u * mass;
  for (const k of chosen) {
    const p = probability(k);
    if (target < p || k === chosen[chosen.length - 1]) return { token: k, confidence: p / mass };
    target -= p;
  }
  return { token: chosen[0] ?? 0, confidence: 1 };
}

/**
 * The nucleus cut of the reference (sorted best first, keep codes while the mass before them is at
 * most topP) found by three-way selection in expected linear time. Kept = every value above
 * `threshold` plus `ties` of the values equal to it. Reorders `values[0, size)`.
 */
export function nucleusThreshold(values: Float32Array, size: number, topP: number): { threshold: number; ties: number } {
  let lo = 0;
  let hi = size;
  let massAbove = 0;
  let lastEqual = { value: values[0] as number, count: 0 };
  while (lo < hi) {
    const pivot = values[lo + ((hi - lo) >> 1)] as number;
    // Partition [lo, hi) into greater | equal | less than the pivot.
    let gt = lo;
    let i = lo;
    let lt = hi;
    let massGreater = 0;
    let equal = 0;
    while (i < lt) {
      const v = values[i] as number;
      if (v > pivot) {
        values[i] = values[gt] as number;
        values[gt] = v;
        massGreater += v;
        gt++;
        i++;
      } else if (v < pivot) {
        lt--;
        values[i] = values[lt] as number;
        values[lt] = v;
      } else {
        equal++;
        i++;
      }
    }
    if (massAbove + massGreater > topP) {
      hi = gt;
      continue;
    }
    const room = topP - massAbove - massGreater;
    if (room < equal * pivot) {
      return { threshold: pivot, ties: Math.min(equal, Math.floor(room / pivot) + 1) };
    }
    massAbove += massGreater + equal * pivot;
    lastEqual = { value: pivot, count: equal };
    lo = lt;
  }
  // Everything was kept (the mass never passed topP): the smallest value and all its equals.
  return { threshold: lastEqual.value, ties: lastEqual.count };
}
