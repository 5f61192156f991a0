import { describe, expect, it } from 'vitest';
import { cosineSchedule, maskedAfterStep, passesPerWindow } from '../../../main/engine/generate/schedule.js';

describe('cosine schedule', () => {
  it('follows floor(N cos(pi/2 (i+1)/n)) and ends at zero', () => {
    const plan = cosineSchedule(100, 4);
    expect(plan).toEqual([Math.floor(100 * Math.cos(Math.PI / 8)), Math.floor(100 * Math.cos(Math.PI / 4)), Math.floor(100 * Math.cos((3 * Math.PI) / 8)), 0]);
  });

  it('never increases and a single step unmasks everything', () => {
    const plan = cosineSchedule(1000, 16);
    for (let i = 1; i < plan.length; i++) expect(plan[i]).toBeLessThanOrEqual(plan[i - 1] as number);
    expect(maskedAfterStep(37, 0, 1)).toBe(0);
  });

  it('counts 16 + 7 = 23 passes for the default eight levels', () => {
    expect(passesPerWindow([16, 1, 1, 1, 1, 1, 1, 1])).toBe(23);
  });
});
