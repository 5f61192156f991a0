import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_PACKS } from '../main/engine/packs.js';

/** The best bundled pack under `modelsDir`, or undefined (the engine then reports "no pack"). */
export function bundledPackDir(modelsDir: string): string | undefined {
  const env = process.env.SOUNDSTORM_PACK;
  if (env !== undefined && env !== '') return env;
  return BUNDLED_PACKS.map((name) => join(modelsDir, name)).find((dir) =>
    existsSync(join(dir, 'manifest.json')),
  );
}
