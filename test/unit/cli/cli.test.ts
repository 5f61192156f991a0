import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceCheckpoints } from '../../../main/cli/bench-python.js';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../main/cli/args.js';
import { benchText, formatTable } from '../../../main/cli/bench.js';
import { sequenceTurns } from '../../../main/cli/mix.js';
import { assignVoices } from '../../../main/cli/render.js';
import { parseScript } from '../../../main/cli/script.js';

describe('command line', () => {
  it('parses a full render command', () => {
    const c = parseArgs([
      'render',
      'script.txt',
      '--voice',
      'Alice=a.wav',
      '--voice=Bob=b.flac',
      '-o',
      'out.wav',
      '--seed',
      '7',
      '--temperature',
      '0.5',
      '--pack',
      'p',
      '--pause',
      '0.25',
      '--provider',
      'cpu',
    ]);
    expect(c).toEqual({
      command: 'render',
      script: 'script.txt',
      out: 'out.wav',
      voices: { Alice: 'a.wav', Bob: 'b.flac' },
      seed: 7,
      temperature: 0.5,
      pack: 'p',
      pause: 0.25,
      providers: ['cpu'],
    });
  });

  it.each([
    [['render'], /needs a script/],
    [['render', 's.txt'], /needs -o/],
    [['render', 's.txt', '-o', 'x.mp4'], /\.wav, \.flac or \.mp3/],
    [['render', 's.txt', '-o', 'x.wav', '--seed', '-1'], /--seed must be/],
    [['render', 's.txt', '-o', 'x.wav', '--pause'], /--pause needs a value/],
    [['render', 's.txt', '-o', 'x.wav', '--temperature', '3'], /--temperature must be a number from 0/],
    [['render', 's.txt', '-o', 'x.wav', '--voice', 'Alice'], /NAME=FILE/],
    [['render', 's.txt', '-o', 'x.wav', '--fast'], /unknown option --fast/],
    [['render', 's.txt', '-o', 'x.wav', '--provider', 'tpu'], /unknown execution provider/],
    [['mix'], /unknown command "mix"/],
    [['bench', 'x'], /no file arguments/],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('parses bench options', () => {
    expect(parseArgs(['bench', '--json', 'b.json', '--cases', '5,10'])).toEqual({
      command: 'bench',
      pack: undefined,
      json: 'b.json',
      cases: [5, 10],
      providers: undefined,
      python: true,
    });
    expect(parseArgs(['bench', '--no-python'])).toMatchObject({ python: false });
    expect(parseArgs([]).command).toBe('help');
  });
});

describe('scripts', () => {
  it('reads Name: text lines, skipping blanks and comments', () => {
    const s = parseScript('# demo\nAlice: Hello there.\n\nBob:  Hi! How are you?\n', 'd.txt');
    expect(s.turns).toEqual([
      { speaker: 'Alice', text: 'Hello there.' },
      { speaker: 'Bob', text: 'Hi! How are you?' },
    ]);
  });

  it('names the line that is not a turn', () => {
    expect(() => parseScript('Alice: ok\n\nthis line has no speaker\n', 'd.txt')).toThrow(
      /d\.txt: Line 3 has no speaker/,
    );
    expect(parseScript('Alice: ok,\nwrapped onto a second line\n', 'd.txt').turns).toEqual([
      { speaker: 'Alice', text: 'ok, wrapped onto a second line' },
    ]);
    expect(() => parseScript('\n# nothing\n', 'e.txt')).toThrow(/no turns/);
  });

  it('reads the JSON form with per-turn options and names bad fields', () => {
    const s = parseScript(
      JSON.stringify({
        voices: { Alice: 'a.wav' },
        pause: 0.3,
        turns: [{ speaker: 'Alice', text: 'Hi.', speed: 1.2, duration: 2, pauseAfter: 1 }],
      }),
      'd.json',
    );
    expect(s.turns[0]).toEqual({ speaker: 'Alice', text: 'Hi.', speed: 1.2, duration: 2, pauseAfter: 1 });
    expect(s.pause).toBe(0.3);
    expect(() =>
      parseScript(JSON.stringify({ turns: [{ speaker: 'A', text: 'x', speed: 9 }] }), 'd.json'),
    ).toThrow(/d\.json: turns\[0\]\.speed/);
    expect(() => parseScript('{', 'd.json')).toThrow(/not valid JSON/);
  });

  it('gives speakers without a voice the demo voices and refuses voices for absent speakers', () => {
    const script = parseScript('Alice: a\nCarol: b\nDave: c\n', 'x.txt');
    const voices = assignVoices(script, '/tmp', {});
    expect(voices.get('Alice')).toMatch(/alice\.wav$/);
    expect(voices.get('Carol')).toMatch(/alice\.wav$|bob\.wav$/);
    expect(() => assignVoices(script, '/tmp', { Eve: 'e.wav' })).toThrow(
      /no turn in the script is spoken by "Eve"/,
    );
    expect(() => assignVoices(script, '/tmp', { Alice: '/nonexistent/a.wav' })).toThrow(
      /voice file for Alice not found/,
    );
  });
});

describe('mix and bench helpers', () => {
  it('sequences turns with pauses between them, none after the last', () => {
    const { audio, starts } = sequenceTurns(
      [
        { audio: new Float32Array(10).fill(1), pauseAfter: 0.5 },
        { audio: new Float32Array(4).fill(2), pauseAfter: 3 },
      ],
      10,
    );
    expect(audio.length).toBe(19);
    expect(starts).toEqual([0, 1.5]);
    expect(audio[12]).toBe(0);
    expect(audio[15]).toBe(2);
  });

  it('makes bench text that grows with the case length and prints a table', () => {
    expect(benchText(30).split(' ').length).toBeGreaterThan(benchText(5).split(' ').length);
    const table = formatTable([
      {
        case: '5s',
        audio_s: 5,
        wall_s: 1,
        rtf: 0.2,
        passes: 23,
        windows: 1,
        ar_passes: 2000,
        peak_rss_mb: 300,
        provider: 'cpu',
        stages: { t2s: 0.1 },
      },
    ]);
    expect(table).toMatch(/case .*RTF/);
    expect(table).toMatch(/5s .* 0\.200 .* 23 /);
  });
});

describe('python reference checkpoints', () => {
  it("reads the pack manifest's recorded checkpoints (committed ones where a run file is absent), else runs/<role>-<name>/last.pt", () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-ck-'));
    const checkpoints = {
      codec: 'runs/c/last.pt',
      semantic: 'runs/s/last.pt',
      t2s: 'runs/t/last.pt',
      soundstorm: 'runs/ss/last.pt',
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ training: { checkpoints } }));
    const found = referenceCheckpoints({ name: 'default', path: dir });
    expect(found.map((p) => p.split('/models/training/')[1])).toEqual(Object.values(checkpoints));
    const committedCheckpoints = { codec: 'checkpoints/c.pt', soundstorm: 'checkpoints/ss.pt' };
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ training: { checkpoints, committedCheckpoints } }),
    );
    const kept = referenceCheckpoints({ name: 'default', path: dir });
    expect(kept.map((p) => p.split('/models/training/')[1])).toEqual([
      'checkpoints/c.pt',
      'runs/s/last.pt',
      'runs/t/last.pt',
      'checkpoints/ss.pt',
    ]);
    const fallback = referenceCheckpoints({ name: 'default', path: join(dir, 'absent') });
    expect(fallback[3]).toMatch(/models\/training\/runs\/soundstorm-default\/last\.pt$/);
    rmSync(dir, { recursive: true, force: true });
  });
});
