/** Timeline geometry: seconds <-> pixels, snapping, ruler steps. Pure, so it is tested without a DOM. */
import type { Seconds } from '../../main/api/units.js';

export const LANE_HEADER_PX = 150;
export const MIN_PX_PER_SECOND = 5;
export const MAX_PX_PER_SECOND = 800;
export const SNAP_PX = 8;

export function clampZoom(pxPerSecond: number): number {
  return Math.min(MAX_PX_PER_SECOND, Math.max(MIN_PX_PER_SECOND, pxPerSecond));
}

/** Zoom that shows `duration` (plus a little room) in `width` pixels. */
export function fitZoom(duration: Seconds, width: number): number {
  return clampZoom(width / Math.max(1, duration * 1.08));
}

/** A time snapped to the nearest edge within SNAP_PX, else to the grid step; unchanged when off. */
export function snapTime(
  time: Seconds,
  edges: readonly Seconds[],
  pxPerSecond: number,
  grid: Seconds | null,
): Seconds {
  let best = time;
  let distance = SNAP_PX / pxPerSecond;
  for (const edge of edges) {
    if (Math.abs(edge - time) <= distance) {
      best = edge;
      distance = Math.abs(edge - time);
    }
  }
  if (best !== time || grid === null) return Math.max(0, best);
  return Math.max(0, Math.round(time / grid) * grid);
}

/** Ruler label step: the smallest "nice" step at least 70 px wide. */
export function rulerStep(pxPerSecond: number): Seconds {
  const steps = [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300];
  return steps.find((s) => s * pxPerSecond >= 70) ?? 600;
}

export function formatTime(seconds: Seconds): string {
  const whole = Math.max(0, seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole - minutes * 60;
  return `${String(minutes).padStart(2, '0')}:${rest.toFixed(1).padStart(4, '0')}`;
}
