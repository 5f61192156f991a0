/**
 * Band-limited resampling by windowed sinc (Blackman window, 24 zero crossings each side), with
 * the cut-off below the lower Nyquist frequency so downsampling does not alias.
 */
import type { Hertz } from '../engine/units.js';

const ZERO_CROSSINGS = 24;

/** Windowed-sinc weight of an input sample `x` samples from the output instant. */
function weight(x: number, cutoff: number, halfWidth: number): number {
  const window = 0.42 + 0.5 * Math.cos((Math.PI * x) / halfWidth) + 0.08 * Math.cos((2 * Math.PI * x) / halfWidth);
  const arg = 2 * cutoff * x;
  const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
  return 2 * cutoff * sinc * window;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Most rate pairs (16k -> 48k, 48k -> 44.1k) repeat their fractional offsets every few hundred outputs. */
const MAX_TABLE_PHASES = 4096;

export function resample(input: Float32Array, from: Hertz, to: Hertz): Float32Array {
  if (from === to) return input;
  if (!(from > 0 && to > 0)) throw new Error(`cannot resample from ${from} Hz to ${to} Hz`);
  const ratio = to / from;
  const outLength = Math.floor(input.length * ratio);
  const out = new Float32Array(outLength);
  // Cut-off relative to the input rate: 0.5 * min(1, ratio), a little lower for the transition band.
  const cutoff = 0.5 * Math.min(1, ratio) * 0.97;
  const halfWidth = Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
  const g = Number.isInteger(from) && Number.isInteger(to) ? gcd(from, to) : 0;
  const phases = g > 0 ? to / g : Infinity;
  if (phases <= MAX_TABLE_PHASES) {
    // Output n sits at input n * step / phases; its weights depend only on n * step mod phases, so
    // they are computed once per phase (the same numbers, summed in the same order, as below).
    const step = from / g;
    const tables = Array.from({ length: phases }, (_, phase) => {
      const frac = phase / phases;
      const first = Math.ceil(frac - halfWidth);
      const last = Math.floor(frac + halfWidth);
      return { first, weights: Float64Array.from({ length: last - first + 1 }, (_unused, k) => weight(first + k - frac, cutoff, halfWidth)) };
    });
    for (let n = 0; n < outLength; n++) {
      const base = Math.floor((n * step) / phases);
      const table = tables[(n * step) % phases] as { first: number; weights: Float64Array };
      const start = base + table.first;
      const lo = Math.max(0, -start);
      const hi = Math.min(table.weights.length, input.length - start);
      let sum = 0;
      for (let k = lo; k < hi; k++) sum += (input[start + k] as number) * (table.weights[k] as number);
      out[n] = sum;
    }
    return out;
  }
  for (let n = 0; n < outLength; n++) {
    const center = n / ratio;
    const first = Math.max(0, Math.ceil(center - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let sum = 0;
    for (let i = first; i <= last; i++) sum += (input[i] as number) * weight(i - center, cutoff, halfWidth);
    out[n] = sum;
  }
  return out;
}
