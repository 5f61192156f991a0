/** `bin/soundstorm.js` as a user runs it: a two-speaker script to a WAV, and bad input to one line. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../main/audio/decode.js';
import { writeFakePack } from '../unit/helpers/fake-pack.js';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'cli-test-'));
const bin = new URL('../../bin/soundstorm.js', import.meta.url).pathname;
const demo = new URL('../../assets/demo/', import.meta.url).pathname;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('soundstorm CLI', { timeout: 120_000 }, () => {
  it('renders a two-speaker script to a mixed WAV', async () => {
    writeFakePack(join(root, 'pack'));
    const script = join(root, 'dialogue.txt');
    writeFileSync(script, 'Alice: Good morning.\nBob: Morning! Coffee?\n');
    const out = join(root, 'out.wav');
    const { stderr } = await run(
      process.execPath,
      [
        bin,
        'render',
        script,
        '--voice',
        `Alice=${demo}alice.wav`,
        '--voice',
        `Bob=${demo}bob.wav`,
        '-o',
        out,
        '--pack',
        join(root, 'pack'),
        '--provider',
        'cpu',
        '--pause',
        '0.5',
      ],
      {
        env: { ...process.env },
      },
    );
    expect(stderr).toMatch(/wrote .*out\.wav/);
    const decoded = await decodeAudio(readFileSync(out), 'out.wav');
    // The app's exporter writes 48 kHz by default.
    expect(decoded.sampleRate).toBe(48000);
    expect(decoded.channels[0]!.length / 48000).toBeGreaterThan(1);
  });

  it.skipIf(!existsSync(new URL('../../models/tiny/manifest.json', import.meta.url)))(
    'renders the demo dialogue with the bundled tiny pack and demo voices',
    async () => {
      const out = join(root, 'demo.wav');
      const pack = new URL('../../models/tiny/', import.meta.url).pathname;
      const { stderr } = await run(process.execPath, [
        bin,
        'render',
        `${demo}dialogue.txt`,
        '-o',
        out,
        '--pack',
        pack,
        '--seed',
        '7',
      ]);
      expect(stderr).toMatch(/pack tiny on cpu/);
      const decoded = await decodeAudio(readFileSync(out), 'demo.wav');
      expect(decoded.channels[0]!.length / decoded.sampleRate).toBeGreaterThan(3);
    },
  );

  it('exits non-zero with one line on bad arguments', async () => {
    const failure = await run(process.execPath, [
      bin,
      'render',
      'missing.txt',
      '-o',
      join(root, 'x.wav'),
    ]).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(2);
    expect('stderr' in failure && failure.stderr.trim().split('\n')).toEqual([
      'soundstorm: cannot read script missing.txt',
    ]);
  });
});
