import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoProject } from './demo.js';
import { writeTakeFiles } from './files.js';
import { addTake, deleteTake } from './ops/index.js';
import { saveProjectAs, unreferencedFiles } from './save-as.js';
import { openProject } from './save-load.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saveas-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('demo project, save as, clean-up', () => {
  it('creates the demo: two speakers with the bundled voices and the demo dialogue', async () => {
    const p = await createDemoProject(join(dir, 'demo'));
    expect(p.speakers.map((s) => [s.name, s.voice?.name])).toEqual([['Alice', 'alice.wav'], ['Bob', 'bob.wav']]);
    expect(p.turns.length).toBe(4);
    expect(p.turns[0]?.text).toBe('Good morning! Did you sleep well?');
    const opened = await openProject(join(dir, 'demo'));
    expect(opened.missing).toEqual([]);
    expect((await readdir(join(dir, 'demo', 'voices'))).length).toBe(2);
  });

  it('copies referenced files to the new folder and leaves deleted takes behind', async () => {
    const from = join(dir, 'a');
    let p = await createDemoProject(from);
    const turnId = p.turns[0]?.id ?? '';
    for (const id of ['k1', 'k2']) {
      const stored = await writeTakeFiles(from, id, new Float32Array(1600), 16000);
      p = addTake(p, { id, turnId, text: p.turns[0]?.text ?? '', createdAt: new Date().toISOString(), seed: 0, sampleRate: 16000, duration: 0.1, ...stored });
    }
    p = deleteTake(p, 'k1');
    await writeFile(join(from, 'takes', 'stray.wav'), 'x');
    expect(await unreferencedFiles(from, p)).toEqual(['takes/k1.wav', 'takes/stray.wav']);
    const to = join(dir, 'b');
    const saved = await saveProjectAs(from, to, p);
    const opened = await openProject(to);
    expect(opened.project).toEqual(saved);
    expect(opened.missing).toEqual([]);
    expect(await readdir(join(to, 'takes'))).toEqual(['k2.wav']);
    expect(await unreferencedFiles(to, p)).toEqual([]);
  });
});
