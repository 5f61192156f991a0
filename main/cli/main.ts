/** `soundstorm` entry: parses the command, runs it, and turns any failure into one line. */
import { EngineError } from '../engine/errors.js';
import { parseArgs, USAGE, UsageError } from './args.js';
import { runBench } from './bench.js';
import { runRender } from './render.js';

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseArgs(argv);
    if (command.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command.command === 'render') await runRender(command);
    else await runBench(command);
    return 0;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    process.stderr.write(`soundstorm: ${text.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : error instanceof EngineError ? 1 : 1;
  }
}
