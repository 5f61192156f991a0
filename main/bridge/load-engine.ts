import type { EngineService } from '../api/service.js';
import { createUnavailableEngine } from './unavailable-engine.js';

type EngineModule = { createEngineService?: () => EngineService | Promise<EngineService> };

/**
 * Builds the engine through `main/engine/service.ts`'s `createEngineService()`. If that module
 * is missing or throws, the bridges still start, with an engine that reports the reason.
 * The specifier is a variable so that builds succeed before the engine module exists.
 */
export async function loadEngine(
  specifier: string = new URL('../engine/service.js', import.meta.url).href,
): Promise<EngineService> {
  let module: EngineModule;
  try {
    module = (await import(specifier)) as EngineModule;
  } catch (error) {
    return createUnavailableEngine(`the engine module could not be loaded (${describe(error)})`);
  }
  if (typeof module.createEngineService !== 'function') {
    return createUnavailableEngine('main/engine/service.ts does not export createEngineService()');
  }
  try {
    return await module.createEngineService();
  } catch (error) {
    return createUnavailableEngine(`the engine failed to start (${describe(error)})`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
