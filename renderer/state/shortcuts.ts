/** The keyboard shortcuts, one list for the handler and the help dialog. */
export interface Shortcut {
  id:
    | 'play'
    | 'home'
    | 'loop'
    | 'undo'
    | 'redo'
    | 'save'
    | 'saveAs'
    | 'open'
    | 'export'
    | 'help'
    | 'generate'
    | 'delete';
  keys: string;
  does: string;
}

export const SHORTCUTS: Shortcut[] = [
  { id: 'play', keys: 'Space', does: 'Play / stop' },
  { id: 'home', keys: 'Home', does: 'Playhead to the start' },
  { id: 'loop', keys: 'L', does: 'Loop the region on / off' },
  { id: 'undo', keys: 'Ctrl+Z', does: 'Undo' },
  { id: 'redo', keys: 'Ctrl+Shift+Z / Ctrl+Y', does: 'Redo' },
  { id: 'save', keys: 'Ctrl+S', does: 'Save' },
  { id: 'saveAs', keys: 'Ctrl+Shift+S', does: 'Save a copy as…' },
  { id: 'open', keys: 'Ctrl+O', does: 'Open a project' },
  { id: 'export', keys: 'Ctrl+E', does: 'Export' },
  { id: 'generate', keys: 'Ctrl+Enter', does: 'Generate every turn that needs it' },
  { id: 'delete', keys: 'Delete', does: 'Delete the selected clip’s takes (the turn stays)' },
  { id: 'help', keys: '?', does: 'This list' },
];

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Which shortcut a key press means, or null (text fields keep their own keys). */
export function shortcutFor(event: KeyboardEvent): Shortcut['id'] | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 's') return event.shiftKey ? 'saveAs' : 'save';
  if (mod && key === 'o') return 'open';
  if (mod && key === 'e') return 'export';
  if (typing(event.target)) return null;
  if (mod && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (mod && key === 'y') return 'redo';
  if (mod && key === 'enter') return 'generate';
  if (mod || event.altKey) return null;
  if (key === ' ') return 'play';
  if (key === 'home') return 'home';
  if (key === 'l') return 'loop';
  if (key === '?') return 'help';
  if (key === 'delete') return 'delete';
  return null;
}
