/**
 * Writes a complete model pack of small synthetic ONNX graphs (real files, real onnxruntime
 * sessions) in the pack format, for tests of loading, validation, the worker and the CLI.
 * The graphs compute simple deterministic functions; they are not speech models.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, type Initializer, type NodeDecl, type ValueDecl } from '../../../main/engine/ort/onnx-writer.js';

export const FAKE = { sampleRate: 16000, hop: 320, levels: 4, K: 32, vocab: 24 } as const;
export const INVENTORY = ['<pad>', '<unk>', '<sil>', ' ', ',', '.', '?', '!', ';', ':', 'h', 'ə', 'l', 'oʊ', 'w', 'ɜː', 'd', 'ð', 'ɛ', 'ɹ', 'a', 'ɪ', 's', 't'];

const i64 = (name: string, values: number[], dims: number[] = [values.length]): Initializer => ({ name, type: 'int64', dims, values });
const f32 = (name: string, values: number[], dims: number[] = [values.length]): Initializer => ({ name, type: 'float32', dims, values });

/** audio [B,N] -> per-frame mean |x| scaled to ids < limit, as int64 [B,T]. */
function frameIds(limit: number, scale: number): { nodes: NodeDecl[]; initializers: Initializer[] } {
  return {
    nodes: [
      { op: 'Reshape', inputs: ['audio', 'frame_shape'], outputs: ['framed'] },
      { op: 'Abs', inputs: ['framed'], outputs: ['mag'] },
      { op: 'ReduceMean', inputs: ['mag'], outputs: ['level'], attrs: [{ name: 'axes', ints: [2] }, { name: 'keepdims', i: 0 }] },
      { op: 'Mul', inputs: ['level', 'scale'], outputs: ['scaled'] },
      { op: 'Cast', inputs: ['scaled'], outputs: ['ids_raw'], attrs: [{ name: 'to', i: 7 }] },
      { op: 'Min', inputs: ['ids_raw', 'limit'], outputs: ['ids'] },
    ],
    initializers: [i64('frame_shape', [0, -1, FAKE.hop]), f32('scale', [scale], []), i64('limit', [limit - 1], [])],
  };
}

export function fakeModels(): Record<string, { bytes: Uint8Array; inputs: ValueDecl[]; outputs: ValueDecl[] }> {
  const enc = frameIds(FAKE.K, 400);
  const sem = frameIds(FAKE.vocab, 200);
  const audioIn: ValueDecl = { name: 'audio', type: 'float32', shape: ['B', 'N'] };
  const codesIo: ValueDecl = { name: 'codes', type: 'int64', shape: ['B', 'Q', 'T'] };
  const models = {
    codec_encoder: {
      inputs: [audioIn],
      outputs: [codesIo],
      nodes: [
        ...enc.nodes,
        { op: 'Unsqueeze', inputs: ['ids', 'axis1'], outputs: ['ids3'] },
        { op: 'Tile', inputs: ['ids3', 'repeats'], outputs: ['codes'] },
      ],
      initializers: [...enc.initializers, i64('axis1', [1]), i64('repeats', [1, FAKE.levels, 1])],
    },
    semantic: {
      inputs: [audioIn],
      outputs: [{ name: 'tokens', type: 'int64' as const, shape: ['B', 'T'] }],
      nodes: [...sem.nodes, { op: 'Identity', inputs: ['ids'], outputs: ['tokens'] }],
      initializers: sem.initializers,
    },
    t2s: {
      inputs: [
        { name: 'phonemes', type: 'int64' as const, shape: ['B', 'P'] },
        { name: 'prompt_semantic', type: 'int64' as const, shape: ['B', 'S'] },
      ],
      outputs: [{ name: 'durations', type: 'float32' as const, shape: ['B', 'P'] }],
      // durations = 2 + (phoneme id mod 3) frames
      nodes: [
        { op: 'Mod', inputs: ['phonemes', 'three'], outputs: ['m'] },
        { op: 'Cast', inputs: ['m'], outputs: ['mf'], attrs: [{ name: 'to', i: 1 }] },
        { op: 'Add', inputs: ['mf', 'two'], outputs: ['durations'] },
      ],
      initializers: [i64('three', [3], []), f32('two', [2], [])],
    },
    soundstorm: {
      inputs: [
        { name: 'semantic', type: 'int64' as const, shape: ['B', 'T'] },
        codesIo,
        { name: 'level', type: 'int64' as const, shape: [1] },
      ],
      outputs: [{ name: 'logits', type: 'float32' as const, shape: ['B', 'T', 'K'] }],
      // logits = 4 * one_hot((semantic * 5 + level) mod K)
      nodes: [
        { op: 'Mul', inputs: ['semantic', 'five'], outputs: ['s5'] },
        { op: 'Add', inputs: ['s5', 'level'], outputs: ['sl'] },
        { op: 'Mod', inputs: ['sl', 'k'], outputs: ['target'] },
        { op: 'OneHot', inputs: ['target', 'k', 'onoff'], outputs: ['logits'], attrs: [{ name: 'axis', i: -1 }] },
      ],
      initializers: [i64('five', [5], []), i64('k', [FAKE.K], []), f32('onoff', [0, 4])],
    },
    codec_decoder: {
      inputs: [codesIo],
      outputs: [{ name: 'audio', type: 'float32' as const, shape: ['B', 'N'] }],
      // audio: each frame is a sine burst whose amplitude follows the mean code of the frame
      nodes: [
        { op: 'Cast', inputs: ['codes'], outputs: ['cf'], attrs: [{ name: 'to', i: 1 }] },
        { op: 'ReduceMean', inputs: ['cf'], outputs: ['mean'], attrs: [{ name: 'axes', ints: [1] }, { name: 'keepdims', i: 0 }] },
        { op: 'Mul', inputs: ['mean', 'inv_k'], outputs: ['amp'] },
        { op: 'Add', inputs: ['amp', 'floor'], outputs: ['amp2'] },
        { op: 'Unsqueeze', inputs: ['amp2', 'axis2'], outputs: ['amp3'] },
        { op: 'Mul', inputs: ['amp3', 'wave'], outputs: ['frames'] },
        { op: 'Reshape', inputs: ['frames', 'flat'], outputs: ['audio'] },
      ],
      initializers: [
        f32('inv_k', [0.5 / FAKE.K], []),
        f32('floor', [0.1], []),
        i64('axis2', [2]),
        f32('wave', Array.from({ length: FAKE.hop }, (_, i) => Math.sin((2 * Math.PI * 200 * i) / FAKE.sampleRate)), [FAKE.hop]),
        i64('flat', [0, -1]),
      ],
    },
  };
  return Object.fromEntries(
    Object.entries(models).map(([role, m]) => [role, { bytes: buildModel(m), inputs: m.inputs, outputs: m.outputs }]),
  );
}

export function fakeManifest(files: Record<string, { path: string; sha256: string; inputs: ValueDecl[]; outputs: ValueDecl[] }>): Record<string, unknown> {
  const io = (v: ValueDecl): { name: string; dtype: string; shape: (string | number)[] } => ({ name: v.name, dtype: v.type, shape: v.shape });
  return {
    format: 'soundstorm-pack',
    formatVersion: 1,
    name: 'fake',
    description: 'synthetic graphs for engine tests',
    sampleRate: FAKE.sampleRate,
    hopLength: FAKE.hop,
    frameRate: 50,
    codec: { levels: FAKE.levels, codebookSize: FAKE.K },
    semantic: { rung: 'frame-phoneme', rate: 50, vocabSize: FAKE.vocab },
    phonemes: { g2p: 'phonemizer@1.2.1 espeak-ng en-us', inventory: [...INVENTORY] },
    maskIds: { acoustic: FAKE.K },
    decoding: {
      iterations: [6, 1, 1, 1],
      temperature: 1,
      topK: 0,
      topP: 1,
      windowSeconds: 2,
      promptSeconds: 0.5,
      crossfadeSeconds: 0.04,
      minPhonemeFrames: 1,
    },
    files: Object.fromEntries(
      Object.entries(files).map(([role, f]) => [role, { path: f.path, sha256: f.sha256, inputs: f.inputs.map(io), outputs: f.outputs.map(io) }]),
    ),
    attribution: [],
  };
}

/** Writes the pack into `dir`; `edit` may change the manifest before it is written. */
export function writeFakePack(dir: string, edit?: (manifest: Record<string, unknown>) => void): void {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, { path: string; sha256: string; inputs: ValueDecl[]; outputs: ValueDecl[] }> = {};
  for (const [role, model] of Object.entries(fakeModels())) {
    const path = `${role}.onnx`;
    writeFileSync(join(dir, path), model.bytes);
    files[role] = { path, sha256: createHash('sha256').update(model.bytes).digest('hex'), inputs: model.inputs, outputs: model.outputs };
  }
  const manifest = fakeManifest(files);
  edit?.(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}
