/**
 * Subtitle cues from turn timings: one cue per clip on the timeline, text wrapped to lines of at
 * most 42 characters (the common broadcast limit), at most two lines per cue; a longer turn is cut
 * into consecutive cues whose durations follow their share of the characters.
 */
import type { Seconds } from '../../engine/units.js';

export interface SubtitleCue {
  readonly start: Seconds;
  readonly end: Seconds;
  readonly speaker: string;
  /** Lines shown together. */
  readonly lines: readonly string[];
}

export interface TimedTurn {
  readonly start: Seconds;
  readonly end: Seconds;
  readonly speaker: string;
  readonly text: string;
}

export interface CueOptions {
  readonly maxLineLength?: number;
  readonly maxLines?: number;
}

/** Greedy word wrap; a word longer than a line gets a line of its own. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

export function subtitleCues(turns: readonly TimedTurn[], options: CueOptions = {}): SubtitleCue[] {
  const width = options.maxLineLength ?? 42;
  const perCue = options.maxLines ?? 2;
  const cues: SubtitleCue[] = [];
  const ordered = [...turns]
    .filter((t) => t.end > t.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (const turn of ordered) {
    const lines = wrapWords(turn.text, width);
    const groups: string[][] = [];
    for (let i = 0; i < lines.length; i += perCue) groups.push(lines.slice(i, i + perCue));
    const total = groups.reduce((n, g) => n + g.join(' ').length, 0);
    let at = turn.start;
    groups.forEach((group, index) => {
      const end =
        index === groups.length - 1
          ? turn.end
          : at + ((turn.end - turn.start) * group.join(' ').length) / total;
      cues.push({ start: at, end, speaker: turn.speaker, lines: group });
      at = end;
    });
  }
  return cues;
}
