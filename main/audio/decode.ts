/**
 * Decodes a voice sample (WAV, MP3, FLAC, OGG) with `audio-decode`, refusing inputs that are
 * too large, not audio, or corrupt with a message a user can act on.
 */
import audioDecode from 'audio-decode';
import { EngineError } from '../engine/errors.js';
import type { Hertz, Seconds } from '../engine/units.js';

export const MAX_INPUT_BYTES = 200 * 1024 * 1024;
export const MAX_INPUT_SECONDS: Seconds = 10 * 60;

export interface DecodedAudio {
  readonly sampleRate: Hertz;
  readonly channels: Float32Array[];
}

/** The part of a Web Audio AudioBuffer that `audio-decode` returns and this module reads. */
interface DecodedBuffer {
  readonly numberOfChannels: number;
  readonly length: number;
  readonly sampleRate: number;
  getChannelData(channel: number): Float32Array;
}

export async function decodeAudio(bytes: Uint8Array, label: string): Promise<DecodedAudio> {
  if (bytes.length === 0) throw new EngineError('AUDIO_INPUT', `${label}: the file is empty`);
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new EngineError('AUDIO_INPUT', `${label}: ${(bytes.length / 1048576).toFixed(0)} MB is too large for a voice sample (limit ${MAX_INPUT_BYTES / 1048576} MB)`);
  }
  let buffer: DecodedBuffer | undefined;
  try {
    // audio-decode reads the whole underlying ArrayBuffer: a view into a larger one (a pooled Buffer,
    // bytes that crossed a process boundary) must be copied into its own first.
    // (Buffer's slice() is another view, so the copy is made with the Uint8Array constructor.)
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    buffer = (await audioDecode(own)) as unknown as DecodedBuffer | undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineError('AUDIO_INPUT', `${label}: cannot decode it as WAV, MP3, FLAC or OGG audio (${reason.split('\n')[0]})`, { cause: error });
  }
  if (buffer === undefined || buffer === null || buffer.numberOfChannels < 1 || buffer.length === 0) {
    throw new EngineError('AUDIO_INPUT', `${label}: the file holds no audio samples`);
  }
  if (buffer.length / buffer.sampleRate > MAX_INPUT_SECONDS) {
    throw new EngineError('AUDIO_INPUT', `${label}: ${(buffer.length / buffer.sampleRate / 60).toFixed(1)} minutes is too long for a voice sample (limit ${MAX_INPUT_SECONDS / 60} minutes)`);
  }
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => Float32Array.from(buffer.getChannelData(c)));
  for (const channel of channels) {
    for (let i = 0; i < channel.length; i++) if (!Number.isFinite(channel[i])) channel[i] = 0;
  }
  return { sampleRate: buffer.sampleRate, channels };
}

/** Mean of the channels. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (first === undefined) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (channel[i] ?? 0) / channels.length;
  return out;
}
