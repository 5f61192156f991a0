import { useStore } from 'zustand';
import { createStudioStore, type StudioState } from './store.js';

/** The app's one store; tests build their own with `createStudioStore`. */
export const studio = createStudioStore();

export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(studio, selector);
}
