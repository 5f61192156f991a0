/**
 * Silence trimming and the measures that reject unusable voice samples. Frames of 20 ms whose
 * RMS sits more than `belowPeak` dB under the loudest frame (or under an absolute floor) count
 * as silence; leading and trailing silence is cut, keeping a short margin.
 */
import type { Decibels, Hertz, Seconds } from '../engine/units.js';

export interface TrimOptions {
  readonly belowPeak?: Decibels;
  readonly floor?: Decibels;
  readonly margin?: Seconds;
}

export function frameRmsDb(x: Float32Array, rate: Hertz, frame: Seconds = 0.02): number[] {
  const size = Math.max(1, Math.round(frame * rate));
  const out: number[] = [];
  for (let start = 0; start < x.length; start += size) {
    const end = Math.min(x.length, start + size);
    let sum = 0;
    for (let i = start; i < end; i++) sum += (x[i] as number) ** 2;
    out.push(10 * Math.log10(sum / (end - start) + 1e-20));
  }
  return out;
}

/** Returns [start, end) in samples of the non-silent part; [0, 0) when all of it is silent. */
export function voicedRange(x: Float32Array, rate: Hertz, options: TrimOptions = {}): [number, number] {
  const belowPeak = options.belowPeak ?? 40;
  const floor = options.floor ?? -60;
  const margin = Math.round((options.margin ?? 0.1) * rate);
  const size = Math.max(1, Math.round(0.02 * rate));
  const levels = frameRmsDb(x, rate);
  const peak = Math.max(...levels);
  const threshold = Math.max(floor, peak - belowPeak);
  const voiced = levels.map((db) => db > threshold);
  const first = voiced.indexOf(true);
  if (first < 0 || peak <= floor) return [0, 0];
  const last = voiced.lastIndexOf(true);
  return [Math.max(0, first * size - margin), Math.min(x.length, (last + 1) * size + margin)];
}

export function trimSilence(x: Float32Array, rate: Hertz, options: TrimOptions = {}): Float32Array {
  const [start, end] = voicedRange(x, rate, options);
  return x.subarray(start, end);
}

/** Absolute peak per bucket, for drawing a waveform. */
export function peaks(x: Float32Array, buckets: number): number[] {
  const out: number[] = [];
  const size = Math.max(1, Math.ceil(x.length / buckets));
  for (let start = 0; start < x.length; start += size) {
    let peak = 0;
    for (let i = start; i < Math.min(x.length, start + size); i++) peak = Math.max(peak, Math.abs(x[i] as number));
    out.push(Math.min(1, peak));
  }
  return out;
}
