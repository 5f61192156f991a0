/**
 * Version 0, the prototype's project file: no `version` field, speakers and turns linked by name,
 * `color` and a linear `volume` per speaker, and at most one rendering per turn stored on the turn
 * itself (`audio`, `duration`, `offset` on the timeline). Migrated to version 1 by giving every
 * speaker, turn, take and clip an id, converting volume to decibels and turning each rendering
 * into a take with a clip.
 */
import { z } from 'zod';
import type { ProjectInput } from '../schema.js';

const v0Schema = z.object({
  version: z.literal(0).optional(),
  name: z.string().default('Untitled'),
  created: z.string().datetime().optional(),
  sampleRate: z.number().int().positive().default(24000),
  pause: z.number().nonnegative().default(0.35),
  speakers: z.array(
    z.object({
      name: z.string().min(1),
      color: z
        .string()
        .regex(/^#[0-9a-f]{6}$/i)
        .optional(),
      volume: z.number().nonnegative().default(1),
      pan: z.number().min(-1).max(1).default(0),
      muted: z.boolean().default(false),
      voice: z.string().nullable().default(null),
    }),
  ),
  turns: z.array(
    z.object({
      speaker: z.string(),
      text: z.string(),
      seed: z.number().int().nonnegative().default(0),
      speed: z.number().default(1),
      audio: z.string().nullable().default(null),
      duration: z.number().positive().optional(),
      offset: z.number().nonnegative().optional(),
    }),
  ),
});

const EPOCH = '1970-01-01T00:00:00.000Z';

export function migrateV0(raw: unknown): ProjectInput {
  const v0 = v0Schema.parse(raw);
  const created = v0.created ?? EPOCH;
  const speakerIds = new Map(v0.speakers.map((s, i) => [s.name.toLowerCase(), `spk-${i}`]));
  const speakers = v0.speakers.map((s, i) => ({
    id: `spk-${i}`,
    name: s.name,
    colour: s.color ?? '#4e79a7',
    // A silent (0) volume becomes the schema's floor rather than -Infinity.
    gain: s.volume > 0 ? Math.max(-60, Math.min(24, 20 * Math.log10(s.volume))) : -60,
    pan: s.pan,
    mute: s.muted,
    voice: s.voice === null ? null : { file: s.voice, name: s.voice.split('/').pop() ?? s.voice },
  }));
  const turns = v0.turns.map((t, i) => {
    const speakerId = speakerIds.get(t.speaker.toLowerCase());
    if (speakerId === undefined)
      throw new Error(`turns[${i}] names speaker "${t.speaker}", who is not among the speakers`);
    const rendered = t.audio !== null && t.duration !== undefined;
    return {
      id: `turn-${i}`,
      speakerId,
      text: t.text,
      options: { speed: t.speed, seed: t.seed },
      state: rendered ? ('ready' as const) : ('empty' as const),
    };
  });
  const rendered = v0.turns.flatMap((t, i) =>
    t.audio !== null && t.duration !== undefined ? [{ t, i, audio: t.audio, duration: t.duration }] : [],
  );
  const takes = rendered.map(({ t, i, audio, duration }) => ({
    id: `take-${i}`,
    turnId: `turn-${i}`,
    createdAt: created,
    text: t.text,
    seed: t.seed,
    audio,
    sampleRate: v0.sampleRate,
    duration,
  }));
  const clips = rendered.map(({ t, i }) => ({
    id: `clip-${i}`,
    turnId: `turn-${i}`,
    start: t.offset ?? 0,
    takeId: `take-${i}`,
  }));
  return {
    version: 1,
    name: v0.name,
    createdAt: created,
    speakers,
    turns,
    takes,
    clips,
    settings: { defaultPause: v0.pause },
  };
}
