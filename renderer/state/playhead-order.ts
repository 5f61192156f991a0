import { clipOfTurn, defaultStart, type Project } from '../../main/project/document/index.js';
import type { Seconds } from '../../main/api/units.js';

/** Turns ordered nearest the playhead first (where their clip is, or will land), so what is heard next renders first. */
export function nearestPlayheadFirst(p: Project, turnIds: string[], playhead: Seconds): string[] {
  const at = (id: string): Seconds => clipOfTurn(p, id)?.start ?? defaultStart(p, id);
  const distance = (id: string): number => {
    const start = at(id);
    // Turns after the playhead come before those already passed.
    return start >= playhead ? start - playhead : 1e6 + playhead - start;
  };
  return [...turnIds].sort((a, b) => distance(a) - distance(b));
}
