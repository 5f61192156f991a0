/**
 * Picks one token from a row of logits and reports its confidence: the probability of that
 * token under the distribution it was drawn from (temperature-scaled, top-k/top-p filtered and
 * renormalised); for greedy picks, the plain softmax probability of the arg-max.
 */
import type { Rng } from './rng.js';

export interface SamplingOptions {
  /** 0 means greedy. */
  readonly temperature: number;
  /** Keep only the k most likely codes; 0 keeps all. */
  readonly topK: number;
  /** Keep the smallest set of codes whose probability reaches p; 1 keeps all. */
  readonly topP: number;
}

export interface Pick {
  readonly token: number;
  readonly confidence: number;
}

/** Arg-max (lowest index wins ties) and its softmax probability. */
export function greedyPick(logits: Float32Array, offset: number, size: number): Pick {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < size; k++) {
    const v = logits[offset + k] as number;
    if (v > bestValue) {
      bestValue = v;
      best = k;
    }
  }
  let sum = 0;
  for (let k = 0; k < size; k++) sum += Math.exp((logits[offset + k] as number) - bestValue);
  // Rounded to float32 as the Python reference computes it: positions whose confidence saturates
  // there (1.0) must tie, and ties go to the lower frame, exactly as in the oracle.
  return { token: best, confidence: Math.fround(1 / sum) };
}

/** Draws a token with temperature, top-k and top-p; falls back to greedy when temperature is 0. */
export function samplePick(logits: Float32Array, offset: number, size: number, options: SamplingOptions, rng: Rng): Pick {
  if (options.temperature <= 0) return greedyPick(logits, offset, size);
  const scaled = new Float64Array(size);
  let max = -Infinity;
  for (let k = 0; k < size; k++) {
    const v = (logits[offset + k] as number) / options.temperature;
    scaled[k] = v;
    if (v > max) max = v;
  }
  // Sorting is only needed when a filter is on; the unfiltered draw scans codes in index order.
  const filtered = options.topK > 0 || options.topP < 1;
  const order = filtered
    ? Array.from({ length: size }, (_, k) => k).sort((a, b) => (scaled[b] as number) - (scaled[a] as number) || a - b)
    : Array.from({ length: size }, (_, k) => k);
  let keep = options.topK > 0 ? Math.min(options.topK, size) : size;
  const probs = new Float64Array(keep);
  let total = 0;
  for (let r = 0; r < keep; r++) {
    const p = Math.exp((scaled[order[r] as number] as number) - max);
    probs[r] = p;
    total += p;
  }
  if (options.topP < 1) {
    let cumulative = 0;
    let r = 0;
    while (r < keep) {
      cumulative += (probs[r] as number) / total;
      r++;
      if (cumulative >= options.topP) break;
    }
    keep = Math.max(r, 1);
    total = 0;
    for (let i = 0; i < keep; i++) total += probs[i] as number;
  }
  let u = rng.next() * total;
  for (let r = 0; r < keep; r++) {
    const p = probs[r] as number;
    if (u < p || r === keep - 1) return { token: order[r] as number, confidence: p / total };
    u -= p;
  }
  // Unreachable: the loop returns on its last rank.
  return { token: order[0] as number, confidence: (probs[0] as number) / total };
}
