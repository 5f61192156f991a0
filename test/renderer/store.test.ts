import { describe, expect, it } from 'vitest';
import { describeEngine } from '../../renderer/state/engine-label.js';
import { generateBlocker } from '../../renderer/state/generate.js';
import { createStudioStore } from '../../renderer/state/store.js';

const voice = { voiceId: 'v', duration: 4, sampleRate: 16000, peaks: [], cached: false, label: 'a.wav' };

describe('studio store', () => {
  it('undoes and redoes document edits but not session state', () => {
    const store = createStudioStore();
    const id = store.getState().addSpeaker('Alice');
    store.getState().setScript('Alice: Hi.');
    store
      .getState()
      .setEngine({ worker: 'ready', pack: null, provider: { active: 'cpu', skipped: [] }, pendingJobs: 0 });
    store.temporal.getState().undo();
    expect(store.getState().script).toBe('');
    expect(store.getState().speakers.map((s) => s.id)).toEqual([id]);
    expect(store.getState().engine?.worker).toBe('ready');
    store.temporal.getState().undo();
    expect(store.getState().speakers).toEqual([]);
    store.temporal.getState().redo();
    expect(store.getState().speakers[0]?.name).toBe('Alice');
  });

  it('names new speakers uniquely and gives each a colour', () => {
    const store = createStudioStore();
    store.getState().addSpeaker();
    store.getState().addSpeaker();
    const [a, b] = store.getState().speakers;
    expect([a?.name, b?.name]).toEqual(['Speaker 1', 'Speaker 2']);
    expect(a?.color).not.toBe(b?.color);
  });
});

describe('generateBlocker', () => {
  const alice = { id: 'a', name: 'Alice', color: '#fff', voice };
  it('explains what is missing before Generate can run', () => {
    expect(generateBlocker('', [], true)).toMatch(/Write a script/);
    expect(generateBlocker('Alice: Hi.\nBob: Yo.', [alice], true)).toMatch(/Give Bob/);
    expect(generateBlocker('Alice: Hi.', [{ ...alice, voice: null }], true)).toMatch(/Give Alice/);
    expect(generateBlocker('Alice: Hi.', [alice], false)).toMatch(/not ready/);
    expect(generateBlocker('Alice: Hi.', [alice], true)).toBeNull();
  });
});

describe('describeEngine', () => {
  it('names pack and provider when ready and the reason when unavailable', () => {
    const ready = describeEngine('connected', {
      worker: 'ready',
      pack: { name: 'tiny', path: '/m/tiny', sampleRate: 16000, frameRate: 50, levels: 8 },
      provider: { active: 'cpu', skipped: [{ name: 'cuda', reason: 'no libcudart' }] },
      pendingJobs: 0,
    });
    expect(ready.label).toBe('Ready · tiny · CPU');
    expect(ready.detail).toContain('cuda: no libcudart');
    const down = describeEngine('connected', {
      worker: 'unavailable',
      pack: null,
      provider: { active: null, skipped: [] },
      message: 'no pack',
      pendingJobs: 0,
    });
    expect(down).toMatchObject({ color: 'error', detail: 'no pack' });
    expect(describeEngine('disconnected', null).label).toBe('Disconnected');
  });
});
