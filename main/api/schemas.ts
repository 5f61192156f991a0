import { z } from 'zod';

/**
 * Domain schemas shared by the contract's methods and events. Binary payloads are typed arrays
 * (Electron IPC clones them; the WebSocket bridge encodes them with `wire.ts`).
 */

export const idSchema = z.string().min(1).max(128);
export const secondsSchema = z.number().finite().nonnegative();
export const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
export const float32ArraySchema = z.instanceof(Float32Array);
export const int32ArraySchema = z.instanceof(Int32Array);
export const bytesSchema = z.instanceof(Uint8Array);

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which bridge serves the renderer. */
  mode: z.enum(['electron', 'web']),
  platform: z.string(),
  /** Native open/save dialogs exist (Electron only); otherwise the renderer uses file inputs. */
  nativeDialogs: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const workerStateSchema = z.enum([
  /** No engine service is wired into this build. */
  'unavailable',
  'starting',
  'loading',
  'ready',
  'busy',
  'failed',
  'stopped',
]);
export type WorkerState = z.infer<typeof workerStateSchema>;

export const packSummarySchema = z.object({
  name: z.string(),
  path: z.string(),
  description: z.string().optional(),
  sampleRate: z.number().int().positive(),
  frameRate: z.number().positive(),
  levels: z.number().int().positive(),
});
export type PackSummary = z.infer<typeof packSummarySchema>;

export const providerReportSchema = z.object({
  /** The execution provider inference runs on, e.g. "cpu", "cuda", "webgpu". */
  active: z.string().nullable(),
  /** Providers tried and skipped, each with the reason (shown in the UI). */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type ProviderReport = z.infer<typeof providerReportSchema>;

export const engineStatusSchema = z.object({
  worker: workerStateSchema,
  pack: packSummarySchema.nullable(),
  provider: providerReportSchema,
  /** Human-readable detail: why it failed, what it is loading. */
  message: z.string().optional(),
  /** Jobs queued or running. */
  pendingJobs: z.number().int().nonnegative(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const voiceSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
  z.object({
    kind: z.literal('bytes'),
    /** File name, used for the format hint and the display label. */
    name: z.string().min(1),
    bytes: bytesSchema,
  }),
]);
export type VoiceSource = z.infer<typeof voiceSourceSchema>;

export const voicePromptSchema = z.object({
  /** Stable id of the encoded prompt (cached by content), passed to `render.turn`. */
  voiceId: idSchema,
  /** Duration after silence trimming. */
  duration: secondsSchema,
  sampleRate: z.number().int().positive(),
  /** Absolute peak per bucket (0..1), for drawing the waveform; a few hundred values. */
  peaks: z.array(z.number().min(0).max(1)),
  /** True when the prompt came from the cache rather than a fresh encode. */
  cached: z.boolean(),
});
export type VoicePrompt = z.infer<typeof voicePromptSchema>;

/** SoundStorm sampling temperature: 0 decodes greedily, 2 is the wildest a user may ask for. */
export const temperatureSchema = z.number().min(0).max(2);

export const renderTurnArgsSchema = z.object({
  text: z.string().trim().min(1).max(5000),
  voiceId: idSchema,
  seed: seedSchema,
  /** Speaking rate multiplier (durations divided by it). */
  speed: z.number().min(0.5).max(2).default(1),
  /** Fit the turn to this length exactly (scales predicted durations). */
  targetDuration: z.number().positive().max(300).optional(),
  /** Decoding temperature (0 is greedy); the pack's default when left out. */
  temperature: temperatureSchema.optional(),
  /** Higher runs first (the renderer raises turns nearest the playhead). */
  priority: z.number().int().default(0),
});
export type RenderTurnArgs = z.infer<typeof renderTurnArgsSchema>;
export type RenderTurnInput = z.input<typeof renderTurnArgsSchema>;

export const jobRefSchema = z.object({ jobId: idSchema });
export type JobRef = z.infer<typeof jobRefSchema>;

export const jobStageSchema = z.enum(['queued', 'text', 'semantic', 'acoustic', 'decode']);
export type JobStage = z.infer<typeof jobStageSchema>;

export const jobProgressSchema = z.object({
  jobId: idSchema,
  stage: jobStageSchema,
  /** Overall progress of the job, 0..1. */
  fraction: z.number().min(0).max(1),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const turnTokensSchema = z.object({
  frames: z.number().int().nonnegative(),
  levels: z.number().int().positive(),
  /** Semantic token per frame, length `frames`. */
  semantic: int32ArraySchema,
  /** Acoustic codes level-major ([Q, T] flattened), length `levels * frames`. */
  acoustic: int32ArraySchema,
});
export type TurnTokens = z.infer<typeof turnTokensSchema>;

export const jobDoneSchema = z.object({
  jobId: idSchema,
  sampleRate: z.number().int().positive(),
  /** Mono PCM in -1..1. */
  samples: float32ArraySchema,
  tokens: turnTokensSchema,
  /** Wall time the job took, for the status line and benchmarks. */
  elapsed: secondsSchema,
  /** What the engine could not speak (characters left out, phonemes read as unknown), in words. */
  warnings: z.array(z.string()).default([]),
});
export type JobDone = z.infer<typeof jobDoneSchema>;

export const jobFailedSchema = z.object({
  jobId: idSchema,
  error: z.object({ code: z.string().min(1), message: z.string() }),
});
export type JobFailed = z.infer<typeof jobFailedSchema>;

export const openFilesArgsSchema = z.object({
  title: z.string().max(200).optional(),
  filters: z
    .array(z.object({ name: z.string(), extensions: z.array(z.string().regex(/^[a-z0-9]+$/i)) }))
    .optional(),
  multiple: z.boolean().default(false),
  /** Pick a folder (a project, a model pack) instead of files. */
  directory: z.boolean().default(false),
});
export type OpenFilesArgs = z.input<typeof openFilesArgsSchema>;

export const openFilesResultSchema = z.object({ paths: z.array(z.string()) });
export type OpenFilesResult = z.infer<typeof openFilesResultSchema>;
