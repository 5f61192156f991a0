/**
 * Projects through the contract: start (the most recent project, else a new one), new, demo, open
 * (a damaged file is reported and the current project stays), save, save as, recovery and autosave.
 */
import type { ApiClient } from '../api/client.js';
import type { OpenedProjectResult } from '../../main/api/studio-schemas.js';
import { useDialogs } from './dialogs.js';
import { studio } from './studio.js';

/** How often unsaved changes are written to autosave/ (main/project's AUTOSAVE_INTERVAL_MS). */
export const AUTOSAVE_MS = 3 * 60 * 1000;

async function loadOpened(api: ApiClient, opened: OpenedProjectResult): Promise<void> {
  const { load, notify } = studio.getState();
  load(opened.folder, opened.project, opened.project);
  if (opened.migratedFrom < 1) notify({ severity: 'info', text: 'Opened a project from an older version.' });
  if (opened.missing.length > 0)
    notify({ severity: 'warning', text: `Missing from the folder: ${opened.missing.join(', ')}` });
  void loadVoicePrompts(api);
  const found = await api.call('project.recovery', { folder: opened.folder });
  if (found.ok && found.value.recovery !== null)
    useDialogs.getState().setRecovery({ ...found.value.recovery, folder: opened.folder });
}

/** Waveforms and lengths of the voices a project names (the engine caches their prompts). */
export async function loadVoicePrompts(api: ApiClient): Promise<void> {
  const { project, folder } = studio.getState();
  if (folder === null) return;
  const files = new Set<string>();
  for (const s of project.speakers) if (s.voice) files.add(s.voice.file);
  for (const t of project.turns) if (t.options.voice) files.add(t.options.voice.file);
  for (const file of files) {
    if (studio.getState().prompts[file] !== undefined) continue;
    const prompt = await api.call('voice.load', { folder, file });
    if (prompt.ok) studio.getState().setPrompt(file, prompt.value);
  }
}

export async function openProjectFolder(api: ApiClient, folder: string): Promise<boolean> {
  const opened = await api.call('project.open', { folder });
  if (!opened.ok) {
    studio.getState().notify({ severity: 'error', text: opened.error.message });
    return false;
  }
  await loadOpened(api, opened.value);
  return true;
}

export async function newProject(api: ApiClient, name: string): Promise<void> {
  const created = await api.call('project.new', { name });
  if (created.ok) await loadOpened(api, created.value);
  else studio.getState().notify({ severity: 'error', text: created.error.message });
}

export async function openDemo(api: ApiClient): Promise<void> {
  const created = await api.call('project.demo', {});
  if (created.ok) await loadOpened(api, created.value);
  else studio.getState().notify({ severity: 'error', text: created.error.message });
}

/** The most recent project that opens, else a new one. */
export async function startSession(api: ApiClient): Promise<void> {
  const recent = await api.call('project.recent', {});
  const last = recent.ok ? recent.value.projects[0] : undefined;
  if (last !== undefined && (await openProjectFolder(api, last.folder))) return;
  await newProject(api, 'Untitled');
}

export async function saveProject(api: ApiClient): Promise<boolean> {
  const { project, folder, markSaved, notify } = studio.getState();
  if (folder === null) return false;
  const saved = await api.call('project.save', { folder, project });
  if (!saved.ok) {
    notify({ severity: 'error', text: saved.error.message });
    return false;
  }
  markSaved(project);
  notify({ severity: 'success', text: `Saved ${project.name}` });
  return true;
}

export async function saveProjectAs(api: ApiClient, to: string): Promise<boolean> {
  const { project, folder, markSaved, notify } = studio.getState();
  if (folder === null) return false;
  const saved = await api.call('project.saveAs', { folder, to, project });
  if (!saved.ok) {
    notify({ severity: 'error', text: saved.error.message });
    return false;
  }
  markSaved(project, saved.value.folder);
  notify({ severity: 'success', text: `Saved a copy in ${saved.value.folder}` });
  return true;
}

/** Takes the recovered document (one undoable step back to what was on disk) or discards it. */
export async function answerRecovery(api: ApiClient, recover: boolean): Promise<void> {
  const recovery = useDialogs.getState().recovery;
  useDialogs.getState().setRecovery(null);
  if (recovery === null) return;
  if (recover) studio.getState().edit(() => recovery.project);
  else await api.call('project.discardRecovery', { folder: recovery.folder });
}

/** Autosaves unsaved changes every few minutes; returns the stop function. */
export function startAutosave(api: ApiClient, every = AUTOSAVE_MS): () => void {
  let last = studio.getState().project;
  const timer = setInterval(() => {
    const { project, folder, saved } = studio.getState();
    if (folder === null || project === last || project === saved) return;
    last = project;
    void api.call('project.autosave', { folder, project }).then((result) => {
      if (!result.ok)
        studio.getState().notify({ severity: 'warning', text: `Autosave failed: ${result.error.message}` });
    });
  }, every);
  return () => clearInterval(timer);
}
