/**
 * The engine service through its real inference worker (worker_threads) on a synthetic pack:
 * voices, queued renders with progress, cancellation, and recovery after the worker dies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type ExtendedEngineService } from '../../main/engine/service.js';
import type { RenderOutput, SpanOutput } from '../../main/engine/worker/protocol.js';
import { FAKE, writeFakePack } from '../unit/helpers/fake-pack.js';
import { jobOutcome, killWorkerMidJob } from './worker-crash.js';

const root = mkdtempSync(join(tmpdir(), 'service-test-'));
const alicePath = new URL('../../assets/demo/alice.wav', import.meta.url).pathname;
let service: ExtendedEngineService;

const outcome = (jobId: string) => jobOutcome(service, jobId);

beforeAll(() => {
  writeFakePack(join(root, 'pack'));
  service = createEngineService({ packDir: join(root, 'pack'), providers: ['cpu'] });
});
afterAll(async () => {
  await service.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('engine service with its worker', { timeout: 60_000 }, () => {
  it('loads the pack, prepares a voice and renders a turn with progress', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    expect(voice.sampleRate).toBe(16000);
    const status = await service.status();
    expect(status.pack?.name).toBe('fake');
    expect(status.provider.active).toBe('cpu');
    const stages: string[] = [];
    const off = service.on('job.progress', (p) => stages.push(p.stage));
    const { jobId } = await service.renderTurn({
      text: 'Hello there.',
      voiceId: voice.voiceId,
      seed: 1,
      speed: 1,
      priority: 0,
    });
    const result = await outcome(jobId);
    off();
    expect('samples' in result).toBe(true);
    if (!('samples' in result)) return;
    expect(result.samples.length).toBe(result.tokens.frames * FAKE.hop);
    expect(result.tokens.acoustic.length).toBe(result.tokens.frames * FAKE.levels);
    expect(stages).toEqual(expect.arrayContaining(['queued', 'semantic', 'acoustic', 'decode']));
  });

  it('decodes greedily at temperature 0 (the seed no longer matters) and samples otherwise', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const render = async (seed: number, temperature: number) => {
      const { jobId } = await service.renderTurn({
        text: 'Hello there, world.',
        voiceId: voice.voiceId,
        seed,
        speed: 1,
        temperature,
        priority: 0,
      });
      const result = await outcome(jobId);
      if (!('tokens' in result)) throw new Error(result.error.message);
      return Array.from(result.tokens.acoustic);
    };
    expect(await render(1, 0)).toEqual(await render(2, 0));
    expect(await render(1, 1.5)).not.toEqual(await render(2, 1.5));
  });

  it('reports text it cannot speak with the finished job', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const { jobId } = await service.renderTurn({
      text: 'Hello ☃ there.',
      voiceId: voice.voiceId,
      seed: 1,
      speed: 1,
      priority: 0,
    });
    const result = await outcome(jobId);
    expect('warnings' in result && result.warnings.join(' ')).toMatch(/☃/);
  });

  it('cancels a queued job', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const first = await service.renderTurn({
      text: 'One two three.',
      voiceId: voice.voiceId,
      seed: 1,
      speed: 1,
      priority: 0,
    });
    const second = await service.renderTurn({
      text: 'Four five six.',
      voiceId: voice.voiceId,
      seed: 1,
      speed: 1,
      priority: 0,
    });
    const secondOutcome = outcome(second.jobId);
    expect(await service.cancelJob({ jobId: second.jobId })).toEqual({ cancelled: true });
    const failed = await secondOutcome;
    expect('error' in failed && failed.error.code).toBe('CANCELLED');
    expect('samples' in (await outcome(first.jobId))).toBe(true);
  });

  it('cancels a running job between passes and goes on with the next', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const running = await service.renderTurn({
      text: 'A long turn that will be cancelled while it runs. '.repeat(6),
      voiceId: voice.voiceId,
      seed: 1,
      speed: 1,
      priority: 0,
    });
    const after = await service.renderTurn({
      text: 'Short one.',
      voiceId: voice.voiceId,
      seed: 1,
      speed: 1,
      priority: 0,
    });
    const runningOutcome = outcome(running.jobId);
    const afterOutcome = outcome(after.jobId);
    await new Promise<void>((resolve) => {
      const off = service.on('job.progress', (p) => {
        if (p.jobId === running.jobId && p.stage === 'acoustic') {
          off();
          resolve();
        }
      });
    });
    expect(await service.cancelJob({ jobId: running.jobId })).toEqual({ cancelled: true });
    const cancelled = await runningOutcome;
    expect('error' in cancelled && cancelled.error.code).toBe('CANCELLED');
    expect('samples' in (await afterOutcome)).toBe(true);
    expect(service.worker.restartCount).toBe(0);
  });

  it('fails the running job when the worker dies, restarts it, and the queue goes on', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const { doomed: failed, next: done } = await killWorkerMidJob(service, voice.voiceId);
    expect('error' in failed && failed.error.code).toBe('WORKER_DIED');
    expect('error' in failed && failed.error.message).toMatch(/inference worker stopped/);
    expect('samples' in done).toBe(true);
    expect(service.worker.restartCount).toBe(1);
  });

  it('regenerates a span of a rendered clip through the worker', async () => {
    const voice = await service.prepareVoice({ source: { kind: 'path', path: alicePath } });
    const raw = new Map<string, RenderOutput | SpanOutput>();
    const off = service.onJobResult((jobId, result) => raw.set(jobId, result));
    const { jobId } = await service.renderTurn({
      text: 'Hello there, how are you today?',
      voiceId: voice.voiceId,
      seed: 5,
      speed: 1,
      priority: 0,
    });
    await outcome(jobId);
    const clip = raw.get(jobId);
    expect(clip).toBeDefined();
    if (clip === undefined) return;
    const span = await service.regenerateSpan({
      clip,
      audio: clip.audio,
      startSeconds: 0.2,
      endSeconds: 0.4,
      seed: 8,
    });
    const done = await outcome(span.jobId);
    off();
    expect('samples' in done && done.samples.length).toBe(clip.audio.length);
    const result = raw.get(span.jobId);
    expect(result !== undefined && Array.from(result.codes.subarray(0, 10))).toEqual(
      Array.from(clip.codes.subarray(0, 10)),
    );
  });

  it('refuses a broken pack folder naming the problem', async () => {
    await expect(service.loadPack({ path: join(root, 'missing') })).rejects.toThrow(
      /manifest\.json: cannot read/,
    );
    const status = await service.status();
    expect(status.pack?.name).toBe('fake');
  });
});
