/** Regenerating the selected span of a clip: the engine keeps the audio on both sides of it. */
import type { ApiClient } from '../api/client.js';
import { seedOf } from './render-actions.js';
import { studio } from './studio.js';

export async function regenerateSpan(api: ApiClient): Promise<void> {
  const { project, folder, span, notify, setRender, setSpan, renders } = studio.getState();
  if (folder === null || span === null) return;
  const clip = project.clips.find((c) => c.id === span.clipId);
  const take = project.takes.find((t) => t.id === clip?.takeId);
  const turn = project.turns.find((t) => t.id === clip?.turnId);
  if (clip === undefined || take === undefined || turn === undefined || renders[turn.id] !== undefined)
    return;
  if (take.tokens === null) {
    notify({
      severity: 'warning',
      text: 'This take has no tokens saved, so only the whole turn can be regenerated.',
    });
    return;
  }
  const result = await api.call('turn.regenerateSpan', {
    folder,
    turnId: turn.id,
    text: take.text,
    audio: take.audio,
    tokens: take.tokens,
    start: span.start,
    end: span.end,
    // A different seed from the take's, or the span would come back the same.
    seed: (seedOf(project, turn) + project.takes.filter((t) => t.turnId === turn.id).length) >>> 0,
    priority: 10,
  });
  if (!result.ok) {
    notify({ severity: 'error', text: result.error.message });
    return;
  }
  setSpan(null);
  setRender(turn.id, { jobId: result.value.jobId, fraction: 0 });
}
