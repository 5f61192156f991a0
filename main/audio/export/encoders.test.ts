import { describe, expect, it } from 'vitest';
import { decodeAudio } from '../decode.js';
import { encodeWav } from '../wav.js';
import { encodeFlac } from './flac.js';
import { encodeMp3 } from './mp3.js';
import { interleavedPcm, planarPcm16 } from './pcm.js';

const rate = 48000;
const left = Float32Array.from({ length: 9000 }, (_, i) => 0.8 * Math.sin((2 * Math.PI * 300 * i) / rate));
const right = left.map((v) => -0.5 * v);

describe('encoders', () => {
  it('quantises like the WAV writer, negative values included', () => {
    const pcm24 = interleavedPcm([left, right], rate, 24);
    expect(pcm24.length).toBe(18000);
    const at = 2 * 40; // left channel of frame 40
    expect(pcm24[at]).toBeCloseTo((left[40] as number) * 8388607, -1);
    expect(pcm24[at + 1]).toBeCloseTo((right[40] as number) * 8388607, -1);
    expect(Math.min(...pcm24)).toBeLessThan(-6_000_000);
    const [l16, r16] = planarPcm16([left, right], rate);
    expect(l16?.[40]).toBeCloseTo((left[40] as number) * 32767, -1);
    expect(r16?.[40]).toBeCloseTo((right[40] as number) * 32767, -1);
  });

  it('FLAC 24-bit decodes to the same samples as 24-bit WAV, with the MD5 filled in', async () => {
    const flac = await encodeFlac([left, right], rate, 24);
    expect(new TextDecoder().decode(flac.subarray(0, 4))).toBe('fLaC');
    expect(flac.subarray(26, 42).some((b) => b !== 0)).toBe(true);
    const a = await decodeAudio(flac, 'x.flac');
    const b = await decodeAudio(encodeWav([left, right], rate, { format: 'pcm24' }), 'x.wav');
    for (const i of [0, 77, 4000, 8000]) {
      expect(a.channels[0]?.[i]).toBeCloseTo(b.channels[0]?.[i] ?? NaN, 7);
      expect(a.channels[1]?.[i]).toBeCloseTo(b.channels[1]?.[i] ?? NaN, 7);
    }
  });

  it('MP3 decodes back to a tone of the same pitch and level', async () => {
    const mp3 = encodeMp3([left, right], rate, 192);
    const decoded = await decodeAudio(mp3, 'x.mp3');
    const x = decoded.channels[0] ?? new Float32Array(0);
    const rms = Math.sqrt(x.subarray(3000, 8000).reduce((s, v) => s + v * v, 0) / 5000);
    expect(rms).toBeCloseTo(0.8 / Math.SQRT2, 1);
    expect(() => encodeMp3([left, right, left], rate, 128)).toThrow(/1 or 2 channels/);
  });
});
