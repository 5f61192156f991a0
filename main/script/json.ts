/**
 * The JSON script form (what `soundstorm render dialogue.json` reads):
 *   { "speakers": [{ "name": "Alice", "voice": "voices/alice.wav", "gain": 0, "pan": -0.2 }],
 *     "pause": 0.35,
 *     "turns": [{ "speaker": "Alice", "text": "Hello.", "speed": 1.1, "gain": -2, "seed": 7,
 *                 "voice": "alice-whisper.wav", "targetDuration": 2.5 }] }
 * or, instead of "turns", "script": "Alice: Hello.\nBob: Hi." in the text form. Voice paths are
 * relative to the script file. Shorter forms are accepted too: "voices": {"Alice": "alice.wav"}
 * for voices by name, a base "seed", and per turn "duration" (= targetDuration) and "pauseAfter".
 * Unknown keys are refused, so a typo is not silently ignored. Problems name the JSON path.
 */
import { z } from 'zod';
import { seedSchema } from '../api/schemas.js';
import { describeIssues } from '../project/document/zod-issues.js';
import { parseScriptText } from './text.js';
import {
  MAX_TURN_CHARS,
  type ParsedScript,
  type ScriptProblem,
  type ScriptSpeaker,
  type ScriptTurn,
} from './types.js';

const speakerSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  voice: z.string().min(1).optional(),
  colour: z
    .string()
    .regex(/^#[0-9a-f]{6}$/i)
    .optional(),
  gain: z.number().min(-60).max(24).optional(),
  pan: z.number().min(-1).max(1).optional(),
});

const turnSchema = z.strictObject({
  speaker: z.string().trim().min(1),
  text: z.string(),
  speed: z.number().min(0.5).max(2).optional(),
  gain: z.number().min(-60).max(24).optional(),
  seed: seedSchema.optional(),
  voice: z.string().min(1).optional(),
  targetDuration: z.number().positive().max(300).optional(),
  duration: z.number().positive().max(300).optional(),
  pauseAfter: z.number().min(0).max(10).optional(),
});

export const scriptJsonSchema = z
  .strictObject({
    speakers: z.array(speakerSchema).default([]),
    voices: z.record(z.string().min(1)).default({}),
    pause: z.number().nonnegative().max(10).optional(),
    seed: seedSchema.optional(),
    turns: z.array(turnSchema).optional(),
    script: z.string().optional(),
  })
  .refine((s) => (s.turns === undefined) !== (s.script === undefined), {
    message: 'give either "turns" or "script", not both or neither',
  });

export type ScriptJson = z.input<typeof scriptJsonSchema>;

/** A script that could not be read at all: no turns, one problem saying why. */
function unreadable(label: string, message: string): ParsedScript {
  return {
    speakers: [],
    turns: [],
    problems: [{ kind: 'invalid', severity: 'error', where: label, message }],
  };
}

export function parseScriptJson(source: string | unknown, label = 'script'): ParsedScript {
  let raw: unknown = source;
  if (typeof source === 'string') {
    try {
      raw = JSON.parse(source.replace(/^\uFEFF/, ''));
    } catch (error) {
      return unreadable(
        label,
        `${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const parsed = scriptJsonSchema.safeParse(raw);
  if (!parsed.success) return unreadable(label, `${label}: ${describeIssues(parsed.error)}`);
  const json = parsed.data;
  const problems: ScriptProblem[] = [];
  const speakers: ScriptSpeaker[] = [];
  const byKey = new Map<string, ScriptSpeaker>();
  const declared = [
    ...json.speakers,
    ...Object.entries(json.voices).map(([name, voice]) => ({ name, voice })),
  ];
  declared.forEach((s, i) => {
    const key = s.name.toLowerCase();
    if (byKey.has(key))
      problems.push({
        kind: 'invalid',
        severity: 'error',
        where: `speakers[${i}]`,
        message: `${label}: the speaker "${s.name}" is listed twice.`,
      });
    else {
      byKey.set(key, s);
      speakers.push(s);
    }
  });
  const turns: ScriptTurn[] = [];
  const fromText = json.script === undefined ? undefined : parseScriptText(json.script);
  const declare = (name: string, where: string): string => {
    const known = byKey.get(name.toLowerCase());
    if (known !== undefined) return known.name;
    const added: ScriptSpeaker = { name };
    byKey.set(name.toLowerCase(), added);
    speakers.push(added);
    // With a speakers list, a name outside it is probably a typo; without one, names make speakers.
    if (json.speakers.length > 0) {
      problems.push({
        kind: 'undeclared-speaker',
        severity: 'warning',
        where,
        message: `${label}: ${where} names "${name}", who is not among the speakers (added without a voice).`,
      });
    }
    return name;
  };
  if (fromText !== undefined) {
    problems.push(...fromText.problems);
    for (const turn of fromText.turns)
      turns.push({ ...turn, speaker: declare(turn.speaker, `line ${turn.line ?? '?'}`) });
  }
  (json.turns ?? []).forEach((t, i) => {
    const where = `turns[${i}]`;
    const text = t.text.replace(/\s+/g, ' ').trim();
    if (text.length === 0)
      return problems.push({
        kind: 'empty-text',
        severity: 'error',
        where,
        message: `${label}: ${where} has no text.`,
      });
    if (text.length > MAX_TURN_CHARS)
      return problems.push({
        kind: 'too-long',
        severity: 'error',
        where,
        message: `${label}: ${where} has ${text.length} characters (at most ${MAX_TURN_CHARS}).`,
      });
    const { speaker, text: _text, duration, targetDuration, ...rest } = t;
    const fit = targetDuration ?? duration;
    turns.push({
      speaker: declare(speaker, where),
      text,
      options: { ...rest, ...(fit === undefined ? {} : { targetDuration: fit }) },
    });
    return undefined;
  });
  return {
    speakers,
    turns,
    problems,
    ...(json.pause === undefined ? {} : { pause: json.pause }),
    ...(json.seed === undefined ? {} : { seed: json.seed }),
  };
}
