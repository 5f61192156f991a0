/**
 * Names of everything an export writes, derived from the mix's path: `talk.wav` gives stems
 * `talk.alice.wav`, `talk.bob.wav` and subtitles `talk.srt`, `talk.vtt`.
 */
import type { ExportFormat } from './options.js';

export interface OutputPaths {
  readonly mix: string;
  stem(laneId: string): string;
  subtitles(kind: 'srt' | 'vtt'): string;
}

/** File-name-safe, lower-case form of a speaker name. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.length > 0 ? s : 'speaker';
}

export function outputPaths(
  path: string,
  format: ExportFormat,
  lanes: readonly { id: string; name: string }[],
): OutputPaths {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext !== undefined && ext !== format && ['wav', 'flac', 'mp3'].includes(ext)) {
    throw new RangeError(`${path} ends in .${ext} but the export format is ${format.toUpperCase()}`);
  }
  const mix = ext === format ? path : `${path}.${format}`;
  const base = mix.slice(0, -(format.length + 1));
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const lane of lanes) {
    let name = slug(lane.name);
    for (let n = 2; used.has(name); n++) name = `${slug(lane.name)}-${n}`;
    used.add(name);
    names.set(lane.id, name);
  }
  return {
    mix,
    stem: (laneId) => `${base}.${names.get(laneId) ?? slug(laneId)}.${format}`,
    subtitles: (kind) => `${base}.${kind}`,
  };
}
