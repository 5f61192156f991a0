/**
 * One turn, end to end: phoneme ids -> t2s durations -> semantic frames -> SoundStorm windows
 * (each prompted by the tail of the last) -> codec decode joined with crossfades. Plain code
 * over role-named `run` functions, so it runs the same on real sessions and fakes.
 */
import { throwIfAborted } from '../errors.js';
import type { Manifest, Role } from '../pack/manifest.js';
import type { RunFn } from '../tensor.js';
import type { Frames, Seconds } from '../units.js';
import { decodeCodes } from './codec.js';
import { decodeLevels } from './maskgit.js';
import { createRng, deriveSeed } from './rng.js';
import type { LogitsScorer } from './scorer.js';
import { passesPerWindow } from './schedule.js';
import { planSemantic } from './t2s.js';
import { CrossfadeJoiner, planWindows, sliceFrames } from './windows.js';

export type RunSet = Record<Role, RunFn>;
export type Stage = 't2s' | 'soundstorm' | 'decode';

export interface PromptTokens {
  readonly frames: Frames;
  /** [T] at the frame rate. */
  readonly semantic: BigInt64Array;
  /** Level-major [Q*T]. */
  readonly codes: BigInt64Array;
}

export interface DecodingOverrides {
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly iterations?: readonly number[];
  /** Classifier-free guidance weight (0: none). */
  readonly guidance?: number;
}

export interface TurnRequest extends DecodingOverrides {
  readonly phonemes: readonly number[];
  readonly prompt: PromptTokens;
  readonly seed: number;
  readonly speed?: number;
  readonly targetSeconds?: Seconds;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: StageProgress) => void;
  /** Vectorised logits math (onnxruntime); the plain functions are used without it. */
  readonly scorer?: LogitsScorer;
}

export interface StageProgress {
  readonly stage: Stage;
  /** 0..1 over the whole turn. */
  readonly fraction: number;
}

export interface TurnTokens {
  readonly frames: Frames;
  readonly semantic: BigInt64Array;
  readonly codes: BigInt64Array;
}

export interface TurnResult extends TurnTokens {
  readonly audio: Float32Array;
  readonly durations: Frames[];
  readonly passes: number;
  readonly windows: number;
  readonly stageSeconds: Record<Stage, Seconds>;
}

export function decodingSettings(manifest: Manifest, overrides: DecodingOverrides): Required<DecodingOverrides> {
  const d = manifest.decoding;
  return {
    temperature: overrides.temperature ?? d.temperature,
    topK: overrides.topK ?? d.topK,
    topP: overrides.topP ?? d.topP,
    iterations: overrides.iterations ?? d.iterations,
    guidance: overrides.guidance ?? d.guidance ?? 0,
  };
}

export async function renderTurn(runs: RunSet, manifest: Manifest, request: TurnRequest): Promise<TurnResult> {
  const clock = stageClock();
  const settings = decodingSettings(manifest, request);
  const { levels } = manifest.codec;
  const promptFrames = Math.min(request.prompt.frames, Math.round(manifest.decoding.promptSeconds * manifest.frameRate));
  const windowFrames = Math.round(manifest.decoding.windowSeconds * manifest.frameRate);
  const crossfade = Math.max(1, Math.round(manifest.decoding.crossfadeSeconds * manifest.frameRate));

  const plan = await clock.time('t2s', () =>
    planSemantic(runs.t2s, manifest, request.phonemes, request.prompt.semantic, {
      ...(request.speed !== undefined ? { speed: request.speed } : {}),
      ...(request.targetSeconds !== undefined ? { targetFrames: request.targetSeconds * manifest.frameRate } : {}),
    }),
  );
  const total = plan.semantic.length;
  const windows = planWindows(total, windowFrames, promptFrames);
  const passesEach = passesPerWindow(settings.iterations);
  const units = 1 + windows.length * (passesEach + 1);
  let unitsDone = 1;
  const report = (stage: Stage): void => request.onProgress?.({ stage, fraction: Math.min(1, unitsDone / units) });
  report('t2s');

  const codes = new BigInt64Array(levels * total);
  const joiner = new CrossfadeJoiner();
  let passes = 0;
  for (const [index, window] of windows.entries()) {
    throwIfAborted(request.signal);
    // The prompt: the voice prompt's tail for the first window, the turn's own tail after that.
    const context = index === 0 ? promptTail(request.prompt, promptFrames, levels) : turnTail(plan.semantic, codes, levels, total, window.start, promptFrames);
    const width = context.frames + (window.end - window.start);
    const grid = {
      frames: width,
      levels,
      semantic: concat(context.semantic, plan.semantic.subarray(window.start, window.end)),
      codes: new BigInt64Array(levels * width).fill(BigInt(manifest.maskIds.acoustic)),
    };
    for (let q = 0; q < levels; q++) grid.codes.set(context.codes.subarray(q * context.frames, (q + 1) * context.frames), q * width);
    const filled = await clock.time('soundstorm', () =>
      decodeLevels(runs.soundstorm, grid, {
        ...settings,
        codebookSize: manifest.codec.codebookSize,
        maskId: manifest.maskIds.acoustic,
        promptFrames: context.frames,
        rng: createRng(deriveSeed(request.seed, index)),
        ...(request.signal !== undefined ? { signal: request.signal } : {}),
        ...(request.scorer !== undefined ? { scorer: request.scorer } : {}),
        onPass: () => {
          passes++;
          unitsDone++;
          report('soundstorm');
        },
      }),
    );
    for (let q = 0; q < levels; q++) codes.set(filled.subarray(q * width + context.frames, (q + 1) * width), q * total + window.start);
    // Decode with lead-in frames before the window so its start has context; the first
    // `crossfade` frames of the lead-in overlap what is already joined.
    const lead = index === 0 ? 0 : Math.min(window.start, Math.max(crossfade, context.frames));
    const from = window.start - lead;
    const audio = await clock.time('decode', () => decodeCodes(runs.codec_decoder, manifest, sliceFrames(codes, levels, total, from, window.end), window.end - from));
    const overlap = index === 0 ? 0 : Math.min(crossfade, lead);
    joiner.push(audio.subarray((lead - overlap) * manifest.hopLength), overlap * manifest.hopLength);
    unitsDone++;
    report('decode');
  }
  return {
    frames: total,
    semantic: plan.semantic,
    codes,
    audio: joiner.result(),
    durations: plan.durations,
    passes,
    windows: windows.length,
    stageSeconds: clock.seconds,
  };
}

function promptTail(prompt: PromptTokens, frames: Frames, levels: number): TurnTokens {
  const start = prompt.frames - frames;
  return { frames, semantic: prompt.semantic.slice(start), codes: sliceFrames(prompt.codes, levels, prompt.frames, start, prompt.frames) };
}

function turnTail(semantic: BigInt64Array, codes: BigInt64Array, levels: number, total: Frames, end: Frames, frames: Frames): TurnTokens {
  const start = Math.max(0, end - frames);
  return { frames: end - start, semantic: semantic.slice(start, end), codes: sliceFrames(codes, levels, total, start, end) };
}

function concat(a: BigInt64Array, b: BigInt64Array): BigInt64Array {
  const out = new BigInt64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function stageClock(): { seconds: Record<Stage, Seconds>; time<T>(stage: Stage, work: () => Promise<T>): Promise<T> } {
  const seconds: Record<Stage, Seconds> = { t2s: 0, soundstorm: 0, decode: 0 };
  return {
    seconds,
    async time<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
      const start = performance.now();
      try {
        return await work();
      } finally {
        seconds[stage] += (performance.now() - start) / 1000;
      }
    },
  };
}
