/** Every file a project document refers to (voice samples, take audio and tokens). */
import type { Project } from './schema.js';

export function referencedFiles(p: Project): string[] {
  const files = new Set<string>();
  for (const s of p.speakers) if (s.voice !== null) files.add(s.voice.file);
  for (const t of p.turns) if (t.options.voice !== null) files.add(t.options.voice.file);
  for (const t of p.takes) {
    files.add(t.audio);
    if (t.tokens !== null) files.add(t.tokens);
  }
  return [...files];
}
