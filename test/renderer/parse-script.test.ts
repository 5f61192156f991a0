import { describe, expect, it } from 'vitest';
import { parseScript, scriptSpeakers } from '../../renderer/script/parse-script.js';

describe('parseScript', () => {
  it('turns "Name: text" lines into turns and continues unnamed lines', () => {
    const parsed = parseScript(
      'Alice: Hello there.\n\nBob:   Hi Alice.\nHow are you?\n# a note\nAlice: Fine.',
    );
    expect(parsed.turns).toEqual([
      { speaker: 'Alice', text: 'Hello there.', line: 1 },
      { speaker: 'Bob', text: 'Hi Alice. How are you?', line: 3 },
      { speaker: 'Alice', text: 'Fine.', line: 6 },
    ]);
    expect(parsed.problems).toEqual([]);
    expect(scriptSpeakers(parsed)).toEqual(['Alice', 'Bob']);
  });

  it('reports text before any speaker and empty turns by line', () => {
    const parsed = parseScript('no speaker here\nAlice:\r\nAlice: ok');
    expect(parsed.turns).toEqual([{ speaker: 'Alice', text: 'ok', line: 3 }]);
    expect(parsed.problems.map((p) => p.line)).toEqual([1, 2]);
  });

  it('keeps colons inside the spoken text', () => {
    expect(parseScript('Dr. Who: Time: it is relative.').turns[0]).toEqual({
      speaker: 'Dr. Who',
      text: 'Time: it is relative.',
      line: 1,
    });
  });
});
