import { eventNames, type EventName, type EventPayload } from '../api/contract.js';
import type { EngineService, HostService, Unsubscribe } from '../api/service.js';
import type { Handlers } from './dispatch.js';

/** Maps every contract method onto the engine and the host (Electron or the web server). */
export function createHandlers(engine: EngineService, host: HostService): Handlers {
  return {
    'app.ping': ({ nonce }) => ({ nonce, serverTime: Date.now() }),
    'app.info': () => host.info(),
    'engine.status': () => engine.status(),
    'engine.loadPack': (args) => engine.loadPack(args),
    'voice.prepare': (args) => engine.prepareVoice(args),
    'render.turn': (args) => engine.renderTurn(args),
    'jobs.cancel': (args) => engine.cancelJob(args),
    'dialog.openFiles': (args) => host.openFiles(args),
  };
}

export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Subscribes `sink` to every contract event the engine emits; returns one unsubscribe. */
export function forwardEngineEvents(engine: EngineService, sink: EventSink): Unsubscribe {
  const unsubscribes = eventNames.map((name) =>
    engine.on(name, (payload) => {
      sink(name, payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
