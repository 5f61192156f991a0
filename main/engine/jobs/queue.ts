/**
 * Render jobs in priority order (higher first, then first come), one at a time, since one worker
 * does the work. Each job gets an AbortSignal; cancelling a queued job removes it, cancelling a
 * running one aborts its signal. Progress and outcomes go to listeners (on() returns unsubscribe).
 */
import { EngineError, throwIfAborted } from '../errors.js';

export interface JobContext {
  readonly signal: AbortSignal;
  progress(stage: string, fraction: number): void;
}

export type JobEvent<T> =
  | { type: 'progress'; jobId: string; stage: string; fraction: number }
  | { type: 'done'; jobId: string; value: T; elapsed: number }
  | { type: 'failed'; jobId: string; error: EngineError };

interface QueuedJob<T> {
  readonly jobId: string;
  readonly priority: number;
  readonly order: number;
  readonly work: (context: JobContext) => Promise<T>;
  readonly controller: AbortController;
}

export class JobQueue<T> {
  private readonly queued: QueuedJob<T>[] = [];
  private running: QueuedJob<T> | undefined;
  private order = 0;
  private readonly listeners = new Set<(event: JobEvent<T>) => void>();

  get pending(): number {
    return this.queued.length + (this.running !== undefined ? 1 : 0);
  }

  on(listener: (event: JobEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(jobId: string, priority: number, work: (context: JobContext) => Promise<T>): void {
    this.queued.push({ jobId, priority, order: this.order++, work, controller: new AbortController() });
    this.emit({ type: 'progress', jobId, stage: 'queued', fraction: 0 });
    this.pump();
  }

  /** Raises or lowers a queued job (e.g. the turn nearest the playhead); false if not queued. */
  reprioritise(jobId: string, priority: number): boolean {
    const index = this.queued.findIndex((j) => j.jobId === jobId);
    const job = this.queued[index];
    if (job === undefined) return false;
    this.queued[index] = { ...job, priority };
    return true;
  }

  /** True when the job was queued or running and is now cancelled. */
  cancel(jobId: string): boolean {
    const index = this.queued.findIndex((j) => j.jobId === jobId);
    const job = this.queued[index];
    if (job !== undefined) {
      this.queued.splice(index, 1);
      this.emit({ type: 'failed', jobId, error: new EngineError('CANCELLED', 'Cancelled before it started') });
      return true;
    }
    if (this.running?.jobId === jobId) {
      this.running.controller.abort();
      return true;
    }
    return false;
  }

  private next(): QueuedJob<T> | undefined {
    let best = 0;
    this.queued.forEach((job, i) => {
      const current = this.queued[best] as QueuedJob<T>;
      if (job.priority > current.priority || (job.priority === current.priority && job.order < current.order)) best = i;
    });
    return this.queued.splice(best, 1)[0];
  }

  private pump(): void {
    if (this.running !== undefined) return;
    const job = this.next();
    if (job === undefined) return;
    this.running = job;
    const started = performance.now();
    const context: JobContext = {
      signal: job.controller.signal,
      progress: (stage, fraction) => this.emit({ type: 'progress', jobId: job.jobId, stage, fraction }),
    };
    Promise.resolve()
      .then(() => {
        throwIfAborted(job.controller.signal);
        return job.work(context);
      })
      .then(
        (value) => {
          if (job.controller.signal.aborted) throw new EngineError('CANCELLED', 'Cancelled');
          this.settle(job);
          this.emit({ type: 'done', jobId: job.jobId, value, elapsed: (performance.now() - started) / 1000 });
        },
      )
      .catch((error: unknown) => {
        const engineError =
          error instanceof EngineError ? error : new EngineError('SESSION_RUN', error instanceof Error ? error.message : String(error), { cause: error });
        this.settle(job);
        this.emit({ type: 'failed', jobId: job.jobId, error: job.controller.signal.aborted ? new EngineError('CANCELLED', 'Cancelled') : engineError });
      })
      .finally(() => {
        this.settle(job);
        this.pump();
      });
  }

  /** A finished job leaves the queue before its outcome is announced, so listeners that read
   * `pending` (the engine status) see it gone. */
  private settle(job: QueuedJob<T>): void {
    if (this.running === job) this.running = undefined;
  }

  private emit(event: JobEvent<T>): void {
    for (const listener of this.listeners) listener(event);
  }
}
