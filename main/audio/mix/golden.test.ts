/**
 * Golden test: a fixed three-lane scene (resampling, trims, overlaps, pan, gains, a muted lane)
 * rendered offline and compared sample by sample (every 37th) with the stored render. Regenerate
 * after an intended change with UPDATE_GOLDEN=1 and review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { speechLike } from '../../../test/unit/helpers/signals.js';
import { mixOffline } from './render.js';
import type { MixInput } from './types.js';

const GOLDEN = new URL('./fixtures/golden-mix.json', import.meta.url);
const STRIDE = 37;

const scene: MixInput = {
  lanes: [
    {
      id: 'a',
      name: 'Alice',
      pan: -0.5,
      gain: -3,
      clips: [{ audio: speechLike(16000, 0.6, 200, 11), sampleRate: 16000, start: 0.02, trimIn: 0.05 }],
    },
    {
      id: 'b',
      name: 'Bob',
      pan: 0.4,
      clips: [
        { audio: speechLike(24000, 0.5, 110, 12), sampleRate: 24000, start: 0.4, gain: 2, trimOut: 0.1 },
        {
          audio: Float32Array.from(
            { length: 4800 },
            (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 48000),
          ),
          sampleRate: 48000,
          start: 0.85,
        },
      ],
    },
    {
      id: 'c',
      name: 'Muted',
      mute: true,
      clips: [{ audio: new Float32Array(48000).fill(0.9), sampleRate: 48000, start: 0 }],
    },
  ],
};

describe('golden mix', () => {
  it('renders the stored samples', () => {
    const out = mixOffline(scene, { sampleRate: 48000 });
    const picked = { length: out.left.length, left: [] as number[], right: [] as number[] };
    for (let i = 0; i < out.left.length; i += STRIDE) {
      picked.left.push(Number((out.left[i] as number).toFixed(6)));
      picked.right.push(Number((out.right[i] as number).toFixed(6)));
    }
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(picked)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as typeof picked;
    expect(out.left.length).toBe(golden.length);
    for (let k = 0; k < golden.left.length; k++) {
      expect(
        Math.abs((picked.left[k] as number) - (golden.left[k] as number)),
        `left[${k * STRIDE}]`,
      ).toBeLessThan(2e-6);
      expect(
        Math.abs((picked.right[k] as number) - (golden.right[k] as number)),
        `right[${k * STRIDE}]`,
      ).toBeLessThan(2e-6);
    }
  });
});
