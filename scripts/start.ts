/**
 * `npm start`: the desktop app where Electron's binary is installed; otherwise one line saying
 * so, then web mode (which prints its URL).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The electron package exports its binary's path, and throws when the download was skipped. */
function electronBinary(): string | null {
  try {
    const path: unknown = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => child.kill(signal));
    }
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const binary = electronBinary();
let code: number;
if (binary) {
  code = await run(npm, ['run', 'build', '--silent']);
  if (code === 0) code = await run(binary, ['.']);
} else {
  console.log("Electron's binary is not installed here, so starting web mode instead (open the URL below).");
  code = await run(npm, ['run', 'web', '--silent']);
}
process.exit(code);
