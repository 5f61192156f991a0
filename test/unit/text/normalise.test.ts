import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../../main/engine/text/normalise.js';
import { cardinal, currency, year } from '../../../main/engine/text/numbers.js';

const say = (s: string): string => normaliseText(s).text;

describe('text normalisation', () => {
  it.each([
    ['I have 3 cats.', 'I have three cats.'],
    ['1,234 people', 'one thousand two hundred thirty four people'],
    ['pi is 3.14', 'pi is three point one four'],
    ['It was -5 outside', 'It was minus five outside'],
    ['It costs $12.99.', 'It costs twelve dollars and ninety nine cents.'],
    ['£1 and €0.50', 'one pound and fifty cents'],
    ['a $3m deal', 'a three million dollars deal'],
    ['50% off', 'fifty percent off'],
    ['on 2024-03-15', 'on march fifteenth, twenty twenty four'],
    ['on 12/25/1999', 'on december twenty fifth, nineteen ninety nine'],
    ['March 5th', 'March fifth'],
    ['in 1905', 'in nineteen oh five'],
    ['by 2005', 'by two thousand five'],
    ['at 10:00', "at ten o'clock"],
    ['at 7:05 pm', 'at seven oh five p m'],
    ['at 5pm', 'at five p m'],
    ['the 21st time', 'the twenty first time'],
    ['Dr. Who vs. Mr. Smith', 'doctor Who versus mister Smith'],
    ['e.g. this', 'for example this'],
    ['rock & roll', 'rock and roll'],
    ['5 km away', 'five kilometres away'],
    ['well-known', 'well known'],
    ['“Quoted” — yes', 'Quoted, yes'],
    ['add 1/2 cup and 3/8 inch', 'add one half cup and three eighths inch'],
    ['pages 10-20', 'pages ten to twenty'],
    ['3x faster', 'three times faster'],
    ['call 555-1234', 'call five five five, one two three four'],
    ['or (212) 555-1234', 'or two one two, five five five, one two three four'],
    ['mail bob@example.com or see www.example.org', 'mail bob at example dot com or see www dot example dot org'],
  ])('%s', (input, expected) => {
    expect(say(input)).toBe(expected);
  });

  it('reports characters it cannot speak instead of dropping them silently', () => {
    const result = normaliseText('Hi 😀 there 你好 ~');
    expect(result.text).toBe('Hi there');
    expect(result.unknown).toEqual(['😀', '你', '好', '~']);
  });

  it('keeps accented Latin letters', () => {
    expect(normaliseText('café naïve').unknown).toEqual([]);
    expect(say('café naïve')).toBe('café naïve');
  });

  it('numbers helpers', () => {
    expect(cardinal('1000000')).toBe('one million');
    expect(year(1900)).toBe('nineteen hundred');
    expect(currency('$', '1')).toBe('one dollar');
    expect(currency('$', '0.01')).toBe('one cent');
  });
});
