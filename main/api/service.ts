import type { EventName, EventPayload, MethodResult, ParsedArgs } from './contract.js';
import type { studioMethods } from './studio-methods.js';

/** Removes the listener it was returned for (wavesurfer-style emitter). */
export type Unsubscribe = () => void;

/**
 * What the engine (main/engine) provides to both bridges. Every method receives arguments already
 * validated by the contract and may throw `ApiError`. Events are the contract's events.
 */
export interface EngineService {
  status(): Promise<MethodResult<'engine.status'>>;
  loadPack(args: ParsedArgs<'engine.loadPack'>): Promise<MethodResult<'engine.loadPack'>>;
  prepareVoice(args: ParsedArgs<'voice.prepare'>): Promise<MethodResult<'voice.prepare'>>;
  renderTurn(args: ParsedArgs<'render.turn'>): Promise<MethodResult<'render.turn'>>;
  cancelJob(args: ParsedArgs<'jobs.cancel'>): Promise<MethodResult<'jobs.cancel'>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  /** Stop the worker and release sessions; called once when the app quits. */
  dispose(): Promise<void>;
}

/** What only the host (Electron or web server) can do. */
export interface HostService {
  info(): MethodResult<'app.info'>;
  openFiles(args: ParsedArgs<'dialog.openFiles'>): Promise<MethodResult<'dialog.openFiles'>>;
}

/** The workstation's methods (studio-methods.ts): projects, voices, takes and export. */
export type StudioMethodName = keyof typeof studioMethods;

/**
 * What main/studio provides to both bridges: one function per studio method (arguments parsed),
 * and the events it adds (`take.stored`, `export.progress`, and `job.failed` when a finished render
 * could not be stored).
 */
export type StudioService = {
  [M in StudioMethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  dispose(): void;
};
