import { describe, expect, it } from 'vitest';
import { createProject } from '../project/document/create.js';
import { addSpeaker } from '../project/document/ops/speakers.js';
import { projectSchema } from '../project/document/schema.js';
import { applyScript } from './apply.js';
import { parseScriptJson } from './json.js';
import { parseScriptText } from './text.js';

describe('pasted text', () => {
  it('turns Name: text lines into turns and new names into speakers', () => {
    const s = parseScriptText('Alice: Good morning!\nBob: Not really.\nalice:   Coffee,  then.\r\n');
    expect(s.speakers).toEqual([{ name: 'Alice' }, { name: 'Bob' }]);
    expect(s.turns.map((t) => [t.speaker, t.text, t.line])).toEqual([
      ['Alice', 'Good morning!', 1],
      ['Bob', 'Not really.', 2],
      ['Alice', 'Coffee, then.', 3],
    ]);
    expect(s.problems).toEqual([]);
  });

  it('joins continuation lines, ends turns at blank lines, skips comments', () => {
    const s = parseScriptText('# Scene 1\nAlice: The storm\nkept me up.\n\n// note\nBob: Me too.\n');
    expect(s.turns.map((t) => t.text)).toEqual(['The storm kept me up.', 'Me too.']);
    expect(s.problems).toEqual([]);
  });

  it('takes screenplay layout: a name alone on its line, the text below', () => {
    const s = parseScriptText('ALICE:\nHello there.\nHow are you?\n\nDr. Bob Smith:\n\nFine.');
    expect(s.turns.map((t) => [t.speaker, t.text])).toEqual([
      ['ALICE', 'Hello there. How are you?'],
      ['Dr. Bob Smith', 'Fine.'],
    ]);
  });

  it('accepts bold names and bullets, not prose with a colon, times or links', () => {
    const s = parseScriptText(
      '**Alice:** Hi.\n- Bob: Hello.\nAlice: Meet at 10:30, see https://example.org: ok?',
    );
    expect(s.turns.map((t) => [t.speaker, t.text])).toEqual([
      ['Alice', 'Hi.'],
      ['Bob', 'Hello.'],
      ['Alice', 'Meet at 10:30, see https://example.org: ok?'],
    ]);
    const prose = parseScriptText('Alice: Listen.\nThe reason is very simple: it rained.');
    expect(prose.turns).toEqual([
      { speaker: 'Alice', text: 'Listen. The reason is very simple: it rained.', options: {}, line: 1 },
    ]);
  });

  it('reports lines without a speaker and turns without text, with line numbers', () => {
    const s = parseScriptText('Hello, who is there?\nAlice: Me.\n\nand another thing\nBob:\nCarol:   \n');
    expect(s.turns.map((t) => t.text)).toEqual(['Me.']);
    expect(s.problems.map((p) => [p.kind, p.where])).toEqual([
      ['no-speaker', 'line 1'],
      ['no-speaker', 'line 4'],
      ['empty-text', 'line 5'],
      ['empty-text', 'line 6'],
    ]);
    expect(s.problems[0]?.message).toBe(
      'Line 1 has no speaker: start it with a name and a colon, e.g. "Alice: Hello, who is there?".',
    );
    expect(s.problems[2]?.message).toBe("Line 5: Bob's turn has no text.");
    expect(s.speakers).toEqual([{ name: 'Alice' }]);
  });

  it('refuses a turn over the engine limit', () => {
    const s = parseScriptText(`Alice: ${'word '.repeat(1100)}`);
    expect(s.turns).toEqual([]);
    expect(s.problems[0]?.kind).toBe('too-long');
  });
});

describe('JSON scripts', () => {
  const json = {
    speakers: [
      { name: 'Alice', voice: 'voices/alice.wav', pan: -0.2 },
      { name: 'Bob', voice: 'voices/bob.wav' },
    ],
    pause: 0.5,
    turns: [
      {
        speaker: 'Alice',
        text: 'Hello.',
        speed: 1.1,
        gain: -2,
        seed: 7,
        voice: 'whisper.wav',
        targetDuration: 2.5,
      },
      { speaker: 'bob', text: ' Hi. ' },
      { speaker: 'Carol', text: 'Me too.' },
      { speaker: 'Bob', text: '   ' },
    ],
  };

  it('reads speakers with voices and turns with per-turn options', () => {
    const s = parseScriptJson(JSON.stringify(json), 'dialogue.json');
    expect(s.pause).toBe(0.5);
    expect(s.speakers.map((x) => [x.name, x.voice])).toEqual([
      ['Alice', 'voices/alice.wav'],
      ['Bob', 'voices/bob.wav'],
      ['Carol', undefined],
    ]);
    expect(s.turns[0]).toEqual({
      speaker: 'Alice',
      text: 'Hello.',
      options: { speed: 1.1, gain: -2, seed: 7, voice: 'whisper.wav', targetDuration: 2.5 },
    });
    expect(s.turns[1]).toEqual({ speaker: 'Bob', text: 'Hi.', options: {} });
    expect(s.problems.map((p) => [p.kind, p.severity, p.where])).toEqual([
      ['undeclared-speaker', 'warning', 'turns[2]'],
      ['empty-text', 'error', 'turns[3]'],
    ]);
  });

  it('takes a text script inside the JSON, and names bad fields', () => {
    const s = parseScriptJson({
      speakers: [{ name: 'Alice', voice: 'a.wav' }],
      script: 'Alice: One.\nBob: Two.',
    });
    expect(s.turns.map((t) => t.speaker)).toEqual(['Alice', 'Bob']);
    expect(s.problems[0]?.kind).toBe('undeclared-speaker');
    expect(
      parseScriptJson('{"turns": [{"speaker": "A", "text": "x", "speed": 9}]}', 'd.json').problems[0]
        ?.message,
    ).toBe('d.json: turns[0].speed: Number must be less than or equal to 2');
    expect(parseScriptJson('{"turns": [', 'd.json').problems[0]?.message).toMatch(
      /^d\.json is not valid JSON/,
    );
    expect(parseScriptJson({ speakers: [] }).problems[0]?.message).toMatch(/either "turns" or "script"/);
  });

  it('accepts the short form: voices by name, base seed, duration and pauseAfter; refuses unknown keys', () => {
    const s = parseScriptJson({
      voices: { Alice: 'a.wav' },
      seed: 9,
      turns: [
        { speaker: 'Alice', text: 'Hi.', duration: 2, pauseAfter: 1 },
        { speaker: 'Bob', text: 'Yo.' },
      ],
    });
    expect(s.speakers).toEqual([{ name: 'Alice', voice: 'a.wav' }, { name: 'Bob' }]);
    expect(s.seed).toBe(9);
    expect(s.turns[0]?.options).toEqual({ targetDuration: 2, pauseAfter: 1 });
    expect(s.problems).toEqual([]);
    expect(
      parseScriptJson({ turns: [{ speaker: 'A', text: 'x', sped: 1 }] }, 'd.json').problems[0]?.message,
    ).toMatch(/^d\.json: turns\[0\]: Unrecognized key\(s\) in object: 'sped'/);
    expect(
      parseScriptJson({ speakers: [{ name: 'A' }], voices: { a: 'x.wav' }, turns: [] }).problems[0]?.message,
    ).toMatch(/"a" is listed twice/);
  });

  it('applies to a project: existing speakers reused, new ones added, options and voices kept', () => {
    const start = addSpeaker(createProject('P'), { name: 'alice', id: 'a' });
    const voices = new Map([
      ['voices/bob.wav', { file: 'voices/b0b.wav', name: 'bob.wav' }],
      ['whisper.wav', { file: 'voices/w1.wav', name: 'whisper.wav' }],
    ]);
    const p = projectSchema.parse(applyScript(start, parseScriptJson(json), { voices }));
    expect(p.speakers.map((s) => [s.name, s.voice?.file ?? null, s.pan])).toEqual([
      ['alice', null, 0],
      ['Bob', 'voices/b0b.wav', 0],
      ['Carol', null, 0],
    ]);
    expect(p.turns.map((t) => [t.speakerId === 'a', t.text])).toEqual([
      [true, 'Hello.'],
      [false, 'Hi.'],
      [false, 'Me too.'],
    ]);
    expect(p.turns[0]?.options).toEqual({
      speed: 1.1,
      gain: -2,
      seed: 7,
      voice: { file: 'voices/w1.wav', name: 'whisper.wav' },
      targetDuration: 2.5,
    });
    expect(p.settings.defaultPause).toBe(0.5);
  });
});
