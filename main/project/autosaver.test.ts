import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findRecovery } from './autosave.js';
import { Autosaver } from './autosaver.js';
import { createProject } from './document/create.js';
import { addSpeaker } from './document/ops/speakers.js';
import { saveProject } from './save-load.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave timer', () => {
  it('writes only when the document changed, on its interval, and reports failures', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autosaver-'));
    try {
      let doc = await saveProject(dir, createProject('A'));
      const saved: string[] = [];
      const errors: unknown[] = [];
      const autosaver = new Autosaver({
        folder: () => dir,
        current: () => doc,
        intervalMs: 1000,
        onSaved: (f) => saved.push(f),
        onError: (e) => errors.push(e),
      });
      autosaver.markSaved(doc);
      expect(await autosaver.tick()).toBeNull();
      doc = addSpeaker(doc, { name: 'Alice' });
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      autosaver.start();
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => expect(saved.length).toBe(1), { timeout: 15_000 });
      await vi.advanceTimersByTimeAsync(3000);
      await autosaver.tick();
      expect(saved.length).toBe(1); // unchanged since: nothing written
      autosaver.stop();
      vi.useRealTimers();
      expect((await findRecovery(dir))?.project.speakers.map((s) => s.name)).toEqual(['Alice']);
      // A file where the autosave folder should be makes the write fail; editing goes on.
      await rm(join(dir, 'autosave'), { recursive: true });
      await writeFile(join(dir, 'autosave'), 'not a folder');
      doc = addSpeaker(doc, { name: 'Bob' });
      expect(await autosaver.tick()).toBeNull();
      expect(errors.length).toBe(1);
      expect(await readdir(dir)).toContain('project.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
