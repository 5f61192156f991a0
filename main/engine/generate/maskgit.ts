/**
 * SoundStorm's decoding loop: level by level, coarse to fine; within a level, MaskGIT
 * confidence-based unmasking on a cosine schedule, greedy on the last step. A plain function of a
 * `run` (the soundstorm session) and an RNG; the Python reference `generate()` does the same steps,
 * and greedy mode (temperature 0) must give exactly its codes.
 */
import { throwIfAborted } from '../errors.js';
import { floatOutput, int64, type RunFn } from '../tensor.js';
import { type Frames } from '../units.js';
import { greedyPick, type Pick, type SamplingOptions, samplePick } from './sampler.js';
import { gumbel, type Rng } from './rng.js';
import { maskedAfterStep } from './schedule.js';

export interface TokenGrid {
  /** Semantic ids at the frame rate, [T]. */
  readonly semantic: BigInt64Array;
  /** Acoustic codes, level-major [Q*T] (index q*T + t); `maskId` where not yet known. */
  readonly codes: BigInt64Array;
  readonly frames: Frames;
  readonly levels: number;
}

export interface MaskGitOptions extends SamplingOptions {
  readonly iterations: readonly number[];
  readonly codebookSize: number;
  readonly maskId: number;
  /** Frames [0, promptFrames) are the voice prompt: never regenerated. */
  readonly promptFrames: Frames;
  /** Positions (by frame) that stay as given even if masked elsewhere, e.g. both sides of a span. */
  readonly fixed?: Uint8Array;
  readonly rng: Rng;
  readonly signal?: AbortSignal;
  /** Called after every network pass with (passes done, passes in total). */
  readonly onPass?: (done: number, total: number) => void;
}

/** Fills every masked, unfixed position after the prompt; returns new codes, leaves the input alone. */
export async function decodeLevels(run: RunFn, grid: TokenGrid, options: MaskGitOptions): Promise<BigInt64Array> {
  const { frames, levels } = grid;
  if (options.iterations.length !== levels) throw new Error(`iterations has ${options.iterations.length} entries for ${levels} levels`);
  if (grid.semantic.length !== frames || grid.codes.length !== frames * levels) throw new Error('token grid sizes do not match its frames and levels');
  const codes = new BigInt64Array(grid.codes);
  const semantic = int64(grid.semantic, [1, frames]);
  const totalPasses = options.iterations.reduce((a, b) => a + b, 0);
  let passes = 0;
  for (let level = 0; level < levels; level++) {
    const steps = options.iterations[level] as number;
    let masked = maskedPositions(codes, level, frames, options);
    const total = masked.length;
    for (let step = 0; step < steps; step++) {
      throwIfAborted(options.signal);
      // Nothing left to fill at this level (as in the reference): no pass is spent on it.
      if (masked.length === 0) break;
      const outputs = await run({ semantic, codes: int64(codes, [1, levels, frames]), level: int64([level], [1]) });
      passes++;
      options.onPass?.(passes, totalPasses);
      const logits = floatOutput(outputs, 'logits', 'soundstorm');
      checkLogits(logits.dims, frames, options.codebookSize);
      masked = unmaskStep(logits.data, masked, codes, level, frames, step, steps, total, options);
    }
  }
  return codes;
}

function maskedPositions(codes: BigInt64Array, level: number, frames: Frames, options: MaskGitOptions): number[] {
  const mask = BigInt(options.maskId);
  const positions: number[] = [];
  for (let t = options.promptFrames; t < frames; t++) {
    if (options.fixed !== undefined && options.fixed[t] === 1) continue;
    if (codes[level * frames + t] === mask) positions.push(t);
  }
  return positions;
}

function checkLogits(dims: readonly number[], frames: Frames, codebookSize: number): void {
  if (dims.length !== 3 || dims[1] !== frames || dims[2] !== codebookSize) {
    throw new Error(`soundstorm logits are [${dims.join(',')}], expected [1,${frames},${codebookSize}]`);
  }
}

/** One MaskGIT step on one level: picks tokens for all masked positions, keeps the most confident. */
export function unmaskStep(
  logits: Float32Array,
  masked: readonly number[],
  codes: BigInt64Array,
  level: number,
  frames: Frames,
  step: number,
  steps: number,
  total: number,
  options: SamplingOptions & { codebookSize: number; rng: Rng },
): number[] {
  const last = step === steps - 1;
  const sampling = options.temperature > 0 && !last;
  const K = options.codebookSize;
  const picks: Pick[] = masked.map((t) =>
    sampling ? samplePick(logits, t * K, K, options, options.rng) : greedyPick(logits, t * K, K),
  );
  const noiseScale = sampling ? options.temperature * (1 - (step + 1) / steps) : 0;
  const scores = picks.map((p) => p.confidence + (sampling ? gumbel(options.rng) * noiseScale : 0));
  const stayMasked = maskedAfterStep(total, step, steps);
  const reveal = Math.max(0, masked.length - stayMasked);
  const ranked = masked.map((t, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || (masked[a] as number) - (masked[b] as number));
  const revealed = new Uint8Array(masked.length);
  for (let r = 0; r < reveal; r++) {
    const i = ranked[r] as number;
    revealed[i] = 1;
    codes[level * frames + (masked[i] as number)] = BigInt((picks[i] as Pick).token);
  }
  return masked.filter((_, i) => revealed[i] === 0);
}
