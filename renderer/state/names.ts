import type { Project } from '../../main/project/document/index.js';

/** "Speaker 3": the first such name no speaker has yet. */
export function freshSpeakerName(p: Project): string {
  const taken = new Set(p.speakers.map((s) => s.name.toLowerCase()));
  let index = p.speakers.length + 1;
  while (taken.has(`speaker ${index}`)) index++;
  return `Speaker ${index}`;
}
