import { temporal } from 'zundo';
import { create } from 'zustand';
import { colorForIndex } from './palette.js';
import type { AppInfo, ConnectionState, EngineStatus, Notice, Speaker, SpeakerVoice } from './types.js';

/** The project document: what undo/redo covers. */
export interface DocumentSlice {
  speakers: Speaker[];
  script: string;
}

/** Live session facts that are not part of the document. */
export interface SessionSlice {
  connection: ConnectionState;
  appInfo: AppInfo | null;
  engine: EngineStatus | null;
  /** Speaker ids whose voice sample is being prepared. */
  preparing: string[];
  notice: Notice | null;
}

export interface StudioActions {
  addSpeaker(name?: string): string;
  renameSpeaker(id: string, name: string): void;
  removeSpeaker(id: string): void;
  setVoice(id: string, voice: SpeakerVoice | null): void;
  setScript(script: string): void;
  setPreparing(id: string, preparing: boolean): void;
  setConnection(connection: ConnectionState): void;
  setAppInfo(info: AppInfo): void;
  setEngine(status: EngineStatus): void;
  notify(notice: Notice | null): void;
}

export type StudioState = DocumentSlice & SessionSlice & StudioActions;

let nextSpeakerId = 1;

function uniqueName(speakers: Speaker[]): string {
  const taken = new Set(speakers.map((speaker) => speaker.name));
  let index = speakers.length + 1;
  while (taken.has(`Speaker ${index}`)) index++;
  return `Speaker ${index}`;
}

export function createStudioStore(initial: Partial<DocumentSlice> = {}) {
  return create<StudioState>()(
    temporal(
      (set, get) => ({
        speakers: initial.speakers ?? [],
        script: initial.script ?? '',
        connection: 'connecting',
        appInfo: null,
        engine: null,
        preparing: [],
        notice: null,
        addSpeaker(name) {
          const speakers = get().speakers;
          const id = `speaker-${nextSpeakerId++}`;
          const speaker: Speaker = {
            id,
            name: name?.trim() || uniqueName(speakers),
            color: colorForIndex(speakers.length),
            voice: null,
          };
          set({ speakers: [...speakers, speaker] });
          return id;
        },
        renameSpeaker(id, name) {
          set({ speakers: get().speakers.map((s) => (s.id === id ? { ...s, name } : s)) });
        },
        removeSpeaker(id) {
          set({ speakers: get().speakers.filter((s) => s.id !== id) });
        },
        setVoice(id, voice) {
          set({ speakers: get().speakers.map((s) => (s.id === id ? { ...s, voice } : s)) });
        },
        setScript: (script) => set({ script }),
        setPreparing(id, preparing) {
          const others = get().preparing.filter((other) => other !== id);
          set({ preparing: preparing ? [...others, id] : others });
        },
        setConnection: (connection) => set({ connection }),
        setAppInfo: (appInfo) => set({ appInfo }),
        setEngine: (engine) => set({ engine }),
        notify: (notice) => set({ notice }),
      }),
      {
        // Only the document is undoable; engine status and notices are not edits.
        partialize: (state): DocumentSlice => ({ speakers: state.speakers, script: state.script }),
        equality: (a, b) => a.speakers === b.speakers && a.script === b.script,
        limit: 200,
      },
    ),
  );
}

export type StudioStore = ReturnType<typeof createStudioStore>;
