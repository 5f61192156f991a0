/**
 * The benchmark's side-by-side: the same turns through the Python reference
 * (models/training/synthesize.py, PyTorch eager on Debian's torch) from the checkpoints the pack
 * was exported from, when torch and those checkpoints are on this machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRecord } from './bench.js';

const TRAINING = fileURLToPath(new URL('../../models/training/', import.meta.url));
const PROMPT = fileURLToPath(new URL('../../assets/demo/alice.wav', import.meta.url));
const ROLES = ['codec', 'semantic', 't2s', 'soundstorm'] as const;

function python(): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(candidate, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 });
      return candidate;
    } catch {
      // try the next interpreter
    }
  }
  return undefined;
}

/** Rows for the Python reference, or the reason it was not run. */
/**
 * The PyTorch checkpoints a pack was exported from: its manifest's `training.checkpoints` (paths
 * relative to models/training, written by export_pack.py), each replaced by the manifest's
 * `training.committedCheckpoints` entry for that role where the run file is not on this machine
 * (a fresh clone has no runs/); else runs/<role>-<pack name>/last.pt.
 */
export function referenceCheckpoints(pack: { name: string; path?: string }): string[] {
  if (pack.path !== undefined) {
    try {
      const manifest = JSON.parse(readFileSync(join(pack.path, 'manifest.json'), 'utf8')) as {
        training?: { checkpoints?: Record<string, unknown>; committedCheckpoints?: Record<string, unknown> };
      };
      const recorded = manifest.training?.checkpoints;
      const committed = manifest.training?.committedCheckpoints ?? {};
      if (recorded !== undefined && ROLES.every((role) => typeof recorded[role] === 'string'))
        return ROLES.map((role) => {
          const run = resolve(TRAINING, recorded[role] as string);
          const kept = committed[role];
          return existsSync(run) || typeof kept !== 'string' ? run : resolve(TRAINING, kept);
        });
    } catch {
      // no readable manifest: fall back to the naming convention
    }
  }
  return ROLES.map((role) => join(TRAINING, 'runs', `${role}-${pack.name}`, 'last.pt'));
}

export function pythonReference(
  pack: { name: string; path?: string; frameRate: number; levels: number },
  cases: readonly number[],
  textFor: (seconds: number) => string,
  passes: number,
): BenchRecord[] | string {
  const packName = pack.name;
  const interpreter = python();
  if (interpreter === undefined) return 'python reference: not run (PyTorch is not importable here)';
  const checkpoints = referenceCheckpoints(pack);
  const missing = checkpoints.find((path) => !existsSync(path));
  if (missing !== undefined)
    return `python reference: not run (no checkpoint ${missing}; it is made by training the "${packName}" pack)`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-py-'));
  const records: BenchRecord[] = [];
  try {
    for (const seconds of cases) {
      const out = join(dir, `${seconds}.wav`);
      const args = [
        'synthesize.py',
        ...ROLES.flatMap((role, i) => [`--${role}`, checkpoints[i] as string]),
        '--prompt',
        PROMPT,
        '--text',
        textFor(seconds),
        '-o',
        out,
        '--seed',
        '1',
      ];
      const started = performance.now();
      const run = spawnSync(interpreter, args, { cwd: TRAINING, encoding: 'utf8', timeout: 600_000 });
      const wall = (performance.now() - started) / 1000;
      const audio = Number(/wrote .*: ([\d.]+) s/.exec(run.stdout ?? '')?.[1] ?? NaN);
      if (run.status !== 0 || !Number.isFinite(audio))
        return `python reference: synthesize.py failed (${(run.stderr ?? '').trim().split('\n').pop() ?? `exit ${run.status}`})`;
      records.push({
        case: `${seconds}s python`,
        audio_s: audio,
        wall_s: Math.round(wall * 1000) / 1000,
        rtf: Math.round((wall / audio) * 1000) / 1000,
        passes,
        windows: 1,
        ar_passes: Math.round(audio * pack.frameRate) * pack.levels,
        peak_rss_mb: 0,
        provider: 'pytorch-eager',
        // One process per turn: the wall time includes loading torch, the checkpoints and the G2P.
        stages: { total_with_startup: Math.round(wall * 1000) / 1000 },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return records;
}
