/**
 * The exporter the app and the CLI share: mix the lanes offline, normalise to a loudness target
 * under a true-peak ceiling, encode (WAV/FLAC/MP3), optionally write one stem per speaker and SRT/VTT
 * subtitles from the clips' timings. Everything is encoded in memory first and written atomically
 * at the end, so a cancelled or failed export leaves no half-written files behind.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { throwIfAborted } from '../../engine/errors.js';
import type { Decibels, Seconds } from '../../engine/units.js';
import { integratedLoudness } from '../loudness.js';
import { mixOffline, renderStems, timelineDuration } from '../mix/render.js';
import type { MixClip, MixLane } from '../mix/types.js';
import { writeFileAtomic } from '../../project/atomic-write.js';
import { encodeAudio } from './encode.js';
import { normaliseToTarget } from './loudness-target.js';
import {
  type ExportFormat,
  type ExportOptionsInput,
  exportOptionsSchema,
  formatFromPath,
} from './options.js';
import { outputPaths } from './output-paths.js';
import { subtitleCues } from './subtitle-cues.js';
import { timedTurns } from './timed-turns.js';
import { toSrt, toVtt } from './subtitle-formats.js';
import { truePeakDb } from './true-peak.js';

export interface ExportClip extends MixClip {
  /** The turn's text, for subtitles. */
  readonly text?: string;
}

export interface ExportLane extends Omit<MixLane, 'clips'> {
  readonly clips: readonly ExportClip[];
}

/** Project-like input: lanes of placed clips (see main/project/mix-input.ts for a project's). */
export interface ExportInput {
  readonly lanes: readonly ExportLane[];
}

export type ExportStage = 'mix' | 'loudness' | 'encode' | 'stems' | 'write';

export interface ExportProgress {
  readonly stage: ExportStage;
  /** Overall 0..1. */
  readonly fraction: number;
}

export interface ExportRequest extends ExportOptionsInput {
  /** The mixed file; stems and subtitles are named after it. */
  readonly path: string;
  readonly onProgress?: (progress: ExportProgress) => void;
  readonly signal?: AbortSignal;
}

export interface ExportedFile {
  readonly path: string;
  readonly kind: 'mix' | 'stem' | 'subtitles';
  /** The lane (speaker) id, for stems. */
  readonly lane?: string;
  readonly bytes: number;
}

export interface ExportResult {
  readonly files: ExportedFile[];
  readonly format: ExportFormat;
  readonly duration: Seconds;
  /** Integrated loudness of the exported mix (LUFS). */
  readonly loudness: Decibels;
  readonly truePeak: Decibels;
  /** Things the user should know: a loudness target out of reach, a clipping mix. */
  readonly warnings: string[];
}

/** Share of the progress bar each stage takes. */
const STAGES: Record<ExportStage, [number, number]> = {
  mix: [0, 0.25],
  loudness: [0.25, 0.5],
  encode: [0.5, 0.7],
  stems: [0.7, 0.95],
  write: [0.95, 1],
};

export async function exportMix(input: ExportInput, request: ExportRequest): Promise<ExportResult> {
  const options = exportOptionsSchema.parse(request);
  const format = options.format ?? formatFromPath(request.path) ?? 'wav';
  const paths = outputPaths(request.path, format, input.lanes);
  const { signal } = request;
  const report = (stage: ExportStage, fraction: number): void => {
    const [from, to] = STAGES[stage];
    request.onProgress?.({ stage, fraction: from + (to - from) * Math.min(1, Math.max(0, fraction)) });
  };
  const timeline = timelineDuration(input);
  if (timeline <= 0) throw new RangeError('Nothing to export: the timeline has no audio clips.');
  const range = options.range;
  const duration = (range?.end ?? timeline) - (range?.start ?? 0);
  // A range cut through clips gets edge fades; the whole timeline starts and ends on clip fades.
  const window = { start: range?.start ?? 0, duration, fadeEdges: range !== null };
  const rate = options.sampleRate;
  const resampled = new Map<Float32Array, Float32Array>();
  const mix = mixOffline(input, {
    sampleRate: rate,
    ...window,
    signal,
    resampled,
    onProgress: (p) => report('mix', p.fraction),
  });
  throwIfAborted(signal);
  const warnings: string[] = [];
  const normalised =
    options.loudness === null ? null : normaliseToTarget([mix.left, mix.right], rate, options.loudness);
  const channels = normalised?.channels ?? [mix.left, mix.right];
  const loudness = normalised?.loudness ?? integratedLoudness(channels, rate);
  const peak = normalised?.truePeak ?? truePeakDb(channels);
  if (
    options.loudness !== null &&
    Number.isFinite(loudness) &&
    Math.abs(loudness - options.loudness.lufs) > 1
  ) {
    warnings.push(
      `The mix reaches ${loudness.toFixed(1)} LUFS, not ${options.loudness.lufs} LUFS: the ${options.loudness.truePeak} dBTP ceiling limits it.`,
    );
  }
  if (options.loudness === null && peak > 0)
    warnings.push(
      `The mix peaks at +${peak.toFixed(1)} dBTP and will clip; set a loudness target to limit it.`,
    );
  report('loudness', 1);
  throwIfAborted(signal);
  const outputs: { path: string; kind: ExportedFile['kind']; lane?: string; data: Uint8Array | string }[] =
    [];
  const encoding =
    (stage: ExportStage, from: number, to: number) =>
    (fraction: number): void => {
      throwIfAborted(signal);
      report(stage, from + (to - from) * fraction);
    };
  outputs.push({
    path: paths.mix,
    kind: 'mix',
    data: await encodeAudio(channels, rate, format, options, encoding('encode', 0, 1)),
  });
  report('encode', 1);
  if (options.stems) {
    const stems = renderStems(input, {
      sampleRate: rate,
      ...window,
      signal,
      resampled,
      onProgress: (p) => report('stems', p.fraction * 0.5),
    });
    const curve = normalised?.gainCurve;
    let index = 0;
    for (const lane of input.lanes) {
      throwIfAborted(signal);
      const stem = stems.get(lane.id);
      if (stem === undefined) continue;
      const stemChannels =
        curve === undefined
          ? [stem.left, stem.right]
          : [stem.left, stem.right].map((c) => c.map((v, i) => v * (curve[i] as number)));
      const share = 0.5 / input.lanes.length;
      const data = await encodeAudio(
        stemChannels,
        rate,
        format,
        options,
        encoding('stems', 0.5 + share * index, 0.5 + share * (index + 1)),
      );
      outputs.push({ path: paths.stem(lane.id), kind: 'stem', lane: lane.id, data });
      report('stems', 0.5 + share * ++index);
    }
  }
  if (options.subtitles.length > 0) {
    const cues = subtitleCues(timedTurns(input.lanes, range));
    const textOptions = { speakers: options.subtitleSpeakers };
    for (const kind of options.subtitles) {
      outputs.push({
        path: paths.subtitles(kind),
        kind: 'subtitles',
        data: kind === 'srt' ? toSrt(cues, textOptions) : toVtt(cues, textOptions),
      });
    }
  }
  throwIfAborted(signal);
  await mkdir(dirname(paths.mix), { recursive: true });
  const files: ExportedFile[] = [];
  for (const [i, output] of outputs.entries()) {
    await writeFileAtomic(output.path, output.data);
    const bytes = typeof output.data === 'string' ? Buffer.byteLength(output.data) : output.data.length;
    files.push({
      path: output.path,
      kind: output.kind,
      ...(output.lane === undefined ? {} : { lane: output.lane }),
      bytes,
    });
    report('write', (i + 1) / outputs.length);
  }
  return { files, format, duration, loudness, truePeak: peak, warnings };
}
