/**
 * Bundles the Electron main process and the engine worker (ESM) and the preload (CommonJS: sandboxed preloads cannot be
 * modules) into dist/electron. npm packages stay external in main (electron-builder ships them);
 * the preload bundles everything it uses, because a sandboxed preload can require only `electron`.
 */
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
} as const;

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.js',
    format: 'esm',
    packages: 'external',
  }),
  // The engine's inference worker, found by the engine as ./worker.js beside the bundled main.
  build({
    ...common,
    entryPoints: ['main/engine/worker/worker.ts'],
    outfile: 'dist/electron/worker.js',
    format: 'esm',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
console.log('Built dist/electron/{main.js,worker.js,preload.cjs}');
