/**
 * The workstation's store. The document is the project itself (main/project/document's schema),
 * changed only through its pure edit operations via `edit`, which is what undo/redo (zundo) tracks.
 * Everything else (connection, engine status, renders in flight, notices, view) is session state
 * that undo never touches.
 */
import { temporal } from 'zundo';
import { create } from 'zustand';
import { ProjectError, createProject, type Project } from '../../main/project/document/index.js';
import type { AppInfo, ConnectionState, EngineStatus, Notice, TurnRender, VoicePrompt } from './types.js';

export type Edit = (project: Project) => Project;

/** What undo/redo covers. */
export interface DocumentSlice {
  project: Project;
}

export interface SessionSlice {
  /** The project's folder on the main side (null until one is created or opened). */
  folder: string | null;
  /** The document as last saved or opened, to tell unsaved changes. */
  saved: Project | null;
  connection: ConnectionState;
  appInfo: AppInfo | null;
  engine: EngineStatus | null;
  /** Speaker or turn ids whose voice sample is being prepared. */
  preparing: string[];
  /** Prepared prompts by voice file (waveform peaks and length for the cards). */
  prompts: Record<string, VoicePrompt>;
  /** Turns being rendered, by turn id. */
  renders: Record<string, TurnRender>;
  selectedClipId: string | null;
  /** A span selected inside a clip (seconds of its take's audio), to regenerate. */
  span: SpanSelection | null;
  notice: Notice | null;
}

export interface SpanSelection {
  clipId: string;
  start: number;
  end: number;
}

export interface StudioActions {
  /** Applies one edit as one undo step; an edit the document refuses becomes a notice. */
  edit(change: Edit): boolean;
  /** Replaces the document (open, new, recover): the undo history starts again. */
  load(folder: string, project: Project, saved: Project | null): void;
  markSaved(project: Project, folder?: string): void;
  setPreparing(id: string, preparing: boolean): void;
  setPrompt(file: string, prompt: VoicePrompt): void;
  setRender(turnId: string, render: TurnRender | null): void;
  selectClip(id: string | null): void;
  setSpan(span: SpanSelection | null): void;
  setConnection(connection: ConnectionState): void;
  setAppInfo(info: AppInfo): void;
  setEngine(status: EngineStatus): void;
  notify(notice: Notice | null): void;
}

export type StudioState = DocumentSlice & SessionSlice & StudioActions;

export function createStudioStore(initial: Project = createProject('Untitled')) {
  const store = create<StudioState>()(
    temporal(
      (set, get) => ({
        project: initial,
        folder: null,
        saved: null,
        connection: 'connecting',
        appInfo: null,
        engine: null,
        preparing: [],
        prompts: {},
        renders: {},
        selectedClipId: null,
        span: null,
        notice: null,
        edit(change) {
          try {
            const next = change(get().project);
            if (next !== get().project) set({ project: next });
            return true;
          } catch (error) {
            if (!(error instanceof ProjectError)) throw error;
            set({ notice: { severity: 'warning', text: error.message } });
            return false;
          }
        },
        load(folder, project, saved) {
          set({ folder, project, saved, renders: {}, selectedClipId: null, span: null });
          store.temporal.getState().clear();
        },
        markSaved(project, folder) {
          set({ saved: project, ...(folder === undefined ? {} : { folder }) });
        },
        setPreparing(id, preparing) {
          const others = get().preparing.filter((other) => other !== id);
          set({ preparing: preparing ? [...others, id] : others });
        },
        setPrompt: (file, prompt) => set({ prompts: { ...get().prompts, [file]: prompt } }),
        setRender(turnId, render) {
          const { [turnId]: _old, ...rest } = get().renders;
          set({ renders: render === null ? rest : { ...rest, [turnId]: render } });
        },
        selectClip: (selectedClipId) => set({ selectedClipId }),
        setSpan: (span) => set({ span }),
        setConnection: (connection) => set({ connection }),
        setAppInfo: (appInfo) => set({ appInfo }),
        setEngine: (engine) => set({ engine }),
        notify: (notice) => set({ notice }),
      }),
      {
        partialize: (state): DocumentSlice => ({ project: state.project }),
        equality: (a, b) => a.project === b.project,
        limit: 300,
      },
    ),
  );
  return store;
}

export type StudioStore = ReturnType<typeof createStudioStore>;
