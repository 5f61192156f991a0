/** Decibel to linear gain and the pan law the mixer and stems share. */
import type { Decibels } from '../../engine/units.js';

export function dbToGain(db: Decibels): number {
  return 10 ** (db / 20);
}

export function gainToDb(gain: number): Decibels {
  return 20 * Math.log10(gain);
}

/**
 * Constant-power pan of a mono source: -3 dB in each channel at centre, full level on one side
 * at the extremes, so a voice keeps its loudness as it moves across the stereo field.
 */
export function panGains(pan: number): { left: number; right: number } {
  const p = Math.max(-1, Math.min(1, pan));
  const angle = ((p + 1) * Math.PI) / 4;
  return { left: Math.cos(angle), right: Math.sin(angle) };
}
