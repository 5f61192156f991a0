/** Shared by the thread and process worker tests: kill the worker while a job runs. */
import type { EventPayload } from '../../main/api/contract.js';
import type { ExtendedEngineService } from '../../main/engine/service.js';

type Outcome = EventPayload<'job.done'> | EventPayload<'job.failed'>;

export function jobOutcome(service: ExtendedEngineService, jobId: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const stops = [
      service.on('job.done', (p) => p.jobId === jobId && (stops.forEach((s) => s()), resolve(p))),
      service.on('job.failed', (p) => p.jobId === jobId && (stops.forEach((s) => s()), resolve(p))),
    ];
  });
}

/** Queues a long job and a short one, kills the worker once the long one runs; both outcomes. */
export async function killWorkerMidJob(
  service: ExtendedEngineService,
  voiceId: string,
): Promise<{ doomed: Outcome; next: Outcome }> {
  const doomed = await service.renderTurn({
    text: 'This job will lose its worker. '.repeat(4),
    voiceId,
    seed: 1,
    speed: 1,
    priority: 0,
  });
  const next = await service.renderTurn({
    text: 'And this one still renders.',
    voiceId,
    seed: 2,
    speed: 1,
    priority: 0,
  });
  const doomedOutcome = jobOutcome(service, doomed.jobId);
  const nextOutcome = jobOutcome(service, next.jobId);
  await new Promise<void>((resolve) => {
    const off = service.on('job.progress', (p) => {
      if (p.jobId === doomed.jobId && p.stage !== 'queued') {
        off();
        resolve();
      }
    });
  });
  await service.worker.kill();
  return { doomed: await doomedOutcome, next: await nextOutcome };
}
