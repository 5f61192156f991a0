import { describe, expect, it } from 'vitest';
import { speechLike } from '../../../test/unit/helpers/signals.js';
import { integratedLoudness } from '../loudness.js';
import { limiterGain } from './limiter.js';
import { normaliseToTarget } from './loudness-target.js';
import { truePeak, truePeakDb } from './true-peak.js';

const samplePeak = (x: Float32Array): number => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('true peak', () => {
  it('finds the peak between samples of a quarter-rate sine sampled at 45 degrees', () => {
    const x = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((Math.PI / 2) * i + Math.PI / 4));
    expect(samplePeak(x)).toBeCloseTo(Math.SQRT1_2, 5);
    // Between the samples the reconstructed wave reaches 1 (within the 12-tap filter's ripple).
    expect(truePeak([x])).toBeGreaterThan(0.97);
    expect(truePeak([x])).toBeLessThan(1.03);
  });

  it('equals the sample peak for a slow sine', () => {
    const x = Float32Array.from({ length: 48000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 100 * i) / 48000));
    expect(truePeakDb([x])).toBeCloseTo(20 * Math.log10(0.5), 2);
  });
});

describe('limiter and loudness target', () => {
  it('keeps the oversampled peak under the ceiling and leaves quiet parts alone', () => {
    const rate = 48000;
    const x = speechLike(rate, 3).map((v) => v * 3);
    const before = truePeak([x]);
    expect(before).toBeGreaterThan(1);
    const gain = limiterGain([x], rate, { ceiling: -3 });
    const y = x.map((v, i) => v * (gain[i] as number));
    expect(truePeakDb([y])).toBeLessThan(-2.9);
    expect(gain.reduce((m, g) => Math.min(m, g), 1)).toBeGreaterThan(0);
    expect(gain.reduce((m, g) => Math.max(m, g), 0)).toBeLessThanOrEqual(1);
    // Far from any peak (inside a pause or quiet syllable) the gain recovers to unity.
    expect(gain.filter((g) => g > 0.999).length).toBeGreaterThan(rate * 0.1);
  });

  it('reaches -16 LUFS within 0.2 LU under a -1 dBTP ceiling on stereo speech', () => {
    const rate = 48000;
    const l = speechLike(rate, 8, 120, 3).map((v) => v * 0.2);
    const r = speechLike(rate, 8, 210, 4).map((v) => v * 0.1);
    const out = normaliseToTarget([l, r], rate, { lufs: -16, truePeak: -1 });
    expect(Math.abs(integratedLoudness(out.channels, rate) + 16)).toBeLessThan(0.2);
    expect(out.loudness).toBeCloseTo(integratedLoudness(out.channels, rate), 6);
    expect(truePeakDb(out.channels)).toBeLessThanOrEqual(-1);
    // The gain curve reproduces the output from the input (the exporter applies it to stems).
    expect(out.channels[0]?.[rate * 2]).toBeCloseTo(
      (l[rate * 2] as number) * (out.gainCurve[rate * 2] as number),
      6,
    );
  });

  it('leaves silence untouched', () => {
    const out = normaliseToTarget([new Float32Array(48000)], 48000, { lufs: -16, truePeak: -1 });
    expect(out.loudness).toBe(-Infinity);
    expect(out.channels[0]?.every((v) => v === 0)).toBe(true);
  });
});
