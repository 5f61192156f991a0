import { ApiError, ErrorCodes } from '../api/errors.js';
import type { EngineService } from '../api/service.js';

/**
 * The engine the bridges use when none could be created: it reports why in `engine.status` and
 * refuses work with ENGINE_UNAVAILABLE, so the UI can say what is wrong instead of hanging.
 */
export function createUnavailableEngine(reason: string): EngineService {
  const refuse = (): Promise<never> =>
    Promise.reject(new ApiError(ErrorCodes.EngineUnavailable, `The engine is not available: ${reason}`));
  return {
    status: () =>
      Promise.resolve({
        worker: 'unavailable',
        pack: null,
        provider: { active: null, skipped: [] },
        message: reason,
        pendingJobs: 0,
      }),
    loadPack: refuse,
    prepareVoice: refuse,
    renderTurn: refuse,
    cancelJob: refuse,
    on: () => () => undefined,
    dispose: () => Promise.resolve(),
  };
}
