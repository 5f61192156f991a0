/**
 * The main side of the inference worker. It starts the worker, sends typed calls and routes
 * answers and progress back. If the worker dies, every call in flight fails with WORKER_DIED,
 * a fresh worker starts, the last `open` is replayed, and later calls go to the new worker.
 *
 * Isolation: a worker thread (default: cheapest, typed arrays cross by structured clone) or a
 * child process (`isolation: 'process'`, the desktop app's choice): a native crash inside
 * onnxruntime then takes down only the child, never the window holding the user's project.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EngineError, type EngineErrorCode } from '../errors.js';
import type { FromWorker, ProgressStage, ToWorker, WorkerMethod, WorkerMethods } from './protocol.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (stage: ProgressStage, fraction: number) => void;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: ProgressStage, fraction: number) => void;
}

export type WorkerIsolation = 'thread' | 'process';

export interface WorkerClientOptions {
  /** Called after the worker died and a new one took over (with the reason). */
  readonly onRestart?: (reason: string) => void;
  /** Default: $SOUNDSTORM_WORKER ('thread' or 'process'), else 'thread'. */
  readonly isolation?: WorkerIsolation;
}

/** What the client needs of a thread or a process: send, stop, and messages/exit coming back. */
interface WorkerPort {
  send(message: ToWorker): void;
  terminate(): Promise<void>;
}

export function isolationFromEnv(value = process.env.SOUNDSTORM_WORKER): WorkerIsolation {
  if (value === undefined || value === '' || value === 'thread') return 'thread';
  if (value === 'process') return 'process';
  throw new EngineError('BAD_REQUEST', `SOUNDSTORM_WORKER must be "thread" or "process", got "${value}"`);
}

/** The worker entry: the built .js beside this file, or the TypeScript source through tsx. */
function workerSpawn(): { url: URL; workerData?: { entry: string } } {
  const compiled = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { url: compiled };
  return {
    url: new URL('./boot.mjs', import.meta.url),
    workerData: { entry: new URL('./worker.ts', import.meta.url).href },
  };
}

function startThread(onMessage: (m: FromWorker) => void, onExit: (reason: string) => void): WorkerPort {
  const spawn = workerSpawn();
  const worker = new Worker(
    spawn.url,
    spawn.workerData !== undefined ? { workerData: spawn.workerData } : {},
  );
  worker.on('message', onMessage);
  let failure = '';
  worker.on('error', (error) => {
    failure = error.message;
  });
  worker.on('exit', (code) => onExit(failure !== '' ? failure : `exit code ${code}`));
  return {
    send: (message) => worker.postMessage(message),
    terminate: async () => {
      await worker.terminate();
    },
  };
}

function startProcess(onMessage: (m: FromWorker) => void, onExit: (reason: string) => void): WorkerPort {
  const compiled = fileURLToPath(new URL('./worker.js', import.meta.url));
  const entry = existsSync(compiled) ? compiled : fileURLToPath(new URL('./worker.ts', import.meta.url));
  // 'advanced' serialisation is structured clone: typed arrays and BigInt64Arrays arrive intact.
  const child: ChildProcess = fork(entry, [], {
    serialization: 'advanced',
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (message) => onMessage(message as FromWorker));
  let failure = '';
  child.on('error', (error) => {
    failure = error.message;
  });
  child.on('exit', (code, signal) =>
    onExit(failure !== '' ? failure : signal !== null ? `killed by ${signal}` : `exit code ${code}`),
  );
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    terminate: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export class WorkerClient {
  private worker: WorkerPort | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private lastOpen: WorkerMethods['open']['args'] | undefined;
  private disposed = false;
  private restarts = 0;

  readonly isolation: WorkerIsolation;

  constructor(private readonly options: WorkerClientOptions = {}) {
    this.isolation = options.isolation ?? isolationFromEnv();
  }

  get restartCount(): number {
    return this.restarts;
  }

  async call<M extends WorkerMethod>(
    method: M,
    args: WorkerMethods[M]['args'],
    options: CallOptions = {},
  ): Promise<WorkerMethods[M]['result']> {
    if (this.disposed) throw new EngineError('WORKER_DIED', 'the engine has been shut down');
    if (options.signal?.aborted) throw new EngineError('CANCELLED', 'Cancelled');
    const worker = this.ensureWorker();
    const id = this.nextId++;
    if (method === 'open') this.lastOpen = args as WorkerMethods['open']['args'];
    return new Promise<WorkerMethods[M]['result']>((resolve, reject) => {
      const onAbort = (): void => worker.send({ kind: 'cancel', id } satisfies ToWorker);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(value as WorkerMethods[M]['result']);
        },
        reject: (error) => {
          options.signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      });
      worker.send({ kind: 'call', id, method, args } as ToWorker);
    });
  }

  /** Stops the worker at once (a hung job); calls in flight fail and a new worker starts. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensureWorker(): WorkerPort {
    if (this.worker !== undefined) return this.worker;
    const start = this.isolation === 'process' ? startProcess : startThread;
    const worker: WorkerPort = start(
      (message) => this.onMessage(message),
      (reason) => this.onExit(worker, reason),
    );
    this.worker = worker;
    return worker;
  }

  private onMessage(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    if (message.kind === 'progress') {
      pending.onProgress?.(message.stage, message.fraction);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new EngineError(message.error.code as EngineErrorCode, message.error.message));
  }

  private onExit(worker: WorkerPort, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed)
      p.reject(
        new EngineError(
          'WORKER_DIED',
          `the inference worker stopped (${reason}); the job failed and the worker was restarted`,
        ),
      );
    if (this.disposed) return;
    this.restarts++;
    this.options.onRestart?.(reason);
    const open = this.lastOpen;
    // Replay the pack load so the queue can go on; its failure is reported by the next call.
    if (open !== undefined) this.call('open', open).catch(() => undefined);
  }
}
