/**
 * Errors travel as values ({ ok: false, error }) across both bridges. Services throw `ApiError`
 * with a code the UI can branch on; anything else thrown becomes `INTERNAL`.
 */
export const ErrorCodes = {
  /** Arguments failed the contract's schema. */
  BadRequest: 'BAD_REQUEST',
  /** Method name not in the contract. */
  UnknownMethod: 'UNKNOWN_METHOD',
  /** The method exists but this bridge cannot do it (e.g. native dialogs in web mode). */
  Unsupported: 'UNSUPPORTED',
  /** A referenced id (voice, job, pack) is not known. */
  NotFound: 'NOT_FOUND',
  /** No engine is loaded or its worker is down. */
  EngineUnavailable: 'ENGINE_UNAVAILABLE',
  /** A model pack failed validation; the message names the field. */
  PackInvalid: 'PACK_INVALID',
  /** A voice sample could not be decoded or is out of range (3 to 30 s). */
  AudioInvalid: 'AUDIO_INVALID',
  /** The job was cancelled before it finished. */
  Cancelled: 'CANCELLED',
  /** The transport to the main side is closed. */
  Disconnected: 'DISCONNECTED',
  Internal: 'INTERNAL',
} as const;

export type KnownErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class ApiError extends Error {
  readonly code: string;
  constructor(code: KnownErrorCode | (string & {}), message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}
