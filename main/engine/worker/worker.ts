/**
 * The inference worker: the only thread that holds onnxruntime sessions (ORT blocks the thread
 * that calls it). Calls arrive as protocol messages; jobs run asynchronously, so a cancel
 * message reaches a running job between network passes. It runs as a worker thread or as a
 * child process (forked with structured-clone IPC); the protocol is the same.
 */
import { parentPort } from 'node:worker_threads';
import { EngineCore } from '../core.js';
import { EngineError } from '../errors.js';
import type { FromWorker, PackInfo, ToWorker, WorkerMethod, WorkerMethods } from './protocol.js';

interface ParentPort {
  postMessage(message: FromWorker): void;
  on(event: 'message', listener: (message: ToWorker) => void): void;
}

function connect(): ParentPort {
  if (parentPort !== null) return parentPort;
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('worker.ts must run as a worker thread or a forked child process');
  // The parent going away (even by a crash) must not leave an orphan holding the models.
  process.on('disconnect', () => process.exit(0));
  return {
    postMessage: (message) => void send(message),
    on: (_event, listener) => void process.on('message', (message) => listener(message as ToWorker)),
  };
}
const port = connect();

let core: EngineCore | undefined;
let peakRss = process.memoryUsage().rss;
const running = new Map<number, AbortController>();

const send = (message: FromWorker): void => port.postMessage(message);
const trackMemory = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
setInterval(trackMemory, 100).unref();

function engine(): EngineCore {
  if (core === undefined) throw new EngineError('BAD_REQUEST', 'no model pack is loaded in the worker');
  return core;
}

type Handlers = {
  [M in WorkerMethod]: (
    args: WorkerMethods[M]['args'],
    id: number,
    signal: AbortSignal,
  ) => Promise<WorkerMethods[M]['result']>;
};

const handlers: Handlers = {
  async open(args) {
    const next = await EngineCore.open(args.packDir, {
      ...(args.providers !== undefined ? { providers: args.providers } : {}),
      ...(args.cacheDir !== undefined ? { cacheDir: args.cacheDir } : {}),
      ...(args.intraOpThreads !== undefined ? { intraOpThreads: args.intraOpThreads } : {}),
    });
    const previous = core;
    core = next;
    await previous?.dispose();
    // The first turn should not wait for the G2P to start; a failure here shows on that turn.
    next.warmUp().catch(() => undefined);
    const m = next.pack.manifest;
    const info: PackInfo = {
      name: m.name,
      path: next.pack.dir,
      description: m.description,
      sampleRate: m.sampleRate,
      frameRate: m.frameRate,
      levels: m.codec.levels,
      providers: Object.values(next.providerReports()),
    };
    return info;
  },
  async prepareVoice(args) {
    return engine().prepareVoice(args.bytes, args.label, args.fresh === true);
  },
  async render(args, id, signal) {
    const result = await engine().renderText({
      ...args,
      signal,
      onProgress: (stage, fraction) => send({ kind: 'progress', id, stage, fraction }),
    });
    trackMemory();
    return {
      frames: result.frames,
      semantic: result.semantic,
      codes: result.codes,
      audio: result.audio,
      sampleRate: result.sampleRate,
      passes: result.passes,
      windows: result.windows,
      warnings: result.warnings,
      stageSeconds: result.stageSeconds,
    };
  },
  async span(args, _id, signal) {
    const result = await engine().regenerateSpan({ ...args, signal });
    return {
      frames: result.frames,
      semantic: result.semantic,
      codes: result.codes,
      audio: result.audio,
      passes: result.passes,
    };
  },
  async memory() {
    trackMemory();
    return { rssMb: process.memoryUsage().rss / 1048576, peakRssMb: peakRss / 1048576 };
  },
};

/** The latest pack load; other calls wait for it, so a call sent right after `open` sees the pack. */
let opening: Promise<unknown> = Promise.resolve();

async function dispatch<M extends WorkerMethod>(
  method: M,
  args: WorkerMethods[M]['args'],
  id: number,
  signal: AbortSignal,
): Promise<WorkerMethods[M]['result']> {
  const handler = handlers[method] as Handlers[M] | undefined;
  if (handler === undefined)
    throw new EngineError('BAD_REQUEST', `unknown worker method "${String(method)}"`);
  if (method === 'open') {
    const result = handler(args, id, signal);
    opening = result.catch(() => undefined);
    return result;
  }
  await opening;
  return handler(args, id, signal);
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  dispatch(message.method, message.args, message.id, controller.signal)
    .then((value) => send({ kind: 'result', id: message.id, ok: true, value }))
    .catch((error: unknown) => {
      const code = error instanceof EngineError ? error.code : 'INTERNAL';
      const text = error instanceof Error ? error.message : String(error);
      send({ kind: 'result', id: message.id, ok: false, error: { code, message: text } });
    })
    .finally(() => running.delete(message.id));
});
