/**
 * The studio side of the contract on a recording engine: projects made, saved, reopened and
 * refused when damaged; a voice the engine refuses never enters the project; a finished render is
 * stored as a take and announced; exports are written with progress and can be cancelled.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../main/api/contract.js';
import { methods } from '../../../main/api/contract.js';
import { ApiError } from '../../../main/api/errors.js';
import { addTake, applyScriptToProject } from './project-fixture.js';
import { createStudioService } from '../../../main/studio/service.js';
import { createRecordingEngine } from '../bridge/recording-engine.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('studio-');
const exportArgs = methods['export.run'].args;

function setup() {
  const recording = createRecordingEngine();
  const studio = createStudioService({ engine: recording.engine, projectsDir: dir() });
  return { ...recording, studio };
}

const tone = (seconds: number) =>
  Float32Array.from({ length: Math.round(16000 * seconds) }, (_, i) => 0.3 * Math.sin(i / 5));

describe('studio service', () => {
  it('creates, saves, lists and reopens a project', async () => {
    const { studio } = setup();
    const created = await studio['project.new']({ name: 'My Talk' });
    expect(created.folder).toBe(join(dir(), 'my-talk'));
    const edited = applyScriptToProject(created.project, 'Alice: Hi.\nBob: Hello.');
    await studio['project.save']({ folder: created.folder, project: edited });
    const opened = await studio['project.open']({ folder: created.folder });
    expect(opened.project.turns.map((t) => t.text)).toEqual(['Hi.', 'Hello.']);
    const recent = await studio['project.recent']({});
    expect(recent.projects[0]).toMatchObject({ folder: created.folder, name: 'My Talk' });
    const again = await studio['project.new']({ name: 'My Talk' });
    expect(again.folder).toBe(join(dir(), 'my-talk-2'));
  });

  it('reports a project file cut in half and leaves it as it was', async () => {
    const { studio } = setup();
    const { folder } = await studio['project.new']({ name: 'Cut' });
    const text = await readFile(join(folder, 'project.json'), 'utf8');
    await writeFile(join(folder, 'project.json'), text.slice(0, text.length / 2));
    await expect(studio['project.open']({ folder })).rejects.toMatchObject({ code: 'CORRUPT' });
    expect(await readFile(join(folder, 'project.json'), 'utf8')).toBe(text.slice(0, text.length / 2));
  });

  it('offers an autosave newer than the last save for recovery, and discards it on request', async () => {
    const { studio } = setup();
    const { folder, project } = await studio['project.new']({ name: 'Crash' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await studio['project.autosave']({ folder, project: { ...project, name: 'Crash (edited)' } });
    const found = await studio['project.recovery']({ folder });
    expect(found.recovery?.project.name).toBe('Crash (edited)');
    await studio['project.discardRecovery']({ folder });
    expect((await studio['project.recovery']({ folder })).recovery).toBeNull();
  });

  it('imports a voice only when the engine accepts it', async () => {
    const { studio, engine } = setup();
    const { folder } = await studio['project.new']({ name: 'Voices' });
    const bytes = new Uint8Array([1, 2, 3]);
    const imported = await studio['voice.import']({ folder, name: 'a.wav', bytes });
    expect(imported.voice).toMatchObject({ name: 'a.wav', duration: 3.5 });
    expect(imported.voice.file).toMatch(/^voices\/[0-9a-f]{16}\.wav$/);
    engine.prepareVoice = () => Promise.reject(new ApiError('AUDIO_INVALID', 'not audio'));
    await expect(
      studio['voice.import']({ folder, name: 'b.wav', bytes: new Uint8Array([9]) }),
    ).rejects.toThrow('not audio');
  });

  it('stores a finished render as a take of its turn and announces it', async () => {
    const { studio, emit } = setup();
    const { folder } = await studio['project.new']({ name: 'Render' });
    const { jobId } = await studio['turn.render']({
      folder,
      turnId: 'turn-1',
      text: 'Hello.',
      voice: 'voices/a.wav',
      seed: 7,
      speed: 1,
      priority: 0,
    });
    const stored = new Promise<EventPayload<'take.stored'>>((resolve) => studio.on('take.stored', resolve));
    const samples = tone(1);
    emit('job.done', {
      jobId,
      sampleRate: 16000,
      samples,
      tokens: { frames: 1, levels: 1, semantic: new Int32Array(1), acoustic: new Int32Array(1) },
      elapsed: 0.1,
      warnings: ['left out characters that cannot be spoken: ☃'],
    });
    const { take, warnings } = await stored;
    expect(take).toMatchObject({ turnId: 'turn-1', text: 'Hello.', seed: 7, duration: 1 });
    // The engine's warnings reach the page with the take, so the user hears why a word is missing.
    expect(warnings).toEqual(['left out characters that cannot be spoken: ☃']);
    const audio = await studio['take.audio']({ folder, file: take.audio });
    expect(audio.samples.length).toBe(samples.length);
  });

  it('exports the mix with subtitles, reporting progress, and cancels on request', async () => {
    const { studio } = setup();
    const { folder, project } = await studio['project.new']({ name: 'Export' });
    let p = applyScriptToProject(project, 'Alice: Hi there.');
    const turn = p.turns[0]!;
    await expect(studio['take.audio']({ folder, file: 'takes/missing.wav' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    p = await addTake(folder, p, turn.id, tone(1.5));
    const progress: number[] = [];
    studio.on('export.progress', (e) => progress.push(e.fraction));
    const result = await studio['export.run'](
      exportArgs.parse({
        folder,
        project: p,
        exportId: 'e1',
        name: 'talk',
        options: { subtitles: ['srt'] },
      }),
    );
    expect(result.files.map((f) => f.path)).toEqual([
      join(folder, 'exports', 'talk.wav'),
      join(folder, 'exports', 'talk.srt'),
    ]);
    expect(Math.abs(result.loudness + 16)).toBeLessThan(1);
    expect(progress.at(-1)).toBe(1);
    expect(await readFile(join(folder, 'exports', 'talk.srt'), 'utf8')).toMatch(/Alice: Hi there\./);
    const cancelled = studio['export.run'](
      exportArgs.parse({
        folder,
        project: p,
        exportId: 'e2',
        name: 'cancelled',
        options: {},
      }),
    );
    await expect(studio['export.cancel']({ exportId: 'e2' })).resolves.toEqual({ cancelled: true });
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
