import type { EventName, EventPayload } from '../../../main/api/contract.js';
import type { EngineService } from '../../../main/api/service.js';

type Listener = (payload: unknown) => void;

/**
 * Test double of the engine: records what the bridges pass in and lets a test emit events.
 * It answers with fixed values so that bridge tests do not depend on a model pack.
 */
export function createRecordingEngine() {
  const calls: { method: string; args: unknown }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const record = <T>(method: string, args: unknown, value: T): Promise<T> => {
    calls.push({ method, args });
    return Promise.resolve(value);
  };
  const engine: EngineService = {
    status: () =>
      record('status', undefined, {
        worker: 'ready',
        pack: { name: 'test', path: '/packs/test', sampleRate: 16000, frameRate: 50, levels: 8 },
        provider: { active: 'cpu', skipped: [{ name: 'cuda', reason: 'no CUDA libraries' }] },
        pendingJobs: 0,
      }),
    loadPack: (args) =>
      record('loadPack', args, {
        name: 'other',
        path: args.path,
        sampleRate: 16000,
        frameRate: 50,
        levels: 8,
      }),
    prepareVoice: (args) =>
      record('prepareVoice', args, {
        voiceId: 'v1',
        duration: 3.5,
        sampleRate: 16000,
        peaks: [0, 0.5, 1],
        cached: false,
      }),
    renderTurn: (args) => record('renderTurn', args, { jobId: 'job-1' }),
    cancelJob: (args) => record('cancelJob', args, { cancelled: true }),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
    dispose: () => record('dispose', undefined, undefined),
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const listenerCount = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
  return { engine, calls, emit, listenerCount };
}
