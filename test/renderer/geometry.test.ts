import { describe, expect, it } from 'vitest';
import {
  clampZoom,
  fitZoom,
  formatTime,
  MAX_PX_PER_SECOND,
  MIN_PX_PER_SECOND,
  rulerStep,
  snapTime,
} from '../../renderer/timeline/geometry.js';

describe('timeline geometry', () => {
  it('snaps to the nearest clip edge within 8 px, else to the grid, and leaves times alone when off', () => {
    // 100 px/s: 8 px is 0.08 s.
    expect(snapTime(2.05, [2.0, 2.1], 100, 0.1)).toBe(2.0);
    expect(snapTime(2.09, [2.0, 2.1], 100, 0.1)).toBe(2.1);
    expect(snapTime(3.27, [2.0], 100, 0.1)).toBeCloseTo(3.3, 9);
    expect(snapTime(3.27, [], 100, null)).toBe(3.27);
    // At a wide zoom the same 0.05 s is 40 px away: no edge pull, the grid decides.
    expect(snapTime(2.05, [2.0], 800, 0.25)).toBe(2.0);
    expect(snapTime(2.2, [2.0], 800, 0.25)).toBe(2.25);
    expect(snapTime(-0.3, [], 100, 0.1)).toBe(0);
  });

  it('fits a duration to the window within the zoom limits', () => {
    expect(fitZoom(10, 1080)).toBeCloseTo(100, 6);
    expect(fitZoom(100_000, 1000)).toBe(MIN_PX_PER_SECOND);
    expect(clampZoom(1e6)).toBe(MAX_PX_PER_SECOND);
  });

  it('labels the ruler at a readable step and formats times as mm:ss.s', () => {
    expect(rulerStep(100)).toBe(1);
    expect(rulerStep(800)).toBe(0.1);
    expect(rulerStep(5)).toBe(15);
    expect(formatTime(75.2)).toBe('01:15.2');
    expect(formatTime(-1)).toBe('00:00.0');
  });
});
