/**
 * A look-ahead true-peak limiter: the gain each sample needs to keep its oversampled peak under
 * the ceiling is held (minimum over +-lookahead), smoothed by a moving average that never rises
 * above the held value, and released exponentially. Gain only ever falls before a peak, so nothing
 * overshoots, and the smooth ramps add no audible distortion to speech.
 */
import type { Decibels, Hertz, Seconds } from '../../engine/units.js';
import { dbToGain } from '../mix/gain.js';
import { truePeakEnvelope } from './true-peak.js';

export interface LimiterOptions {
  readonly ceiling: Decibels;
  readonly lookahead?: Seconds;
  readonly release?: Seconds;
}

/** Sliding minimum over [n - radius, n + radius] in O(n) with a monotonic deque. */
function slidingMin(x: Float32Array, radius: number): Float32Array {
  const out = new Float32Array(x.length);
  const deque = new Int32Array(x.length + 2 * radius + 1);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < x.length + radius; i++) {
    if (i < x.length) {
      while (tail > head && (x[deque[tail - 1] as number] as number) >= (x[i] as number)) tail--;
      deque[tail++] = i;
    }
    const centre = i - radius;
    if (centre < 0) continue;
    while ((deque[head] as number) < centre - radius) head++;
    out[centre] = x[deque[head] as number] as number;
  }
  return out;
}

/** Gain per sample that keeps the true peak of `channels` under the ceiling (pass their envelope if known). */
export function limiterGain(
  channels: readonly Float32Array[],
  rate: Hertz,
  options: LimiterOptions,
  envelope = truePeakEnvelope(channels),
): Float32Array {
  const ceiling = dbToGain(options.ceiling);
  const required = envelope.map((peak) => (peak > ceiling ? ceiling / peak : 1));
  const radius = Math.max(1, Math.round((options.lookahead ?? 0.002) * rate));
  const held = slidingMin(required, radius);
  // Average over +-radius/2: every term is a minimum over a window that contains n, so the mean
  // stays <= required[n]; outside the signal the terms count as unity gain, and the min with
  // `held` below keeps the edges safe too.
  const half = Math.floor(radius / 2);
  const prefix = new Float64Array(held.length + 1);
  for (let i = 0; i < held.length; i++) prefix[i + 1] = (prefix[i] as number) + (held[i] as number);
  const smooth = new Float32Array(held.length);
  for (let n = 0; n < held.length; n++) {
    const lo = Math.max(0, n - half);
    const hi = Math.min(held.length, n + half + 1);
    const outside = 2 * half + 1 - (hi - lo);
    smooth[n] = ((prefix[hi] as number) - (prefix[lo] as number) + outside) / (2 * half + 1);
  }
  const release = 1 - Math.exp(-1 / ((options.release ?? 0.08) * rate));
  const gain = new Float32Array(held.length);
  let g = 1;
  for (let i = 0; i < gain.length; i++) {
    g = Math.min(smooth[i] as number, g + (1 - g) * release, held[i] as number);
    gain[i] = g;
  }
  return gain;
}

export function applyGain(channels: readonly Float32Array[], gain: Float32Array | number): Float32Array[] {
  return channels.map((x) => x.map((v, i) => v * (typeof gain === 'number' ? gain : (gain[i] as number))));
}
