/**
 * Greedy parity with the Python oracle: on the tiny pack, the TypeScript MaskGIT loop over the
 * real soundstorm ONNX session gives exactly the codes `models/training/soundstorm/generate.py`
 * produced (fixtures written by export_pack.py --fixtures), and t2s durations agree.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeLevels } from '../../main/engine/generate/maskgit.js';
import { createRng } from '../../main/engine/generate/rng.js';
import { createOrtScorer, type OrtScorer } from '../../main/engine/ort/scorer.js';
import { openSession, type RoleSession } from '../../main/engine/ort/sessions.js';
import { loadPack } from '../../main/engine/pack/load.js';
import { floatOutput, int64 } from '../../main/engine/tensor.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/parity/', import.meta.url));
const MODELS = fileURLToPath(new URL('../../models/', import.meta.url));

interface SoundstormCase {
  pack: string;
  semantic: number[];
  codes: number[][];
  fixed: boolean[];
  iterations: number[];
  expected: number[][];
  passes: number;
}

interface T2sCase {
  pack: string;
  phonemes: number[];
  prompt_semantic: number[];
  durations: number[];
}

const files = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.json')) : [];
const soundstormFiles = files.filter((f) => f.startsWith('soundstorm-'));
const sessions: RoleSession[] = [];
let scorer: OrtScorer | undefined;
afterAll(async () => Promise.all([...sessions.map((s) => s.release()), scorer?.release()]));

async function ortScorer(): Promise<OrtScorer> {
  scorer ??= await createOrtScorer();
  return scorer;
}

async function session(
  packName: string,
  role: 'soundstorm' | 't2s',
): Promise<{ session: RoleSession; maskId: number; codebookSize: number }> {
  const pack = await loadPack(join(MODELS, packName));
  const opened = await openSession(pack, role, { providers: ['cpu'] });
  sessions.push(opened);
  return {
    session: opened,
    maskId: pack.manifest.maskIds.acoustic,
    codebookSize: pack.manifest.codec.codebookSize,
  };
}

describe.skipIf(soundstormFiles.length === 0)(
  'greedy parity with the Python generate()',
  { timeout: 120_000 },
  () => {
    // Both ways the engine can score logits: plain JS, and the onnxruntime scorer the app uses.
    it.each(
      soundstormFiles.flatMap(
        (f) =>
          [
            [f, 'js'],
            [f, 'ort'],
          ] as const,
      ),
    )('%s (%s scoring)', async (file, scoring) => {
      const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as SoundstormCase;
      const { session: storm, maskId, codebookSize } = await session(fixture.pack, 'soundstorm');
      const levels = fixture.codes.length;
      const frames = fixture.semantic.length;
      let passes = 0;
      const out = await decodeLevels(
        storm.run,
        {
          frames,
          levels,
          semantic: BigInt64Array.from(fixture.semantic, BigInt),
          codes: BigInt64Array.from(fixture.codes.flat(), BigInt),
        },
        {
          iterations: fixture.iterations,
          temperature: 0,
          topK: 0,
          topP: 1,
          codebookSize,
          maskId,
          promptFrames: 0,
          fixed: Uint8Array.from(fixture.fixed, (f) => (f ? 1 : 0)),
          rng: createRng(0),
          ...(scoring === 'ort' ? { scorer: await ortScorer() } : {}),
          onPass: (done) => {
            passes = done;
          },
        },
      );
      const got = Array.from({ length: levels }, (_, q) =>
        Array.from(out.subarray(q * frames, (q + 1) * frames), Number),
      );
      const mismatches = got.flatMap((row, q) =>
        row.flatMap((v, t) =>
          v === fixture.expected[q]?.[t] ? [] : [`q${q} t${t}: ${v} != ${fixture.expected[q]?.[t]}`],
        ),
      );
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(passes).toBe(fixture.passes);
    });

    it.skipIf(!files.includes('t2s.json'))('t2s durations', async () => {
      const fixture = JSON.parse(readFileSync(join(FIXTURES, 't2s.json'), 'utf8')) as T2sCase;
      const { session: t2s } = await session(fixture.pack, 't2s');
      const out = await t2s.run({
        phonemes: int64(fixture.phonemes, [1, fixture.phonemes.length]),
        prompt_semantic: int64(fixture.prompt_semantic, [1, fixture.prompt_semantic.length]),
      });
      const durations = floatOutput(out, 'durations', 't2s').data;
      expect(durations.length).toBe(fixture.durations.length);
      fixture.durations.forEach((d, i) =>
        expect(Math.abs((durations[i] as number) - d)).toBeLessThan(1e-3 + 1e-3 * Math.abs(d)),
      );
    });
  },
);
