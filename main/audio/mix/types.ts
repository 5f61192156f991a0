/**
 * What the offline mixer consumes: lanes (one per speaker) holding clips of mono audio placed on a
 * timeline. Independent of the project document, so the CLI can mix rendered turns without one.
 */
import type { Decibels, Hertz, Seconds } from '../../engine/units.js';

export interface MixClip {
  /** Mono PCM in -1..1 at `sampleRate` (the whole take, before trimming). */
  readonly audio: Float32Array;
  readonly sampleRate: Hertz;
  /** Where the clip's first audible sample (after `trimIn`) sits on the timeline. */
  readonly start: Seconds;
  /** Cut from the head of the audio. */
  readonly trimIn?: Seconds;
  /** Cut from the tail of the audio. */
  readonly trimOut?: Seconds;
  readonly gain?: Decibels;
}

export interface MixLane {
  readonly id: string;
  readonly name: string;
  readonly gain?: Decibels;
  /** -1 (left) .. 1 (right). */
  readonly pan?: number;
  readonly mute?: boolean;
  readonly solo?: boolean;
  readonly clips: readonly MixClip[];
}

export interface MixInput {
  readonly lanes: readonly MixLane[];
}

/** Stereo float output. */
export interface StereoBuffer {
  readonly sampleRate: Hertz;
  readonly left: Float32Array;
  readonly right: Float32Array;
}

export interface MixProgress {
  /** 0..1 over the clips mixed so far. */
  readonly fraction: number;
}
