import type { ApiClient } from '../api/client.js';
import { parseScript } from '../script/parse-script.js';
import { useJobs } from './jobs.js';
import { studio } from './studio.js';
import type { Speaker } from './types.js';

/** Why Generate cannot run yet, or null when it can. */
export function generateBlocker(script: string, speakers: Speaker[], engineReady: boolean): string | null {
  const { turns } = parseScript(script);
  if (turns.length === 0) return 'Write a script first: one "Name: text" line per turn';
  const byName = new Map(speakers.map((speaker) => [speaker.name, speaker]));
  const missing = [...new Set(turns.map((t) => t.speaker))].filter((name) => !byName.get(name)?.voice);
  if (missing.length > 0) return `Give ${missing.join(', ')} a speaker with a voice sample`;
  if (!engineReady) return 'The engine is not ready';
  return null;
}

/** Queues every turn of the script; clips appear as `job.done` events arrive. */
export async function generateScript(api: ApiClient, seed: number): Promise<void> {
  const { script, speakers, notify } = studio.getState();
  const jobs = useJobs.getState();
  jobs.clear();
  const byName = new Map(speakers.map((speaker) => [speaker.name, speaker]));
  const turns = parseScript(script).turns;
  for (const [index, turn] of turns.entries()) {
    const speaker = byName.get(turn.speaker);
    if (!speaker?.voice) continue;
    const queued = await api.call('render.turn', {
      text: turn.text,
      voiceId: speaker.voice.voiceId,
      seed: (seed + index) >>> 0,
      // Earlier turns first: the playhead starts at the beginning.
      priority: turns.length - index,
    });
    if (!queued.ok) {
      notify({ severity: 'error', text: `Line ${turn.line}: ${queued.error.message}` });
      return;
    }
    jobs.add({
      jobId: queued.value.jobId,
      speakerId: speaker.id,
      text: turn.text,
      state: 'running',
      fraction: 0,
      duration: null,
      error: null,
    });
  }
}
