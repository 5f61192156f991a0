/**
 * The engine's worker as a child process (the desktop app's isolation): the same protocol over
 * structured-clone IPC, and a killed process (what a native crash in onnxruntime looks like) fails
 * only the job it was running; a new process takes the queue on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolationFromEnv } from '../../main/engine/worker/client.js';
import { createEngineService, type ExtendedEngineService } from '../../main/engine/service.js';
import { FAKE, writeFakePack } from '../unit/helpers/fake-pack.js';
import { jobOutcome, killWorkerMidJob } from './worker-crash.js';

const root = mkdtempSync(join(tmpdir(), 'process-test-'));
const alicePath = new URL('../../assets/demo/alice.wav', import.meta.url).pathname;
let service: ExtendedEngineService;

const outcome = (jobId: string) => jobOutcome(service, jobId);

beforeAll(() => {
  writeFakePack(join(root, 'pack'));
  service = createEngineService({ packDir: join(root, 'pack'), providers: ['cpu'], isolation: 'process' });
});
afterAll(async () => {
  await service.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('engine worker in a child process', { timeout: 90_000 }, () => {
  it('renders a turn with its PCM and tokens intact across the process boundary', async () => {
    expect(service.worker.isolation).toBe('process');
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const { jobId } = await service.renderTurn({
      text: 'Hello there.',
      voiceId: voice.voiceId,
      seed: 1,
      speed: 1,
      priority: 0,
    });
    const result = await outcome(jobId);
    if (!('samples' in result)) throw new Error(result.error.message);
    expect(result.samples).toBeInstanceOf(Float32Array);
    expect(result.samples.length).toBe(result.tokens.frames * FAKE.hop);
    expect(result.tokens.acoustic.length).toBe(result.tokens.frames * FAKE.levels);
  });

  it('survives the process being killed mid-job: that job fails, the next renders', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const { doomed: failed, next } = await killWorkerMidJob(service, voice.voiceId);
    expect('error' in failed && failed.error.code).toBe('WORKER_DIED');
    expect('error' in failed && failed.error.message).toMatch(/killed by SIGKILL/);
    expect('samples' in next).toBe(true);
    expect(service.worker.restartCount).toBe(1);
  });

  it('names a bad SOUNDSTORM_WORKER value', () => {
    expect(isolationFromEnv('process')).toBe('process');
    expect(isolationFromEnv(undefined)).toBe('thread');
    expect(() => isolationFromEnv('fiber')).toThrow(
      /SOUNDSTORM_WORKER must be "thread" or "process", got "fiber"/,
    );
  });
});
