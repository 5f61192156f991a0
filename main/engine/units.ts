/** Named units, so that a number's meaning travels with its type (Tone.js style). */
export type Seconds = number;
/** A count of audio samples at the pack's sample rate. */
export type Samples = number;
/** A count of codec frames at the pack's frame rate (50 Hz for 16 kHz / hop 320). */
export type Frames = number;
export type Hertz = number;
export type Decibels = number;

export function secondsToFrames(seconds: Seconds, frameRate: Hertz): Frames {
  return Math.round(seconds * frameRate);
}

export function framesToSeconds(frames: Frames, frameRate: Hertz): Seconds {
  return frames / frameRate;
}
