/**
 * Turns rendered into takes: the voice file is prepared from the project folder (the engine caches
 * prompts by content), the turn queued on the engine, and when its `job.done` arrives the audio and
 * tokens are written into takes/ and announced as `take.stored`. A take that cannot be written is
 * reported as the job's failure, in words.
 */
import { ApiError, ErrorCodes } from '../api/errors.js';
import type { EngineService, Unsubscribe } from '../api/service.js';
import type { EventPayload, MethodResult, ParsedArgs } from '../api/contract.js';
import type { SpanJobArgs } from '../engine/service.js';
import { readTakeAudio, readTakeTokens, resolveInProject, storeRenderedTake } from '../project/index.js';
import type { StudioEmitter } from './emitter.js';

interface PendingRender {
  readonly folder: string;
  readonly turnId: string;
  readonly text: string;
  readonly seed: number;
}

/** The engine's span regeneration (main/engine ExtendedEngineService), when the engine has it. */
interface SpanEngine {
  regenerateSpan(args: SpanJobArgs): Promise<{ jobId: string }>;
}

function hasSpans(engine: EngineService): engine is EngineService & SpanEngine {
  return typeof (engine as Partial<SpanEngine>).regenerateSpan === 'function';
}

export class TurnRenders {
  private readonly pending = new Map<string, PendingRender>();
  private readonly stop: Unsubscribe[];

  constructor(
    private readonly engine: EngineService,
    private readonly events: StudioEmitter,
  ) {
    this.stop = [
      engine.on('job.done', (done) => void this.store(done)),
      engine.on('job.failed', ({ jobId }) => this.pending.delete(jobId)),
    ];
  }

  async render(args: ParsedArgs<'turn.render'>): Promise<MethodResult<'turn.render'>> {
    const prompt = await this.engine.prepareVoice({
      source: { kind: 'path', path: resolveInProject(args.folder, args.voice) },
    });
    const { jobId } = await this.engine.renderTurn({
      text: args.text,
      voiceId: prompt.voiceId,
      seed: args.seed,
      speed: args.speed,
      priority: args.priority,
      ...(args.targetDuration === undefined ? {} : { targetDuration: args.targetDuration }),
      ...(args.temperature === undefined ? {} : { temperature: args.temperature }),
    });
    this.pending.set(jobId, { folder: args.folder, turnId: args.turnId, text: args.text, seed: args.seed });
    return { jobId };
  }

  /** A span inside a take regenerated with the audio on both sides kept; stored as a new take. */
  async span(args: ParsedArgs<'turn.regenerateSpan'>): Promise<MethodResult<'turn.regenerateSpan'>> {
    const engine = this.engine;
    if (!hasSpans(engine))
      throw new ApiError(ErrorCodes.Unsupported, 'This engine cannot regenerate part of a clip.');
    const tokens = await readTakeTokens(args.folder, args.tokens);
    const { samples } = await readTakeAudio(args.folder, { audio: args.audio, id: args.audio });
    const { jobId } = await engine.regenerateSpan({
      clip: {
        frames: tokens.frames,
        semantic: BigInt64Array.from(tokens.semantic, BigInt),
        codes: BigInt64Array.from(tokens.acoustic, BigInt),
      },
      audio: samples,
      startSeconds: args.start,
      endSeconds: args.end,
      seed: args.seed,
      priority: args.priority,
    });
    this.pending.set(jobId, { folder: args.folder, turnId: args.turnId, text: args.text, seed: args.seed });
    return { jobId };
  }

  private async store(done: EventPayload<'job.done'>): Promise<void> {
    const render = this.pending.get(done.jobId);
    if (render === undefined) return;
    this.pending.delete(done.jobId);
    try {
      const take = await storeRenderedTake(
        render.folder,
        { id: render.turnId, text: render.text },
        done,
        render.seed,
      );
      this.events.emit('take.stored', { jobId: done.jobId, take, warnings: done.warnings });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.events.emit('job.failed', {
        jobId: done.jobId,
        error: { code: ErrorCodes.Internal, message: `The take could not be saved: ${reason}` },
      });
    }
  }

  dispose(): void {
    for (const stop of this.stop) stop();
    this.pending.clear();
  }
}
