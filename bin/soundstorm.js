#!/usr/bin/env node
// The `soundstorm` command. Runs the built CLI when there is one (dist/main/cli/main.js),
// otherwise the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main/cli/main.js', import.meta.url);
let entry;
if (existsSync(fileURLToPath(built))) {
  entry = built.href;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../main/cli/main.ts', import.meta.url).href;
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
