/**
 * The one contract between the renderer and the main side. Both bridges implement exactly this:
 * - Electron: `electron/preload.ts` exposes `window.soundstorm` = { invoke, on } (built from the
 *   names below); `electron/ipc.ts` checks the sender and dispatches.
 * - Web mode: `main/web/server.ts` serves the same methods and events over a WebSocket.
 * Both validate arguments with these schemas and answer with envelopes (`envelope.ts`).
 *
 * How the engine plugs in: the engine implements `EngineService` (`service.ts`) and exports
 * `createEngineService()` from `main/engine/service.ts`. The bridges never import the engine
 * directly; their entry points build the service and pass it to `createHandlers()`
 * (`main/bridge/handlers.ts`), which maps `engine.*`, `voice.*`, `render.*` and `jobs.*` calls onto
 * it and forwards its events. Arguments reach the service already parsed (defaults applied);
 * throw `ApiError` (errors.ts) for failures the user should read.
 *
 * Adding a method: add its schemas here, then its handler in `main/bridge/handlers.ts`; the
 * renderer client and the preload pick it up from this table.
 */
import { z } from 'zod';
import {
  appInfoSchema,
  engineStatusSchema,
  jobDoneSchema,
  jobFailedSchema,
  jobProgressSchema,
  jobRefSchema,
  openFilesArgsSchema,
  openFilesResultSchema,
  packSummarySchema,
  renderTurnArgsSchema,
  voicePromptSchema,
  voiceSourceSchema,
} from './schemas.js';
import { studioEvents, studioMethods } from './studio-methods.js';

const noArgs = z.object({}).strict().default({});

export const methods = {
  /** Echo for liveness and round-trip checks. */
  'app.ping': {
    args: z.object({ nonce: z.string().max(256) }),
    result: z.object({ nonce: z.string(), serverTime: z.number() }),
  },
  'app.info': { args: noArgs, result: appInfoSchema },
  /** Pack, execution provider and worker state (also pushed as the `engine.status` event). */
  'engine.status': { args: noArgs, result: engineStatusSchema },
  /** Load another model pack folder; refused with PACK_INVALID naming the bad field. */
  'engine.loadPack': { args: z.object({ path: z.string().min(1) }), result: packSummarySchema },
  /** Decode, trim, normalise and encode a voice sample (3 to 30 s) into a cached prompt. */
  'voice.prepare': { args: z.object({ source: voiceSourceSchema }), result: voicePromptSchema },
  /** Queue one turn; the audio arrives as a `job.done` event (or `job.failed`). */
  'render.turn': { args: renderTurnArgsSchema, result: jobRefSchema },
  /** Cancel a queued or running job; `cancelled` is false when it had already finished. */
  'jobs.cancel': { args: jobRefSchema, result: z.object({ cancelled: z.boolean() }) },
  /** Native file picker (Electron); web mode answers UNSUPPORTED and the UI uses a file input. */
  'dialog.openFiles': { args: openFilesArgsSchema, result: openFilesResultSchema },
  ...studioMethods,
} as const;

export const events = {
  'engine.status': engineStatusSchema,
  'job.progress': jobProgressSchema,
  'job.done': jobDoneSchema,
  'job.failed': jobFailedSchema,
  ...studioEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller may pass (defaults still optional). */
export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
/** What a handler receives (defaults applied). */
export type ParsedArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Prefix of every Electron IPC channel; the preload refuses anything else. */
export const IPC_PREFIX = 'soundstorm:';
export const IPC_INVOKE_CHANNEL = `${IPC_PREFIX}invoke`;
export const IPC_EVENT_CHANNEL = `${IPC_PREFIX}event`;
