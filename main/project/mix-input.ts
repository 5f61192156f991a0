/**
 * A project's timeline as the exporter's input: one lane per speaker (gain, pan, mute, solo), one
 * clip per turn that has a chosen take (its audio read from the project folder, its trims, the
 * clip's and the turn's gain, and the turn's text for subtitles).
 */
import type { ExportInput, ExportLane } from '../audio/export/export-mix.js';
import { readTakeAudio } from './files.js';
import { takeById } from './document/ops/lookup.js';
import type { Project } from './document/schema.js';

export async function projectExportInput(folder: string, p: Project): Promise<ExportInput> {
  const audio = new Map<string, Awaited<ReturnType<typeof readTakeAudio>>>();
  for (const clip of p.clips) {
    const take = takeById(p, clip.takeId);
    if (!audio.has(take.id)) audio.set(take.id, await readTakeAudio(folder, take));
  }
  const lanes: ExportLane[] = p.speakers.map((speaker) => ({
    id: speaker.id,
    name: speaker.name,
    gain: speaker.gain,
    pan: speaker.pan,
    mute: speaker.mute,
    solo: speaker.solo,
    clips: p.turns
      .filter((turn) => turn.speakerId === speaker.id)
      .flatMap((turn) => {
        const clip = p.clips.find((c) => c.turnId === turn.id);
        const take = clip === undefined ? undefined : audio.get(clip.takeId);
        if (clip === undefined || take === undefined) return [];
        return [
          {
            audio: take.samples,
            sampleRate: take.sampleRate,
            start: clip.start,
            trimIn: clip.trimIn,
            trimOut: clip.trimOut,
            gain: clip.gain + turn.options.gain,
            text: turn.text,
          },
        ];
      }),
  }));
  return { lanes };
}
