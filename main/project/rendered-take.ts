/**
 * A finished render (the engine's `job.done`) stored as a take of its turn: audio and tokens
 * written into takes/, and the take record to pass to `addTake`.
 */
import type { JobDone } from '../api/schemas.js';
import { newId } from './document/ids.js';
import type { Take, Turn } from './document/schema.js';
import { writeTakeFiles } from './files.js';

export async function storeRenderedTake(
  folder: string,
  turn: Pick<Turn, 'id' | 'text'>,
  done: Pick<JobDone, 'samples' | 'sampleRate' | 'tokens'>,
  seed: number,
  options: { id?: string; now?: Date } = {},
): Promise<Take> {
  if (done.samples.length === 0) throw new RangeError(`The render of turn "${turn.id}" holds no audio.`);
  const id = options.id ?? newId('take');
  const stored = await writeTakeFiles(folder, id, done.samples, done.sampleRate, done.tokens);
  return {
    id,
    turnId: turn.id,
    createdAt: (options.now ?? new Date()).toISOString(),
    text: turn.text,
    seed,
    sampleRate: done.sampleRate,
    duration: done.samples.length / done.sampleRate,
    ...stored,
  };
}
