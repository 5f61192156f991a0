/**
 * Band-limited resampling by windowed sinc (Blackman window, 24 zero crossings each side), with
 * the cut-off below the lower Nyquist frequency so downsampling does not alias.
 */
import type { Hertz } from '../engine/units.js';

const ZERO_CROSSINGS = 24;

export function resample(input: Float32Array, from: Hertz, to: Hertz): Float32Array {
  if (from === to) return input;
  if (!(from > 0 && to > 0)) throw new Error(`cannot resample from ${from} Hz to ${to} Hz`);
  const ratio = to / from;
  const outLength = Math.floor(input.length * ratio);
  const out = new Float32Array(outLength);
  // Cut-off relative to the input rate: 0.5 * min(1, ratio), a little lower for the transition band.
  const cutoff = 0.5 * Math.min(1, ratio) * 0.97;
  const halfWidth = Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
  for (let n = 0; n < outLength; n++) {
    const center = n / ratio;
    const first = Math.max(0, Math.ceil(center - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let sum = 0;
    for (let i = first; i <= last; i++) {
      const x = i - center;
      const window = 0.42 + 0.5 * Math.cos((Math.PI * x) / halfWidth) + 0.08 * Math.cos((2 * Math.PI * x) / halfWidth);
      const arg = 2 * cutoff * x;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      sum += (input[i] as number) * 2 * cutoff * sinc * window;
    }
    out[n] = sum;
  }
  return out;
}
