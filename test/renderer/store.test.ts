import { describe, expect, it } from 'vitest';
import {
  addSpeaker,
  addTake,
  addTurn,
  createProject,
  moveClip,
  renameSpeaker,
  setTurnText,
  type Project,
  type Take,
} from '../../main/project/document/index.js';
import { applyScript, parseScriptText } from '../../main/script/index.js';
import { generateBlocker } from '../../renderer/state/generate-blocker.js';
import { nearestPlayheadFirst } from '../../renderer/state/playhead-order.js';
import { createStudioStore } from '../../renderer/state/store.js';

const NOW = new Date('2026-01-01T00:00:00Z');

function withScript(): ReturnType<typeof createStudioStore> {
  const store = createStudioStore(createProject('Test', NOW));
  store.getState().load('/tmp/p', createProject('Test', NOW), null);
  store
    .getState()
    .edit((p) => applyScript(p, parseScriptText('Alice: Hello there.\nBob: Hi Alice.\nAlice: Bye.')));
  return store;
}

function take(p: Project, turnIndex: number, id: string): Take {
  const turn = p.turns[turnIndex]!;
  return {
    id,
    turnId: turn.id,
    createdAt: NOW.toISOString(),
    text: turn.text,
    seed: 1,
    audio: `takes/${id}.wav`,
    sampleRate: 16000,
    duration: 2,
    tokens: null,
  };
}

describe('studio store', () => {
  it('applies a pasted script through the shared parser as one undo step', () => {
    const store = withScript();
    const { project } = store.getState();
    expect(project.speakers.map((s) => s.name)).toEqual(['Alice', 'Bob']);
    expect(project.turns.map((t) => t.text)).toEqual(['Hello there.', 'Hi Alice.', 'Bye.']);
    store.temporal.getState().undo();
    expect(store.getState().project.turns).toEqual([]);
    store.temporal.getState().redo();
    expect(store.getState().project.turns).toHaveLength(3);
  });

  it('undoes and redoes every kind of edit in order', () => {
    const store = withScript();
    const { edit } = store.getState();
    const alice = store.getState().project.speakers[0]!.id;
    const before = store.getState().project;
    edit((p) => renameSpeaker(p, alice, 'Alicia'));
    edit((p) => setTurnText(p, p.turns[1]!.id, 'Hello Alicia.'));
    edit((p) => addTake(p, take(p, 0, 'take-a')));
    edit((p) => moveClip(p, p.clips[0]!.id, 4));
    edit((p) => addTake(p, take(p, 0, 'take-b')));
    const after = store.getState().project;
    expect(after.clips[0]).toMatchObject({ start: 4, takeId: 'take-b' });
    for (let i = 0; i < 5; i++) store.temporal.getState().undo();
    expect(store.getState().project).toBe(before);
    for (let i = 0; i < 5; i++) store.temporal.getState().redo();
    expect(store.getState().project).toEqual(after);
  });

  it('undo after a regenerated take goes back to the previous take', () => {
    const store = withScript();
    const { edit } = store.getState();
    edit((p) => addTake(p, take(p, 0, 'take-1')));
    edit((p) => addTake(p, take(p, 0, 'take-2')));
    expect(store.getState().project.clips[0]!.takeId).toBe('take-2');
    store.temporal.getState().undo();
    expect(store.getState().project.clips[0]!.takeId).toBe('take-1');
  });

  it('turns a refused edit into a notice and leaves the document and history alone', () => {
    const store = withScript();
    const before = store.getState().project;
    const steps = store.temporal.getState().pastStates.length;
    const ok = store.getState().edit((p) => addSpeaker(p, { name: 'alice' }));
    expect(ok).toBe(false);
    expect(store.getState().project).toBe(before);
    expect(store.getState().notice?.text).toMatch(/already a speaker called "Alice"/);
    expect(store.temporal.getState().pastStates).toHaveLength(steps);
  });

  it('keeps session state (renders, engine, notices) out of the undo history', () => {
    const store = withScript();
    const steps = store.temporal.getState().pastStates.length;
    store.getState().setRender('t', { jobId: 'j', fraction: 0.5 });
    store.getState().notify({ severity: 'info', text: 'hi' });
    store.getState().selectClip('c');
    expect(store.temporal.getState().pastStates).toHaveLength(steps);
  });

  it('starts a fresh history when a project is loaded', () => {
    const store = withScript();
    store.getState().load('/tmp/other', createProject('Other', NOW), null);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(store.getState().folder).toBe('/tmp/other');
  });

  it('says why Generate cannot run yet', () => {
    const store = withScript();
    let p = store.getState().project;
    expect(generateBlocker(p, true)).toBe('Drop a voice sample on Alice, Bob');
    const voice = { file: 'voices/a.wav', name: 'a.wav' };
    p = { ...p, speakers: p.speakers.map((s) => ({ ...s, voice })) };
    expect(generateBlocker(p, false)).toBe('The engine is not ready');
    expect(generateBlocker(p, true)).toBeNull();
    expect(generateBlocker(createProject('E', NOW), true)).toMatch(/Paste a script first/);
    const speaker = addSpeaker(createProject('E', NOW), { name: 'Eve' });
    const empty = addTurn(speaker, { speakerId: speaker.speakers[0]!.id, text: '' });
    expect(generateBlocker(empty, true)).toBe('Write what the speakers say first');
  });
});

describe('generate order', () => {
  it('renders the turns nearest the playhead first, those already passed last', () => {
    const store = withScript();
    const { edit } = store.getState();
    edit((p) => addTake(p, take(p, 0, 'take-a')));
    edit((p) => addTake(p, take(p, 1, 'take-b')));
    edit((p) => addTake(p, take(p, 2, 'take-c')));
    const p = store.getState().project;
    const [t0, t1, t2] = p.turns.map((t) => t.id);
    // Clips at 0, 2.35 and 4.7 s; the playhead at 2 s.
    expect(nearestPlayheadFirst(p, [t0!, t1!, t2!], 2)).toEqual([t1, t2, t0]);
  });
});
