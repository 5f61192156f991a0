/** Codec decoding of token grids, with the shape checks the format promises. */
import { EngineError } from '../errors.js';
import type { Manifest } from '../pack/manifest.js';
import { floatOutput, int64, type RunFn } from '../tensor.js';
import type { Frames } from '../units.js';

export async function decodeCodes(run: RunFn, manifest: Manifest, codes: BigInt64Array, frames: Frames): Promise<Float32Array> {
  const levels = manifest.codec.levels;
  if (frames === 0) return new Float32Array(0);
  const outputs = await run({ codes: int64(codes, [1, levels, frames]) });
  const audio = floatOutput(outputs, 'audio', 'codec_decoder');
  const expected = frames * manifest.hopLength;
  if (audio.data.length !== expected) {
    throw new EngineError('SESSION_IO', `codec_decoder returned ${audio.data.length} samples for ${frames} frames, expected ${expected}`);
  }
  return audio.data;
}
