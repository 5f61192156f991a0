import { create } from 'zustand';
import type { ApiClient } from '../api/client.js';

export interface TurnJob {
  jobId: string;
  speakerId: string;
  text: string;
  state: 'running' | 'done' | 'failed';
  fraction: number;
  /** Seconds of audio, once done. */
  duration: number | null;
  error: string | null;
}

interface JobsState {
  jobs: TurnJob[];
  add(job: TurnJob): void;
  update(jobId: string, patch: Partial<TurnJob>): void;
  clear(): void;
}

/** Render jobs of this session, in script order. Audio itself is not kept in React state. */
export const useJobs = create<JobsState>()((set) => ({
  jobs: [],
  add: (job) => set((s) => ({ jobs: [...s.jobs, job] })),
  update: (jobId, patch) =>
    set((s) => ({ jobs: s.jobs.map((job) => (job.jobId === jobId ? { ...job, ...patch } : job)) })),
  clear: () => set({ jobs: [] }),
}));

/** Routes job events into the jobs store; returns the unsubscribe. */
export function followJobEvents(api: ApiClient): () => void {
  const { update } = useJobs.getState();
  const stops = [
    api.on('job.progress', ({ jobId, fraction }) => update(jobId, { fraction })),
    api.on('job.done', ({ jobId, samples, sampleRate }) =>
      update(jobId, { state: 'done', fraction: 1, duration: samples.length / sampleRate }),
    ),
    api.on('job.failed', ({ jobId, error }) => update(jobId, { state: 'failed', error: error.message })),
  ];
  return () => stops.forEach((stop) => stop());
}
