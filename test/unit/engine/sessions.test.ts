import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAllSessions, openSession } from '../../../main/engine/ort/sessions.js';
import { parseProviderList, providerCandidates } from '../../../main/engine/ort/providers.js';
import { loadPack } from '../../../main/engine/pack/load.js';
import { float32, int64 } from '../../../main/engine/tensor.js';
import { FAKE, writeFakePack } from '../helpers/fake-pack.js';

const root = mkdtempSync(join(tmpdir(), 'ort-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('onnxruntime sessions', () => {
  it('opens every role on CPU and records why others were passed over', async () => {
    writeFakePack(join(root, 'a'));
    const pack = await loadPack(join(root, 'a'));
    const sessions = await openAllSessions(pack, { providers: ['cuda', 'cpu'] });
    try {
      expect(sessions.soundstorm.report.provider).toBe('cpu');
      expect(sessions.soundstorm.report.rejected[0]?.provider).toBe('cuda');
      const out = await sessions.soundstorm.run({
        semantic: int64([1, 2, 3], [1, 3]),
        codes: int64(new Array(FAKE.levels * 3).fill(FAKE.K), [1, FAKE.levels, 3]),
        level: int64([1], [1]),
      });
      expect(out.logits?.dims).toEqual([1, 3, FAKE.K]);
      const audio = await sessions.codec_decoder.run({ codes: int64(new Array(FAKE.levels * 2).fill(3), [1, FAKE.levels, 2]) });
      expect(audio.audio?.dims).toEqual([1, 2 * FAKE.hop]);
    } finally {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
    }
  });

  it('reports feed names, shapes and dtypes when a run does not fit', async () => {
    writeFakePack(join(root, 'b'));
    const pack = await loadPack(join(root, 'b'));
    const session = await openSession(pack, 't2s', { providers: ['cpu'] });
    try {
      await expect(session.run({ phonemes: int64([3, 4], [1, 2]) })).rejects.toThrow(/missing prompt_semantic; given phonemes: int64\[1,2\]/);
      await expect(
        session.run({ phonemes: float32(new Float32Array(2), [1, 2]), prompt_semantic: int64([2], [1, 1]) }),
      ).rejects.toThrow(/t2s: run failed with phonemes: float32\[1,2\], prompt_semantic: int64\[1,1\]/);
    } finally {
      await session.release();
    }
  });

  it('refuses a session whose declared tensors differ from the manifest', async () => {
    writeFakePack(join(root, 'c'), (m) => {
      const files = m.files as Record<string, { inputs: { shape: (string | number)[] }[] }>;
      const spec = files.codec_decoder;
      if (spec?.inputs[0] !== undefined) spec.inputs[0].shape = ['B', 'T'];
    });
    const pack = await loadPack(join(root, 'c'));
    await expect(openSession(pack, 'codec_decoder', { providers: ['cpu'] })).rejects.toThrow(/codec_decoder.*input "codes" has rank 3 \[B,Q,T\], manifest says \[B,T\]/);
  });

  it('lists providers in order with platform reasons', () => {
    const names = providerCandidates().map((c) => c.name);
    expect(names).toEqual(['cuda', 'webgpu', 'dml', 'coreml', 'cpu']);
    const dml = providerCandidates().find((c) => c.name === 'dml');
    if (process.platform !== 'win32') expect(dml?.skipReason).toMatch(/Windows/);
    expect(parseProviderList('webgpu, cpu')).toEqual(['webgpu', 'cpu']);
    expect(() => parseProviderList('tpu')).toThrow(/unknown execution provider "tpu"/);
    expect(providerCandidates(['webgpu']).map((c) => c.name)).toEqual(['webgpu', 'cpu']);
  });
});
