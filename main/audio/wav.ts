/** RIFF WAVE writing: mono or interleaved multi-channel, 16/24-bit PCM (dithered) or 32-bit float. */
import type { Hertz } from '../engine/units.js';

export interface WavOptions {
  readonly format?: 'pcm16' | 'pcm24' | 'float32';
}

export function encodeWav(channels: readonly Float32Array[], rate: Hertz, options: WavOptions = {}): Uint8Array {
  const format = options.format ?? 'pcm16';
  const count = channels.length;
  const length = channels[0]?.length ?? 0;
  const bytesPerSample = format === 'pcm16' ? 2 : format === 'pcm24' ? 3 : 4;
  const dataBytes = length * count * bytesPerSample;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const text = (offset: number, s: string): void => {
    for (let i = 0; i < s.length; i++) view.setUint8(offset + i, s.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'float32' ? 3 : 1, true);
  view.setUint16(22, count, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * count * bytesPerSample, true);
  view.setUint16(32, count * bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  let offset = 44;
  // Deterministic TPDF dither from a fixed LCG, so the same audio writes the same bytes.
  let state = 0x2545f491;
  const noise = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let i = 0; i < length; i++) {
    for (let c = 0; c < count; c++) {
      const v = channels[c]?.[i] ?? 0;
      if (format === 'float32') {
        view.setFloat32(offset, v, true);
      } else {
        const full = format === 'pcm16' ? 32767 : 8388607;
        const q = Math.max(-full - 1, Math.min(full, Math.round(v * full + (noise() - noise()))));
        if (format === 'pcm16') view.setInt16(offset, q, true);
        else {
          view.setUint16(offset, q & 0xffff, true);
          view.setInt8(offset + 2, q >> 16);
        }
      }
      offset += bytesPerSample;
    }
  }
  return new Uint8Array(buffer);
}
