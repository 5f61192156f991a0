/**
 * Integer PCM for the FLAC and MP3 encoders, quantised (with its TPDF dither) by the one WAV
 * writer in main/audio/wav.ts and read back from its data chunk, so every format rounds alike.
 */
import type { Hertz } from '../../engine/units.js';
import { encodeWav } from '../wav.js';

export type BitDepth = 16 | 24;

/** Interleaved signed integers at `bits`, frame after frame. */
export function interleavedPcm(channels: readonly Float32Array[], rate: Hertz, bits: BitDepth): Int32Array {
  const wav = encodeWav(channels, rate, { format: bits === 16 ? 'pcm16' : 'pcm24' });
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const bytes = bits / 8;
  const count = (wav.byteLength - 44) / bytes;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const at = 44 + i * bytes;
    out[i] = bits === 16 ? view.getInt16(at, true) : view.getUint16(at, true) | (view.getInt8(at + 2) << 16);
  }
  return out;
}

/** One Int16Array per channel (what LAME takes). */
export function planarPcm16(channels: readonly Float32Array[], rate: Hertz): Int16Array[] {
  const interleaved = interleavedPcm(channels, rate, 16);
  const count = channels.length;
  const frames = interleaved.length / Math.max(1, count);
  return channels.map((_, c) =>
    Int16Array.from({ length: frames }, (_unused, i) => interleaved[i * count + c] as number),
  );
}
