import {
  events,
  methods,
  type EventName,
  type EventPayload,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from '../../main/api/contract.js';
import { err, type Envelope } from '../../main/api/envelope.js';
import { ErrorCodes } from '../../main/api/errors.js';
import type { RawBridge } from '../../main/api/bridge.js';

/** Typed view of the contract for React code: results and events are checked before use. */
export interface ApiClient {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<Envelope<MethodResult<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createApiClient(bridge: RawBridge): ApiClient {
  return {
    async call(method, args) {
      const envelope = await bridge.invoke(method, args);
      if (!envelope.ok) return envelope;
      const checked = methods[method].result.safeParse(envelope.value);
      if (!checked.success) {
        return err(ErrorCodes.Internal, `${method} answered outside the contract`);
      }
      return { ok: true, value: checked.data as MethodResult<typeof method> };
    },
    on(event, listener) {
      return bridge.on(event, (payload) => {
        const checked = events[event].safeParse(payload);
        if (checked.success) listener(checked.data as EventPayload<typeof event>);
        else console.error(`Dropped a malformed ${event} event`, checked.error.issues);
      });
    },
  };
}
