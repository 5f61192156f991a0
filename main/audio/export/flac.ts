/**
 * FLAC encoding with libflac.js (the reference libFLAC compiled by emscripten). Its asm.js build is
 * used: the wasm build fetches its binary by URL, which Node's fetch refuses for file paths.
 */
import { createRequire } from 'node:module';
import type { Hertz } from '../../engine/units.js';
import { concatBytes } from './bytes.js';
import { type BitDepth, interleavedPcm } from './pcm.js';

interface StreamInfo {
  readonly min_framesize: number;
  readonly max_framesize: number;
  readonly md5sum: string;
}

/** The part of libflac.js this module calls. */
interface LibFlac {
  isReady(): boolean;
  on(event: 'ready', listener: () => void): void;
  create_libflac_encoder(
    rate: number,
    channels: number,
    bits: number,
    level: number,
    total: number,
    verify: boolean,
    block: number,
  ): number;
  init_encoder_stream(
    encoder: number,
    write: (data: Uint8Array, bytes: number) => void,
    metadata: (info: StreamInfo) => void,
  ): number;
  FLAC__stream_encoder_process_interleaved(encoder: number, buffer: Int32Array, frames: number): boolean;
  FLAC__stream_encoder_finish(encoder: number): boolean;
  FLAC__stream_encoder_get_state(encoder: number): number;
  FLAC__stream_encoder_delete(encoder: number): void;
}

let library: Promise<LibFlac> | undefined;

function loadFlac(): Promise<LibFlac> {
  library ??= new Promise((resolve) => {
    const factory = createRequire(import.meta.url)('libflacjs') as (variant: string) => LibFlac;
    const flac = factory('release');
    if (flac.isReady()) resolve(flac);
    else flac.on('ready', () => resolve(flac));
  });
  return library;
}

/** Writes the final frame sizes and MD5 into STREAMINFO (the stream callback wrote it before they were known). */
function patchStreamInfo(file: Uint8Array, info: StreamInfo): void {
  // "fLaC", block header (4), min/max block size (2 + 2), then min/max frame size (3 + 3).
  const put24 = (at: number, v: number): void => {
    file[at] = (v >> 16) & 0xff;
    file[at + 1] = (v >> 8) & 0xff;
    file[at + 2] = v & 0xff;
  };
  put24(12, info.min_framesize);
  put24(15, info.max_framesize);
  for (let i = 0; i < 16; i++) file[26 + i] = parseInt(info.md5sum.slice(2 * i, 2 * i + 2), 16);
}

export async function encodeFlac(
  channels: readonly Float32Array[],
  rate: Hertz,
  bits: BitDepth,
): Promise<Uint8Array> {
  const flac = await loadFlac();
  const frames = channels[0]?.length ?? 0;
  const pcm = interleavedPcm(channels, rate, bits);
  const encoder = flac.create_libflac_encoder(rate, channels.length, bits, 5, frames, false, 0);
  if (encoder === 0)
    throw new Error(`FLAC encoder refused ${channels.length} channels at ${rate} Hz, ${bits}-bit`);
  const chunks: Uint8Array[] = [];
  let info: StreamInfo | undefined;
  try {
    const status = flac.init_encoder_stream(
      encoder,
      (data, bytes) => chunks.push(data.slice(0, bytes)),
      (meta) => (info = meta),
    );
    if (status !== 0) throw new Error(`FLAC encoder failed to start (init status ${status})`);
    // Feed in blocks so the emscripten heap holds a few seconds, not the whole programme.
    const block = 1 << 16;
    for (let at = 0; at < frames; at += block) {
      const n = Math.min(block, frames - at);
      const ok = flac.FLAC__stream_encoder_process_interleaved(
        encoder,
        pcm.subarray(at * channels.length, (at + n) * channels.length),
        n,
      );
      if (!ok)
        throw new Error(
          `FLAC encoding failed (encoder state ${flac.FLAC__stream_encoder_get_state(encoder)})`,
        );
    }
    if (!flac.FLAC__stream_encoder_finish(encoder))
      throw new Error(
        `FLAC encoder failed to finish (state ${flac.FLAC__stream_encoder_get_state(encoder)})`,
      );
  } finally {
    flac.FLAC__stream_encoder_delete(encoder);
  }
  const file = concatBytes(chunks);
  if (info !== undefined) patchStreamInfo(file, info);
  return file;
}
