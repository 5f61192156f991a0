/** MP3 encoding with LAME (the maintained ESM build of lamejs), constant bit rate, mono or stereo. */
import { Mp3Encoder } from '@breezystack/lamejs';
import type { Hertz } from '../../engine/units.js';
import { concatBytes } from './bytes.js';
import { planarPcm16 } from './pcm.js';

import type { Mp3Bitrate } from './mp3-bitrates.js';

export { MP3_BITRATES, type Mp3Bitrate } from './mp3-bitrates.js';

/** LAME takes 1152-sample MPEG frames; a multiple of that keeps its internal buffer small. */
const CHUNK = 1152 * 32;

export function encodeMp3(
  channels: readonly Float32Array[],
  rate: Hertz,
  kbps: Mp3Bitrate,
  onChunk?: (fraction: number) => void,
): Uint8Array {
  if (channels.length < 1 || channels.length > 2)
    throw new Error(`MP3 takes 1 or 2 channels, not ${channels.length}`);
  const [left, right] = planarPcm16(channels, rate);
  if (left === undefined) return new Uint8Array(0);
  const encoder = new Mp3Encoder(channels.length, rate, kbps);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < left.length; at += CHUNK) {
    const end = Math.min(left.length, at + CHUNK);
    parts.push(encoder.encodeBuffer(left.subarray(at, end), right?.subarray(at, end)));
    onChunk?.(end / left.length);
  }
  parts.push(encoder.flush());
  return concatBytes(parts);
}
