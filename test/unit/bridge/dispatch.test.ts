import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, ErrorCodes } from '../../../main/api/errors.js';
import type { HostService } from '../../../main/api/service.js';
import { createDispatcher } from '../../../main/bridge/dispatch.js';
import { createHandlers, forwardEngineEvents } from '../../../main/bridge/handlers.js';
import { createStudioService } from '../../../main/studio/service.js';
import { createRecordingEngine } from './recording-engine.js';

const host: HostService = {
  info: () => ({
    name: 'SoundStorm Studio',
    version: '1.2.3',
    mode: 'web',
    platform: 'linux',
    nativeDialogs: false,
  }),
  openFiles: () => Promise.reject(new ApiError(ErrorCodes.Unsupported, 'no dialogs here')),
};

const studioOf = (engine: Parameters<typeof createHandlers>[0]) =>
  createStudioService({ engine, projectsDir: join(tmpdir(), 'soundstorm-dispatch-projects') });

function setup() {
  const recording = createRecordingEngine();
  return {
    ...recording,
    dispatch: createDispatcher(createHandlers(recording.engine, host, studioOf(recording.engine))),
  };
}

describe('dispatcher', () => {
  it('answers app.ping with the same nonce', async () => {
    const { dispatch } = setup();
    const result = await dispatch('app.ping', { nonce: 'abc' });
    expect(result).toMatchObject({ ok: true, value: { nonce: 'abc' } });
  });

  it('refuses methods outside the contract', async () => {
    const { dispatch } = setup();
    for (const name of ['fs.readFile', '__proto__', 'toString', 42]) {
      const result = await dispatch(name, {});
      expect(result).toMatchObject({ ok: false, error: { code: ErrorCodes.UnknownMethod } });
    }
  });

  it('names the field when arguments break the schema, and never calls the engine', async () => {
    const { dispatch, calls } = setup();
    const result = await dispatch('render.turn', { text: 'Hi', voiceId: 'v1', seed: -3 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(ErrorCodes.BadRequest);
      expect(result.error.message).toContain('seed');
    }
    expect(calls).toEqual([]);
  });

  it('passes parsed arguments with defaults applied', async () => {
    const { dispatch, calls } = setup();
    await dispatch('render.turn', { text: '  Hello there. ', voiceId: 'v1', seed: 7 });
    expect(calls).toEqual([
      { method: 'renderTurn', args: { text: 'Hello there.', voiceId: 'v1', seed: 7, speed: 1, priority: 0 } },
    ]);
    expect(await dispatch('engine.status', undefined)).toMatchObject({
      ok: true,
      value: { worker: 'ready' },
    });
  });

  it('keeps the code of thrown errors and reports other throws as INTERNAL', async () => {
    const { engine, dispatch } = setup();
    expect(await dispatch('dialog.openFiles', {})).toEqual({
      ok: false,
      error: { code: ErrorCodes.Unsupported, message: 'no dialogs here' },
    });
    engine.cancelJob = () => Promise.reject(Object.assign(new Error('gone'), { code: 'NOT_FOUND' }));
    engine.loadPack = () => Promise.reject(new TypeError('boom'));
    const redispatch = createDispatcher(createHandlers(engine, host, studioOf(engine)));
    expect(await redispatch('jobs.cancel', { jobId: 'j' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'gone' },
    });
    expect(await redispatch('engine.loadPack', { path: '/x' })).toMatchObject({
      ok: false,
      error: { code: ErrorCodes.Internal, message: 'boom' },
    });
  });

  it('refuses a result outside the contract instead of passing it on', async () => {
    const { engine } = setup();
    engine.renderTurn = () => Promise.resolve({ jobId: '' });
    const result = await createDispatcher(createHandlers(engine, host, studioOf(engine)))('render.turn', {
      text: 'a',
      voiceId: 'v',
      seed: 1,
    });
    expect(result).toMatchObject({ ok: false, error: { code: ErrorCodes.Internal } });
  });

  it('forwards every engine event until unsubscribed', () => {
    const { engine, emit, listenerCount } = setup();
    const seen: string[] = [];
    // The studio's own subscriptions (takes follow job.done) stay; forwarding's must go.
    const before = listenerCount();
    const stop = forwardEngineEvents(engine, (name) => seen.push(name));
    emit('job.progress', { jobId: 'j', stage: 'acoustic', fraction: 0.5 });
    emit('job.failed', { jobId: 'j', error: { code: 'CANCELLED', message: 'cancelled' } });
    expect(seen).toEqual(['job.progress', 'job.failed']);
    stop();
    expect(listenerCount()).toBe(before);
  });
});
