/**
 * Turn edits: add, delete, split, merge, reorder, reassign, text and options. Pure functions; a
 * change that alters what a rendered turn would sound like marks it stale (its clip stays on the
 * timeline until a new take replaces it).
 */
import { ProjectError } from '../errors.js';
import { newId } from '../ids.js';
import type { Project, Turn, TurnOptions, TurnState } from '../schema.js';
import { clipOfTurn, replaceById, speakerById, turnById } from './lookup.js';

const DEFAULT_OPTIONS: TurnOptions = { speed: 1, gain: 0, seed: null, voice: null, targetDuration: null };

/** A rendered turn whose inputs changed is stale; one never rendered stays empty. */
function staled(state: TurnState): TurnState {
  return state === 'ready' ? 'stale' : state;
}

export function addTurn(
  p: Project,
  args: { speakerId: string; text: string; index?: number; options?: Partial<TurnOptions>; id?: string },
): Project {
  speakerById(p, args.speakerId);
  const turn: Turn = {
    id: args.id ?? newId('turn'),
    speakerId: args.speakerId,
    text: args.text.trim(),
    options: { ...DEFAULT_OPTIONS, ...args.options },
    state: 'empty',
  };
  const turns = [...p.turns];
  turns.splice(Math.max(0, Math.min(args.index ?? turns.length, turns.length)), 0, turn);
  return { ...p, turns };
}

/** Deletes the turn with its clip and all its takes. */
export function deleteTurn(p: Project, id: string): Project {
  turnById(p, id);
  return {
    ...p,
    turns: p.turns.filter((t) => t.id !== id),
    clips: p.clips.filter((c) => c.turnId !== id),
    takes: p.takes.filter((t) => t.turnId !== id),
  };
}

export function setTurnText(p: Project, id: string, text: string): Project {
  const turn = turnById(p, id);
  const next = text.trim();
  if (next === turn.text) return p;
  return { ...p, turns: replaceById(p.turns, id, (t) => ({ ...t, text: next, state: staled(t.state) })) };
}

/** Gain only changes the mix; speed, seed, voice and target duration change the rendering. */
export function setTurnOptions(p: Project, id: string, options: Partial<TurnOptions>): Project {
  const turn = turnById(p, id);
  const merged = { ...turn.options, ...options };
  const rerender = (['speed', 'seed', 'voice', 'targetDuration'] as const).some(
    (k) => JSON.stringify(merged[k]) !== JSON.stringify(turn.options[k]),
  );
  return {
    ...p,
    turns: replaceById(p.turns, id, (t) => ({
      ...t,
      options: merged,
      state: rerender ? staled(t.state) : t.state,
    })),
  };
}

/** Render bookkeeping from the job events: rendering, failed (with the reason), or back to idle. */
export function setTurnState(p: Project, id: string, state: TurnState, error?: string): Project {
  turnById(p, id);
  return {
    ...p,
    turns: replaceById(p.turns, id, (t) => {
      const { error: _old, ...rest } = t;
      return state === 'failed' ? { ...rest, state, error: error ?? 'Rendering failed' } : { ...rest, state };
    }),
  };
}

export function reassignTurn(p: Project, id: string, speakerId: string): Project {
  const turn = turnById(p, id);
  speakerById(p, speakerId);
  if (turn.speakerId === speakerId) return p;
  // A turn with its own voice sample sounds the same whoever it belongs to.
  const state = turn.options.voice === null ? staled(turn.state) : turn.state;
  return { ...p, turns: replaceById(p.turns, id, (t) => ({ ...t, speakerId, state })) };
}

export function reorderTurn(p: Project, id: string, toIndex: number): Project {
  const turn = turnById(p, id);
  const rest = p.turns.filter((t) => t.id !== id);
  rest.splice(Math.max(0, Math.min(toIndex, rest.length)), 0, turn);
  return { ...p, turns: rest };
}

/**
 * Splits a turn's text at a character offset into two turns of the same speaker. The first keeps
 * the clip and takes (now stale), the second starts empty.
 */
export function splitTurn(p: Project, id: string, at: number, newTurnId?: string): Project {
  const turn = turnById(p, id);
  const head = turn.text.slice(0, at).trim();
  const tail = turn.text.slice(at).trim();
  if (head.length === 0 || tail.length === 0)
    throw new ProjectError('EDIT', 'Split inside the text: both parts need some words.');
  const second: Turn = {
    id: newTurnId ?? newId('turn'),
    speakerId: turn.speakerId,
    text: tail,
    options: { ...turn.options, targetDuration: null },
    state: 'empty',
  };
  const turns = p.turns.flatMap((t) =>
    t.id === id ? [{ ...t, text: head, state: staled(t.state) }, second] : [t],
  );
  return { ...p, turns };
}

/**
 * Merges a turn with the next one in the script: the texts join, the first turn's speaker,
 * options, clip and takes stay (stale), the second's clip and takes go.
 */
export function mergeWithNext(p: Project, id: string): Project {
  const index = p.turns.findIndex((t) => t.id === id);
  if (index < 0) turnById(p, id);
  const first = p.turns[index] as Turn;
  const second = p.turns[index + 1];
  if (second === undefined) throw new ProjectError('EDIT', 'The last turn has no next turn to merge with.');
  const merged = {
    ...first,
    text: `${first.text} ${second.text}`.trim(),
    state: clipOfTurn(p, first.id) === undefined ? ('empty' as const) : ('stale' as const),
  };
  return {
    ...p,
    turns: p.turns.filter((t) => t.id !== second.id).map((t) => (t.id === first.id ? merged : t)),
    clips: p.clips.filter((c) => c.turnId !== second.id),
    takes: p.takes.filter((t) => t.turnId !== second.id),
  };
}
