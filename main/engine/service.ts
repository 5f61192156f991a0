/**
 * The engine side of the app contract (main/api EngineService): a priority queue of jobs in front
 * of one inference worker. If the worker dies, the running job fails with WORKER_DIED, the worker
 * restarts (pack reloaded, voices re-prepared on demand) and the queue goes on.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EventName, EventPayload, MethodResult, ParsedArgs } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import type { EngineStatus, JobStage, PackSummary } from '../api/schemas.js';
import type { EngineService, Unsubscribe } from '../api/service.js';
import { EngineError } from './errors.js';
import { JobQueue } from './jobs/queue.js';
import type { ProviderName } from './ort/providers.js';
import { defaultPackDir } from './packs.js';
import { WorkerClient, type WorkerIsolation } from './worker/client.js';
import type { PackInfo, ProgressStage, RenderOutput, SpanArgs, SpanOutput } from './worker/protocol.js';

export interface EngineServiceOptions {
  /** Pack folder to load at start; default: $SOUNDSTORM_PACK or the best bundled pack. */
  readonly packDir?: string;
  readonly providers?: ProviderName[];
  /** Voice prompt cache folder (kept across runs). */
  readonly cacheDir?: string;
  readonly intraOpThreads?: number;
  /** Worker thread or child process (default: $SOUNDSTORM_WORKER, else a thread). */
  readonly isolation?: WorkerIsolation;
}

export interface SpanJobArgs extends SpanArgs {
  readonly priority?: number;
}

export interface ExtendedEngineService extends EngineService {
  /** Regenerate a time range of an existing clip; the result arrives as `job.done`. */
  regenerateSpan(args: SpanJobArgs): Promise<{ jobId: string }>;
  /** The raw outcome of a job (tokens as BigInt64Array, stage timings), for the CLI and benchmark. */
  onJobResult(listener: (jobId: string, result: RenderOutput | SpanOutput) => void): Unsubscribe;
  readonly worker: WorkerClient;
}

const STAGES: Record<ProgressStage | 'queued', JobStage> = {
  queued: 'queued',
  text: 'text',
  t2s: 'semantic',
  soundstorm: 'acoustic',
  decode: 'decode',
};

const API_CODES: Record<string, string> = {
  PACK_FILE: 'PACK_INVALID',
  AUDIO_INPUT: 'AUDIO_INVALID',
  TEXT_INPUT: 'BAD_REQUEST',
};

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof EngineError) return new ApiError(API_CODES[error.code] ?? error.code, error.message);
  return new ApiError('INTERNAL', error instanceof Error ? error.message : String(error));
}

export function createEngineService(options: EngineServiceOptions = {}): ExtendedEngineService {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<EventName, Set<Listener>>();
  const resultListeners = new Set<(jobId: string, result: RenderOutput | SpanOutput) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  let pack: PackInfo | undefined;
  let state: EngineStatus['worker'] = 'starting';
  let message: string | undefined;
  /** Voice bytes by id, so a restarted worker can prepare them again. */
  const voices = new Map<string, { bytes: Uint8Array; label: string; generation: number }>();
  const queue = new JobQueue<RenderOutput | SpanOutput>();

  const status = (): EngineStatus => {
    const soundstorm = pack?.providers.find((p) => p.role === 'soundstorm') ?? pack?.providers[0];
    return {
      worker: state === 'ready' && queue.pending > 0 ? 'busy' : state,
      pack: pack === undefined ? null : summary(pack),
      provider: {
        active: soundstorm?.provider ?? null,
        skipped: (soundstorm?.rejected ?? []).map((r) => ({ name: r.provider, reason: r.reason })),
      },
      ...(message !== undefined ? { message } : {}),
      pendingJobs: queue.pending,
    };
  };
  const publish = (): void => emit('engine.status', status());

  const worker = new WorkerClient({
    ...(options.isolation !== undefined ? { isolation: options.isolation } : {}),
    onRestart: (reason) => {
      message = `the inference worker stopped (${reason}) and was restarted`;
      publish();
    },
  });

  async function open(packDir: string): Promise<PackInfo> {
    state = 'loading';
    message = `loading ${packDir}`;
    publish();
    try {
      pack = await worker.call('open', {
        packDir,
        ...(options.providers !== undefined ? { providers: options.providers } : {}),
        ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
        ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
      });
      state = 'ready';
      message = undefined;
      return pack;
    } catch (error) {
      state = pack === undefined ? 'failed' : 'ready';
      message = error instanceof Error ? error.message : String(error);
      throw toApiError(error);
    } finally {
      publish();
    }
  }

  const initialPack = options.packDir ?? defaultPackDir();
  let startup: Promise<unknown> =
    initialPack !== undefined ? open(initialPack).catch(() => undefined) : Promise.resolve();
  if (initialPack === undefined) {
    state = 'failed';
    message = 'no model pack found: set SOUNDSTORM_PACK or choose a pack folder';
  }

  async function ensureVoice(voiceId: string): Promise<void> {
    const voice = voices.get(voiceId);
    if (voice === undefined)
      throw new ApiError('NOT_FOUND', `voice ${voiceId} is not prepared; prepare the voice sample first`);
    if (voice.generation === worker.restartCount) return;
    await worker.call('prepareVoice', { bytes: voice.bytes, label: voice.label });
    voice.generation = worker.restartCount;
  }

  queue.on((event) => {
    if (event.type === 'progress')
      emit('job.progress', {
        jobId: event.jobId,
        stage: STAGES[event.stage as ProgressStage | 'queued'] ?? 'queued',
        fraction: event.fraction,
      });
    else if (event.type === 'failed')
      emit('job.failed', {
        jobId: event.jobId,
        error: { code: toApiError(event.error).code, message: event.error.message },
      });
    else {
      for (const l of resultListeners) l(event.jobId, event.value);
      const r = event.value;
      emit('job.done', {
        jobId: event.jobId,
        sampleRate: pack?.sampleRate ?? 16000,
        samples: new Float32Array(r.audio),
        tokens: {
          frames: r.frames,
          levels: pack?.levels ?? r.codes.length / Math.max(1, r.frames),
          semantic: Int32Array.from(r.semantic, Number),
          acoustic: Int32Array.from(r.codes, Number),
        },
        elapsed: event.elapsed,
        warnings: 'warnings' in r ? r.warnings : [],
      });
    }
    // Status changes when a job joins or leaves the queue, not on every pass.
    if (event.type !== 'progress' || event.stage === 'queued') publish();
  });

  const service: ExtendedEngineService = {
    worker,
    async status(): Promise<MethodResult<'engine.status'>> {
      return status();
    },
    async loadPack(args: ParsedArgs<'engine.loadPack'>): Promise<MethodResult<'engine.loadPack'>> {
      const next = open(args.path);
      startup = next.catch(() => undefined);
      const info = await next;
      voices.clear();
      return summary(info);
    },
    async prepareVoice(args: ParsedArgs<'voice.prepare'>): Promise<MethodResult<'voice.prepare'>> {
      await startup;
      const source = args.source;
      let bytes: Uint8Array;
      let label: string;
      if (source.kind === 'path') {
        label = basename(source.path);
        bytes = await readFile(source.path).catch((error: unknown) => {
          throw new ApiError(
            'AUDIO_INVALID',
            `${source.path}: cannot read the voice sample (${error instanceof Error ? error.message : String(error)})`,
          );
        });
      } else {
        label = source.name;
        bytes = source.bytes;
      }
      try {
        const voice = await worker.call('prepareVoice', { bytes, label });
        voices.set(voice.voiceId, { bytes, label, generation: worker.restartCount });
        return {
          voiceId: voice.voiceId,
          duration: voice.duration,
          sampleRate: voice.sampleRate,
          peaks: voice.peaks,
          cached: voice.cached,
        };
      } catch (error) {
        throw toApiError(error);
      }
    },
    async renderTurn(args: ParsedArgs<'render.turn'>): Promise<MethodResult<'render.turn'>> {
      if (!voices.has(args.voiceId))
        throw new ApiError(
          'NOT_FOUND',
          `voice ${args.voiceId} is not prepared; prepare the voice sample first`,
        );
      const jobId = randomUUID();
      queue.add(jobId, args.priority, async ({ signal, progress }) => {
        await startup;
        await ensureVoice(args.voiceId);
        return worker.call(
          'render',
          {
            text: args.text,
            voiceId: args.voiceId,
            seed: args.seed,
            speed: args.speed,
            ...(args.targetDuration !== undefined ? { targetSeconds: args.targetDuration } : {}),
            ...(args.temperature !== undefined ? { temperature: args.temperature } : {}),
          },
          { signal, onProgress: progress },
        );
      });
      return { jobId };
    },
    async regenerateSpan(args: SpanJobArgs): Promise<{ jobId: string }> {
      const jobId = randomUUID();
      const { priority, ...span } = args;
      queue.add(jobId, priority ?? 0, async ({ signal }) => {
        await startup;
        return worker.call('span', span, { signal });
      });
      return { jobId };
    },
    async cancelJob(args: ParsedArgs<'jobs.cancel'>): Promise<MethodResult<'jobs.cancel'>> {
      return { cancelled: queue.cancel(args.jobId) };
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onJobResult(listener): Unsubscribe {
      resultListeners.add(listener);
      return () => resultListeners.delete(listener);
    },
    async dispose(): Promise<void> {
      state = 'stopped';
      await worker.dispose();
    },
  };
  return service;
}

function summary(info: PackInfo): PackSummary {
  return {
    name: info.name,
    path: info.path,
    description: info.description,
    sampleRate: info.sampleRate,
    frameRate: info.frameRate,
    levels: info.levels,
  };
}
