/**
 * Bundles the Electron main process (ESM) and the preload (CommonJS: sandboxed preloads cannot be
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
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
console.log('Built dist/electron/main.js and dist/electron/preload.cjs');
