import type { ApiClient } from '../api/client.js';
import { setSpeakerVoice, setTurnOptions } from '../../main/project/document/index.js';
import { studio } from './studio.js';

export const VOICE_FILE_TYPES = ['wav', 'mp3', 'flac', 'ogg'];
export const VOICE_FILE_ACCEPT = VOICE_FILE_TYPES.map((ext) => `.${ext}`).join(',');

export type VoiceTarget = { kind: 'speaker'; id: string } | { kind: 'turn'; id: string };

/**
 * Sends a dropped or chosen voice sample to the main side, which has the engine check and encode
 * it and copies it into the project; then the speaker (or the turn, as its own voice) uses it.
 * A file the engine refuses leaves everything as it was and says why.
 */
export async function importVoiceFile(api: ApiClient, target: VoiceTarget, file: File): Promise<void> {
  const { setPreparing, notify, folder } = studio.getState();
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  if (!VOICE_FILE_TYPES.includes(extension)) {
    notify({ severity: 'warning', text: `${file.name}: use a WAV, MP3, FLAC or OGG file` });
    return;
  }
  if (folder === null) return;
  setPreparing(target.id, true);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await api.call('voice.import', { folder, name: file.name, bytes });
    if (!result.ok) {
      notify({ severity: 'error', text: `${file.name}: ${result.error.message}` });
      return;
    }
    const { voice, prompt } = result.value;
    const { setPrompt, edit } = studio.getState();
    setPrompt(voice.file, prompt);
    edit((p) =>
      target.kind === 'speaker'
        ? setSpeakerVoice(p, target.id, voice)
        : setTurnOptions(p, target.id, { voice }),
    );
  } finally {
    setPreparing(target.id, false);
  }
}
