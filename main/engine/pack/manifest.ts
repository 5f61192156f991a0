/**
 * The model pack manifest (models/PACK_FORMAT.md, version 1) as a zod schema, plus the checks
 * that span several fields. Every failure names the field it is about.
 */
import { z } from 'zod';

export const ROLES = ['codec_encoder', 'codec_decoder', 'semantic', 't2s', 'soundstorm'] as const;
export type Role = (typeof ROLES)[number];

const dim = z.union([z.string().min(1), z.number().int().nonnegative()]);
const ioSpec = z.object({
  name: z.string().min(1),
  dtype: z.enum(['float32', 'int64']),
  shape: z.array(dim),
});
export type IoSpec = z.infer<typeof ioSpec>;

const fileSpec = z.object({
  path: z
    .string()
    .min(1)
    .refine((p) => !p.includes('..') && !p.startsWith('/'), 'must be a path inside the pack folder'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  inputs: z.array(ioSpec).min(1),
  outputs: z.array(ioSpec).min(1),
});
export type FileSpec = z.infer<typeof fileSpec>;

const positive = z.number().positive();
const positiveInt = z.number().int().positive();

export const manifestSchema = z.object({
  format: z.literal('soundstorm-pack'),
  formatVersion: z.literal(1),
  name: z.string().min(1),
  description: z.string().default(''),
  sampleRate: positiveInt,
  hopLength: positiveInt,
  frameRate: positiveInt,
  codec: z.object({ levels: positiveInt, codebookSize: positiveInt }),
  semantic: z.object({
    rung: z.string().min(1),
    rate: positiveInt,
    vocabSize: positiveInt,
    /** Semantic id each phoneme's frames carry, one per inventory entry. */
    phonemeToSemantic: z.array(z.number().int().nonnegative()).optional(),
    /** Majority-filter width (odd, in semantic frames) for the voice prompt's tokens; absent, 0 or 1: none. */
    promptFilter: z
      .number()
      .int()
      .nonnegative()
      .refine((w) => w <= 1 || w % 2 === 1, 'must be odd (a window centred on each frame), or 0 for none')
      .optional(),
  }),
  phonemes: z.object({
    g2p: z.string().min(1),
    inventory: z.array(z.string()).min(4),
  }),
  maskIds: z.object({ acoustic: z.number().int().nonnegative() }),
  decoding: z.object({
    /** MaskGIT passes per level; trailing zeros = levels left masked (decoded as absent). */
    iterations: z.array(z.number().int().nonnegative()).min(1),
    temperature: z.number().nonnegative(),
    topK: z.number().int().nonnegative(),
    topP: z.number().gt(0).lte(1),
    /** Classifier-free guidance weight; absent or 0: none (the model must be trained with condition dropout). */
    guidance: z.number().nonnegative().optional(),
    windowSeconds: positive,
    promptSeconds: positive,
    crossfadeSeconds: z.number().nonnegative(),
    minPhonemeFrames: z.number().int().nonnegative(),
    /** T2S durations are multiplied by this before length regulation (a calibration); absent: 1. */
    durationScale: positive.optional(),
  }),
  files: z.object({
    codec_encoder: fileSpec,
    codec_decoder: fileSpec,
    semantic: fileSpec,
    t2s: fileSpec,
    soundstorm: fileSpec,
  }),
  training: z.unknown().optional(),
  evaluation: z.unknown().optional(),
  attribution: z.array(z.string()).default([]),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The tensor names (alternatives split by `|`) and dtypes each role must have, from the format's table. */
export const ROLE_IO: Record<Role, { inputs: [string, IoSpec['dtype']][]; outputs: [string, IoSpec['dtype']][] }> = {
  codec_encoder: { inputs: [['audio', 'float32']], outputs: [['codes', 'int64']] },
  codec_decoder: { inputs: [['codes', 'int64']], outputs: [['audio', 'float32']] },
  semantic: { inputs: [['audio', 'float32']], outputs: [['tokens', 'int64']] },
  t2s: {
    inputs: [
      ['phonemes', 'int64'],
      ['prompt_semantic', 'int64'],
    ],
    outputs: [['durations', 'float32']],
  },
  soundstorm: {
    inputs: [
      ['semantic', 'int64'],
      ['codes', 'int64'],
      ['level', 'int64'],
    ],
    outputs: [['logits', 'float32']],
  },
};

export class ManifestError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`manifest.json: ${field}: ${detail}`);
    this.name = 'ManifestError';
  }
}

/** Parses and checks a manifest; throws ManifestError naming the first bad field. */
export function parseManifest(json: unknown): Manifest {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.join('.');
    throw new ManifestError(field, issue?.message ?? 'invalid');
  }
  const m = parsed.data;
  if (m.frameRate * m.hopLength !== m.sampleRate) {
    throw new ManifestError('frameRate', `frameRate * hopLength (${m.frameRate} * ${m.hopLength}) != sampleRate ${m.sampleRate}`);
  }
  if (m.frameRate % m.semantic.rate !== 0) {
    throw new ManifestError('semantic.rate', `${m.semantic.rate} Hz does not divide the frame rate ${m.frameRate} Hz`);
  }
  if (m.decoding.iterations.length !== m.codec.levels) {
    throw new ManifestError(
      'decoding.iterations',
      `has ${m.decoding.iterations.length} entries, expected one per level (codec.levels = ${m.codec.levels})`,
    );
  }
  const its = m.decoding.iterations;
  if ((its[0] as number) === 0) throw new ManifestError('decoding.iterations.0', 'level 0 needs at least one pass');
  const firstZero = its.indexOf(0);
  if (firstZero > 0 && its.slice(firstZero).some((n) => n > 0)) {
    throw new ManifestError('decoding.iterations', `level ${firstZero} gets no passes but a finer level does: zeros may only end the list`);
  }
  if (m.maskIds.acoustic !== m.codec.codebookSize) {
    throw new ManifestError('maskIds.acoustic', `is ${m.maskIds.acoustic}, expected codec.codebookSize (${m.codec.codebookSize})`);
  }
  const inventory = m.phonemes.inventory;
  const specials = ['<pad>', '<unk>', '<sil>'];
  specials.forEach((symbol, i) => {
    if (inventory[i] !== symbol) throw new ManifestError(`phonemes.inventory.${i}`, `must be "${symbol}"`);
  });
  if (new Set(inventory).size !== inventory.length) throw new ManifestError('phonemes.inventory', 'has duplicate symbols');
  const table = m.semantic.phonemeToSemantic;
  if (table !== undefined) {
    if (table.length !== inventory.length) {
      throw new ManifestError('semantic.phonemeToSemantic', `has ${table.length} entries, expected one per phonemes.inventory entry (${inventory.length})`);
    }
    const bad = table.findIndex((id) => id >= m.semantic.vocabSize);
    if (bad >= 0) throw new ManifestError(`semantic.phonemeToSemantic.${bad}`, `is ${table[bad]}, not below semantic.vocabSize ${m.semantic.vocabSize}`);
  }
  for (const role of ROLES) checkRoleIo(role, m.files[role]);
  return m;
}

function checkRoleIo(role: Role, spec: FileSpec): void {
  const expected = ROLE_IO[role];
  for (const side of ['inputs', 'outputs'] as const) {
    const want = expected[side];
    const have = spec[side];
    for (const [names, dtype] of want) {
      const entry = have.find((io) => names.split('|').includes(io.name));
      if (entry === undefined) throw new ManifestError(`files.${role}.${side}`, `lacks "${names}" (has ${have.map((io) => io.name).join(', ')})`);
      if (entry.dtype !== dtype) throw new ManifestError(`files.${role}.${side}.${entry.name}.dtype`, `is ${entry.dtype}, expected ${dtype}`);
    }
    const extra = have.filter((io) => !want.some(([names]) => names.split('|').includes(io.name)));
    if (extra.length > 0) throw new ManifestError(`files.${role}.${side}`, `has unexpected ${extra.map((io) => `"${io.name}"`).join(', ')}`);
  }
}
