/**
 * Export options, validated with zod so the UI, the CLI and the contract share one definition.
 * Pure (no encoder imports), so main/api can use it.
 */
import { z } from 'zod';
import { MP3_BITRATES } from './mp3-bitrates.js';

export const exportFormats = ['wav', 'flac', 'mp3'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const loudnessTargetSchema = z.object({
  /** Integrated loudness target in LUFS: -16 for podcasts and the web, -23 for EBU R128 broadcast. */
  lufs: z.number().min(-40).max(-5).default(-16),
  /** True-peak ceiling in dBTP. */
  truePeak: z.number().min(-12).max(0).default(-1),
});

export const exportOptionsSchema = z.object({
  /** Defaults to the output file's extension, else WAV. */
  format: z.enum(exportFormats).optional(),
  sampleRate: z.union([z.literal(44100), z.literal(48000)]).default(48000),
  /** WAV and FLAC; MP3 is always encoded from 16-bit PCM. */
  bitDepth: z.union([z.literal(16), z.literal(24)]).default(24),
  mp3Bitrate: z
    .number()
    .int()
    .refine((k) => (MP3_BITRATES as readonly number[]).includes(k), {
      message: `MP3 bit rate must be one of ${MP3_BITRATES.join(', ')} kbps`,
    })
    .default(192),
  /** null exports the mix at the level it was mixed, unlimited. */
  loudness: loudnessTargetSchema.nullable().default({ lufs: -16, truePeak: -1 }),
  /** Also write one file per speaker (`name.speaker.ext`), each with the mix's gain so they sum to it. */
  stems: z.boolean().default(false),
  subtitles: z.array(z.enum(['srt', 'vtt'])).default([]),
  /** Export only this part of the timeline (the loop region, a selection); null: all of it. */
  range: z
    .object({ start: z.number().nonnegative(), end: z.number().positive() })
    .refine((r) => r.end > r.start, { message: 'the range must end after it starts' })
    .nullable()
    .default(null),
  /** Prefix subtitle lines with the speaker's name. */
  subtitleSpeakers: z.boolean().default(true),
});

export type ExportOptions = z.output<typeof exportOptionsSchema>;
export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;

export function formatFromPath(path: string): ExportFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return exportFormats.find((f) => f === ext);
}
