import type { EventName, EventPayload } from '../api/contract.js';
import type { Unsubscribe } from '../api/service.js';

type Listener = (payload: unknown) => void;

/** Contract events the studio emits; `on` returns the unsubscribe function. */
export class StudioEmitter {
  private readonly listeners = new Map<EventName, Set<Listener>>();

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  clear(): void {
    this.listeners.clear();
  }
}
