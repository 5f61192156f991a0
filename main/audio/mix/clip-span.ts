/**
 * Where a clip lands on the output timeline once trimmed: the source sample range it plays and the
 * output sample it starts at, with short raised-cosine fades at both edges so cuts do not click.
 */
import type { Hertz, Samples, Seconds } from '../../engine/units.js';
import type { MixClip } from './types.js';

/** Long enough to hide a cut through a waveform, short enough not to eat a consonant. */
export const EDGE_FADE: Seconds = 0.005;

export interface ClipSpan {
  /** First source sample played (after trimIn), in the clip's own (resampled) audio. */
  readonly from: Samples;
  /** One past the last source sample played. */
  readonly to: Samples;
  /** Output sample where `from` lands; may be negative only if start < 0 (refused upstream). */
  readonly at: Samples;
  /** Fade length in samples at each edge (already capped to half the span). */
  readonly fade: Samples;
}

export function clipSpan(clip: MixClip, length: Samples, rate: Hertz, fade: Seconds = EDGE_FADE): ClipSpan {
  const trimIn = Math.max(0, clip.trimIn ?? 0);
  const trimOut = Math.max(0, clip.trimOut ?? 0);
  const from = Math.min(length, Math.round(trimIn * rate));
  const to = Math.max(from, length - Math.round(trimOut * rate));
  const fadeSamples = Math.min(Math.round(fade * rate), Math.floor((to - from) / 2));
  return { from, to, at: Math.round(clip.start * rate), fade: fadeSamples };
}

/** Gain of the fade envelope at offset `i` into a span of `n` samples with `fade`-sample ramps. */
export function edgeFade(i: Samples, n: Samples, fade: Samples): number {
  if (fade <= 0) return 1;
  const fromEdge = Math.min(i, n - 1 - i);
  if (fromEdge >= fade) return 1;
  // Half a raised cosine from 0 to 1 over the ramp; the first and last samples are silent.
  return 0.5 - 0.5 * Math.cos((Math.PI * fromEdge) / fade);
}

/** End of the clip on the timeline, in seconds. */
export function clipEnd(clip: MixClip): Seconds {
  const played = clip.audio.length / clip.sampleRate - (clip.trimIn ?? 0) - (clip.trimOut ?? 0);
  return clip.start + Math.max(0, played);
}
