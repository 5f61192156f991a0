/** Command-line parsing for `soundstorm`: every mistake becomes one line that says what to fix. */
import { parseProviderList, type ProviderName } from '../engine/ort/providers.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `usage:
  soundstorm render SCRIPT (.txt or .json) -o OUT.wav|.flac|.mp3 [--voice NAME=FILE ...] [--seed N] [--temperature T] [--pack DIR] [--pause SECONDS] [--provider LIST]
  soundstorm bench [--pack DIR] [--json FILE] [--cases 5,10,30] [--provider LIST] [--no-python]`;

export interface RenderCommand {
  readonly command: 'render';
  readonly script: string;
  readonly out: string;
  readonly voices: Record<string, string>;
  readonly seed: number | undefined;
  /** Decoding temperature (0 greedy); the pack's default when left out. */
  readonly temperature: number | undefined;
  readonly pack: string | undefined;
  readonly pause: number | undefined;
  readonly providers: ProviderName[] | undefined;
}

export interface BenchCommand {
  readonly command: 'bench';
  readonly pack: string | undefined;
  readonly json: string | undefined;
  readonly cases: number[];
  readonly providers: ProviderName[] | undefined;
  /** Also time the Python reference (default on; --no-python skips it). */
  readonly python: boolean;
}

export type Command = RenderCommand | BenchCommand | { readonly command: 'help' };

function takeValue(argv: string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined || (value.startsWith('-') && !/^-\d/.test(value))) throw new UsageError(`${flag} needs a value`);
  return value;
}

function number(text: string, flag: string, check: (n: number) => boolean, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${flag} must be ${what}, got "${text}"`);
  return n;
}

export function parseArgs(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command !== 'render' && command !== 'bench') throw new UsageError(`unknown command "${command}" (use render or bench)`);
  const args = [...rest];
  const positional: string[] = [];
  const voices: Record<string, string> = {};
  let out: string | undefined;
  let seed: number | undefined;
  let temperature: number | undefined;
  let pack: string | undefined;
  let pause: number | undefined;
  let json: string | undefined;
  let cases = [5, 10, 30];
  let providers: ProviderName[] | undefined;
  let python = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = takeValue(args, i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '-o':
      case '--out':
        out = value();
        break;
      case '--voice': {
        const spec = value();
        const eq = spec.indexOf('=');
        if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--voice must look like NAME=FILE, got "${spec}"`);
        voices[spec.slice(0, eq).trim()] = spec.slice(eq + 1);
        break;
      }
      case '--seed':
        seed = number(value(), '--seed', (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'a whole number from 0 to 4294967295');
        break;
      case '--temperature':
        temperature = number(value(), '--temperature', (n) => n >= 0 && n <= 2, 'a number from 0 (greedy) to 2');
        break;
      case '--pack':
        pack = value();
        break;
      case '--pause':
        pause = number(value(), '--pause', (n) => n >= 0 && n <= 10, 'seconds from 0 to 10');
        break;
      case '--json':
        json = value();
        break;
      case '--cases':
        cases = value()
          .split(',')
          .map((c) => number(c, '--cases', (n) => n > 0 && n <= 300, 'a list of seconds such as 5,10,30'));
        break;
      case '--no-python':
        python = false;
        break;
      case '--provider':
        try {
          providers = parseProviderList(value());
        } catch (error) {
          throw new UsageError(error instanceof Error ? error.message : String(error));
        }
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        positional.push(arg);
    }
  }
  if (command === 'bench') {
    if (positional.length > 0) throw new UsageError(`bench takes no file arguments (got "${positional[0]}")`);
    return { command, pack, json, cases, providers, python };
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'render needs a script file' : `render takes one script file, got ${positional.length}`);
  if (out === undefined) throw new UsageError('render needs -o OUT.wav');
  if (!/\.(wav|flac|mp3)$/i.test(out)) throw new UsageError(`-o must name a .wav, .flac or .mp3 file, got "${out}"`);
  return { command, script: positional[0] as string, out, voices, seed, temperature, pack, pause, providers };
}
