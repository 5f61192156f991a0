import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportMix } from '../audio/export/export-mix.js';
import { createProject } from './document/create.js';
import { writeTakeFiles } from './files.js';
import { projectExportInput } from './mix-input.js';
import {
  addSpeaker,
  addTake,
  addTurn,
  clipOfTurn,
  setSpeakerMix,
  setTurnOptions,
  trimClip,
} from './document/ops/index.js';
import { useTempDir } from '../../test/unit/helpers/temp-dir.js';

const tempDir = useTempDir('mixin-');

describe('a project as export input', () => {
  it('maps speakers to lanes and chosen takes to clips with trims, gains and text', async () => {
    let p = createProject('P');
    p = addSpeaker(p, { name: 'Alice', id: 'a' });
    p = addSpeaker(p, { name: 'Bob', id: 'b' });
    p = addTurn(p, { speakerId: 'a', text: 'One.', id: 't1' });
    p = addTurn(p, { speakerId: 'b', text: 'Two.', id: 't2' });
    p = addTurn(p, { speakerId: 'a', text: 'Three, not rendered.', id: 't3' });
    for (const [turnId, value] of [
      ['t1', 0.25],
      ['t2', 0.5],
    ] as const) {
      const stored = await writeTakeFiles(tempDir(), `k-${turnId}`, new Float32Array(8000).fill(value), 8000);
      p = addTake(p, {
        id: `k-${turnId}`,
        turnId,
        text: turnId === 't1' ? 'One.' : 'Two.',
        createdAt: new Date().toISOString(),
        seed: 0,
        sampleRate: 8000,
        duration: 1,
        ...stored,
      });
    }
    p = trimClip(p, clipOfTurn(p, 't2')?.id ?? '', { trimOut: 0.5 });
    p = setTurnOptions(p, 't2', { gain: -6 });
    p = setSpeakerMix(p, 'b', { pan: 1, gain: 2 });
    const input = await projectExportInput(tempDir(), p);
    expect(input.lanes.map((l) => [l.id, l.name, l.clips.length])).toEqual([
      ['a', 'Alice', 1],
      ['b', 'Bob', 1],
    ]);
    const bob = input.lanes[1]?.clips[0];
    expect(bob).toMatchObject({
      start: 1.35,
      trimIn: 0,
      trimOut: 0.5,
      gain: -6,
      text: 'Two.',
      sampleRate: 8000,
    });
    expect(bob?.audio[100]).toBeCloseTo(0.5, 6);
    const result = await exportMix(input, {
      path: join(tempDir(), 'out.wav'),
      loudness: null,
      subtitles: ['srt'],
      sampleRate: 44100,
    });
    expect(result.duration).toBeCloseTo(1.85, 6);
    expect(await readFile(join(tempDir(), 'out.srt'), 'utf8')).toBe(
      '1\n00:00:00,000 --> 00:00:01,000\nAlice: One.\n\n2\n00:00:01,350 --> 00:00:01,850\nBob: Two.\n',
    );
  });
});
