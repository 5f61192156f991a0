/**
 * The typed protocol between the main side and the inference worker (Signal-Desktop style):
 * each method names its arguments and result; calls carry an id, answers come back as envelopes,
 * long jobs stream progress and can be cancelled by id. Typed arrays travel by structured clone.
 */
import type { RenderArgs, VoiceInfo } from '../core.js';

export type { RenderArgs };
import type { Stage } from '../generate/pipeline.js';
import type { ProviderName } from '../ort/providers.js';
import type { ProviderReport } from '../ort/sessions.js';
import type { Frames, Seconds } from '../units.js';

export interface PackInfo {
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly sampleRate: number;
  readonly frameRate: number;
  readonly levels: number;
  readonly providers: ProviderReport[];
}

export interface ClipTokens {
  readonly frames: Frames;
  readonly semantic: BigInt64Array;
  readonly codes: BigInt64Array;
}

export interface RenderOutput extends ClipTokens {
  readonly sampleRate: number;
  readonly audio: Float32Array;
  readonly passes: number;
  readonly windows: number;
  readonly warnings: string[];
  readonly stageSeconds: Record<Stage, Seconds>;
}

export interface SpanArgs {
  readonly clip: ClipTokens;
  readonly audio: Float32Array;
  readonly startSeconds: Seconds;
  readonly endSeconds: Seconds;
  readonly seed: number;
}

export interface SpanOutput extends ClipTokens {
  readonly audio: Float32Array;
  readonly passes: number;
}

export interface WorkerMethods {
  open: {
    args: { packDir: string; providers?: ProviderName[]; cacheDir?: string; intraOpThreads?: number };
    result: PackInfo;
  };
  prepareVoice: {
    args: { bytes: Uint8Array; label: string; fresh?: boolean };
    result: VoiceInfo & { promptSeconds: Seconds };
  };
  render: { args: RenderArgs; result: RenderOutput };
  span: { args: SpanArgs; result: SpanOutput };
  memory: { args: Record<string, never>; result: { rssMb: number; peakRssMb: number } };
}

export type WorkerMethod = keyof WorkerMethods;
export type ProgressStage = Stage | 'text';

export type ToWorker =
  | { kind: 'call'; id: number; method: WorkerMethod; args: WorkerMethods[WorkerMethod]['args'] }
  | { kind: 'cancel'; id: number };

export type FromWorker =
  | { kind: 'result'; id: number; ok: true; value: WorkerMethods[WorkerMethod]['result'] }
  | { kind: 'result'; id: number; ok: false; error: { code: string; message: string } }
  | { kind: 'progress'; id: number; stage: ProgressStage; fraction: number };
