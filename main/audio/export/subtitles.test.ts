import { describe, expect, it } from 'vitest';
import { subtitleCues, wrapWords } from './subtitle-cues.js';
import { formatTimestamp, toSrt, toVtt } from './subtitle-formats.js';

describe('subtitle timing', () => {
  it('formats timestamps for SRT and VTT, rounding to the millisecond', () => {
    expect(formatTimestamp(0, ',')).toBe('00:00:00,000');
    expect(formatTimestamp(3.3, ',')).toBe('00:00:03,300');
    expect(formatTimestamp(61.0005, '.')).toBe('00:01:01.001');
    expect(formatTimestamp(3 * 3600 + 25 * 60 + 7.25, '.')).toBe('03:25:07.250');
    expect(formatTimestamp(-1, ',')).toBe('00:00:00,000');
  });

  it('orders cues by start, keeps overlaps and skips empty clips', () => {
    const cues = subtitleCues([
      { start: 2, end: 3.5, speaker: 'Bob', text: 'Yes.' },
      { start: 0.5, end: 2.2, speaker: 'Alice', text: 'Ready?' },
      { start: 4, end: 4, speaker: 'Bob', text: 'gone' },
    ]);
    expect(cues).toEqual([
      { start: 0.5, end: 2.2, speaker: 'Alice', lines: ['Ready?'] },
      { start: 2, end: 3.5, speaker: 'Bob', lines: ['Yes.'] },
    ]);
    expect(toSrt(cues)).toBe(
      '1\n00:00:00,500 --> 00:00:02,200\nAlice: Ready?\n\n2\n00:00:02,000 --> 00:00:03,500\nBob: Yes.\n',
    );
    expect(toSrt(cues, { speakers: false })).toContain('\nReady?\n');
  });

  it('wraps at 42 characters and splits long turns into cues timed by their share of the text', () => {
    expect(wrapWords('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    const text =
      'The storm kept me up until three. The wind was so loud I thought the windows would break, and then the power went out.';
    const [first, second, ...rest] = subtitleCues([{ start: 10, end: 20, speaker: 'Bob', text }]);
    expect(rest).toEqual([]);
    expect(first?.lines.every((l) => l.length <= 42)).toBe(true);
    expect(first?.lines.length).toBe(2);
    expect(first?.start).toBe(10);
    expect(second?.end).toBe(20);
    expect(first?.end).toBe(second?.start);
    const share =
      (first?.lines.join(' ').length ?? 0) /
      ((first?.lines.join(' ').length ?? 0) + (second?.lines.join(' ').length ?? 0));
    expect(first?.end).toBeCloseTo(10 + 10 * share, 9);
    expect([...(first?.lines ?? []), ...(second?.lines ?? [])].join(' ')).toBe(text);
  });

  it('writes WebVTT with voice spans and escapes markup', () => {
    const vtt = toVtt([{ start: 1, end: 2, speaker: 'Q&A <host>', lines: ['1 < 2 & 3 > 2'] }]);
    expect(vtt).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Q&amp;A &lt;host&gt;>1 &lt; 2 &amp; 3 &gt; 2</v>\n',
    );
  });
});
