/** Named unit aliases so signatures say what a number means (Tone.js habit). */
export type Seconds = number;
export type Samples = number;
export type Frames = number;
export type Hertz = number;
/** 0..1 inclusive. */
export type Fraction = number;
