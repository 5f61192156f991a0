/** The exporter the app and the CLI share, and the pieces the UI shows (options, subtitles, meters). */
export {
  type ExportClip,
  type ExportInput,
  type ExportLane,
  type ExportProgress,
  type ExportRequest,
  type ExportResult,
  type ExportedFile,
  exportMix,
} from './export-mix.js';
export { type LoudnessTarget, normaliseToTarget } from './loudness-target.js';
export { MP3_BITRATES } from './mp3.js';
export {
  type ExportFormat,
  type ExportOptions,
  type ExportOptionsInput,
  exportFormats,
  exportOptionsSchema,
  formatFromPath,
} from './options.js';
export { type SubtitleCue, type TimedTurn, subtitleCues } from './subtitle-cues.js';
export { formatTimestamp, toSrt, toVtt } from './subtitle-formats.js';
export { truePeak, truePeakDb } from './true-peak.js';
