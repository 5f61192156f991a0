/**
 * Offline mixer: every clip of every given lane is trimmed, resampled to the output rate, faded
 * at its edges, scaled by clip and lane gain, panned and summed into a stereo float buffer.
 * Overlapping clips simply add. No limiting here: the exporter normalises and limits the sum.
 */
import { throwIfAborted } from '../../engine/errors.js';
import type { Hertz, Seconds } from '../../engine/units.js';
import { resample } from '../resample.js';
import { audibleLanes } from './audible.js';
import { EDGE_FADE, clipEnd, clipSpan, edgeFade } from './clip-span.js';
import { dbToGain, panGains } from './gain.js';
import type { MixInput, MixLane, MixProgress, StereoBuffer } from './types.js';

export interface MixOptions {
  readonly sampleRate: Hertz;
  /** Timeline time of the first output sample (an exported range); default 0. */
  readonly start?: Seconds;
  /** Output length; defaults to the end of the last clip on any lane (muted ones included). */
  readonly duration?: Seconds;
  /** Fade the output's first and last 5 ms (a range cut through clips). */
  readonly fadeEdges?: boolean;
  /** Ignore mute and solo (stems render each lane whatever the desk says). */
  readonly ignoreMuteSolo?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: MixProgress) => void;
  /** Resampled clip audio by source array, shared between a mix and its stems. */
  readonly resampled?: Map<Float32Array, Float32Array>;
}

/** End of the last clip over all lanes. */
export function timelineDuration(input: MixInput): Seconds {
  let end = 0;
  for (const lane of input.lanes) for (const clip of lane.clips) end = Math.max(end, clipEnd(clip));
  return end;
}

export function mixOffline(input: MixInput, options: MixOptions): StereoBuffer {
  const rate = options.sampleRate;
  // The epsilon keeps float noise (0.1 + 0.05 s) from adding a sample.
  const offset = Math.round((options.start ?? 0) * rate);
  const length = Math.ceil(
    (options.duration ?? timelineDuration(input) - (options.start ?? 0)) * rate - 1e-6,
  );
  const left = new Float32Array(length);
  const right = new Float32Array(length);
  const lanes: readonly MixLane[] = options.ignoreMuteSolo === true ? input.lanes : audibleLanes(input.lanes);
  const total = lanes.reduce((n, lane) => n + lane.clips.length, 0);
  // The same take may sit in several clips (and the stems repeat the mix); resample it once.
  const resampled = options.resampled ?? new Map<Float32Array, Float32Array>();
  let done = 0;
  for (const lane of lanes) {
    const laneGain = dbToGain(lane.gain ?? 0);
    const pan = panGains(lane.pan ?? 0);
    for (const clip of lane.clips) {
      throwIfAborted(options.signal);
      if (!(clip.start >= 0))
        throw new RangeError(`lane ${lane.name}: a clip starts at ${clip.start} s, before the timeline`);
      let audio = resampled.get(clip.audio);
      if (audio === undefined) {
        audio = resample(clip.audio, clip.sampleRate, rate);
        resampled.set(clip.audio, audio);
      }
      const span = clipSpan(clip, audio.length, rate);
      const n = span.to - span.from;
      const gain = laneGain * dbToGain(clip.gain ?? 0);
      const gl = gain * pan.left;
      const gr = gain * pan.right;
      const at = span.at - offset;
      const last = Math.min(n, length - at);
      for (let i = Math.max(0, -at); i < last; i++) {
        const v = (audio[span.from + i] as number) * edgeFade(i, n, span.fade);
        const o = at + i;
        left[o] = (left[o] as number) + v * gl;
        right[o] = (right[o] as number) + v * gr;
      }
      done++;
      options.onProgress?.({ fraction: total === 0 ? 1 : done / total });
    }
  }
  // A range that cuts through clips gets the same short fades as a clip edge.
  if (options.fadeEdges === true) {
    const fade = Math.min(Math.round(EDGE_FADE * rate), Math.floor(length / 2));
    for (let i = 0; i < fade; i++) {
      const g = edgeFade(i, length, fade);
      for (const channel of [left, right]) {
        channel[i] = (channel[i] as number) * g;
        channel[length - 1 - i] = (channel[length - 1 - i] as number) * g;
      }
    }
  }
  return { sampleRate: rate, left, right };
}

/** One stereo buffer per lane, all of the full timeline length so they line up in any editor. */
export function renderStems(input: MixInput, options: MixOptions): Map<string, StereoBuffer> {
  const duration = options.duration ?? timelineDuration(input) - (options.start ?? 0);
  const resampled = options.resampled ?? new Map<Float32Array, Float32Array>();
  const stems = new Map<string, StereoBuffer>();
  input.lanes.forEach((lane, index) => {
    const onProgress = options.onProgress;
    const stem = mixOffline(
      { lanes: [lane] },
      {
        ...options,
        duration,
        resampled,
        ignoreMuteSolo: true,
        onProgress:
          onProgress && ((p) => onProgress({ fraction: (index + p.fraction) / input.lanes.length })),
      },
    );
    stems.set(lane.id, stem);
  });
  return stems;
}
