import type { AppInfo, EngineStatus, VoicePrompt } from '../../main/api/schemas.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface Notice {
  severity: 'error' | 'warning' | 'info' | 'success';
  text: string;
}

/** A turn being rendered: its job and how far it got (not part of the document). */
export interface TurnRender {
  jobId: string;
  fraction: number;
}

export type { AppInfo, EngineStatus, VoicePrompt };
