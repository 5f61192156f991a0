// Starts the worker from TypeScript sources (development, tests, the CLI without a build):
// registers tsx's loader inside this thread, then imports the real entry.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
