/**
 * Adds a parsed script to a project: speakers found by name (case-insensitively) are reused, new
 * names become speakers, and the turns are appended (or inserted at `index`) with their options.
 * Voice paths become project voice references through `voices` (filled by importing the files).
 */
import { addSpeaker, setSpeakerMix, setSpeakerVoice } from '../project/document/ops/speakers.js';
import { addTurn } from '../project/document/ops/turns.js';
import type { Project, VoiceRef } from '../project/document/schema.js';
import type { ParsedScript } from './types.js';

export function applyScript(
  p: Project,
  script: ParsedScript,
  options: { index?: number; voices?: ReadonlyMap<string, VoiceRef> } = {},
): Project {
  const voices = options.voices ?? new Map<string, VoiceRef>();
  const voiceOf = (path: string | undefined): VoiceRef | null =>
    path === undefined ? null : (voices.get(path) ?? null);
  let next = p;
  const ids = new Map<string, string>();
  for (const speaker of script.speakers) {
    const existing = next.speakers.find((s) => s.name.toLowerCase() === speaker.name.toLowerCase());
    if (existing !== undefined) {
      ids.set(speaker.name, existing.id);
      const voice = voiceOf(speaker.voice);
      if (voice !== null) next = setSpeakerVoice(next, existing.id, voice);
      continue;
    }
    next = addSpeaker(next, {
      name: speaker.name,
      voice: voiceOf(speaker.voice),
      ...(speaker.colour === undefined ? {} : { colour: speaker.colour }),
    });
    const added = next.speakers[next.speakers.length - 1];
    if (added === undefined) continue;
    ids.set(speaker.name, added.id);
    next = setSpeakerMix(next, added.id, {
      ...(speaker.gain === undefined ? {} : { gain: speaker.gain }),
      ...(speaker.pan === undefined ? {} : { pan: speaker.pan }),
    });
  }
  let index = options.index ?? next.turns.length;
  for (const turn of script.turns) {
    const speakerId = ids.get(turn.speaker);
    if (speakerId === undefined) continue;
    // pauseAfter belongs to sequential layout (the CLI); on the timeline the default pause applies.
    const { voice, pauseAfter: _layout, ...rest } = turn.options;
    next = addTurn(next, {
      speakerId,
      text: turn.text,
      index: index++,
      options: { ...rest, voice: voiceOf(voice) },
    });
  }
  if (script.pause !== undefined)
    next = { ...next, settings: { ...next.settings, defaultPause: script.pause } };
  return next;
}
