/**
 * Errors the engine reports to users: each carries a stable code the UI can switch on and a
 * message that names the file, field or input at fault.
 */
export type EngineErrorCode =
  | 'PACK_INVALID'
  | 'PACK_FILE'
  | 'SESSION_IO'
  | 'SESSION_RUN'
  | 'AUDIO_INPUT'
  | 'TEXT_INPUT'
  | 'CANCELLED'
  | 'WORKER_DIED'
  | 'BAD_REQUEST';

export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof EngineError && error.code === 'CANCELLED';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('CANCELLED', 'Cancelled');
}
