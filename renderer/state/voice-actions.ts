import type { ApiClient } from '../api/client.js';
import { studio } from './studio.js';
import { setVoicePreview } from './voice-previews.js';

export const VOICE_FILE_TYPES = ['wav', 'mp3', 'flac', 'ogg'];
export const VOICE_FILE_ACCEPT = VOICE_FILE_TYPES.map((ext) => `.${ext}`).join(',');

/** Sends a dropped or chosen voice sample to the engine and stores the prompt on the speaker. */
export async function prepareVoiceFromFile(api: ApiClient, speakerId: string, file: File): Promise<void> {
  const { setPreparing, setVoice, notify } = studio.getState();
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  if (!VOICE_FILE_TYPES.includes(extension)) {
    notify({ severity: 'warning', text: `${file.name}: use a WAV, MP3, FLAC or OGG file` });
    return;
  }
  setPreparing(speakerId, true);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await api.call('voice.prepare', {
      source: { kind: 'bytes', name: file.name, bytes },
    });
    if (result.ok) {
      setVoicePreview(speakerId, file);
      setVoice(speakerId, { ...result.value, label: file.name });
    } else notify({ severity: 'error', text: `${file.name}: ${result.error.message}` });
  } finally {
    setPreparing(speakerId, false);
  }
}
