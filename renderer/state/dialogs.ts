import { create } from 'zustand';
import type { RecoveryResult } from '../../main/api/studio-schemas.js';

export type DialogName = 'open' | 'saveAs' | 'export' | 'settings' | 'help' | 'new';

interface DialogsState {
  open: DialogName | null;
  /** Unsaved changes found for the project just opened, waiting for the user's answer. */
  recovery: (RecoveryResult & { folder: string }) | null;
  show(name: DialogName | null): void;
  setRecovery(recovery: DialogsState['recovery']): void;
}

/** Which dialog is up; plain UI state, never undone. */
export const useDialogs = create<DialogsState>()((set) => ({
  open: null,
  recovery: null,
  show: (open) => set({ open }),
  setRecovery: (recovery) => set({ recovery }),
}));
