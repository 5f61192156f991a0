import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../main/engine/errors.js';
import { type JobEvent, JobQueue } from '../../../main/engine/jobs/queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('job queue', () => {
  it('runs one job at a time, highest priority first, then first come', async () => {
    const queue = new JobQueue<string>();
    const order: string[] = [];
    const gate = deferred();
    queue.add('first', 0, async () => {
      order.push('first');
      await gate.promise;
      return 'a';
    });
    queue.add('low', 0, async () => (order.push('low'), 'b'));
    queue.add('high', 5, async () => (order.push('high'), 'c'));
    queue.add('low2', 0, async () => (order.push('low2'), 'd'));
    expect(queue.pending).toBe(4);
    gate.resolve();
    await settle();
    expect(order).toEqual(['first', 'high', 'low', 'low2']);
    expect(queue.pending).toBe(0);
  });

  it('counts a job as gone by the time its outcome is announced', async () => {
    const queue = new JobQueue<string>();
    const pendingAtOutcome: number[] = [];
    queue.on((e) => {
      if (e.type !== 'progress') pendingAtOutcome.push(queue.pending);
    });
    queue.add('ok', 0, async () => 'a');
    queue.add('bad', 0, async () => {
      throw new EngineError('SESSION_RUN', 'boom');
    });
    await settle();
    expect(pendingAtOutcome).toEqual([1, 0]);
  });

  it('reports progress, results and elapsed time', async () => {
    const queue = new JobQueue<number>();
    const events: JobEvent<number>[] = [];
    queue.on((e) => events.push(e));
    queue.add('j', 0, async ({ progress }) => {
      progress('acoustic', 0.5);
      return 42;
    });
    await settle();
    expect(events.map((e) => e.type)).toEqual(['progress', 'progress', 'done']);
    const done = events[2];
    expect(done?.type === 'done' && done.value).toBe(42);
  });

  it('cancels queued jobs without running them and aborts the running one', async () => {
    const queue = new JobQueue<string>();
    const failures: string[] = [];
    queue.on((e) => {
      if (e.type === 'failed') failures.push(`${e.jobId}:${e.error.code}`);
    });
    let ranQueued = false;
    queue.add('running', 0, ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new EngineError('CANCELLED', 'stop')))));
    queue.add('queued', 0, async () => {
      ranQueued = true;
      return 'x';
    });
    expect(queue.cancel('queued')).toBe(true);
    expect(queue.cancel('running')).toBe(true);
    expect(queue.cancel('unknown')).toBe(false);
    await settle();
    expect(ranQueued).toBe(false);
    expect(failures.sort()).toEqual(['queued:CANCELLED', 'running:CANCELLED']);
  });

  it('goes on after a job fails', async () => {
    const queue = new JobQueue<string>();
    const events: string[] = [];
    queue.on((e) => events.push(`${e.jobId}:${e.type}`));
    queue.add('bad', 0, async () => {
      throw new Error('boom');
    });
    queue.add('good', 0, async () => 'ok');
    await settle();
    expect(events.filter((e) => !e.endsWith('progress'))).toEqual(['bad:failed', 'good:done']);
  });
});
