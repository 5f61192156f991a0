/**
 * Schemas of the workstation's project, voice, take and export methods. The project document's
 * own schema lives in main/project/document (pure, Node-free) and is reused here as it is, so the
 * contract, the store and the files on disk agree on one definition.
 */
import { z } from 'zod';
import { exportOptionsSchema } from '../audio/export/options.js';
import { projectPathSchema, projectSchema, takeSchema, voiceRefSchema } from '../project/document/schema.js';
import { bytesSchema, float32ArraySchema, idSchema, seedSchema, temperatureSchema, voicePromptSchema } from './schemas.js';

/** An absolute folder on the main side; the renderer only passes back what it was given. */
export const folderSchema = z.string().min(1).max(4096);

export const openedProjectSchema = z.object({
  folder: folderSchema,
  project: projectSchema,
  /** Format version on disk (lower than the current one when it was migrated on open). */
  migratedFrom: z.number().int().nonnegative(),
  /** Files the document names that the folder lacks. */
  missing: z.array(z.string()),
});
export type OpenedProjectResult = z.infer<typeof openedProjectSchema>;

export const recentProjectSchema = z.object({
  folder: folderSchema,
  name: z.string(),
  savedAt: z.string().nullable(),
});
export type RecentProject = z.infer<typeof recentProjectSchema>;

export const recoverySchema = z.object({
  project: projectSchema,
  autosavedAt: z.string(),
  lastSavedAt: z.string().nullable(),
});
export type RecoveryResult = z.infer<typeof recoverySchema>;

export const importVoiceArgsSchema = z.object({
  folder: folderSchema,
  name: z.string().min(1).max(256),
  bytes: bytesSchema,
});

export const importedVoiceSchema = z.object({ voice: voiceRefSchema, prompt: voicePromptSchema });
export type ImportedVoice = z.infer<typeof importedVoiceSchema>;

export const renderProjectTurnArgsSchema = z.object({
  folder: folderSchema,
  turnId: idSchema,
  text: z.string().trim().min(1).max(5000),
  /** The speaker's (or the turn's own) voice sample, inside the project folder. */
  voice: projectPathSchema,
  seed: seedSchema,
  speed: z.number().min(0.5).max(2).default(1),
  targetDuration: z.number().positive().max(300).optional(),
  temperature: temperatureSchema.optional(),
  priority: z.number().int().default(0),
});
export type RenderProjectTurnArgs = z.input<typeof renderProjectTurnArgsSchema>;

/** A finished render written into the project's takes/ (follows the engine's `job.done`). */
export const takeStoredSchema = z.object({
  jobId: idSchema,
  take: takeSchema,
  /** The engine's warnings for this render (text it could not speak), shown to the user. */
  warnings: z.array(z.string()).default([]),
});
export type TakeStored = z.infer<typeof takeStoredSchema>;

export const takeAudioSchema = z.object({
  sampleRate: z.number().int().positive(),
  samples: float32ArraySchema,
});
export type TakeAudio = z.infer<typeof takeAudioSchema>;

export const exportArgsSchema = z.object({
  folder: folderSchema,
  project: projectSchema,
  /** Chosen by the caller so progress events and cancel can name the export before it answers. */
  exportId: idSchema,
  /** Base file name (no folder); the files go to the project's exports/ folder. */
  name: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .regex(/^[^/\\:*?"<>|]+$/, 'a file name without / \\ : * ? " < > |'),
  options: exportOptionsSchema.default({}),
});
export type ExportArgs = z.input<typeof exportArgsSchema>;

export const exportResultSchema = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['mix', 'stem', 'subtitles']),
      lane: z.string().optional(),
      bytes: z.number().int().nonnegative(),
    }),
  ),
  format: z.enum(['wav', 'flac', 'mp3']),
  duration: z.number().nonnegative(),
  loudness: z.number(),
  truePeak: z.number(),
  warnings: z.array(z.string()),
});
export type ExportResultValue = z.infer<typeof exportResultSchema>;

export const exportProgressSchema = z.object({
  exportId: idSchema,
  stage: z.enum(['mix', 'loudness', 'encode', 'stems', 'write']),
  fraction: z.number().min(0).max(1),
});
export type ExportProgressEvent = z.infer<typeof exportProgressSchema>;

export const regenerateSpanArgsSchema = z
  .object({
    folder: folderSchema,
    turnId: idSchema,
    /** The turn's text (recorded on the new take). */
    text: z.string().max(5000),
    /** The take whose span is regenerated: its audio and tokens inside the project. */
    audio: projectPathSchema,
    tokens: projectPathSchema,
    /** The span, in seconds of the take's audio; the audio on both sides stays as it is. */
    start: z.number().nonnegative(),
    end: z.number().positive(),
    seed: seedSchema,
    priority: z.number().int().default(0),
  })
  .refine((a) => a.end > a.start, { message: 'the span must end after it starts' });
