import { useEffect } from 'react';
import type { ApiClient } from '../api/client.js';
import { studio } from './studio.js';

/** Fetches app info and engine status once, then follows `engine.status` events. */
export function useEngineSync(api: ApiClient): void {
  useEffect(() => {
    const { setAppInfo, setEngine, setConnection, notify } = studio.getState();
    let live = true;
    void (async () => {
      const info = await api.call('app.info', {});
      if (!live) return;
      if (!info.ok) {
        setConnection('disconnected');
        notify({ severity: 'error', text: info.error.message });
        return;
      }
      setConnection('connected');
      setAppInfo(info.value);
      const status = await api.call('engine.status', {});
      if (live && status.ok) setEngine(status.value);
      else if (live && !status.ok) notify({ severity: 'error', text: status.error.message });
    })();
    const unsubscribe = api.on('engine.status', (status) => setEngine(status));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
}
