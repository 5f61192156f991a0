import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/unit/helpers/temp-dir.js';
import { createProject } from './document/create.js';
import { addSpeaker, addTake, addTurn, clipOfTurn } from './document/ops/index.js';
import { projectSchema } from './document/schema.js';
import { readTakeAudio } from './files.js';
import { storeRenderedTake } from './rendered-take.js';

const tempDir = useTempDir('take-');

describe('storing a finished render', () => {
  it('writes the audio and tokens and gives a take that places the clip', async () => {
    let p = addTurn(addSpeaker(createProject('P'), { name: 'A', id: 'a' }), {
      speakerId: 'a',
      text: 'Hi.',
      id: 't1',
    });
    const samples = Float32Array.from({ length: 8000 }, (_, i) => Math.sin(i / 9) * 0.4);
    const tokens = {
      frames: 3,
      levels: 1,
      semantic: Int32Array.from([1, 2, 3]),
      acoustic: Int32Array.from([4, 5, 6]),
    };
    const take = await storeRenderedTake(
      tempDir(),
      p.turns[0] ?? { id: '', text: '' },
      { samples, sampleRate: 16000, tokens },
      42,
      { id: 'k1' },
    );
    expect(take).toMatchObject({
      id: 'k1',
      turnId: 't1',
      text: 'Hi.',
      seed: 42,
      sampleRate: 16000,
      duration: 0.5,
      audio: 'takes/k1.wav',
      tokens: 'takes/k1.tokens.json',
    });
    p = projectSchema.parse(addTake(p, take));
    expect(clipOfTurn(p, 't1')?.takeId).toBe('k1');
    expect(p.turns[0]?.state).toBe('ready');
    expect((await readTakeAudio(tempDir(), take)).samples[123]).toBeCloseTo(Math.sin(123 / 9) * 0.4, 6);
    expect(JSON.parse(await readFile(join(tempDir(), 'takes/k1.tokens.json'), 'utf8')).semantic).toEqual([
      1, 2, 3,
    ]);
    await expect(
      storeRenderedTake(
        tempDir(),
        { id: 't1', text: 'x' },
        { samples: new Float32Array(0), sampleRate: 16000, tokens },
        1,
      ),
    ).rejects.toThrow(/holds no audio/);
  });
});
