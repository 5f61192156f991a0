/**
 * Take and voice audio fetched from the project folder once (`take.audio`) and kept outside React
 * state: samples for playback, peaks for drawing. Components re-render through `useAudioVersion`.
 */
import { useSyncExternalStore } from 'react';
import type { ApiClient } from '../api/client.js';

export interface LoadedAudio {
  samples: Float32Array;
  sampleRate: number;
  /** Absolute peak per bucket, 0..1 (PEAKS_PER_SECOND buckets a second). */
  peaks: number[];
}

export const PEAKS_PER_SECOND = 50;

const cache = new Map<string, LoadedAudio>();
const listeners = new Set<() => void>();
let version = 0;

export function peaksOf(samples: Float32Array, sampleRate: number, perSecond = PEAKS_PER_SECOND): number[] {
  const bucket = Math.max(1, Math.round(sampleRate / perSecond));
  const peaks: number[] = [];
  for (let start = 0; start < samples.length; start += bucket) {
    let peak = 0;
    const end = Math.min(samples.length, start + bucket);
    for (let i = start; i < end; i++) peak = Math.max(peak, Math.abs(samples[i] ?? 0));
    peaks.push(Math.min(1, peak));
  }
  return peaks;
}

function changed(): void {
  version++;
  for (const listener of listeners) listener();
}

const keyOf = (folder: string, file: string): string => `${folder}\u0000${file}`;

export function audioOf(folder: string, file: string): LoadedAudio | undefined {
  return cache.get(keyOf(folder, file));
}

const inFlight = new Map<string, Promise<LoadedAudio>>();

/** A file's audio, fetched once; a failed fetch is forgotten so the next request tries again. */
export function loadAudio(api: ApiClient, folder: string, file: string): Promise<LoadedAudio> {
  const key = keyOf(folder, file);
  const cached = cache.get(key);
  if (cached !== undefined) return Promise.resolve(cached);
  const pending =
    inFlight.get(key) ??
    api.call('take.audio', { folder, file }).then((result) => {
      inFlight.delete(key);
      if (!result.ok) throw new Error(result.error.message);
      const { samples, sampleRate } = result.value;
      const loaded = { samples, sampleRate, peaks: peaksOf(samples, sampleRate) };
      cache.set(key, loaded);
      changed();
      return loaded;
    });
  inFlight.set(key, pending);
  return pending;
}

/** Starts loading a file once; a failure is reported to `onError`. */
export function requestAudio(
  api: ApiClient,
  folder: string,
  file: string,
  onError: (message: string) => void,
): void {
  if (cache.has(keyOf(folder, file))) return;
  loadAudio(api, folder, file).catch((error: unknown) =>
    onError(error instanceof Error ? error.message : String(error)),
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the caller whenever more audio has arrived. */
export function useAudioVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}
