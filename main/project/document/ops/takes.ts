/**
 * Takes: every rendering of a turn is kept. A new take becomes the clip's chosen take (creating the
 * clip, placed after the previous turn's clip with the default pause, the first time); any take
 * can be chosen again; deleting the chosen take falls back to the newest other one.
 */
import type { Seconds } from '../../../engine/units.js';
import { ProjectError } from '../errors.js';
import { newId } from '../ids.js';
import type { Clip, Project, Take } from '../schema.js';
import { clipEndTime, clipOfTurn, replaceById, stateForTake, takeById, turnById } from './lookup.js';

/** Where a new clip for `turnId` goes: after the latest-ending clip of the turns before it. */
export function defaultStart(p: Project, turnId: string): Seconds {
  const index = p.turns.findIndex((t) => t.id === turnId);
  let end: Seconds | undefined;
  for (const turn of p.turns.slice(0, Math.max(0, index))) {
    const clip = clipOfTurn(p, turn.id);
    if (clip !== undefined) end = Math.max(end ?? 0, clipEndTime(p, clip));
  }
  return end === undefined ? 0 : end + p.settings.defaultPause;
}

export function addTake(p: Project, take: Take, clipId?: string): Project {
  const turn = turnById(p, take.turnId);
  if (p.takes.some((t) => t.id === take.id))
    throw new ProjectError('EDIT', `Take "${take.id}" is already in the project.`);
  const withTake = { ...p, takes: [...p.takes, take] };
  const existing = clipOfTurn(p, turn.id);
  const state = stateForTake(turn, take);
  const turns = replaceById(p.turns, turn.id, (t) => {
    const { error: _gone, ...rest } = t;
    return { ...rest, state };
  });
  if (existing !== undefined) {
    // Keep the trims where they still fit the new take's length.
    const clip = fitTrims({ ...existing, takeId: take.id }, take.duration);
    return { ...withTake, turns, clips: replaceById(p.clips, existing.id, () => clip) };
  }
  const clip: Clip = {
    id: clipId ?? newId('clip'),
    turnId: turn.id,
    start: defaultStart(p, turn.id),
    trimIn: 0,
    trimOut: 0,
    gain: 0,
    takeId: take.id,
  };
  return { ...withTake, turns, clips: [...p.clips, clip] };
}

function fitTrims(clip: Clip, duration: Seconds): Clip {
  return clip.trimIn + clip.trimOut < duration * 0.9 ? clip : { ...clip, trimIn: 0, trimOut: 0 };
}

export function chooseTake(p: Project, takeId: string): Project {
  const take = takeById(p, takeId);
  const clip = clipOfTurn(p, take.turnId);
  if (clip === undefined)
    throw new ProjectError('EDIT', `Turn "${take.turnId}" has no clip to show take "${takeId}".`);
  const turn = turnById(p, take.turnId);
  return {
    ...p,
    clips: replaceById(p.clips, clip.id, (c) => fitTrims({ ...c, takeId }, take.duration)),
    turns: replaceById(p.turns, turn.id, (t) => ({ ...t, state: stateForTake(t, take) })),
  };
}

/** Takes of a turn, oldest first. */
export function takesOfTurn(p: Project, turnId: string): Take[] {
  return p.takes.filter((t) => t.turnId === turnId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function deleteTake(p: Project, takeId: string): Project {
  const take = takeById(p, takeId);
  const takes = p.takes.filter((t) => t.id !== takeId);
  const clip = clipOfTurn(p, take.turnId);
  if (clip === undefined || clip.takeId !== takeId) return { ...p, takes };
  const remaining = takesOfTurn({ ...p, takes }, take.turnId);
  const fallback = remaining[remaining.length - 1];
  if (fallback === undefined) {
    return {
      ...p,
      takes,
      clips: p.clips.filter((c) => c.id !== clip.id),
      turns: replaceById(p.turns, take.turnId, (t) => ({ ...t, state: 'empty' })),
    };
  }
  return chooseTake({ ...p, takes }, fallback.id);
}
