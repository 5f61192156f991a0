/**
 * The real tiny pack (models/tiny, trained by the project) renders a two-speaker script end to
 * end through the engine service and its worker: voices prepared from the demo samples, both
 * turns rendered, audio of the right length and not silent.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../main/api/contract.js';
import { createEngineService, type ExtendedEngineService } from '../../main/engine/service.js';

const PACK = fileURLToPath(new URL('../../models/tiny/', import.meta.url));
const DEMO = fileURLToPath(new URL('../../assets/demo/', import.meta.url));
const ready = existsSync(`${PACK}manifest.json`);
let service: ExtendedEngineService | undefined;
afterAll(async () => service?.dispose());

describe.skipIf(!ready)('tiny pack end to end through the worker', { timeout: 300_000 }, () => {
  it('renders a two-speaker dialogue', async () => {
    const engine = createEngineService({ packDir: PACK, providers: ['cpu'] });
    service = engine;
    const alice = await engine.prepareVoice({ source: { kind: 'path', path: `${DEMO}alice.wav` } });
    const bob = await engine.prepareVoice({ source: { kind: 'path', path: `${DEMO}bob.wav` } });
    expect(alice.voiceId).not.toBe(bob.voiceId);
    const turns = [
      { voiceId: alice.voiceId, text: 'Good morning! Did you sleep well?' },
      { voiceId: bob.voiceId, text: 'Not really. The storm kept me up until three.' },
    ];
    const done = new Map<string, EventPayload<'job.done'>>();
    const failed = new Map<string, EventPayload<'job.failed'>>();
    const finished = new Promise<void>((resolve) => {
      const check = (): void => {
        if (done.size + failed.size === turns.length) resolve();
      };
      engine.on('job.done', (p) => (done.set(p.jobId, p), check()));
      engine.on('job.failed', (p) => (failed.set(p.jobId, p), check()));
    });
    const ids = [];
    for (const [i, turn] of turns.entries())
      ids.push((await engine.renderTurn({ ...turn, seed: i, speed: 1, priority: 0 })).jobId);
    await finished;
    expect([...failed.values()].map((f) => f.error.message)).toEqual([]);
    const status = await engine.status();
    for (const id of ids) {
      const result = done.get(id);
      expect(result).toBeDefined();
      if (result === undefined) continue;
      const hop = result.sampleRate / (status.pack?.frameRate ?? 50);
      expect(result.samples.length).toBe(result.tokens.frames * hop);
      expect(result.tokens.frames / (status.pack?.frameRate ?? 50)).toBeGreaterThan(0.5);
      const rms = Math.sqrt(result.samples.reduce((s, v) => s + v * v, 0) / result.samples.length);
      expect(rms).toBeGreaterThan(1e-3);
      expect(result.tokens.acoustic.every((c) => c >= 0 && c < 1 << 16)).toBe(true);
    }
  });
});
