/** Offline mix of rendered turns in script order, with pauses between them. */
import type { Seconds } from '../engine/units.js';

export interface PlacedTurn {
  readonly audio: Float32Array;
  readonly pauseAfter: Seconds;
}

export function sequenceTurns(turns: readonly PlacedTurn[], rate: number): { audio: Float32Array; starts: Seconds[] } {
  const gaps = turns.map((t, i) => (i === turns.length - 1 ? 0 : Math.round(t.pauseAfter * rate)));
  const total = turns.reduce((sum, t, i) => sum + t.audio.length + (gaps[i] as number), 0);
  const audio = new Float32Array(total);
  const starts: Seconds[] = [];
  let offset = 0;
  turns.forEach((t, i) => {
    starts.push(offset / rate);
    audio.set(t.audio, offset);
    offset += t.audio.length + (gaps[i] as number);
  });
  return { audio, starts };
}
