import { describe, expect, it } from 'vitest';
import type { RawBridge } from '../../main/api/bridge.js';
import { createApiClient } from '../../renderer/api/client.js';

function bridgeAnswering(value: unknown) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const bridge: RawBridge = {
    invoke: () => Promise.resolve({ ok: true, value }),
    on: (event, listener) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
  };
  return { bridge, emit: (event: string, payload: unknown) => listeners.get(event)?.(payload) };
}

describe('renderer API client', () => {
  it('passes results that match the contract', async () => {
    const { bridge } = bridgeAnswering({ jobId: 'job-9' });
    const result = await createApiClient(bridge).call('render.turn', { text: 'Hi', voiceId: 'v', seed: 1 });
    expect(result).toEqual({ ok: true, value: { jobId: 'job-9' } });
  });

  it('turns results outside the contract into an error envelope', async () => {
    const { bridge } = bridgeAnswering({ jobId: 12 });
    const result = await createApiClient(bridge).call('render.turn', { text: 'Hi', voiceId: 'v', seed: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('delivers valid events and drops malformed ones', () => {
    const { bridge, emit } = bridgeAnswering(null);
    const seen: number[] = [];
    const original = console.error;
    console.error = () => undefined;
    try {
      createApiClient(bridge).on('job.progress', (p) => seen.push(p.fraction));
      emit('job.progress', { jobId: 'j', stage: 'acoustic', fraction: 0.25 });
      emit('job.progress', { jobId: 'j', stage: 'acoustic', fraction: 7 });
    } finally {
      console.error = original;
    }
    expect(seen).toEqual([0.25]);
  });
});
