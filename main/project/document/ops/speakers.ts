/**
 * Speaker edits. Each is a pure function from project to project (a store wraps them for undo);
 * unknown ids and clashing names throw ProjectError('EDIT') with the reason in words.
 */
import { ProjectError } from '../errors.js';
import { newId } from '../ids.js';
import type { Project, Speaker, VoiceRef } from '../schema.js';
import { replaceById, speakerById } from './lookup.js';

/** Distinct lane colours (Tableau 10), used in turn. */
export const SPEAKER_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

function assertFreeName(p: Project, name: string, except?: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new ProjectError('EDIT', 'A speaker needs a name.');
  const clash = p.speakers.find((s) => s.id !== except && s.name.toLowerCase() === trimmed.toLowerCase());
  if (clash !== undefined)
    throw new ProjectError('EDIT', `There is already a speaker called "${clash.name}".`);
  return trimmed;
}

export function addSpeaker(
  p: Project,
  args: { name: string; colour?: string; voice?: VoiceRef | null; id?: string },
): Project {
  const name = assertFreeName(p, args.name);
  const used = new Set(p.speakers.map((s) => s.colour));
  const colour =
    args.colour ??
    SPEAKER_COLOURS.find((c) => !used.has(c)) ??
    (SPEAKER_COLOURS[p.speakers.length % SPEAKER_COLOURS.length] as string);
  const speaker: Speaker = {
    id: args.id ?? newId('spk'),
    name,
    colour,
    gain: 0,
    pan: 0,
    mute: false,
    solo: false,
    voice: args.voice ?? null,
  };
  return { ...p, speakers: [...p.speakers, speaker] };
}

export function renameSpeaker(p: Project, id: string, name: string): Project {
  speakerById(p, id);
  const trimmed = assertFreeName(p, name, id);
  return { ...p, speakers: replaceById(p.speakers, id, (s) => ({ ...s, name: trimmed })) };
}

export type SpeakerMix = Partial<Pick<Speaker, 'colour' | 'gain' | 'pan' | 'mute' | 'solo'>>;

export function setSpeakerMix(p: Project, id: string, mix: SpeakerMix): Project {
  speakerById(p, id);
  return { ...p, speakers: replaceById(p.speakers, id, (s) => ({ ...s, ...mix })) };
}

/** A new voice changes how the speaker's turns sound: rendered ones without their own voice become stale. */
export function setSpeakerVoice(p: Project, id: string, voice: VoiceRef | null): Project {
  speakerById(p, id);
  return {
    ...p,
    speakers: replaceById(p.speakers, id, (s) => ({ ...s, voice })),
    turns: p.turns.map((t) =>
      t.speakerId === id && t.options.voice === null && t.state === 'ready' ? { ...t, state: 'stale' } : t,
    ),
  };
}

/**
 * Removes a speaker. Their turns go to `reassignTo` (and become stale), or, without it, are deleted
 * with their clips and takes.
 */
export function removeSpeaker(p: Project, id: string, reassignTo?: string): Project {
  speakerById(p, id);
  if (reassignTo !== undefined) {
    if (reassignTo === id)
      throw new ProjectError('EDIT', 'Cannot hand a speaker’s turns to the same speaker.');
    speakerById(p, reassignTo);
    return {
      ...p,
      speakers: p.speakers.filter((s) => s.id !== id),
      turns: p.turns.map((t) =>
        t.speakerId === id
          ? { ...t, speakerId: reassignTo, state: t.state === 'ready' ? 'stale' : t.state }
          : t,
      ),
    };
  }
  const gone = new Set(p.turns.filter((t) => t.speakerId === id).map((t) => t.id));
  return {
    ...p,
    speakers: p.speakers.filter((s) => s.id !== id),
    turns: p.turns.filter((t) => !gone.has(t.id)),
    clips: p.clips.filter((c) => !gone.has(c.turnId)),
    takes: p.takes.filter((t) => !gone.has(t.turnId)),
  };
}
