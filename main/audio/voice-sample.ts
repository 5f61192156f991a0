/**
 * Turns a voice sample file into prompt audio for a pack: decode, downmix, resample to the pack
 * rate, trim silence, loudness-normalise, cap the length and cut to whole codec frames. Samples
 * that are silent, too short, corrupt or huge are refused with a message naming the problem.
 */
import { EngineError } from '../engine/errors.js';
import type { Hertz, Seconds } from '../engine/units.js';
import { decodeAudio, downmix } from './decode.js';
import { normaliseLoudness } from './loudness.js';
import { resample } from './resample.js';
import { peaks, trimSilence, voicedRange } from './silence.js';

export const MIN_VOICE_SECONDS: Seconds = 1;
export const MAX_VOICE_SECONDS: Seconds = 30;
/** Prompt loudness: speech at -20 LUFS keeps peaks near the range the codec was trained on. */
export const PROMPT_LOUDNESS = -20;

export interface PreparedVoice {
  readonly audio: Float32Array;
  readonly sampleRate: Hertz;
  readonly duration: Seconds;
  readonly peaks: number[];
}

export async function prepareVoiceSample(bytes: Uint8Array, label: string, rate: Hertz, hop: number, maxSeconds: Seconds = MAX_VOICE_SECONDS): Promise<PreparedVoice> {
  const decoded = await decodeAudio(bytes, label);
  const mono = resample(downmix(decoded.channels), decoded.sampleRate, rate);
  const [start, end] = voicedRange(mono, rate);
  if (end - start === 0) throw new EngineError('AUDIO_INPUT', `${label}: the sample is silent`);
  const trimmed = trimSilence(mono, rate);
  const seconds = trimmed.length / rate;
  if (seconds < MIN_VOICE_SECONDS) {
    throw new EngineError('AUDIO_INPUT', `${label}: only ${seconds.toFixed(2)} s of speech after trimming silence; a voice sample needs at least ${MIN_VOICE_SECONDS} s (3 to 30 s is best)`);
  }
  const capped = trimmed.subarray(0, Math.min(trimmed.length, Math.floor(maxSeconds * rate)));
  const whole = capped.subarray(0, Math.floor(capped.length / hop) * hop);
  const audio = normaliseLoudness(Float32Array.from(whole), rate, PROMPT_LOUDNESS);
  return { audio, sampleRate: rate, duration: audio.length / rate, peaks: peaks(audio, 200) };
}
