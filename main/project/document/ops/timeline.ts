/** Clip edits on the timeline: move (pauses and overlaps), trim, gain, and the loop region. */
import type { Seconds } from '../../../engine/units.js';
import { ProjectError } from '../errors.js';
import type { Clip, Project } from '../schema.js';
import { clipById, replaceById, takeById } from './lookup.js';

/** Shortest audible clip a trim may leave. */
export const MIN_CLIP_LENGTH: Seconds = 0.02;

export function moveClip(p: Project, id: string, start: Seconds): Project {
  clipById(p, id);
  return { ...p, clips: replaceById(p.clips, id, (c) => ({ ...c, start: Math.max(0, start) })) };
}

/**
 * Trims the clip's head and/or tail. Trimming the head keeps the remaining audio where it was on
 * the timeline (the clip's start moves by the same amount), as a DAW's edge drag does.
 */
export function trimClip(p: Project, id: string, trim: { trimIn?: Seconds; trimOut?: Seconds }): Project {
  const clip = clipById(p, id);
  const duration = takeById(p, clip.takeId).duration;
  const trimIn = Math.max(0, trim.trimIn ?? clip.trimIn);
  const trimOut = Math.max(0, trim.trimOut ?? clip.trimOut);
  if (duration - trimIn - trimOut < MIN_CLIP_LENGTH)
    throw new ProjectError('EDIT', 'That trim would leave nothing of the clip.');
  const start = Math.max(0, clip.start + (trimIn - clip.trimIn));
  return { ...p, clips: replaceById(p.clips, id, (c): Clip => ({ ...c, trimIn, trimOut, start })) };
}

export function setClipGain(p: Project, id: string, gain: number): Project {
  clipById(p, id);
  return { ...p, clips: replaceById(p.clips, id, (c) => ({ ...c, gain })) };
}

export function setLoop(
  p: Project,
  loop: { start: Seconds; end: Seconds; enabled?: boolean } | null,
): Project {
  if (loop === null) return { ...p, loop: null };
  const start = Math.max(0, Math.min(loop.start, loop.end));
  const end = Math.max(loop.start, loop.end);
  if (end - start <= 0) throw new ProjectError('EDIT', 'A loop region needs a length.');
  return { ...p, loop: { start, end, enabled: loop.enabled ?? true } };
}
