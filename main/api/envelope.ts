import { z } from 'zod';

/** `{ ok: true, value }` or `{ ok: false, error }`: every method result, on both bridges. */
export const apiErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
});
export type ApiErrorValue = z.infer<typeof apiErrorSchema>;

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: ApiErrorValue };
export type Envelope<T> = Ok<T> | Err;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err(code: string, message: string): Err {
  return { ok: false, error: { code, message } };
}

export function envelopeSchema<T extends z.ZodTypeAny>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: apiErrorSchema }),
  ]);
}
