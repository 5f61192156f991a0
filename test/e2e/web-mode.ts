import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WebMode {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const URL_LINE = /SoundStorm Studio web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/;

/** Starts the real `npm run web` entry (without the rebuild) and waits for its URL line. */
export function startWebMode(env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<WebMode> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`web mode printed no URL in ${timeoutMs} ms: ${output.join('')}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}: ${output.join('')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const match = URL_LINE.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], process: child, stop });
      }
    });
  });
}
