/**
 * `npm run web`: serves the built renderer and the contract on 127.0.0.1 and prints the URL.
 * Options: --port N (default 0: a free port).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readAppMetadata } from '../app/metadata.js';
import { startEngine } from '../bridge/load-engine.js';
import { createEngineService } from '../engine/service.js';
import { createStudioService } from '../studio/service.js';
import { defaultProjectsDir } from '../studio/projects-dir.js';
import { startWebServer } from './server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got ${values.port}`);
  }
  const engine = await startEngine(() => createEngineService());
  const metadata = readAppMetadata(`${repoRoot}package.json`);
  const studio = createStudioService({ engine, projectsDir: defaultProjectsDir() });
  const server = await startWebServer({
    engine,
    studio,
    rendererDir: `${repoRoot}dist/renderer`,
    port,
    appName: metadata.name,
    version: metadata.version,
  });
  // The e2e test and `npm start` read this exact line.
  console.log(`SoundStorm Studio web mode: ${server.url}`);

  const stop = (): void => {
    studio.dispose();
    void Promise.all([server.close(), engine.dispose()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
