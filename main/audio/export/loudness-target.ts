/**
 * Loudness normalisation for export: gain to an integrated-loudness target (EBU R128 / BS.1770,
 * measured by main/audio/loudness.ts), then the true-peak limiter; limiting lowers the loudness a
 * little, so the gain is corrected and the limiter run again until the result sits on target.
 */
import type { Decibels, Hertz } from '../../engine/units.js';
import { integratedLoudness } from '../loudness.js';
import { dbToGain, gainToDb } from '../mix/gain.js';
import { applyGain, limiterGain } from './limiter.js';
import { envelopePeak, truePeakDb, truePeakEnvelope } from './true-peak.js';

export interface LoudnessTarget {
  /** Integrated loudness, e.g. -16 LUFS (podcasts) or -23 LUFS (EBU R128 broadcast). */
  readonly lufs: Decibels;
  /** Ceiling for the oversampled peak, e.g. -1 dBTP. */
  readonly truePeak: Decibels;
}

export interface NormalisedAudio {
  readonly channels: Float32Array[];
  /** Measured after processing (-Infinity for silence, which is left as it is). */
  readonly loudness: Decibels;
  readonly truePeak: Decibels;
  /** The static gain applied before limiting. */
  readonly gain: Decibels;
  /** Linear gain applied to each sample (static gain times limiter), to treat stems alike. */
  readonly gainCurve: Float32Array;
}

/** Headroom below the ceiling for the limiter, since gain changes move peaks between samples slightly. */
const MARGIN: Decibels = 0.1;
const TOLERANCE: Decibels = 0.1;
const MAX_PASSES = 4;

export function normaliseToTarget(
  channels: readonly Float32Array[],
  rate: Hertz,
  target: LoudnessTarget,
): NormalisedAudio {
  const length = channels[0]?.length ?? 0;
  const measured = integratedLoudness(channels, rate);
  if (!Number.isFinite(measured)) {
    return {
      channels: channels.map((c) => c),
      loudness: measured,
      truePeak: truePeakDb(channels),
      gain: 0,
      gainCurve: new Float32Array(length).fill(1),
    };
  }
  let gain = target.lufs - measured;
  let best: NormalisedAudio | undefined;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const gainCurve = new Float32Array(length).fill(dbToGain(gain));
    let out = applyGain(channels, gainCurve);
    let envelope = truePeakEnvelope(out);
    // Each retry aims a little lower; a few tenths of a dB always suffice, ten tries is a bound.
    for (let retry = 1; retry <= 10 && gainToDb(envelopePeak(envelope)) > target.truePeak; retry++) {
      const limit = limiterGain(out, rate, { ceiling: target.truePeak - retry * MARGIN }, envelope);
      out = applyGain(out, limit);
      for (let i = 0; i < length; i++) gainCurve[i] = (gainCurve[i] as number) * (limit[i] as number);
      envelope = truePeakEnvelope(out);
    }
    const loudness = integratedLoudness(out, rate);
    best = { channels: out, loudness, truePeak: gainToDb(envelopePeak(envelope)), gain, gainCurve };
    if (Math.abs(loudness - target.lufs) <= TOLERANCE) break;
    gain += target.lufs - loudness;
  }
  return best as NormalisedAudio;
}
