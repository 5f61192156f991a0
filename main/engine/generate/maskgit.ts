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
import { drawFromCumulative, drawFromSorted, drawNucleus, type LogitsScorer } from './scorer.js';
import { maskedAfterStep } from './schedule.js';

export interface TokenGrid {
  /** Semantic ids at the frame rate, [T]. */
  readonly semantic: BigInt64Array;
  /** Acoustic codes, level-major [Q*T] (index q*T + t); `maskId` where not yet known. */
  readonly codes: BigInt64Array;
  readonly frames: Frames;
  readonly levels: number;
}

export interface MaskGitOptions extends PickOptions {
  readonly iterations: readonly number[];
  readonly maskId: number;
  /** Frames [0, promptFrames) are the voice prompt: never regenerated. */
  readonly promptFrames: Frames;
  /** Positions (by frame) that stay as given even if masked elsewhere, e.g. both sides of a span. */
  readonly fixed?: Uint8Array;
  readonly signal?: AbortSignal;
  /** Called after every network pass with (passes done, passes in total). */
  readonly onPass?: (done: number, total: number) => void;
  /**
   * Classifier-free guidance weight w (0 or absent: none): each pass also runs the network with the
   * semantic tokens of every unfixed frame after the prompt set to <pad> (id 0), as row 1 of a batch
   * of two, and decodes from cond + w * (cond - uncond). Needs a model trained with condition
   * dropout; about doubles the work of a pass.
   */
  readonly guidance?: number;
}

/** Fills every masked, unfixed position after the prompt; returns new codes, leaves the input alone. */
export async function decodeLevels(run: RunFn, grid: TokenGrid, options: MaskGitOptions): Promise<BigInt64Array> {
  const { frames, levels } = grid;
  if (options.iterations.length !== levels) throw new Error(`iterations has ${options.iterations.length} entries for ${levels} levels`);
  if (grid.semantic.length !== frames || grid.codes.length !== frames * levels) throw new Error('token grid sizes do not match its frames and levels');
  const codes = new BigInt64Array(grid.codes);
  const guidance = options.guidance ?? 0;
  // With guidance, one run of batch 2: row 0 conditioned, row 1 without the semantic tokens.
  const batch = guidance > 0 ? 2 : 1;
  const semantic = guidance > 0 ? int64(concatRows(grid.semantic, withoutCondition(grid.semantic, options)), [2, frames]) : int64(grid.semantic, [1, frames]);
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
      const fed = batch === 2 ? concatRows(codes, codes) : codes;
      const outputs = await run({ semantic, codes: int64(fed, [batch, levels, frames]), level: int64([level], [1]) });
      passes++;
      options.onPass?.(passes, totalPasses);
      let logits = floatOutput(outputs, 'logits', 'soundstorm');
      checkLogits(logits.dims, batch, frames, options.codebookSize);
      if (batch === 2) {
        const half = frames * options.codebookSize;
        logits = { dtype: 'float32', dims: [1, frames, options.codebookSize], data: guide(logits.data.subarray(0, half), logits.data.subarray(half, 2 * half), guidance) };
      }
      const sampling = options.temperature > 0 && step < steps - 1;
      const picks = await pickTokens(logits.data, masked, frames, sampling, options);
      masked = unmaskStep(picks, masked, codes, level, frames, step, steps, total, options);
    }
  }
  return codes;
}

/** The semantic row with every frame after the prompt that is not fixed set to <pad> (0). */
export function withoutCondition(semantic: BigInt64Array, options: { readonly promptFrames: Frames; readonly fixed?: Uint8Array }): BigInt64Array {
  const out = new BigInt64Array(semantic);
  for (let t = options.promptFrames; t < out.length; t++) {
    if (options.fixed === undefined || options.fixed[t] !== 1) out[t] = 0n;
  }
  return out;
}

/** cond + w * (cond - uncond), elementwise, in a new array. */
export function guide(cond: Float32Array, uncond: Float32Array, w: number): Float32Array {
  const out = new Float32Array(cond.length);
  for (let i = 0; i < cond.length; i++) out[i] = (cond[i] as number) + w * ((cond[i] as number) - (uncond[i] as number));
  return out;
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

function checkLogits(dims: readonly number[], batch: number, frames: Frames, codebookSize: number): void {
  if (dims.length !== 3 || dims[0] !== batch || dims[1] !== frames || dims[2] !== codebookSize) {
    throw new Error(`soundstorm logits are [${dims.join(',')}], expected [${batch},${frames},${codebookSize}]`);
  }
}

function concatRows(a: BigInt64Array, b: BigInt64Array): BigInt64Array {
  const out = new BigInt64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * A token and its confidence for every masked position: arg-max when not sampling, else a draw
 * with temperature/top-k/top-p. The scorer does the same math vectorised where it can.
 */
export async function pickTokens(logits: Float32Array, masked: readonly number[], frames: Frames, sampling: boolean, options: PickOptions): Promise<Pick[]> {
  const K = options.codebookSize;
  const { scorer } = options;
  if (scorer === undefined) {
    return masked.map((t) => (sampling ? samplePick(logits, t * K, K, options, options.rng) : greedyPick(logits, t * K, K)));
  }
  // The scorer sees only the masked rows, packed: row i of `rows` is frame masked[i].
  const rows = masked.length === frames ? logits : gatherRows(logits, masked, K);
  const n = masked.length;
  if (!sampling) {
    const scores = await scorer.greedy(rows, n, K);
    return masked.map((_, i) => ({ token: Number(scores.tokens[i]), confidence: scores.confidence[i] as number }));
  }
  if (options.topK === 0 && options.topP >= 1) {
    const cdf = await scorer.cumulative(rows, n, K, options.temperature);
    return masked.map((_, i) => drawFromCumulative(cdf, i * K, K, options.rng.next()));
  }
  // Top-k: the k best, renormalised. Nucleus only: the best NUCLEUS_PREFILTER under the full
  // softmax, which hold the nucleus of any peaked distribution; rows where they do not fall back.
  const overAll = options.topK === 0;
  const keep = overAll ? Math.min(NUCLEUS_PREFILTER, K) : Math.min(options.topK, K);
  const sorted = await scorer.sortedCumulative(rows, n, K, options.temperature, keep, overAll);
  const draws = masked.map(() => options.rng.next());
  const picks = masked.map((_, i) => drawFromSorted(sorted, i * keep, keep, options.topP, draws[i] as number));
  if (picks.every((p) => p !== undefined)) return picks as Pick[];
  // Flat rows whose nucleus reaches past the prefilter: exact nucleus over the full distribution.
  const cdf = await scorer.cumulative(rows, n, K, options.temperature);
  const scratch = new Float32Array(K);
  return picks.map((p, i) => p ?? drawNucleus(cdf, i * K, K, options.topP, draws[i] as number, scratch));
}

function gatherRows(logits: Float32Array, frames: readonly number[], K: number): Float32Array {
  const out = new Float32Array(frames.length * K);
  frames.forEach((t, i) => out.set(logits.subarray(t * K, (t + 1) * K), i * K));
  return out;
}

const NUCLEUS_PREFILTER = 64;

export interface PickOptions extends SamplingOptions {
  readonly codebookSize: number;
  readonly rng: Rng;
  readonly scorer?: LogitsScorer;
}

/**
 * One MaskGIT step on one level: given the picks for the masked positions, reveals the
 * (masked - m) with the highest score, m from the cosine schedule; score = confidence, plus
 * Gumbel noise * temperature * (1 - (step+1)/steps) when sampling; ties go to the lower frame.
 */
export function unmaskStep(
  picks: readonly Pick[],
  masked: readonly number[],
  codes: BigInt64Array,
  level: number,
  frames: Frames,
  step: number,
  steps: number,
  total: number,
  options: SamplingOptions & { rng: Rng },
): number[] {
  const sampling = options.temperature > 0 && step < steps - 1;
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
