import type { z } from 'zod';
import {
  isMethodName,
  methods,
  type MethodName,
  type MethodResult,
  type ParsedArgs,
} from '../api/contract.js';
import { err, ok, type Envelope } from '../api/envelope.js';
import { ErrorCodes } from '../api/errors.js';

/** One function per contract method; arguments arrive parsed, results are checked on the way out. */
export type Handlers = {
  [M in MethodName]: (args: ParsedArgs<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

export type Dispatch = (method: unknown, args: unknown) => Promise<Envelope<unknown>>;

type UntypedHandler = (args: unknown) => unknown;

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Anything thrown with a string `code` (ApiError, the engine's own errors) keeps its code. */
export function errorToEnvelope(error: unknown): Envelope<never> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return err(typeof code === 'string' && code.length > 0 ? code : ErrorCodes.Internal, error.message);
  }
  return err(ErrorCodes.Internal, String(error));
}

/**
 * The single entry both bridges call: validates the method name and arguments, runs the handler,
 * validates its result, and always answers with an envelope (never throws).
 */
export function createDispatcher(handlers: Handlers): Dispatch {
  return async (method, rawArgs) => {
    if (!isMethodName(method)) {
      return err(ErrorCodes.UnknownMethod, `No method named ${JSON.stringify(method)} in the contract`);
    }
    const spec = methods[method];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return err(ErrorCodes.BadRequest, `${method}: ${describeZodError(parsed.error)}`);
    }
    try {
      const handler = handlers[method] as UntypedHandler;
      const value = await handler(parsed.data);
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        return err(
          ErrorCodes.Internal,
          `${method} returned a result outside the contract: ${describeZodError(checked.error)}`,
        );
      }
      return ok(checked.data);
    } catch (error) {
      return errorToEnvelope(error);
    }
  };
}
