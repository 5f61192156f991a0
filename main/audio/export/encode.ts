/** One stereo buffer to the bytes of a file in the chosen format. */
import type { Hertz } from '../../engine/units.js';
import { encodeWav } from '../wav.js';
import { encodeFlac } from './flac.js';
import { type Mp3Bitrate, encodeMp3 } from './mp3.js';
import type { ExportFormat, ExportOptions } from './options.js';

/** `onFraction` sees the encoder's progress where it reports any (MP3, the slow one); throwing from it stops the encoder. */
export async function encodeAudio(
  channels: readonly Float32Array[],
  rate: Hertz,
  format: ExportFormat,
  options: ExportOptions,
  onFraction?: (fraction: number) => void,
): Promise<Uint8Array> {
  switch (format) {
    case 'wav':
      return encodeWav(channels, rate, { format: options.bitDepth === 16 ? 'pcm16' : 'pcm24' });
    case 'flac':
      return encodeFlac(channels, rate, options.bitDepth);
    case 'mp3':
      return encodeMp3(channels, rate, options.mp3Bitrate as Mp3Bitrate, onFraction);
  }
}
