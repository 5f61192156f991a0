/**
 * Dialogue scripts for the CLI, read by the app's script parser (main/script): plain text with
 * `Name: text` turns (continuation lines, blank lines and `#` comments as the app reads them), or
 * JSON with voices and per-turn options. The first error stops the run with its line or field.
 */
import { parseScriptJson } from '../script/json.js';
import { parseScriptText } from '../script/text.js';
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

export function parseScript(text: string, name: string): Script {
  const json = /\.json$/i.test(name);
  const parsed = json ? parseScriptJson(text, name) : parseScriptText(text);
  const error = parsed.problems.find((p) => p.severity === 'error');
  if (error !== undefined) throw new UsageError(json ? error.message : `${name}: ${error.message}`);
  if (parsed.turns.length === 0) throw new UsageError(`${name}: no turns (write one "Name: text" a line)`);
  const voices: Record<string, string> = {};
  for (const speaker of parsed.speakers) if (speaker.voice !== undefined) voices[speaker.name] = speaker.voice;
  const turns = parsed.turns.map(({ speaker, text: said, options: o }): ScriptTurn => ({
    speaker,
    text: said,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.speed !== undefined ? { speed: o.speed } : {}),
    ...(o.targetDuration !== undefined ? { duration: o.targetDuration } : {}),
    ...(o.pauseAfter !== undefined ? { pauseAfter: o.pauseAfter } : {}),
  }));
  return { turns, voices, ...(parsed.pause !== undefined ? { pause: parsed.pause } : {}), ...(parsed.seed !== undefined ? { seed: parsed.seed } : {}) };
}
