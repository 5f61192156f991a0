/**
 * Undo/redo keeps earlier documents as they were, so no edit may change its input: every edit
 * runs here on a deeply frozen project (a write would throw) and must leave a valid document.
 */
import { describe, expect, it } from 'vitest';
import { createProject } from '../create.js';
import { type Project, projectSchema } from '../schema.js';
import * as ops from './index.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function base(): Project {
  let p = createProject('Frozen');
  p = ops.addSpeaker(p, { name: 'Alice', id: 'a' });
  p = ops.addSpeaker(p, { name: 'Bob', id: 'b' });
  p = ops.addTurn(p, { speakerId: 'a', text: 'One two.', id: 't1' });
  p = ops.addTurn(p, { speakerId: 'b', text: 'Three.', id: 't2' });
  const take = {
    turnId: 't1',
    text: 'One two.',
    createdAt: '2026-01-01T00:00:00.000Z',
    seed: 0,
    audio: 'takes/k.wav',
    sampleRate: 16000,
    duration: 2,
    tokens: null,
  };
  p = ops.addTake(p, { ...take, id: 'k1' }, 'c1');
  p = ops.addTake(p, { ...take, id: 'k2', createdAt: '2026-01-01T00:01:00.000Z' });
  return deepFreeze(p);
}

const edits: [string, (p: Project) => Project][] = [
  ['addSpeaker', (p) => ops.addSpeaker(p, { name: 'Carol' })],
  ['renameSpeaker', (p) => ops.renameSpeaker(p, 'a', 'Alicia')],
  ['setSpeakerMix', (p) => ops.setSpeakerMix(p, 'a', { solo: true })],
  ['setSpeakerVoice', (p) => ops.setSpeakerVoice(p, 'a', { file: 'voices/x.wav', name: 'x.wav' })],
  ['removeSpeaker', (p) => ops.removeSpeaker(p, 'a')],
  ['removeSpeaker to b', (p) => ops.removeSpeaker(p, 'a', 'b')],
  ['addTurn', (p) => ops.addTurn(p, { speakerId: 'b', text: 'Four.', index: 1 })],
  ['deleteTurn', (p) => ops.deleteTurn(p, 't1')],
  ['setTurnText', (p) => ops.setTurnText(p, 't1', 'Changed.')],
  ['setTurnOptions', (p) => ops.setTurnOptions(p, 't1', { speed: 1.5 })],
  ['setTurnState', (p) => ops.setTurnState(p, 't2', 'failed', 'x')],
  ['reassignTurn', (p) => ops.reassignTurn(p, 't1', 'b')],
  ['reorderTurn', (p) => ops.reorderTurn(p, 't1', 1)],
  ['splitTurn', (p) => ops.splitTurn(p, 't1', 3)],
  ['mergeWithNext', (p) => ops.mergeWithNext(p, 't1')],
  ['moveClip', (p) => ops.moveClip(p, 'c1', 3)],
  ['trimClip', (p) => ops.trimClip(p, 'c1', { trimIn: 0.5, trimOut: 0.5 })],
  ['setClipGain', (p) => ops.setClipGain(p, 'c1', -3)],
  ['setLoop', (p) => ops.setLoop(p, { start: 0, end: 1 })],
  ['chooseTake', (p) => ops.chooseTake(p, 'k1')],
  ['deleteTake', (p) => ops.deleteTake(p, 'k2')],
  [
    'addTake',
    (p) =>
      ops.addTake(p, {
        id: 'k3',
        turnId: 't2',
        text: 'Three.',
        createdAt: '2026-01-01T00:02:00.000Z',
        seed: 0,
        audio: 'takes/k3.wav',
        sampleRate: 16000,
        duration: 1,
        tokens: null,
      }),
  ],
];

describe('edits never change their input', () => {
  it.each(edits)('%s', (_name, edit) => {
    const before = base();
    const snapshot = JSON.stringify(before);
    const after = edit(before);
    expect(after).not.toBe(before);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(projectSchema.safeParse(after).success).toBe(true);
  });
});
