import type { AppInfo, EngineStatus, VoicePrompt } from '../../main/api/schemas.js';

export interface SpeakerVoice extends VoicePrompt {
  /** File name the sample came from. */
  label: string;
}

export interface Speaker {
  id: string;
  name: string;
  color: string;
  voice: SpeakerVoice | null;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface Notice {
  severity: 'error' | 'warning' | 'info' | 'success';
  text: string;
}

export type { AppInfo, EngineStatus };
