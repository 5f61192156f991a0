import { eventNames, type EventName, type EventPayload } from '../api/contract.js';
import type { EngineService, HostService, StudioService, Unsubscribe } from '../api/service.js';
import type { Handlers } from './dispatch.js';

/** Maps every contract method onto the engine, the host (Electron or the web server) and the studio. */
export function createHandlers(engine: EngineService, host: HostService, studio: StudioService): Handlers {
  const { on: _on, dispose: _dispose, ...studioHandlers } = studio;
  return {
    ...studioHandlers,
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

type EventSource = Pick<EngineService, 'on'>;

/** Subscribes `sink` to every contract event the engine (and the studio) emit; returns one unsubscribe. */
export function forwardEngineEvents(
  engine: EventSource,
  sink: EventSink,
  ...more: EventSource[]
): Unsubscribe {
  const unsubscribes = [engine, ...more].flatMap((source) =>
    eventNames.map((name) =>
      source.on(name, (payload) => {
        sink(name, payload);
      }),
    ),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
