import type { Project } from '../../main/project/document/index.js';
import { turnBlocker } from './render-actions.js';

/** Why Generate (all turns) cannot run, in words, or null when it can. */
export function generateBlocker(p: Project, engineReady: boolean): string | null {
  if (p.turns.length === 0) return 'Paste a script first: one "Name: text" line per turn';
  const withText = p.turns.filter((t) => t.text.trim().length > 0);
  if (withText.length === 0) return 'Write what the speakers say first';
  const voiceless = p.speakers.filter(
    (s) => s.voice === null && withText.some((t) => t.speakerId === s.id && t.options.voice === null),
  );
  if (voiceless.length > 0) return `Drop a voice sample on ${voiceless.map((s) => s.name).join(', ')}`;
  if (!engineReady) return 'The engine is not ready';
  if (withText.every((t) => t.state === 'ready')) return 'Every turn is up to date';
  if (!withText.some((t) => turnBlocker(p, t) === null)) return 'No turn can render yet';
  return null;
}
