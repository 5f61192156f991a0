/**
 * True peak after ITU-R BS.1770-4 Annex 2: the signal is oversampled 4x (a 48-tap polyphase
 * interpolator, 12 taps per phase, like the Annex's) and the largest absolute value is taken, so
 * peaks that fall between samples, which a DAC or an MP3 decoder will reconstruct, are counted.
 */
import type { Decibels } from '../../engine/units.js';
import { gainToDb } from '../mix/gain.js';

const PHASES = 4;
const HALF_TAPS = 6;

/** Fractional-delay filters for the offsets 0, 1/4, 2/4, 3/4: Blackman-windowed sinc, unity DC gain. */
function designPhases(): Float64Array[] {
  const phases: Float64Array[] = [];
  for (let p = 0; p < PHASES; p++) {
    const taps = new Float64Array(2 * HALF_TAPS);
    let sum = 0;
    for (let j = 0; j < taps.length; j++) {
      const t = j - (HALF_TAPS - 1) - p / PHASES; // tap j reads x[n + j - 5]
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      const u = (t + HALF_TAPS) / (2 * HALF_TAPS); // 0..1 across the window
      const window = 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
      taps[j] = sinc * window;
      sum += taps[j] as number;
    }
    for (let j = 0; j < taps.length; j++) taps[j] = (taps[j] as number) / sum;
    phases.push(taps);
  }
  return phases;
}

const FILTERS = designPhases();

/** Per input sample: the largest absolute oversampled value in [n, n+1) over all channels. */
export function truePeakEnvelope(channels: readonly Float32Array[]): Float32Array {
  const length = channels[0]?.length ?? 0;
  const envelope = new Float32Array(length);
  const taps = 2 * HALF_TAPS;
  const reach = HALF_TAPS - 1;
  for (const x of channels) {
    for (let n = 0; n < length; n++) {
      let peak = Math.abs(x[n] as number);
      const first = n - reach;
      // Interior samples skip the bounds checks: this loop is most of an export's limiter time.
      const inside = first >= 0 && first + taps <= length;
      for (let p = 1; p < PHASES; p++) {
        const h = FILTERS[p] as Float64Array;
        let y = 0;
        if (inside) for (let j = 0; j < taps; j++) y += (x[first + j] as number) * (h[j] as number);
        else {
          for (let j = 0; j < taps; j++) {
            const i = first + j;
            if (i >= 0 && i < length) y += (x[i] as number) * (h[j] as number);
          }
        }
        if (y > peak) peak = y;
        else if (-y > peak) peak = -y;
      }
      if (peak > (envelope[n] as number)) envelope[n] = peak;
    }
  }
  return envelope;
}

/** The largest value of an envelope (linear). */
export function envelopePeak(envelope: Float32Array): number {
  let peak = 0;
  for (const v of envelope) if (v > peak) peak = v;
  return peak;
}

/** Linear true peak of all channels. */
export function truePeak(channels: readonly Float32Array[]): number {
  return envelopePeak(truePeakEnvelope(channels));
}

/** True peak in dBTP (-Infinity for silence). */
export function truePeakDb(channels: readonly Float32Array[]): Decibels {
  return gainToDb(truePeak(channels));
}
