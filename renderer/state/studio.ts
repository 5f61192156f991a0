import { useStore } from 'zustand';
import { createStudioStore, type StudioState } from './store.js';

/** The app's one store; tests build their own with `createStudioStore`. */
export const studio = createStudioStore();

export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(studio, selector);
}

export const undo = (): void => studio.temporal.getState().undo();
export const redo = (): void => studio.temporal.getState().redo();

export function useHistory(): { canUndo: boolean; canRedo: boolean } {
  const canUndo = useStore(studio.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(studio.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}
