/**
 * Dialogue scripts: plain text with one `Name: text` turn a line (blank lines and `#` comments
 * skipped), or JSON carrying the same plus per-turn options.
 */
import { z } from 'zod';
import { UsageError } from './args.js';

export interface ScriptTurn {
  readonly speaker: string;
  readonly text: string;
  readonly seed?: number;
  readonly speed?: number;
  readonly duration?: number;
  /** Silence after this turn, overriding the script's pause. */
  readonly pauseAfter?: number;
}

export interface Script {
  readonly turns: ScriptTurn[];
  readonly voices: Record<string, string>;
  readonly pause?: number;
  readonly seed?: number;
}

const turnSchema = z
  .object({
    speaker: z.string().trim().min(1),
    text: z.string().trim().min(1).max(5000),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    speed: z.number().min(0.5).max(2).optional(),
    duration: z.number().positive().max(300).optional(),
    pauseAfter: z.number().min(0).max(10).optional(),
  })
  .strict();

const scriptSchema = z
  .object({
    voices: z.record(z.string()).default({}),
    pause: z.number().min(0).max(10).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    turns: z.array(turnSchema).min(1),
  })
  .strict();

export function parseScript(text: string, name: string): Script {
  return /\.json$/i.test(name) ? parseJsonScript(text, name) : parseTextScript(text, name);
}

function parseTextScript(text: string, name: string): Script {
  const turns: ScriptTurn[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^([^:]{1,64}):\s*(.+)$/.exec(line);
    if (match === null) throw new UsageError(`${name}:${i + 1}: expected "Name: text", got "${line.slice(0, 40)}"`);
    turns.push({ speaker: (match[1] as string).trim(), text: (match[2] as string).trim() });
  });
  if (turns.length === 0) throw new UsageError(`${name}: no turns (write one "Name: text" a line)`);
  return { turns, voices: {} };
}

function parseJsonScript(text: string, name: string): Script {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = scriptSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${name}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const { turns, voices, pause, seed } = parsed.data;
  return { turns, voices, ...(pause !== undefined ? { pause } : {}), ...(seed !== undefined ? { seed } : {}) };
}
