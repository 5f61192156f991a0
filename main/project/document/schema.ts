/**
 * The project document, version 1: speakers (mix settings, voice sample), turns (text, render
 * options, state), clips on the timeline (a turn's chosen take, where and how it plays), takes
 * (every rendering kept until deleted), the loop region and settings. Files it refers to live
 * inside the project folder and are named by paths relative to it. Pure: no Node imports, so the
 * renderer's store can use the same schema and edit operations.
 */
import { z } from 'zod';
import { seedSchema } from '../../api/schemas.js';

export const PROJECT_VERSION = 1;

export const idSchema = z.string().min(1).max(128);
const seconds = z.number().finite().nonnegative();
const decibels = z.number().finite().min(-60).max(24);

/** A file inside the project folder: relative, forward slashes, no way out of the folder. */
export const projectPathSchema = z
  .string()
  .min(1)
  .max(512)
  .refine(
    (p) => !p.startsWith('/') && !p.includes('\\') && !/^[a-z]:/i.test(p) && !p.split('/').includes('..'),
    {
      message: 'must be a path inside the project folder (relative, no "..")',
    },
  );

export const voiceRefSchema = z.object({
  /** e.g. "voices/3f9a12c4e5.wav" (named by content hash). */
  file: projectPathSchema,
  /** The name of the file the user dropped, for display. */
  name: z.string().max(256),
  duration: seconds.optional(),
});
export type VoiceRef = z.infer<typeof voiceRefSchema>;

export const speakerSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(80),
  colour: z.string().regex(/^#[0-9a-f]{6}$/i),
  gain: decibels.default(0),
  /** -1 left .. 1 right. */
  pan: z.number().min(-1).max(1).default(0),
  mute: z.boolean().default(false),
  solo: z.boolean().default(false),
  voice: voiceRefSchema.nullable().default(null),
});
export type Speaker = z.infer<typeof speakerSchema>;

export const turnOptionsSchema = z.object({
  speed: z.number().min(0.5).max(2).default(1),
  /** Level of this turn in the mix, added to its clip's gain. */
  gain: decibels.default(0),
  /** null: the project's default seed. */
  seed: seedSchema.nullable().default(null),
  /** A voice sample for this turn only (a whispered take), overriding the speaker's. */
  voice: voiceRefSchema.nullable().default(null),
  /** Fit the rendered turn to this length. */
  targetDuration: z.number().positive().max(300).nullable().default(null),
});
export type TurnOptions = z.infer<typeof turnOptionsSchema>;

export const turnStateSchema = z.enum(['empty', 'rendering', 'ready', 'stale', 'failed']);
export type TurnState = z.infer<typeof turnStateSchema>;

export const turnSchema = z.object({
  id: idSchema,
  speakerId: idSchema,
  text: z.string().max(5000),
  options: turnOptionsSchema.default({}),
  state: turnStateSchema.default('empty'),
  /** Why the last render failed, in words. */
  error: z.string().optional(),
});
export type Turn = z.infer<typeof turnSchema>;

export const clipSchema = z.object({
  id: idSchema,
  turnId: idSchema,
  /** Timeline position of the first audible sample (after trimIn). */
  start: seconds,
  trimIn: seconds.default(0),
  trimOut: seconds.default(0),
  gain: decibels.default(0),
  /** The chosen take. */
  takeId: idSchema,
});
export type Clip = z.infer<typeof clipSchema>;

export const takeSchema = z.object({
  id: idSchema,
  turnId: idSchema,
  createdAt: z.string().datetime(),
  /** The text this take was rendered from (a different turn text makes it stale). */
  text: z.string(),
  seed: seedSchema,
  /** Mono WAV, e.g. "takes/t-1a2b3c.wav". */
  audio: projectPathSchema,
  sampleRate: z.number().int().positive(),
  duration: z.number().positive(),
  /** Semantic and acoustic tokens (for span regeneration), e.g. "takes/t-1a2b3c.tokens.bin". */
  tokens: projectPathSchema.nullable().default(null),
});
export type Take = z.infer<typeof takeSchema>;

export const loopSchema = z
  .object({ start: seconds, end: seconds, enabled: z.boolean().default(true) })
  .refine((loop) => loop.end > loop.start, { message: 'the loop must end after it starts' });

export const settingsSchema = z.object({
  /** Gap placed between a turn and the one before it when its first take arrives. */
  defaultPause: seconds.max(10).default(0.35),
  defaultSeed: seedSchema.default(0),
  /** Decoding temperature for renders; null uses the model pack's own default. */
  temperature: z.number().min(0).max(2).nullable().default(null),
  /** Loudness the export dialog starts from. */
  exportLoudness: z.number().min(-40).max(-5).default(-16),
});
export type ProjectSettings = z.infer<typeof settingsSchema>;

export const projectBodySchema = z.object({
  version: z.literal(PROJECT_VERSION),
  name: z.string().trim().min(1).max(200),
  createdAt: z.string().datetime(),
  /** Set by every save; autosaves carry the save they started from. */
  savedAt: z.string().datetime().nullable().default(null),
  speakers: z.array(speakerSchema),
  turns: z.array(turnSchema),
  clips: z.array(clipSchema),
  takes: z.array(takeSchema),
  loop: loopSchema.nullable().default(null),
  settings: settingsSchema.default({}),
});

export const projectSchema = projectBodySchema.superRefine((p, ctx) => {
  const issue = (path: (string | number)[], message: string): void =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  const seen = new Set<string>();
  for (const [kind, list] of [
    ['speakers', p.speakers],
    ['turns', p.turns],
    ['clips', p.clips],
    ['takes', p.takes],
  ] as const) {
    list.forEach((item, i) => {
      if (seen.has(item.id)) issue([kind, i, 'id'], `id "${item.id}" is used twice`);
      seen.add(item.id);
    });
  }
  const speakers = new Set(p.speakers.map((s) => s.id));
  const turns = new Set(p.turns.map((t) => t.id));
  const takes = new Map(p.takes.map((t) => [t.id, t]));
  p.turns.forEach(
    (t, i) => speakers.has(t.speakerId) || issue(['turns', i, 'speakerId'], `no speaker "${t.speakerId}"`),
  );
  p.takes.forEach((t, i) => turns.has(t.turnId) || issue(['takes', i, 'turnId'], `no turn "${t.turnId}"`));
  const clipped = new Set<string>();
  p.clips.forEach((c, i) => {
    if (!turns.has(c.turnId)) issue(['clips', i, 'turnId'], `no turn "${c.turnId}"`);
    if (clipped.has(c.turnId)) issue(['clips', i, 'turnId'], `turn "${c.turnId}" has two clips`);
    clipped.add(c.turnId);
    const take = takes.get(c.takeId);
    if (take === undefined) issue(['clips', i, 'takeId'], `no take "${c.takeId}"`);
    else if (take.turnId !== c.turnId)
      issue(['clips', i, 'takeId'], `take "${c.takeId}" belongs to another turn`);
  });
});

export type Project = z.infer<typeof projectSchema>;
export type ProjectInput = z.input<typeof projectSchema>;
