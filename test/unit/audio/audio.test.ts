import { describe, expect, it } from 'vitest';
import { decodeAudio, downmix } from '../../../main/audio/decode.js';
import { integratedLoudness, normaliseLoudness } from '../../../main/audio/loudness.js';
import { resample } from '../../../main/audio/resample.js';
import { peaks, trimSilence, voicedRange } from '../../../main/audio/silence.js';
import { prepareVoiceSample } from '../../../main/audio/voice-sample.js';
import { encodeWav } from '../../../main/audio/wav.js';

const tone = (freq: number, rate: number, seconds: number, amp = 0.5): Float32Array =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));

function rms(x: Float32Array): number {
  return Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
}

describe('wav round trip and decode', () => {
  it('decodes the WAV it writes, stereo, at its own rate', async () => {
    const left = tone(440, 22050, 0.5);
    const right = tone(660, 22050, 0.5, 0.25);
    const decoded = await decodeAudio(encodeWav([left, right], 22050), 'x.wav');
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channels.length).toBe(2);
    expect(decoded.channels[0]!.length).toBe(left.length);
    let err = 0;
    for (let i = 0; i < left.length; i++) err = Math.max(err, Math.abs(decoded.channels[0]![i]! - left[i]!));
    expect(err).toBeLessThan(3e-4);
    const float = await decodeAudio(encodeWav([left], 22050, { format: 'float32' }), 'f.wav');
    expect(float.channels[0]![100]).toBeCloseTo(left[100]!, 6);
  });

  it('decodes bytes that are a view into a larger buffer (a pooled Buffer, bytes from another process)', async () => {
    const wav = encodeWav([new Float32Array(2205).fill(0.25)], 22050);
    const pool = new Uint8Array(wav.length + 37);
    pool.set(wav, 20);
    const decoded = await decodeAudio(Buffer.from(pool.buffer, 20, wav.length), 'view.wav');
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channels[0]?.length).toBe(2205);
  });

  it('refuses empty and corrupt files with the file name', async () => {
    await expect(decodeAudio(new Uint8Array(0), 'a.wav')).rejects.toThrow(/a\.wav: the file is empty/);
    await expect(decodeAudio(new TextEncoder().encode('this is not audio at all, just text'), 'b.mp3')).rejects.toThrow(/b\.mp3: cannot decode/);
  });

  it('downmixes by averaging channels', () => {
    expect(Array.from(downmix([Float32Array.from([1, 0]), Float32Array.from([0, 1])]))).toEqual([0.5, 0.5]);
  });
});

describe('resampling', () => {
  it('keeps a tone in band at the new rate', () => {
    const out = resample(tone(440, 48000, 0.5), 48000, 16000);
    expect(out.length).toBe(8000);
    const mid = out.subarray(1000, 7000);
    expect(rms(mid)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    const reference = tone(440, 16000, 0.5).subarray(1000, 7000);
    let err = 0;
    for (let i = 0; i < mid.length; i++) err = Math.max(err, Math.abs(mid[i]! - reference[i]!));
    expect(err).toBeLessThan(0.01);
  });

  it('removes content above the new Nyquist frequency', () => {
    const out = resample(tone(11000, 44100, 0.5), 44100, 16000);
    expect(rms(out.subarray(500, out.length - 500))).toBeLessThan(0.01);
  });

  it('upsamples too', () => {
    const out = resample(tone(300, 8000, 0.25), 8000, 16000);
    expect(out.length).toBe(4000);
    expect(rms(out.subarray(500, 3500))).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });
});

describe('silence, loudness and peaks', () => {
  it('trims leading and trailing silence with a margin', () => {
    const rate = 16000;
    const x = new Float32Array(rate * 3);
    x.set(tone(200, rate, 1), rate);
    const [start, end] = voicedRange(x, rate, { margin: 0.1 });
    expect(start).toBeGreaterThanOrEqual(rate - 0.1 * rate - 320);
    expect(start).toBeLessThanOrEqual(rate);
    expect(end).toBeGreaterThanOrEqual(2 * rate);
    expect(end).toBeLessThanOrEqual(2 * rate + 0.1 * rate + 320);
    expect(trimSilence(new Float32Array(rate), rate).length).toBe(0);
  });

  it('measures a 1 kHz sine of -20 dB RMS at -20 LUFS and normalises to a target', () => {
    const x = tone(1000, 48000, 3, 0.1 * Math.SQRT2);
    expect(integratedLoudness(x, 48000)).toBeCloseTo(-20 + 0.0, 0);
    const y = normaliseLoudness(tone(1000, 16000, 3, 0.01), 16000, -23);
    expect(integratedLoudness(y, 16000)).toBeCloseTo(-23, 0);
    const loud = normaliseLoudness(tone(1000, 16000, 3, 0.01), 16000, 0, 0.9);
    expect(Math.max(...loud)).toBeLessThanOrEqual(0.9 + 1e-6);
  });

  it('gives bucket peaks', () => {
    expect(peaks(Float32Array.from([0.1, -0.5, 0.2, 0.3]), 2)).toEqual([0.5, 0.3].map((v) => Math.fround(v)));
  });
});

describe('voice sample preparation', () => {
  const speechLike = (rate: number, seconds: number): Float32Array =>
    Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 180 * i) / rate) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 3 * i) / rate)));

  it('resamples, trims, normalises and cuts to whole frames', async () => {
    const rate = 44100;
    const x = new Float32Array(rate * 4);
    x.set(speechLike(rate, 2.5), rate);
    const voice = await prepareVoiceSample(encodeWav([x, x], rate), 'alice.wav', 16000, 320);
    expect(voice.sampleRate).toBe(16000);
    expect(voice.audio.length % 320).toBe(0);
    expect(voice.duration).toBeGreaterThan(2.4);
    expect(voice.duration).toBeLessThan(2.8);
    expect(integratedLoudness(voice.audio, 16000)).toBeCloseTo(-20, 0);
    expect(voice.peaks.length).toBeGreaterThan(100);
  });

  it('caps the length', async () => {
    const voice = await prepareVoiceSample(encodeWav([speechLike(16000, 6)], 16000), 'long.wav', 16000, 320, 4);
    expect(voice.duration).toBeCloseTo(4, 1);
  });

  it('refuses silent and too-short samples', async () => {
    await expect(prepareVoiceSample(encodeWav([new Float32Array(32000)], 16000), 's.wav', 16000, 320)).rejects.toThrow(/s\.wav: the sample is silent/);
    const short = new Float32Array(32000);
    short.set(speechLike(16000, 0.5), 8000);
    await expect(prepareVoiceSample(encodeWav([short], 16000), 'short.wav', 16000, 320)).rejects.toThrow(/short\.wav: only 0\.[5-9]\d s of speech/);
  });
});
