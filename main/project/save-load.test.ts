import { copyFile, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type WriteFs, writeFileAtomic } from './atomic-write.js';
import { autosaveProject, findRecovery } from './autosave.js';
import { createProject } from './document/create.js';
import { importVoice, readTakeAudio, writeTakeFiles } from './files.js';
import { addSpeaker, addTake, addTurn } from './document/ops/index.js';
import { resolveInProject } from './paths.js';
import { openProject, saveProject } from './save-load.js';
import type { Project } from './document/schema.js';
import { useTempDir } from '../../test/unit/helpers/temp-dir.js';

const tempDir = useTempDir('project-');

const fixtures = new URL('./document/fixtures/', import.meta.url);
const t = (minute: number): Date => new Date(Date.UTC(2026, 10, 23, 12, minute));

async function sample(folder: string): Promise<Project> {
  let p = createProject('Morning', t(0));
  p = addSpeaker(p, {
    name: 'Alice',
    id: 'a',
    voice: await importVoice(folder, new Uint8Array([1, 2, 3]), 'alice.wav'),
  });
  p = addTurn(p, { speakerId: 'a', text: 'Hello.', id: 't1' });
  const audio = Float32Array.from({ length: 2400 }, (_, i) => 0.5 * Math.sin(i / 5));
  const stored = await writeTakeFiles(folder, 'k1', audio, 24000, {
    frames: 2,
    levels: 2,
    semantic: Int32Array.from([5, 6]),
    acoustic: Int32Array.from([1, 2, 3, 4]),
  });
  return addTake(p, {
    id: 'k1',
    turnId: 't1',
    text: 'Hello.',
    createdAt: t(1).toISOString(),
    seed: 0,
    sampleRate: 24000,
    duration: 0.1,
    ...stored,
  });
}

describe('save and open', () => {
  it('round-trips a project folder with its voice and take files', async () => {
    const p = await sample(tempDir());
    const saved = await saveProject(tempDir(), p, t(2));
    expect(saved.savedAt).toBe(t(2).toISOString());
    const opened = await openProject(tempDir());
    expect(opened.project).toEqual(saved);
    expect(opened.migratedFrom).toBe(1);
    expect(opened.missing).toEqual([]);
    expect((await readdir(tempDir())).sort()).toEqual(['project.json', 'takes', 'voices']);
    const take = await readTakeAudio(tempDir(), { id: 'k1', audio: 'takes/k1.wav' });
    expect(take.sampleRate).toBe(24000);
    expect(take.samples[7]).toBeCloseTo(0.5 * Math.sin(7 / 5), 6);
    expect(JSON.parse(await readFile(join(tempDir(), 'takes/k1.tokens.json'), 'utf8'))).toEqual({
      frames: 2,
      levels: 2,
      semantic: [5, 6],
      acoustic: [1, 2, 3, 4],
    });
    // The same voice file dropped twice is stored once.
    expect(await importVoice(tempDir(), new Uint8Array([1, 2, 3]), 'copy.wav')).toEqual({
      file: p.speakers[0]?.voice?.file,
      name: 'copy.wav',
    });
    expect((await readdir(join(tempDir(), 'voices'))).length).toBe(1);
  });

  it('reports missing take files and refuses paths outside the folder', async () => {
    await saveProject(tempDir(), await sample(tempDir()), t(2));
    await unlink(join(tempDir(), 'takes/k1.wav'));
    expect((await openProject(tempDir())).missing).toEqual(['takes/k1.wav']);
    await expect(readTakeAudio(tempDir(), { id: 'k1', audio: 'takes/k1.wav' })).rejects.toThrow(
      /audio of take "k1" \(takes\/k1.wav\) is missing/,
    );
    expect(() => resolveInProject(tempDir(), '../escape.wav')).toThrow(/outside the project folder/);
    await expect(importVoice(tempDir(), new Uint8Array([1]), 'notes.txt')).rejects.toThrow(
      /notes\.txt: a voice sample must be/,
    );
  });

  it('refuses to save an inconsistent document and leaves the saved one', async () => {
    const p = await saveProject(tempDir(), await sample(tempDir()), t(2));
    const before = await readFile(join(tempDir(), 'project.json'), 'utf8');
    const broken = { ...p, turns: [{ ...p.turns[0], speakerId: 'ghost' }] } as Project;
    await expect(saveProject(tempDir(), broken, t(3))).rejects.toThrow(
      /Not saved: .*turns\[0\]\.speakerId: no speaker "ghost"/,
    );
    expect(await readFile(join(tempDir(), 'project.json'), 'utf8')).toBe(before);
  });
});

describe('damaged files are reported and left untouched', () => {
  it('a project file cut in half', async () => {
    await saveProject(tempDir(), await sample(tempDir()), t(2));
    const full = await readFile(join(tempDir(), 'project.json'));
    const half = full.subarray(0, Math.floor(full.length / 2));
    await writeFile(join(tempDir(), 'project.json'), half);
    const mtime = (await stat(join(tempDir(), 'project.json'))).mtimeMs;
    await expect(openProject(tempDir())).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringMatching(
        /project\.json cannot be read: it is cut off \(truncated\).*left as it is/,
      ),
    });
    expect(Buffer.compare(await readFile(join(tempDir(), 'project.json')), half)).toBe(0);
    expect((await stat(join(tempDir(), 'project.json'))).mtimeMs).toBe(mtime);
  });

  it('empty, not an object, a wrong field, a newer version, no file', async () => {
    const put = (text: string): Promise<void> => writeFile(join(tempDir(), 'project.json'), text);
    await put('   ');
    await expect(openProject(tempDir())).rejects.toMatchObject({
      code: 'CORRUPT',
      message: expect.stringMatching(/is empty/),
    });
    await put('[1, 2]');
    await expect(openProject(tempDir())).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringMatching(/does not hold a JSON object/),
    });
    const p = await sample(tempDir());
    await put(JSON.stringify({ ...p, speakers: [{ ...p.speakers[0], pan: 3 }] }));
    await expect(openProject(tempDir())).rejects.toMatchObject({
      code: 'INVALID',
      message: expect.stringMatching(/speakers\[0\]\.pan: Number must be less than or equal to 1/),
    });
    await put(JSON.stringify({ ...p, version: 7 }));
    await expect(openProject(tempDir())).rejects.toMatchObject({
      code: 'TOO_NEW',
      message: expect.stringMatching(/format version 7; this one reads up to 1/),
    });
    await expect(openProject(join(tempDir(), 'nowhere'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('atomic writes', () => {
  it('keeps the previous file and names the cause when the disk fills mid-write', async () => {
    const path = join(tempDir(), 'project.json');
    await writeFile(path, 'previous');
    const full: WriteFs = {
      rename,
      unlink,
      open: (async (file: string, flags: string) => {
        const handle = await open(file, flags);
        return Object.assign(handle, {
          writeFile: async (data: string | Uint8Array) => {
            await handle.write(
              Buffer.from(typeof data === 'string' ? data.slice(0, 3) : data.subarray(0, 3)),
            );
            throw Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC' });
          },
        });
      }) as WriteFs['open'],
    };
    await expect(writeFileAtomic(path, 'the new document', full)).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringMatching(/the disk is full \(ENOSPC\)\. The previous file is unchanged/),
    });
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(await readdir(tempDir())).toEqual(['project.json']); // no temporary file left behind
    await writeFileAtomic(path, 'the new document');
    expect(await readFile(path, 'utf8')).toBe('the new document');
  });
});

describe('migration', () => {
  it('opens a version 0 project and saves it as version 1', async () => {
    await copyFile(new URL('v0-project.json', fixtures), join(tempDir(), 'project.json'));
    const original = await readFile(join(tempDir(), 'project.json'), 'utf8');
    const { project, migratedFrom, missing } = await openProject(tempDir());
    expect(migratedFrom).toBe(0);
    expect(await readFile(join(tempDir(), 'project.json'), 'utf8')).toBe(original); // opening never writes
    expect(project.version).toBe(1);
    expect(project.settings.defaultPause).toBe(0.5);
    expect(
      project.speakers.map((s) => [
        s.name,
        s.colour,
        Math.round(s.gain * 100) / 100,
        s.pan,
        s.mute,
        s.voice?.file ?? null,
      ]),
    ).toEqual([
      ['Alice', '#e15759', -6.02, -0.25, false, 'voices/alice.wav'],
      ['Bob', '#4e79a7', 0, 0, true, null],
    ]);
    expect(project.turns.map((x) => [x.speakerId, x.text, x.options.seed, x.options.speed, x.state])).toEqual(
      [
        ['spk-0', 'Good morning! Did you sleep well?', 7, 1, 'ready'],
        ['spk-1', 'Not really.', 8, 1.1, 'ready'],
        ['spk-0', 'Coffee, then.', 0, 1, 'empty'],
      ],
    );
    expect(project.clips.map((c) => [c.turnId, c.start, c.takeId])).toEqual([
      ['turn-0', 0, 'take-0'],
      ['turn-1', 2.9, 'take-1'],
    ]);
    expect(project.takes.map((k) => [k.audio, k.duration, k.sampleRate])).toEqual([
      ['takes/0.wav', 2.4, 24000],
      ['takes/1.wav', 1.2, 24000],
    ]);
    expect(missing).toEqual(['voices/alice.wav', 'takes/0.wav', 'takes/1.wav']);
    await saveProject(tempDir(), project, t(5));
    expect(JSON.parse(await readFile(join(tempDir(), 'project.json'), 'utf8')).version).toBe(1);
    expect((await openProject(tempDir())).migratedFrom).toBe(1);
  });

  it('says which part of an old file cannot be upgraded', async () => {
    await writeFile(
      join(tempDir(), 'project.json'),
      JSON.stringify({ speakers: [{ name: 'A' }], turns: [{ speaker: 'Zed', text: 'hi' }] }),
    );
    await expect(openProject(tempDir())).rejects.toThrow(
      /format version 0\) cannot be upgraded: turns\[0\] names speaker "Zed"/,
    );
  });
});

describe('autosave and recovery', () => {
  it('offers the autosave after a crash, not after a clean save', async () => {
    const p = await saveProject(tempDir(), await sample(tempDir()), t(2));
    expect(await findRecovery(tempDir())).toBeNull();
    const edited = addTurn(p, { speakerId: 'a', text: 'Unsaved line.', id: 't2' });
    await autosaveProject(tempDir(), edited, t(4));
    // ...the app dies here; on the next start:
    const recovery = await findRecovery(tempDir());
    expect(recovery?.autosavedAt).toBe(t(4).toISOString());
    expect(recovery?.lastSavedAt).toBe(t(2).toISOString());
    expect(recovery?.project.turns.map((x) => x.text)).toEqual(['Hello.', 'Unsaved line.']);
    await saveProject(tempDir(), edited, t(5));
    expect(await findRecovery(tempDir())).toBeNull();
    expect(await readdir(tempDir())).not.toContain('autosave');
  });

  it('ignores autosaves older than the last save, skips a damaged one, keeps three', async () => {
    const p = await saveProject(tempDir(), await sample(tempDir()), t(10));
    await autosaveProject(tempDir(), p, t(9));
    expect(await findRecovery(tempDir())).toBeNull();
    for (const m of [11, 12, 13, 14]) await autosaveProject(tempDir(), { ...p, name: `at ${m}` }, t(m));
    const names = (await readdir(join(tempDir(), 'autosave'))).sort();
    expect(names.length).toBe(3);
    await writeFile(
      join(tempDir(), 'autosave', names[2] as string),
      '{"autosavedAt": "2026-11-23T12:14:00.000Z", "proj',
    );
    expect((await findRecovery(tempDir()))?.project.name).toBe('at 13');
  });
});

describe('damaged text', () => {
  it('tells a cut-off file from one damaged in the middle', async () => {
    const { parseProjectText } = await import('./save-load.js');
    expect(() => parseProjectText('{"a": [1, 2', 'p.json')).toThrow(/cut off \(truncated\)/);
    expect(() => parseProjectText('{"a": "hel', 'p.json')).toThrow(/cut off \(truncated\)/);
    expect(() => parseProjectText('{"a": } , "b": 2}', 'p.json')).toThrow(/it is damaged — Unexpected token/);
    expect(() => parseProjectText('{"a": [1 2], "b": 2}', 'p.json')).toThrow(/it is damaged near byte 9/);
  });
});
