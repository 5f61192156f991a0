/**
 * Span regeneration: frames [start, end) of an existing clip are masked at every level and
 * decoded again with the clip's own tokens on both sides fixed; the new audio is spliced into
 * the old with crossfades, so the audio outside the span (and its fades) stays as it was.
 */
import { EngineError, throwIfAborted } from '../errors.js';
import type { Manifest } from '../pack/manifest.js';
import type { Frames } from '../units.js';
import { decodeCodes } from './codec.js';
import { decodeLevels } from './maskgit.js';
import { type DecodingOverrides, decodingSettings, type RunSet, type TurnTokens } from './pipeline.js';
import { createRng } from './rng.js';
import type { LogitsScorer } from './scorer.js';
import { sliceFrames } from './windows.js';

export interface SpanRequest extends DecodingOverrides {
  readonly clip: TurnTokens;
  readonly audio: Float32Array;
  readonly start: Frames;
  readonly end: Frames;
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly onPass?: (done: number, total: number) => void;
  readonly scorer?: LogitsScorer;
}

export interface SpanResult extends TurnTokens {
  readonly audio: Float32Array;
  readonly passes: number;
}

/** The region decoded around a span: as much context on each side as the window allows. */
export function spanContext(frames: Frames, start: Frames, end: Frames, windowFrames: Frames): { from: Frames; to: Frames } {
  const spare = Math.max(0, windowFrames - (end - start));
  let from = Math.max(0, start - Math.floor(spare / 2));
  const to = Math.min(frames, end + (spare - (start - from)));
  from = Math.max(0, Math.min(from, to - windowFrames));
  return { from, to };
}

export async function regenerateSpan(runs: RunSet, manifest: Manifest, request: SpanRequest): Promise<SpanResult> {
  const { clip, start, end } = request;
  const { levels } = manifest.codec;
  const hop = manifest.hopLength;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= clip.frames && start < end)) {
    throw new EngineError('BAD_REQUEST', `span [${start}, ${end}) frames is not inside the clip's ${clip.frames} frames`);
  }
  if (request.audio.length !== clip.frames * hop) {
    throw new EngineError('BAD_REQUEST', `clip audio has ${request.audio.length} samples, its tokens need ${clip.frames * hop}`);
  }
  const windowFrames = Math.round(manifest.decoding.windowSeconds * manifest.frameRate);
  if (end - start > windowFrames) {
    throw new EngineError('BAD_REQUEST', `a span of ${(end - start) / manifest.frameRate} s is longer than the pack's ${manifest.decoding.windowSeconds} s window`);
  }
  const { from, to } = spanContext(clip.frames, start, end, windowFrames);
  const width = to - from;
  const codes = sliceFrames(clip.codes, levels, clip.frames, from, to);
  const fixed = new Uint8Array(width).fill(1);
  for (let t = start - from; t < end - from; t++) {
    fixed[t] = 0;
    for (let q = 0; q < levels; q++) codes[q * width + t] = BigInt(manifest.maskIds.acoustic);
  }
  let passes = 0;
  const filled = await decodeLevels(
    runs.soundstorm,
    { frames: width, levels, semantic: clip.semantic.slice(from, to), codes },
    {
      ...decodingSettings(manifest, request),
      codebookSize: manifest.codec.codebookSize,
      maskId: manifest.maskIds.acoustic,
      promptFrames: 0,
      fixed,
      rng: createRng(request.seed),
      ...(request.signal !== undefined ? { signal: request.signal } : {}),
      ...(request.scorer !== undefined ? { scorer: request.scorer } : {}),
      onPass: (done, total) => {
        passes = done;
        request.onPass?.(done, total);
      },
    },
  );
  throwIfAborted(request.signal);
  const newCodes = new BigInt64Array(clip.codes);
  for (let q = 0; q < levels; q++) newCodes.set(filled.subarray(q * width + (start - from), q * width + (end - from)), q * clip.frames + start);
  const region = await decodeCodes(runs.codec_decoder, manifest, sliceFrames(newCodes, levels, clip.frames, from, to), width);
  const fade = Math.max(1, Math.round(manifest.decoding.crossfadeSeconds * manifest.frameRate)) * hop;
  const audio = spliceAudio(request.audio, region, from * hop, start * hop, end * hop, fade);
  return { frames: clip.frames, semantic: clip.semantic, codes: newCodes, audio, passes };
}

/**
 * Replaces old[start, end) by the same samples of `region` (which begins at old sample `regionStart`),
 * fading over `fade` samples inside the span at each edge so the audio outside stays untouched.
 */
export function spliceAudio(old: Float32Array, region: Float32Array, regionStart: number, start: number, end: number, fade: number): Float32Array {
  const out = new Float32Array(old);
  const width = Math.min(fade, Math.floor((end - start) / 2));
  for (let i = start; i < end; i++) {
    const fresh = region[i - regionStart] as number;
    const fromEdge = Math.min(i - start, end - 1 - i);
    const w = fromEdge >= width ? 1 : Math.sin((((fromEdge + 0.5) / width) * Math.PI) / 2) ** 2;
    out[i] = (old[i] as number) * (1 - w) + fresh * w;
  }
  return out;
}
