import { describe, expect, it } from 'vitest';
import { createProject } from '../create.js';
import { type Project, type Take, projectSchema } from '../schema.js';
import {
  addSpeaker,
  addTake,
  addTurn,
  chooseTake,
  clipOfTurn,
  deleteTake,
  deleteTurn,
  mergeWithNext,
  moveClip,
  reassignTurn,
  removeSpeaker,
  renameSpeaker,
  reorderTurn,
  setLoop,
  setSpeakerMix,
  setSpeakerVoice,
  setTurnOptions,
  setTurnState,
  setTurnText,
  splitTurn,
  takesOfTurn,
  trimClip,
} from './index.js';

const take = (id: string, turnId: string, text: string, duration: number, minute = 0): Take => ({
  id,
  turnId,
  text,
  duration,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  seed: 1,
  audio: `takes/${id}.wav`,
  sampleRate: 24000,
  tokens: null,
});

function dialogue(): Project {
  let p = createProject('Test', new Date(Date.UTC(2026, 0, 1)));
  p = addSpeaker(p, { name: 'Alice', id: 'a' });
  p = addSpeaker(p, { name: 'Bob', id: 'b' });
  p = addTurn(p, { speakerId: 'a', text: 'Hello there.', id: 't1' });
  p = addTurn(p, { speakerId: 'b', text: 'Hi Alice.', id: 't2' });
  p = addTurn(p, { speakerId: 'a', text: 'How are you?', id: 't3' });
  return p;
}

/** Every edit's result must still be a valid document. */
const valid = (p: Project): Project => projectSchema.parse(p);

describe('speakers', () => {
  it('adds with distinct colours, renames, refuses clashing or empty names', () => {
    const p = dialogue();
    expect(p.speakers.map((s) => s.colour)).toEqual(['#4e79a7', '#f28e2b']);
    expect(renameSpeaker(p, 'a', ' Alicia ').speakers[0]?.name).toBe('Alicia');
    expect(() => renameSpeaker(p, 'a', 'bob')).toThrow(/already a speaker called "Bob"/);
    expect(() => addSpeaker(p, { name: '  ' })).toThrow(/needs a name/);
    expect(() => renameSpeaker(p, 'zz', 'X')).toThrow(/no speaker "zz"/);
    expect(setSpeakerMix(p, 'b', { gain: -3, pan: 0.5, mute: true }).speakers[1]).toMatchObject({
      gain: -3,
      pan: 0.5,
      mute: true,
      solo: false,
    });
  });

  it('removes a speaker with their turns, clips and takes, or hands the turns to another', () => {
    const p = addTake(dialogue(), take('k1', 't1', 'Hello there.', 1));
    const without = valid(removeSpeaker(p, 'a'));
    expect(without.turns.map((t) => t.id)).toEqual(['t2']);
    expect(without.clips).toEqual([]);
    expect(without.takes).toEqual([]);
    const handed = valid(removeSpeaker(p, 'a', 'b'));
    expect(handed.turns.map((t) => [t.speakerId, t.state])).toEqual([
      ['b', 'stale'],
      ['b', 'empty'],
      ['b', 'empty'],
    ]);
  });

  it('marks rendered turns stale when the speaker gets a new voice, unless they carry their own', () => {
    let p = addTake(dialogue(), take('k1', 't1', 'Hello there.', 1));
    p = addTake(p, take('k3', 't3', 'How are you?', 1));
    p = setTurnOptions(p, 't3', { voice: { file: 'voices/w.wav', name: 'whisper.wav' } });
    p = addTake(p, take('k3b', 't3', 'How are you?', 1, 1));
    const q = setSpeakerVoice(p, 'a', { file: 'voices/new.wav', name: 'new.wav' });
    expect(q.turns.map((t) => t.state)).toEqual(['stale', 'empty', 'ready']);
  });
});

describe('turns', () => {
  it('adds at an index, reorders, reassigns and deletes with clip and takes', () => {
    let p = addTurn(dialogue(), { speakerId: 'b', text: ' First! ', index: 0, id: 't0' });
    expect(p.turns.map((t) => t.id)).toEqual(['t0', 't1', 't2', 't3']);
    expect(p.turns[0]?.text).toBe('First!');
    p = reorderTurn(p, 't0', 99);
    expect(p.turns.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't0']);
    p = addTake(p, take('k2', 't2', 'Hi Alice.', 1));
    expect(reassignTurn(p, 't2', 'a').turns[1]).toMatchObject({ speakerId: 'a', state: 'stale' });
    const gone = valid(deleteTurn(p, 't2'));
    expect(gone.turns.map((t) => t.id)).toEqual(['t1', 't3', 't0']);
    expect(gone.clips).toEqual([]);
    expect(gone.takes).toEqual([]);
  });

  it('marks a rendered turn stale when its text or render options change, not its gain', () => {
    const p = addTake(dialogue(), take('k1', 't1', 'Hello there.', 1));
    expect(p.turns[0]?.state).toBe('ready');
    expect(setTurnText(p, 't1', 'Hello there.')).toBe(p);
    expect(setTurnText(p, 't1', 'Hello again.').turns[0]?.state).toBe('stale');
    expect(setTurnText(p, 't2', 'Hey.').turns[1]?.state).toBe('empty');
    expect(setTurnOptions(p, 't1', { gain: -6 }).turns[0]?.state).toBe('ready');
    expect(setTurnOptions(p, 't1', { speed: 1.2 }).turns[0]?.state).toBe('stale');
    expect(setTurnOptions(p, 't1', { seed: 5 }).turns[0]?.state).toBe('stale');
    const failed = setTurnState(p, 't2', 'failed', 'voice sample missing');
    expect(failed.turns[1]).toMatchObject({ state: 'failed', error: 'voice sample missing' });
    expect(setTurnState(failed, 't2', 'rendering').turns[1]?.error).toBeUndefined();
  });

  it('splits a turn in two and merges it back', () => {
    let p = addTake(dialogue(), take('k1', 't1', 'Hello there.', 1));
    p = valid(splitTurn(p, 't1', 6, 'new'));
    expect(p.turns.slice(0, 2).map((t) => [t.id, t.text, t.state])).toEqual([
      ['t1', 'Hello', 'stale'],
      ['new', 'there.', 'empty'],
    ]);
    expect(() => splitTurn(p, 't2', 0)).toThrow(/both parts need some words/);
    p = addTake(p, take('kn', 'new', 'there.', 1));
    p = valid(mergeWithNext(p, 't1'));
    expect(p.turns.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    expect(p.turns[0]).toMatchObject({ text: 'Hello there.', state: 'stale' });
    expect(p.takes.map((t) => t.id)).toEqual(['k1']);
    expect(() => mergeWithNext(p, 't3')).toThrow(/no next turn/);
  });
});

describe('takes and clips', () => {
  it('places the first take after the previous clip with the default pause', () => {
    let p = addTake(dialogue(), take('k1', 't1', 'Hello there.', 1.5));
    p = addTake(p, take('k3', 't3', 'How are you?', 2));
    p = addTake(p, take('k2', 't2', 'Hi Alice.', 1));
    const start = (turnId: string): number | undefined => clipOfTurn(p, turnId)?.start;
    expect(start('t1')).toBe(0);
    expect(start('t3')).toBeCloseTo(1.85, 9); // t2 had no clip yet: after t1
    expect(start('t2')).toBeCloseTo(1.85, 9);
    valid(p);
  });

  it('keeps every take, chooses any, and falls back when the chosen one is deleted', () => {
    let p = addTake(dialogue(), take('k1', 't1', 'Hello there.', 1, 0));
    p = setTurnText(p, 't1', 'Hello you.');
    p = addTake(p, take('k2', 't1', 'Hello you.', 1.2, 1));
    expect(clipOfTurn(p, 't1')?.takeId).toBe('k2');
    expect(p.turns[0]?.state).toBe('ready');
    p = chooseTake(p, 'k1');
    expect(p.turns[0]?.state).toBe('stale'); // k1 was rendered from the old text
    expect(takesOfTurn(p, 't1').map((t) => t.id)).toEqual(['k1', 'k2']);
    p = valid(deleteTake(p, 'k1'));
    expect(clipOfTurn(p, 't1')?.takeId).toBe('k2');
    expect(p.turns[0]?.state).toBe('ready');
    p = valid(deleteTake(p, 'k2'));
    expect(p.clips).toEqual([]);
    expect(p.turns[0]?.state).toBe('empty');
    expect(() => addTake(addTake(p, take('k3', 't1', 'x', 1)), take('k3', 't1', 'x', 1))).toThrow(
      /already in the project/,
    );
  });

  it('moves and trims clips, keeping trimmed audio in place', () => {
    let p = addTake(dialogue(), take('k1', 't1', 'Hello there.', 2));
    const clip = clipOfTurn(p, 't1');
    if (clip === undefined) throw new Error('no clip');
    p = moveClip(p, clip.id, 1);
    p = moveClip(moveClip(p, clip.id, -5), clip.id, 1);
    p = trimClip(p, clip.id, { trimIn: 0.25 });
    expect(clipOfTurn(p, 't1')).toMatchObject({ start: 1.25, trimIn: 0.25, trimOut: 0 });
    p = trimClip(p, clip.id, { trimOut: 0.5 });
    expect(clipOfTurn(p, 't1')).toMatchObject({ start: 1.25, trimIn: 0.25, trimOut: 0.5 });
    expect(() => trimClip(p, clip.id, { trimOut: 1.75 })).toThrow(/leave nothing/);
    expect(setLoop(p, { start: 3, end: 1 }).loop).toEqual({ start: 1, end: 3, enabled: true });
    expect(() => setLoop(p, { start: 1, end: 1 })).toThrow(/needs a length/);
    valid(p);
  });
});
