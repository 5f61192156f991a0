/** The offline mixer: lanes of placed clips to a stereo buffer, or one stem per lane. */
export { audibleLanes } from './audible.js';
export { EDGE_FADE, clipEnd } from './clip-span.js';
export { dbToGain, gainToDb, panGains } from './gain.js';
export { type MixOptions, mixOffline, renderStems, timelineDuration } from './render.js';
export type { MixClip, MixInput, MixLane, MixProgress, StereoBuffer } from './types.js';
