/**
 * Length regulation (models/PACK_FORMAT.md): T2S durations (fractional frames at the semantic
 * rate) are multiplied by 1/speed, or by target/total for a duration target, then rounded with
 * the rounding error carried forward, so the total is exact and no phoneme moves by more than a
 * frame; every phone gets at least `minFrames`, pauses may get 0. Rounding is half-to-even, as
 * Python's round() in the reference `regulate()`.
 */
import { EngineError } from '../errors.js';
import type { Frames } from '../units.js';

export interface DurationOptions {
  /** 1 = as predicted; 2 = twice as fast. Ignored when `targetFrames` is given. */
  readonly speed?: number;
  /** Exact total, in frames at the semantic rate. */
  readonly targetFrames?: Frames;
  readonly minFrames: Frames;
  /** True for phones (semantic id not `<sil>`): they get at least `minFrames`. */
  readonly isPhone: readonly boolean[];
}

export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export function allocateFrames(durations: ArrayLike<number>, options: DurationOptions): Frames[] {
  const raw = Array.from({ length: durations.length }, (_, i) => {
    const d = durations[i] as number;
    return Number.isFinite(d) && d > 0 ? d : 0;
  });
  let factor: number;
  if (options.targetFrames !== undefined) {
    const target = Math.round(options.targetFrames);
    const floor = options.isPhone.filter(Boolean).length * options.minFrames;
    if (target < floor) throw new EngineError('BAD_REQUEST', `a target of ${target} frames is shorter than the ${floor} frames this text needs at least`);
    const sum = raw.reduce((a, b) => a + b, 0);
    if (sum === 0) return spreadEvenly(target, raw.length);
    factor = target / sum;
  } else {
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new EngineError('BAD_REQUEST', `speed must be a positive number, got ${speed}`);
    factor = 1 / speed;
  }
  const frames: Frames[] = [];
  let carry = 0;
  raw.forEach((d, i) => {
    const want = d * factor + carry;
    let n = Math.max(0, roundHalfEven(want));
    if (options.isPhone[i] === true) n = Math.max(n, options.minFrames);
    carry = want - n;
    frames.push(n);
  });
  return frames;
}

function spreadEvenly(total: Frames, count: number): Frames[] {
  const base = Math.floor(total / Math.max(1, count));
  return Array.from({ length: count }, (_, i) => base + (i < total - base * count ? 1 : 0));
}

/** Repeats each phoneme's semantic id by its frames, then by `repeat` to reach the codec frame rate. */
export function lengthRegulate(semanticIds: readonly number[], frames: readonly Frames[], repeat: number): BigInt64Array {
  const total = frames.reduce((a, b) => a + b, 0) * repeat;
  const out = new BigInt64Array(total);
  let t = 0;
  semanticIds.forEach((id, i) => {
    const count = (frames[i] ?? 0) * repeat;
    out.fill(BigInt(id), t, t + count);
    t += count;
  });
  return out;
}
