import type { EngineService } from '../api/service.js';
import { createUnavailableEngine } from './unavailable-engine.js';

/**
 * Starts the engine through its factory (main/engine/service.ts `createEngineService`). If the
 * factory throws, the bridges still start, with an engine that reports the reason in
 * `engine.status` and refuses work, so the window opens and says what is wrong.
 */
export async function startEngine(
  create: () => EngineService | Promise<EngineService>,
): Promise<EngineService> {
  try {
    return await create();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return createUnavailableEngine(`the engine failed to start (${reason})`);
  }
}
