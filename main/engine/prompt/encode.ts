/**
 * Voice prompt tokenisation: the prepared prompt audio goes through the codec encoder (acoustic
 * codes) and the semantic tokenizer; both must come out at the codec frame rate.
 */
import { EngineError } from '../errors.js';
import type { Manifest } from '../pack/manifest.js';
import type { PromptTokens } from '../generate/pipeline.js';
import { float32, intOutput, type RunFn } from '../tensor.js';
import { majorityFilter } from './smooth.js';

export async function encodePrompt(codecEncoder: RunFn, semantic: RunFn, manifest: Manifest, audio: Float32Array): Promise<PromptTokens> {
  const hop = manifest.hopLength;
  if (audio.length === 0 || audio.length % hop !== 0) throw new EngineError('BAD_REQUEST', `prompt audio of ${audio.length} samples is not a whole number of ${hop}-sample frames`);
  const frames = audio.length / hop;
  const input = float32(audio, [1, audio.length]);
  const codes = intOutput(await codecEncoder({ audio: input }), 'codes', 'codec_encoder');
  const levels = manifest.codec.levels;
  if (codes.dims[1] !== levels || codes.dims[2] !== frames) {
    throw new EngineError('SESSION_IO', `codec_encoder returned codes [${codes.dims.join(',')}] for ${audio.length} samples, expected [1,${levels},${frames}]`);
  }
  const raw = intOutput(await semantic({ audio: input }), 'tokens', 'semantic');
  // Smoothed at the tokenizer's own rate, before the repeat (semantic/smooth.py in training).
  const tokens = { dims: raw.dims, data: majorityFilter(raw.data, manifest.semantic.promptFilter ?? 0) };
  const repeat = manifest.frameRate / manifest.semantic.rate;
  // At the semantic rate, repeated to the frame rate; a frame or two of padding difference at the
  // end (convolution edges) is absorbed by repeating or dropping the last token.
  const expanded = tokens.data.length * repeat;
  if (Math.abs(expanded - frames) > 2 * repeat) {
    throw new EngineError('SESSION_IO', `semantic returned ${tokens.data.length} tokens for ${frames} frames at ${manifest.semantic.rate} Hz`);
  }
  const last = tokens.data.length - 1;
  const perFrame = BigInt64Array.from({ length: frames }, (_, t) => tokens.data[Math.min(last, Math.floor(t / repeat))] as bigint);
  return { frames, semantic: perFrame, codes: new BigInt64Array(codes.data) };
}
