import { afterEach, describe, expect, it, vi } from 'vitest';
import { renameSpeaker, addSpeaker } from '../../main/project/document/index.js';
import type { ApiClient } from '../../renderer/api/client.js';
import { startAutosave } from '../../renderer/state/project-actions.js';
import { studio } from '../../renderer/state/studio.js';

afterEach(() => vi.useRealTimers());

function recordingApi() {
  const calls: string[] = [];
  const api: ApiClient = {
    call: (method) => {
      calls.push(method);
      return Promise.resolve({ ok: true, value: { file: 'autosave/x.json' } } as never);
    },
    on: () => () => undefined,
  };
  return { api, calls };
}

describe('autosave timer', () => {
  it('writes a snapshot only when the document changed since the last save or snapshot', () => {
    vi.useFakeTimers();
    const { api, calls } = recordingApi();
    const project = studio.getState().project;
    studio.getState().load('/projects/p', project, project);
    const stop = startAutosave(api, 1000);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([]);
    studio.getState().edit((p) => addSpeaker(p, { name: 'Alice' }));
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['project.autosave']);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['project.autosave']);
    studio.getState().edit((p) => renameSpeaker(p, p.speakers[0]!.id, 'Alicia'));
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['project.autosave', 'project.autosave']);
    stop();
  });
});
