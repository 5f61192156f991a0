/**
 * The workstation's methods (projects, voices in a project, turns rendered into takes, export),
 * appended to the contract in contract.ts. main/studio implements them on top of main/project,
 * main/audio/export and the engine service.
 */
import { z } from 'zod';
import { projectPathSchema, projectSchema } from '../project/document/schema.js';
import { idSchema, voicePromptSchema } from './schemas.js';
import {
  exportArgsSchema,
  exportProgressSchema,
  exportResultSchema,
  folderSchema,
  importVoiceArgsSchema,
  importedVoiceSchema,
  regenerateSpanArgsSchema,
  openedProjectSchema,
  recentProjectSchema,
  recoverySchema,
  renderProjectTurnArgsSchema,
  takeAudioSchema,
  takeStoredSchema,
} from './studio-schemas.js';

const folderArgs = z.object({ folder: folderSchema });

export const studioMethods = {
  /** A new empty project in its own folder under the projects folder. */
  'project.new': { args: z.object({ name: z.string().trim().min(1).max(200) }), result: openedProjectSchema },
  /** The demo project: the bundled voices on two speakers and the demo dialogue as turns. */
  'project.demo': { args: z.object({}).strict().default({}), result: openedProjectSchema },
  /** Opens a project folder; a damaged file is reported (CORRUPT) and left untouched. */
  'project.open': { args: folderArgs, result: openedProjectSchema },
  'project.save': {
    args: z.object({ folder: folderSchema, project: projectSchema }),
    result: z.object({ project: projectSchema }),
  },
  /** Copies the project and its files to a new folder (a name under the projects folder, or a path). */
  'project.saveAs': {
    args: z.object({ folder: folderSchema, to: z.string().trim().min(1).max(4096), project: projectSchema }),
    result: z.object({ folder: folderSchema, project: projectSchema }),
  },
  'project.autosave': {
    args: z.object({ folder: folderSchema, project: projectSchema }),
    result: z.object({ file: z.string() }),
  },
  /** Unsaved changes left by a crash (an autosave newer than the last save), or null. */
  'project.recovery': { args: folderArgs, result: z.object({ recovery: recoverySchema.nullable() }) },
  'project.discardRecovery': { args: folderArgs, result: z.object({}) },
  'project.recent': {
    args: z.object({}).strict().default({}),
    result: z.object({ projectsFolder: z.string(), projects: z.array(recentProjectSchema) }),
  },
  /** Copies a dropped voice sample into the project and prepares its prompt with the engine. */
  'voice.import': { args: importVoiceArgsSchema, result: importedVoiceSchema },
  /** Prepares (or finds cached) the prompt of a voice file already in the project. */
  'voice.load': {
    args: z.object({ folder: folderSchema, file: projectPathSchema }),
    result: voicePromptSchema,
  },
  /** Queues a turn; its take arrives as `take.stored` (or the engine's `job.failed`). */
  'turn.render': { args: renderProjectTurnArgsSchema, result: z.object({ jobId: idSchema }) },
  /** Regenerates a span inside a take (a new take of the turn, arriving as `take.stored`). */
  'turn.regenerateSpan': { args: regenerateSpanArgsSchema, result: z.object({ jobId: idSchema }) },
  /** A take's audio, for playback and waveforms. */
  'take.audio': {
    args: z.object({ folder: folderSchema, file: projectPathSchema }),
    result: takeAudioSchema,
  },
  /** Mix, stems and subtitles into the project's exports/ folder; progress as `export.progress`. */
  'export.run': { args: exportArgsSchema, result: exportResultSchema },
  'export.cancel': { args: z.object({ exportId: idSchema }), result: z.object({ cancelled: z.boolean() }) },
} as const;

export const studioEvents = {
  'take.stored': takeStoredSchema,
  'export.progress': exportProgressSchema,
} as const;
