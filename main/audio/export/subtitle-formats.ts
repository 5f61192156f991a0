/** SubRip (.srt) and WebVTT (.vtt) text from cues. */
import type { Seconds } from '../../engine/units.js';
import type { SubtitleCue } from './subtitle-cues.js';

/** hh:mm:ss plus milliseconds after `separator` (',' for SRT, '.' for VTT). */
export function formatTimestamp(time: Seconds, separator: ',' | '.'): string {
  const ms = Math.max(0, Math.round(time * 1000));
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${separator}${pad(ms % 1000, 3)}`;
}

export interface SubtitleTextOptions {
  /** Prefix each cue with its speaker (SRT: "Alice: ", VTT: a <v Alice> voice span). Default true. */
  readonly speakers?: boolean;
}

export function toSrt(cues: readonly SubtitleCue[], options: SubtitleTextOptions = {}): string {
  return cues
    .map((cue, i) => {
      const lines =
        options.speakers === false
          ? cue.lines
          : cue.lines.map((l, j) => (j === 0 ? `${cue.speaker}: ${l}` : l));
      return `${i + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

const escapeVtt = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toVtt(cues: readonly SubtitleCue[], options: SubtitleTextOptions = {}): string {
  const body = cues.map((cue) => {
    const lines = cue.lines.map(escapeVtt);
    const text =
      options.speakers === false ? lines : lines.map((l) => `<v ${escapeVtt(cue.speaker)}>${l}</v>`);
    return `${formatTimestamp(cue.start, '.')} --> ${formatTimestamp(cue.end, '.')}\n${text.join('\n')}\n`;
  });
  return ['WEBVTT\n', ...body].join('\n');
}
