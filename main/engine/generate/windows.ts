/**
 * Long turns are generated in windows: each holds a prompt (the voice prompt for the first, the
 * tail of the previous window after that) plus new frames, and the decoded windows are joined
 * with a short crossfade.
 */
import type { Frames, Samples } from '../units.js';

export interface WindowPlan {
  /** First new frame of the window, in turn frames. */
  readonly start: Frames;
  readonly end: Frames;
}

/** Splits `total` new frames into windows of at most `windowFrames - promptFrames` new frames each. */
export function planWindows(total: Frames, windowFrames: Frames, promptFrames: Frames): WindowPlan[] {
  const step = Math.max(1, windowFrames - promptFrames);
  const count = Math.max(1, Math.ceil(total / step));
  // Even sizes, so the last window is not a sliver with little context of its own.
  const size = Math.ceil(total / count);
  const plans: WindowPlan[] = [];
  for (let start = 0; start < total; start += size) plans.push({ start, end: Math.min(total, start + size) });
  return plans.length > 0 ? plans : [{ start: 0, end: 0 }];
}

/**
 * Joins audio chunks. Chunk k > 0 starts `overlap` samples before the end of what is joined so far
 * (it was decoded with that much lead-in); the overlap is crossfaded with equal-power curves.
 */
export class CrossfadeJoiner {
  private readonly chunks: Float32Array[] = [];
  private length: Samples = 0;

  push(chunk: Float32Array, overlap: Samples): void {
    const last = this.chunks[this.chunks.length - 1];
    const fade = Math.min(overlap, chunk.length, last?.length ?? 0);
    if (last === undefined || fade === 0) {
      this.chunks.push(chunk.subarray(overlap));
      this.length += chunk.length - overlap;
      return;
    }
    const tailStart = last.length - fade;
    for (let i = 0; i < fade; i++) {
      const x = (i + 0.5) / fade;
      const fadeIn = Math.sin((x * Math.PI) / 2);
      const fadeOut = Math.cos((x * Math.PI) / 2);
      last[tailStart + i] = (last[tailStart + i] as number) * fadeOut + (chunk[i] as number) * fadeIn;
    }
    this.chunks.push(chunk.subarray(overlap));
    this.length += chunk.length - overlap;
  }

  result(): Float32Array {
    const out = new Float32Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

/** Copies frames [start, end) of every level out of a level-major [Q*T] grid. */
export function sliceFrames(codes: BigInt64Array, levels: number, frames: Frames, start: Frames, end: Frames): BigInt64Array {
  const width = end - start;
  const out = new BigInt64Array(levels * width);
  for (let q = 0; q < levels; q++) out.set(codes.subarray(q * frames + start, q * frames + end), q * width);
  return out;
}
