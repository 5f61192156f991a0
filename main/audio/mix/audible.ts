/** Mute and solo as a mixing desk applies them: with any lane soloed only soloed lanes sound; mute always wins. */
import type { MixLane } from './types.js';

export function audibleLanes<L extends Pick<MixLane, 'mute' | 'solo'>>(lanes: readonly L[]): L[] {
  const anySolo = lanes.some((lane) => lane.solo === true);
  return lanes.filter((lane) => lane.mute !== true && (!anySolo || lane.solo === true));
}
