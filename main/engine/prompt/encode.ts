/**
 * Voice prompt tokenisation: the prepared prompt audio goes through the codec encoder (acoustic
 * codes) and the semantic tokenizer; both must come out at the codec frame rate.
 */
import { EngineError } from '../errors.js';
import type { Manifest } from '../pack/manifest.js';
import type { PromptTokens } from '../generate/pipeline.js';
import { float32, intOutput, type RunFn } from '../tensor.js';

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
  const tokens = intOutput(await semantic({ audio: input }), 'tokens', 'semantic');
  const repeat = manifest.frameRate / manifest.semantic.rate;
  let perFrame: BigInt64Array;
  if (tokens.data.length === frames) perFrame = tokens.data;
  else if (tokens.data.length * repeat === frames) perFrame = BigInt64Array.from({ length: frames }, (_, t) => tokens.data[Math.floor(t / repeat)] as bigint);
  else throw new EngineError('SESSION_IO', `semantic returned ${tokens.data.length} tokens for ${frames} frames`);
  return { frames, semantic: new BigInt64Array(perFrame), codes: new BigInt64Array(codes.data) };
}
