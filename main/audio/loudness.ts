/**
 * Integrated loudness after ITU-R BS.1770-4 (K-weighting, 400 ms blocks with 75 % overlap,
 * absolute gate at -70 LUFS and relative gate at -10 LU), and gain to reach a target.
 */
import type { Decibels, Hertz } from '../engine/units.js';

interface Biquad {
  b: [number, number, number];
  a: [number, number];
}

/** The two K-weighting stages (high shelf, then high pass), designed for any sample rate. */
function kWeighting(rate: Hertz): [Biquad, Biquad] {
  // Shelf: f0 1681.97 Hz, gain 3.99984 dB, Q 0.7071752 (the constants BS.1770 implies at 48 kHz).
  let K = Math.tan((Math.PI * 1681.974450955533) / rate);
  const Vh = 10 ** (3.99984385397 / 20);
  const Vb = Vh ** 0.4996667741545416;
  const Q = 0.7071752369554196;
  let a0 = 1 + K / Q + K * K;
  const shelf: Biquad = {
    b: [(Vh + (Vb * K) / Q + K * K) / a0, (2 * (K * K - Vh)) / a0, (Vh - (Vb * K) / Q + K * K) / a0],
    a: [(2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0],
  };
  K = Math.tan((Math.PI * 38.13547087602444) / rate);
  const Qh = 0.5003270373238773;
  a0 = 1 + K / Qh + K * K;
  const highPass: Biquad = { b: [1, -2, 1], a: [(2 * (K * K - 1)) / a0, (1 - K / Qh + K * K) / a0] };
  return [shelf, highPass];
}

function filter(x: Float32Array, f: Biquad): Float64Array {
  const y = new Float64Array(x.length);
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i] as number;
    const y0 = f.b[0] * x0 + f.b[1] * x1 + f.b[2] * x2 - f.a[0] * y1 - f.a[1] * y2;
    y[i] = y0;
    x2 = x1;
    x1 = x0;
    y2 = y1;
    y1 = y0;
  }
  return y;
}

/**
 * Integrated loudness in LUFS; -Infinity for silence or audio shorter than one block. Several
 * channels (front left/right, weight 1 each) add their mean-square powers per block, as BS.1770 does.
 */
export function integratedLoudness(x: Float32Array | readonly Float32Array[], rate: Hertz): Decibels {
  const channels = x instanceof Float32Array ? [x] : x;
  if (channels.length === 0) return -Infinity;
  const [shelf, highPass] = kWeighting(rate);
  const weighted = channels.map((channel) => filter(Float32Array.from(filter(channel, shelf)), highPass));
  const length = Math.min(...weighted.map((w) => w.length));
  const block = Math.round(0.4 * rate);
  const hop = Math.round(0.1 * rate);
  const powers: number[] = [];
  for (let start = 0; start + block <= length; start += hop) {
    let sum = 0;
    for (const w of weighted) for (let i = start; i < start + block; i++) sum += (w[i] as number) ** 2;
    powers.push(sum / block);
  }
  const lufs = (p: number): number => -0.691 + 10 * Math.log10(p);
  const gated = powers.filter((p) => p > 0 && lufs(p) > -70);
  if (gated.length === 0) return -Infinity;
  const relative = lufs(gated.reduce((a, b) => a + b, 0) / gated.length) - 10;
  const kept = gated.filter((p) => lufs(p) > relative);
  return lufs(kept.reduce((a, b) => a + b, 0) / kept.length);
}

/** Scales to `target` LUFS without letting the peak exceed `ceiling` (linear). */
export function normaliseLoudness(x: Float32Array, rate: Hertz, target: Decibels, ceiling = 0.95): Float32Array {
  const loudness = integratedLoudness(x, rate);
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  if (!Number.isFinite(loudness) || peak === 0) return x;
  const gain = Math.min(10 ** ((target - loudness) / 20), ceiling / peak);
  return x.map((v) => v * gain);
}
