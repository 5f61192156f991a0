/**
 * The autosave timer the app runs: every few minutes, if the document changed since it was last
 * saved or autosaved (edits are immutable, so "changed" is "a different object"), write a snapshot.
 * Failures go to `onError` (shown in the status bar) and never interrupt editing.
 */
import { autosaveProject } from './autosave.js';
import type { Project } from './document/schema.js';

export const AUTOSAVE_INTERVAL_MS = 3 * 60 * 1000;

export interface AutosaverOptions {
  /** The open project's folder; null while it has none (never saved). */
  readonly folder: () => string | null;
  /** The store's current document. */
  readonly current: () => Project;
  readonly intervalMs?: number;
  readonly onSaved?: (file: string) => void;
  readonly onError?: (error: unknown) => void;
}

export class Autosaver {
  private timer: ReturnType<typeof setInterval> | undefined;
  private written: Project | undefined;
  private running: Promise<string | null> | undefined;

  constructor(private readonly options: AutosaverOptions) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? AUTOSAVE_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** After an explicit save (which removes autosaves): nothing to autosave until the next edit. */
  markSaved(project: Project): void {
    this.written = project;
  }

  /** Writes a snapshot if needed; returns its path, or null when there was nothing to do. */
  tick(): Promise<string | null> {
    this.running ??= this.write().finally(() => (this.running = undefined));
    return this.running;
  }

  private async write(): Promise<string | null> {
    const folder = this.options.folder();
    const project = this.options.current();
    if (folder === null || project === this.written) return null;
    try {
      const file = await autosaveProject(folder, project);
      this.written = project;
      this.options.onSaved?.(file);
      return file;
    } catch (error) {
      this.options.onError?.(error);
      return null;
    }
  }
}
