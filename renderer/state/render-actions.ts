/**
 * Rendering turns through the contract: `turn.render` queues a turn (its own voice or its speaker's,
 * its seed or the project's default seed + its index), progress events fill the session's renders,
 * and `take.stored` adds the take to the document (one undo step: undo goes back to the old take).
 */
import type { ApiClient } from '../api/client.js';
import { addTake, setTurnState, type Project, type Turn } from '../../main/project/document/index.js';
import { studio } from './studio.js';

/** Why a turn cannot render yet, in words, or null. */
export function turnBlocker(p: Project, turn: Turn): string | null {
  if (turn.text.trim().length === 0) return 'This turn has no text yet: write what the speaker says.';
  const speaker = p.speakers.find((s) => s.id === turn.speakerId);
  const voice = turn.options.voice ?? speaker?.voice ?? null;
  if (voice === null) return `Drop a voice sample on ${speaker?.name ?? 'the speaker'} first.`;
  return null;
}

export function seedOf(p: Project, turn: Turn): number {
  const index = p.turns.findIndex((t) => t.id === turn.id);
  return turn.options.seed ?? (p.settings.defaultSeed + Math.max(0, index)) >>> 0;
}

/** Queues the given turns (nearest the start first); returns how many were queued. */
export async function renderTurns(api: ApiClient, turnIds: string[]): Promise<number> {
  const { project, folder, notify, setRender } = studio.getState();
  if (folder === null) return 0;
  let queued = 0;
  for (const [order, turnId] of turnIds.entries()) {
    const turn = project.turns.find((t) => t.id === turnId);
    if (turn === undefined || studio.getState().renders[turnId] !== undefined) continue;
    const blocker = turnBlocker(project, turn);
    if (blocker !== null) {
      notify({ severity: 'warning', text: blocker });
      continue;
    }
    const speaker = project.speakers.find((s) => s.id === turn.speakerId);
    const voice = turn.options.voice ?? speaker?.voice;
    if (voice === undefined || voice === null) continue;
    const result = await api.call('turn.render', {
      folder,
      turnId,
      text: turn.text,
      voice: voice.file,
      seed: seedOf(project, turn),
      speed: turn.options.speed,
      ...(project.settings.temperature === null ? {} : { temperature: project.settings.temperature }),
      ...(turn.options.targetDuration === null ? {} : { targetDuration: turn.options.targetDuration }),
      priority: turnIds.length - order,
    });
    if (!result.ok) {
      notify({ severity: 'error', text: `“${turn.text.slice(0, 40)}”: ${result.error.message}` });
      continue;
    }
    setRender(turnId, { jobId: result.value.jobId, fraction: 0 });
    queued++;
  }
  return queued;
}

/** Every turn that has text and no up-to-date take. */
export function turnsToGenerate(p: Project): string[] {
  return p.turns.filter((t) => t.state !== 'ready' && turnBlocker(p, t) === null).map((t) => t.id);
}

function turnOfJob(jobId: string): string | undefined {
  const renders = studio.getState().renders;
  return Object.keys(renders).find((turnId) => renders[turnId]?.jobId === jobId);
}

/**
 * The engine publishes its status as a job finishes but while the job still counts as pending, so
 * once the last render is in, the status is asked for again (the chip would say "Rendering (1)").
 */
function refreshStatusWhenIdle(api: ApiClient): void {
  if (Object.keys(studio.getState().renders).length > 0) return;
  void api.call('engine.status', {}).then((status) => {
    if (status.ok) studio.getState().setEngine(status.value);
  });
}

/** Routes job and take events into the store; returns the unsubscribe. */
export function followRenderEvents(api: ApiClient): () => void {
  const stops = [
    api.on('job.progress', ({ jobId, fraction }) => {
      const turnId = turnOfJob(jobId);
      if (turnId !== undefined) studio.getState().setRender(turnId, { jobId, fraction });
    }),
    api.on('take.stored', ({ jobId, take, warnings }) => {
      const turnId = turnOfJob(jobId);
      if (turnId === undefined) return;
      const { edit, setRender, project, notify } = studio.getState();
      setRender(turnId, null);
      if (project.turns.some((t) => t.id === take.turnId)) edit((p) => addTake(p, take));
      if (warnings.length > 0) notify({ severity: 'warning', text: `“${take.text.slice(0, 40)}”: ${warnings.join('; ')}` });
      refreshStatusWhenIdle(api);
    }),
    api.on('job.failed', ({ jobId, error }) => {
      const turnId = turnOfJob(jobId);
      if (turnId === undefined) return;
      const { edit, setRender, notify } = studio.getState();
      setRender(turnId, null);
      edit((p) =>
        p.turns.some((t) => t.id === turnId) ? setTurnState(p, turnId, 'failed', error.message) : p,
      );
      notify({ severity: 'error', text: `A turn failed to render: ${error.message}` });
      refreshStatusWhenIdle(api);
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
