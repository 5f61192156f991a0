/** A script as parsed from pasted text or a JSON file, before it becomes project turns. */
import type { Decibels, Seconds } from '../engine/units.js';

export interface ScriptSpeaker {
  readonly name: string;
  /** Voice sample path as written in the script (relative to the script file). */
  readonly voice?: string;
  readonly colour?: string;
  readonly gain?: Decibels;
  readonly pan?: number;
}

export interface ScriptTurnOptions {
  readonly speed?: number;
  readonly gain?: Decibels;
  readonly seed?: number;
  /** A voice sample for this turn only. */
  readonly voice?: string;
  readonly targetDuration?: Seconds;
  /** Silence after this turn when turns are laid out one after another (the CLI). */
  readonly pauseAfter?: Seconds;
}

export interface ScriptTurn {
  /** Speaker name, spelled as in `speakers`. */
  readonly speaker: string;
  readonly text: string;
  readonly options: ScriptTurnOptions;
  /** 1-based line of the text form where the turn starts. */
  readonly line?: number;
}

export type ScriptProblemKind = 'no-speaker' | 'empty-text' | 'too-long' | 'undeclared-speaker' | 'invalid';

export interface ScriptProblem {
  readonly kind: ScriptProblemKind;
  /** Errors drop the line or turn they are about; warnings keep it. */
  readonly severity: 'error' | 'warning';
  /** 1-based line (text form) or JSON path (JSON form), for the message and for highlighting. */
  readonly where: string;
  readonly message: string;
}

export interface ParsedScript {
  /** In order of first appearance. */
  readonly speakers: ScriptSpeaker[];
  readonly turns: ScriptTurn[];
  readonly problems: ScriptProblem[];
  /** Pause between turns the script asks for, if any. */
  readonly pause?: Seconds;
  /** Base seed: turn i without its own seed uses seed + i. */
  readonly seed?: number;
}

/** The longest turn text the engine accepts (main/api renderTurnArgs). */
export const MAX_TURN_CHARS = 5000;
