/**
 * MaskGIT's cosine schedule: after step i of n (0-based), floor(N * cos(pi/2 * (i+1)/n))
 * positions of the level stay masked; none after the last step.
 */
export function maskedAfterStep(total: number, step: number, steps: number): number {
  if (step >= steps - 1) return 0;
  return Math.floor(total * Math.cos((Math.PI / 2) * ((step + 1) / steps)));
}

/** The full plan for a level: how many stay masked after each step. */
export function cosineSchedule(total: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => maskedAfterStep(total, i, steps));
}

/** SoundStorm passes per window: one network call per step of every level. */
export function passesPerWindow(iterations: readonly number[]): number {
  return iterations.reduce((a, b) => a + b, 0);
}
