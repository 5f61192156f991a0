/**
 * Text-to-semantic through durations: the t2s session predicts each phoneme's length from the
 * phonemes and the voice prompt's semantic tokens; length regulation then lays the phonemes'
 * semantic ids out frame by frame.
 */
import { EngineError } from '../errors.js';
import type { Manifest } from '../pack/manifest.js';
import { int64, type Outputs, type RunFn } from '../tensor.js';
import type { Frames } from '../units.js';
import { allocateFrames, lengthRegulate } from './durations.js';

/** Symbols whose frames carry the `<sil>` semantic id (pauses), for packs without a phonemeToSemantic table. */
const PAUSE_SYMBOLS = new Set(['<sil>', ' ', ',', '.', '?', '!', ';', ':']);
const SIL_ID = 2;

export interface SemanticPlan {
  /** Frames per phoneme at the semantic rate. */
  readonly durations: Frames[];
  /** Semantic ids at the codec frame rate, [T]. */
  readonly semantic: BigInt64Array;
}

export interface T2SOptions {
  readonly speed?: number;
  /** Exact duration of the turn, in codec frames. */
  readonly targetFrames?: Frames;
}

/** Semantic id each phoneme's frames carry, for rung "frame-phoneme". */
export function phonemeSemanticIds(manifest: Manifest, phonemes: readonly number[]): number[] {
  if (manifest.semantic.rung !== 'frame-phoneme') {
    throw new EngineError('PACK_INVALID', `semantic.rung "${manifest.semantic.rung}" is not supported by this engine (supported: frame-phoneme)`);
  }
  const inventory = manifest.phonemes.inventory;
  const table = manifest.semantic.phonemeToSemantic;
  return phonemes.map((id) => {
    const symbol = inventory[id];
    if (symbol === undefined) throw new EngineError('TEXT_INPUT', `phoneme id ${id} is outside the pack inventory (${inventory.length} symbols)`);
    return table !== undefined ? (table[id] as number) : PAUSE_SYMBOLS.has(symbol) ? SIL_ID : id;
  });
}

/** Prompt semantic tokens (frame rate) brought down to the semantic rate the t2s model takes. */
export function atSemanticRate(semantic: BigInt64Array, repeat: number): BigInt64Array {
  if (repeat === 1) return semantic;
  return BigInt64Array.from({ length: Math.floor(semantic.length / repeat) }, (_, i) => semantic[i * repeat] as bigint);
}

export async function planSemantic(
  run: RunFn,
  manifest: Manifest,
  phonemes: readonly number[],
  promptSemantic: BigInt64Array,
  options: T2SOptions,
): Promise<SemanticPlan> {
  if (phonemes.length === 0) throw new EngineError('TEXT_INPUT', 'the text has no speakable phonemes');
  const repeat = manifest.frameRate / manifest.semantic.rate;
  const prompt = atSemanticRate(promptSemantic, repeat);
  if (prompt.length === 0) throw new EngineError('BAD_REQUEST', 'the voice prompt has no semantic tokens');
  const outputs = await run({ phonemes: int64(phonemes, [1, phonemes.length]), prompt_semantic: int64(prompt, [1, prompt.length]) });
  const scale = manifest.decoding.durationScale ?? 1;
  const predicted = readDurations(outputs, phonemes.length).map((d) => d * scale);
  const semanticIds = phonemeSemanticIds(manifest, phonemes);
  const durations = allocateFrames(predicted, {
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.targetFrames !== undefined ? { targetFrames: options.targetFrames / repeat } : {}),
    minFrames: manifest.decoding.minPhonemeFrames,
    isPhone: semanticIds.map((id) => id !== SIL_ID),
  });
  return { durations, semantic: lengthRegulate(semanticIds, durations, repeat) };
}

function readDurations(outputs: Outputs, count: number): Float32Array {
  const value = outputs.durations;
  if (value === undefined || value.dtype !== 'float32') {
    throw new EngineError('SESSION_IO', `t2s returned no float32 "durations" output (got ${Object.keys(outputs).join(', ')})`);
  }
  if (value.data.length !== count) throw new EngineError('SESSION_IO', `t2s returned ${value.data.length} durations for ${count} phonemes`);
  return value.data;
}
