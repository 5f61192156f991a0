import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoProject } from './demo.js';
import { writeTakeFiles } from './files.js';
import { addTake, deleteTake } from './document/ops/index.js';
import { saveProjectAs, unreferencedFiles } from './save-as.js';
import { openProject } from './save-load.js';
import { useTempDir } from '../../test/unit/helpers/temp-dir.js';

const tempDir = useTempDir('saveas-');

describe('demo project, save as, clean-up', () => {
  it('creates the demo: two speakers with the bundled voices and the demo dialogue', async () => {
    const p = await createDemoProject(join(tempDir(), 'demo'));
    expect(p.speakers.map((s) => [s.name, s.voice?.name])).toEqual([
      ['Alice', 'alice.wav'],
      ['Bob', 'bob.wav'],
    ]);
    expect(p.turns.length).toBe(4);
    expect(p.turns[0]?.text).toBe('Good morning! Did you sleep well?');
    const opened = await openProject(join(tempDir(), 'demo'));
    expect(opened.missing).toEqual([]);
    expect((await readdir(join(tempDir(), 'demo', 'voices'))).length).toBe(2);
  });

  it('copies referenced files to the new folder and leaves deleted takes behind', async () => {
    const from = join(tempDir(), 'a');
    let p = await createDemoProject(from);
    const turnId = p.turns[0]?.id ?? '';
    for (const id of ['k1', 'k2']) {
      const stored = await writeTakeFiles(from, id, new Float32Array(1600), 16000);
      p = addTake(p, {
        id,
        turnId,
        text: p.turns[0]?.text ?? '',
        createdAt: new Date().toISOString(),
        seed: 0,
        sampleRate: 16000,
        duration: 0.1,
        ...stored,
      });
    }
    p = deleteTake(p, 'k1');
    await writeFile(join(from, 'takes', 'stray.wav'), 'x');
    expect(await unreferencedFiles(from, p)).toEqual(['takes/k1.wav', 'takes/stray.wav']);
    const to = join(tempDir(), 'b');
    const saved = await saveProjectAs(from, to, p);
    const opened = await openProject(to);
    expect(opened.project).toEqual(saved);
    expect(opened.missing).toEqual([]);
    expect(await readdir(join(to, 'takes'))).toEqual(['k2.wav']);
    expect(await unreferencedFiles(to, p)).toEqual([]);
  });
});
