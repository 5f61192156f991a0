import { mkdtempSync, rmSync, writeFileSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareIo } from '../../../main/engine/pack/io-check.js';
import { loadPack } from '../../../main/engine/pack/load.js';
import { parseManifest } from '../../../main/engine/pack/manifest.js';
import { writeFakePack } from '../helpers/fake-pack.js';

const root = mkdtempSync(join(tmpdir(), 'pack-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function packWith(edit?: (m: Record<string, unknown>) => void): string {
  const dir = join(root, `p${counter++}`);
  writeFakePack(dir, edit);
  return dir;
}

/** Sets (or, with `undefined`, deletes) a dotted path such as "files.t2s.path" in a parsed manifest. */
function setPath(manifest: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = manifest as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

describe('pack loading', () => {
  let good: string;
  beforeAll(() => {
    good = packWith();
  });

  it('loads a valid pack and resolves role files', async () => {
    const pack = await loadPack(good);
    expect(pack.manifest.name).toBe('fake');
    expect(pack.filePath('soundstorm')).toBe(join(good, 'soundstorm.onnx'));
  });

  it('names the missing manifest', async () => {
    await expect(loadPack(join(root, 'nowhere'))).rejects.toThrow(/manifest\.json: cannot read/);
  });

  it('refuses invalid JSON', async () => {
    const dir = packWith();
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    await expect(loadPack(dir)).rejects.toThrow(/not valid JSON/);
  });

  it.each([
    ['formatVersion', 'formatVersion', 2, /formatVersion/],
    ['missing role', 'files.t2s', undefined, /files\.t2s/],
    ['rates', 'hopLength', 256, /frameRate \* hopLength/],
    ['iterations per level', 'decoding.iterations', [16, 1], /decoding\.iterations.*one per level/],
    ['no passes on level 0', 'decoding.iterations', [0, 1, 1, 1], /decoding\.iterations\.0: level 0 needs at least one pass/],
    ['passes after an ungenerated level', 'decoding.iterations', [6, 0, 1, 0], /decoding\.iterations: level 1 gets no passes but a finer level does/],
    ['mask id', 'maskIds.acoustic', 7, /maskIds\.acoustic/],
    ['input name', 'files.soundstorm.inputs.2.name', 'q', /files\.soundstorm\.inputs.*lacks "level"/],
    ['dtype', 'files.codec_decoder.inputs.0.dtype', 'float32', /files\.codec_decoder\.inputs\.codes\.dtype/],
    ['sha256 form', 'files.semantic.sha256', 'abc', /files\.semantic\.sha256/],
    ['inventory specials', 'phonemes.inventory.2', 'x', /phonemes\.inventory\.2/],
    ['path escape', 'files.t2s.path', '../t2s.onnx', /files\.t2s\.path/],
    ['phonemeToSemantic length', 'semantic.phonemeToSemantic', [2, 1], /semantic\.phonemeToSemantic.*one per phonemes\.inventory/],
    ['even prompt filter', 'semantic.promptFilter', 4, /semantic\.promptFilter: must be odd/],
  ])('refuses a broken manifest (%s) naming the field', async (_name, path, value, message) => {
    await expect(loadPack(packWith((m) => setPath(m, path, value)))).rejects.toThrow(message);
  });

  it('accepts iterations that leave the finest levels ungenerated', async () => {
    const pack = await loadPack(packWith((m) => setPath(m, 'decoding.iterations', [6, 1, 0, 0])));
    expect(pack.manifest.decoding.iterations).toEqual([6, 1, 0, 0]);
  });

  it('refuses a missing model file, naming it', async () => {
    const dir = packWith();
    unlinkSync(join(dir, 'codec_encoder.onnx'));
    await expect(loadPack(dir)).rejects.toThrow(/codec_encoder\.onnx: missing \(files\.codec_encoder\.path/);
  });

  it('refuses a file whose sha256 changed', async () => {
    const dir = packWith();
    const path = join(dir, 't2s.onnx');
    const bytes = readFileSync(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    writeFileSync(path, bytes);
    await expect(loadPack(dir)).rejects.toThrow(/t2s\.onnx: sha256 .* does not match files\.t2s\.sha256/);
  });

  it('parses the manifest in the format document', () => {
    const text = readFileSync(join(good, 'manifest.json'), 'utf8');
    expect(parseManifest(JSON.parse(text)).codec.levels).toBe(4);
  });
});

describe('session IO comparison', () => {
  const spec = {
    path: 'x.onnx',
    sha256: '0'.repeat(64),
    inputs: [{ name: 'codes', dtype: 'int64' as const, shape: ['B', 8, 'T'] }],
    outputs: [{ name: 'audio', dtype: 'float32' as const, shape: ['B', 'N'] }],
  };

  it('accepts matching names, types and symbolic dims named otherwise', () => {
    expect(
      compareIo('x', spec, {
        inputs: [{ name: 'codes', type: 'int64', shape: ['batch', 8, 'frames'] }],
        outputs: [{ name: 'audio', type: 'float32', shape: ['batch', 'samples'] }],
      }),
    ).toEqual([]);
  });

  it('reports wrong dtype, rank, fixed size and extra or missing names', () => {
    const problems = compareIo('x', spec, {
      inputs: [
        { name: 'codes', type: 'int32', shape: ['B', 8, 'T'] },
        { name: 'extra', type: 'float32', shape: [] },
      ],
      outputs: [{ name: 'wave', type: 'float32', shape: ['B', 'N'] }],
    });
    expect(problems.join('\n')).toMatch(/input "codes" is int32, manifest says int64/);
    expect(problems.join('\n')).toMatch(/"extra" that the manifest does not list/);
    expect(problems.join('\n')).toMatch(/outputs lack "audio"/);
    const shapes = compareIo('x', spec, {
      inputs: [{ name: 'codes', type: 'int64', shape: ['B', 4, 'T'] }],
      outputs: [{ name: 'audio', type: 'float32', shape: ['B', 'N', 1] }],
    });
    expect(shapes.join('\n')).toMatch(/dim 1 is 4, manifest says 8/);
    expect(shapes.join('\n')).toMatch(/rank 3/);
  });
});
