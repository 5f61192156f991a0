/** Every edit operation the UI uses, through the store: one undo step each, undo and redo exact. */
import { describe, expect, it } from 'vitest';
import {
  addSpeaker,
  addTake,
  addTurn,
  chooseTake,
  createProject,
  deleteTake,
  deleteTurn,
  mergeWithNext,
  moveClip,
  reassignTurn,
  removeSpeaker,
  renameSpeaker,
  reorderTurn,
  setClipGain,
  setLoop,
  setSpeakerMix,
  setSpeakerVoice,
  setTurnOptions,
  setTurnState,
  setTurnText,
  splitTurn,
  trimClip,
  type Project,
  type Take,
} from '../../main/project/document/index.js';
import { createStudioStore } from '../../renderer/state/store.js';

const NOW = '2026-01-01T00:00:00.000Z';

function take(turnId: string, id: string, text: string): Take {
  return {
    id,
    turnId,
    createdAt: NOW,
    text,
    seed: 1,
    audio: `takes/${id}.wav`,
    sampleRate: 16000,
    duration: 3,
    tokens: null,
  };
}

const ids = (p: Project) => ({
  a: p.speakers[0]?.id ?? '',
  b: p.speakers[1]?.id ?? '',
  t0: p.turns[0]?.id ?? '',
  t1: p.turns[1]?.id ?? '',
  c0: p.clips[0]?.id ?? '',
});

/** Each step: a name and the edit, built from the document as it is when the step runs. */
const steps: [string, (p: Project) => Project][] = [
  ['add speaker', (p) => addSpeaker(p, { name: 'Alice' })],
  ['add second speaker', (p) => addSpeaker(p, { name: 'Bob' })],
  ['rename speaker', (p) => renameSpeaker(p, ids(p).a, 'Alicia')],
  [
    'speaker colour and mix',
    (p) => setSpeakerMix(p, ids(p).a, { colour: '#123456', gain: -3, pan: 0.5, mute: true, solo: true }),
  ],
  ['speaker voice', (p) => setSpeakerVoice(p, ids(p).a, { file: 'voices/a.wav', name: 'a.wav' })],
  ['add turn', (p) => addTurn(p, { speakerId: ids(p).a, text: 'Hello there. How are you?' })],
  ['add another turn', (p) => addTurn(p, { speakerId: ids(p).b, text: 'Fine.' })],
  ['turn text', (p) => setTurnText(p, ids(p).t1, 'Fine, thanks.')],
  ['turn options', (p) => setTurnOptions(p, ids(p).t0, { speed: 1.2, gain: 2, seed: 9, targetDuration: 3 })],
  ['reassign', (p) => reassignTurn(p, ids(p).t1, ids(p).a)],
  ['reorder', (p) => reorderTurn(p, ids(p).t1, 0)],
  ['render state', (p) => setTurnState(p, ids(p).t0, 'failed', 'no voice')],
  ['take arrives', (p) => addTake(p, take(ids(p).t0, 'take-1', p.turns[0]?.text ?? ''))],
  ['second take', (p) => addTake(p, take(ids(p).t0, 'take-2', p.turns[0]?.text ?? ''))],
  ['choose take', (p) => chooseTake(p, 'take-1')],
  ['move clip', (p) => moveClip(p, ids(p).c0, 2.5)],
  ['trim clip', (p) => trimClip(p, ids(p).c0, { trimIn: 0.2, trimOut: 0.3 })],
  ['clip gain', (p) => setClipGain(p, ids(p).c0, -6)],
  ['loop', (p) => setLoop(p, { start: 1, end: 2 })],
  ['delete take', (p) => deleteTake(p, 'take-2')],
  ['split', (p) => splitTurn(p, ids(p).t1, 13)],
  ['merge', (p) => mergeWithNext(p, ids(p).t1)],
  ['delete turn', (p) => deleteTurn(p, ids(p).t0)],
  ['remove speaker', (p) => removeSpeaker(p, ids(p).b)],
];

describe('undo and redo over every edit', () => {
  it('records each edit as one step that undoes and redoes exactly', () => {
    const store = createStudioStore(createProject('Every edit', new Date(NOW)));
    const history: Project[] = [store.getState().project];
    for (const [name, step] of steps) {
      const ok = store.getState().edit(step);
      expect(ok, name).toBe(true);
      expect(store.getState().project, name).not.toBe(history.at(-1));
      history.push(store.getState().project);
    }
    for (let i = history.length - 2; i >= 0; i--) {
      store.temporal.getState().undo();
      expect(store.getState().project, `undo of ${steps[i]?.[0]}`).toBe(history[i]);
    }
    for (let i = 1; i < history.length; i++) {
      store.temporal.getState().redo();
      expect(store.getState().project, `redo of ${steps[i - 1]?.[0]}`).toBe(history[i]);
    }
  });
});
