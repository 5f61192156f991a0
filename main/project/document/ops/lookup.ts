/** Finding things in a project by id, with errors that name what is missing. */
import type { Seconds } from '../../../engine/units.js';
import { ProjectError } from '../errors.js';
import type { Clip, Project, Speaker, Take, Turn } from '../schema.js';

function find<T extends { id: string }>(list: readonly T[], id: string, kind: string): T {
  const item = list.find((x) => x.id === id);
  if (item === undefined) throw new ProjectError('EDIT', `There is no ${kind} "${id}" in this project.`);
  return item;
}

export const speakerById = (p: Project, id: string): Speaker => find(p.speakers, id, 'speaker');
export const turnById = (p: Project, id: string): Turn => find(p.turns, id, 'turn');
export const clipById = (p: Project, id: string): Clip => find(p.clips, id, 'clip');
export const takeById = (p: Project, id: string): Take => find(p.takes, id, 'take');

export function clipOfTurn(p: Project, turnId: string): Clip | undefined {
  return p.clips.find((c) => c.turnId === turnId);
}

/** A copy of `list` with the item `id` replaced by `update(item)`. */
export function replaceById<T extends { id: string }>(
  list: readonly T[],
  id: string,
  update: (item: T) => T,
): T[] {
  return list.map((item) => (item.id === id ? update(item) : item));
}

/** How long the clip plays once trimmed. */
export function clipLength(p: Project, clip: Clip): Seconds {
  return Math.max(0, takeById(p, clip.takeId).duration - clip.trimIn - clip.trimOut);
}

export function clipEndTime(p: Project, clip: Clip): Seconds {
  return clip.start + clipLength(p, clip);
}

/** State a turn with a chosen take has: ready if the take was rendered from the current text and options. */
export function stateForTake(turn: Turn, take: Take): Turn['state'] {
  return take.text === turn.text ? 'ready' : 'stale';
}
