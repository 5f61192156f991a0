/**
 * Length regulation: T2S durations (fractional frames at the semantic rate) become whole frames,
 * with a speed factor or an exact total. Rounding uses largest remainders, so the integer total is
 * exactly the requested one and no phoneme is shifted by more than one frame.
 */
import { EngineError } from '../errors.js';
import type { Frames } from '../units.js';

export interface DurationOptions {
  /** 1 = as predicted; 2 = twice as fast. Ignored when `targetFrames` is given. */
  readonly speed?: number;
  /** Exact total, in frames at the semantic rate. */
  readonly targetFrames?: Frames;
  /** Each phoneme with `needsMin[i]` gets at least this many frames. */
  readonly minFrames: Frames;
  readonly needsMin: readonly boolean[];
}

export function allocateFrames(durations: ArrayLike<number>, options: DurationOptions): Frames[] {
  const n = durations.length;
  const raw = Array.from({ length: n }, (_, i) => {
    const d = durations[i] as number;
    return Number.isFinite(d) && d > 0 ? d : 0;
  });
  const mins = raw.map((_, i) => (options.needsMin[i] === true ? options.minFrames : 0));
  const minTotal = mins.reduce((a, b) => a + b, 0);
  let scaled: number[];
  let total: number;
  if (options.targetFrames !== undefined) {
    total = Math.round(options.targetFrames);
    if (total < minTotal) {
      throw new EngineError('BAD_REQUEST', `a target of ${total} frames is shorter than the ${minTotal} frames this text needs at least`);
    }
    const sum = raw.reduce((a, b) => a + b, 0);
    // Nothing predicted at all: spread the target evenly over the phonemes.
    scaled = sum > 0 ? raw.map((d) => (d * total) / sum) : raw.map(() => total / Math.max(1, n));
  } else {
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new EngineError('BAD_REQUEST', `speed must be a positive number, got ${speed}`);
    scaled = raw.map((d) => d / speed);
    total = Math.max(minTotal, Math.round(scaled.reduce((a, b) => a + b, 0)));
  }
  return roundToTotal(scaled, mins, total);
}

/** Whole numbers >= mins, summing to `total`, each as close to its real value as the total allows. */
export function roundToTotal(values: readonly number[], mins: readonly number[], total: number): number[] {
  const frames = values.map((v, i) => Math.max(mins[i] ?? 0, Math.floor(v)));
  let remaining = total - frames.reduce((a, b) => a + b, 0);
  // Largest remainder first (earlier phoneme on ties) when frames are missing ...
  const byRemainder = values
    .map((v, i) => i)
    .sort((a, b) => (values[b] as number) - (frames[b] as number) - ((values[a] as number) - (frames[a] as number)) || a - b);
  for (let r = 0; remaining > 0; r = (r + 1) % Math.max(1, byRemainder.length)) {
    const i = byRemainder[r] as number;
    frames[i] = (frames[i] as number) + 1;
    remaining--;
  }
  // ... and the most over-allocated first when mins pushed the total too high.
  while (remaining < 0) {
    let pick = -1;
    let worst = -Infinity;
    frames.forEach((f, i) => {
      const excess = f - (values[i] as number);
      if (f > (mins[i] ?? 0) && excess > worst) {
        worst = excess;
        pick = i;
      }
    });
    if (pick < 0) break;
    frames[pick] = (frames[pick] as number) - 1;
    remaining++;
  }
  return frames;
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
