/**
 * The spoken turns of an export, for subtitles: every audible clip with text, from its start to
 * its trimmed end, clipped to the exported range and timed from the range's start.
 */
import type { Seconds } from '../../engine/units.js';
import { audibleLanes } from '../mix/audible.js';
import { clipEnd } from '../mix/clip-span.js';
import type { MixClip, MixLane } from '../mix/types.js';
import type { TimedTurn } from './subtitle-cues.js';

type TextLane = Omit<MixLane, 'clips'> & {
  readonly clips: readonly (MixClip & { readonly text?: string })[];
};

export function timedTurns(
  lanes: readonly TextLane[],
  range: { start: Seconds; end: Seconds } | null,
): TimedTurn[] {
  const from = range?.start ?? 0;
  const to = range?.end ?? Infinity;
  return audibleLanes(lanes).flatMap((lane) =>
    lane.clips.flatMap((clip) => {
      const text = (clip.text ?? '').trim();
      const start = Math.max(clip.start, from);
      const end = Math.min(clipEnd(clip), to);
      return text.length > 0 && end > start
        ? [{ start: start - from, end: end - from, speaker: lane.name, text }]
        : [];
    }),
  );
}
