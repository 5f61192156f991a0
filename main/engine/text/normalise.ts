/**
 * Text normalisation before G2P: numbers, currency, percentages, dates, times, ordinals,
 * abbreviations and symbols become words. Characters that cannot be spoken (emoji, other
 * scripts, stray symbols) are removed from the spoken text and reported, never dropped silently.
 */
import { cardinal, currency, ordinal, year } from './numbers.js';

export interface NormalisedText {
  readonly text: string;
  /** Characters left out because nothing could say them, each once, in order of appearance. */
  readonly unknown: string[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bMr\./g, 'mister'],
  [/\bMrs\./g, 'missus'],
  [/\bMs\./g, 'miz'],
  [/\bDr\./g, 'doctor'],
  [/\bProf\./g, 'professor'],
  [/\bSt\.(?=\s+[A-Z])/g, 'saint'],
  [/\bJr\./g, 'junior'],
  [/\bSr\./g, 'senior'],
  [/\bvs\.?(?=\s)/gi, 'versus'],
  [/\be\.g\./gi, 'for example'],
  [/\bi\.e\./gi, 'that is'],
  [/\betc\./gi, 'et cetera'],
  [/\bapprox\./gi, 'approximately'],
  [/\bNo\.(?=\s*\d)/g, 'number'],
  [/(?<=\d\s?)(?:a\.m\b|am\b)/gi, 'a m'],
  [/(?<=\d\s?)(?:p\.m\b|pm\b)/gi, 'p m'],
];

const UNITS: Record<string, [string, string]> = {
  km: ['kilometre', 'kilometres'],
  m: ['metre', 'metres'],
  cm: ['centimetre', 'centimetres'],
  mm: ['millimetre', 'millimetres'],
  kg: ['kilogram', 'kilograms'],
  g: ['gram', 'grams'],
  mb: ['megabyte', 'megabytes'],
  gb: ['gigabyte', 'gigabytes'],
  kb: ['kilobyte', 'kilobytes'],
  mph: ['mile per hour', 'miles per hour'],
  kph: ['kilometre per hour', 'kilometres per hour'],
  s: ['second', 'seconds'],
  ms: ['millisecond', 'milliseconds'],
  h: ['hour', 'hours'],
  min: ['minute', 'minutes'],
  hz: ['hertz', 'hertz'],
  khz: ['kilohertz', 'kilohertz'],
};

const SYMBOLS: Record<string, string> = {
  '&': ' and ',
  '@': ' at ',
  '+': ' plus ',
  '=': ' equals ',
  '%': ' percent ',
  '#': ' number ',
  '°': ' degrees ',
  '×': ' times ',
  '÷': ' divided by ',
  '<': ' less than ',
  '>': ' greater than ',
  '/': ' slash ',
};

/** Characters that pass through to G2P: letters of any Latin alphabet, apostrophes, pauses. */
const SPEAKABLE = /[\p{Script=Latin}\s',.?!;:-]/u;

export function normaliseText(input: string): NormalisedText {
  let text = input
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb"]/g, ' ')
    .replace(/\s*[\u2013\u2014]\s*/g, ', ')
    .replace(/\u2026/g, '...');
  text = expandDates(text);
  text = expandTimes(text);
  text = expandWebAddresses(text);
  // Phone numbers are read digit by digit, group by group.
  text = text.replace(/(?:\((\d{3})\)\s?|\b(\d{3})[\s.-])?\b(\d{3})-(\d{4})\b/g, (_m, area1?: string, area2?: string, a?: string, b?: string) =>
    [area1 ?? area2, a, b]
      .filter((g): g is string => g !== undefined)
      .map((g) => Array.from(g, (d) => cardinal(d)).join(' '))
      .join(', '),
  );
  text = text.replace(/\b(\d+)\/(\d+)\b/g, (m, a: string, b: string) => fraction(Number(a), Number(b)) ?? m);
  text = text.replace(/\b(\d+)\s?[-\u2013]\s?(\d+)\b(?!-)/g, (m, a: string, b: string) => (Number(a) < Number(b) ? `${a} to ${b}` : m));
  text = text.replace(/\b(\d+)\s?x\b/g, '$1 times');
  for (const [pattern, words] of ABBREVIATIONS) text = text.replace(pattern, words);
  text = text.replace(/([$£€¥])\s?(\d[\d,]*(?:\.\d+)?)(?:\s?(bn|mn|[kmbt])\b)?/gi, (_m, sym: string, amount: string, scale?: string) => ` ${currency(sym, amount, scale)} `);
  text = text.replace(/(\d[\d,]*(?:\.\d+)?)\s?%/g, (_m, n: string) => ` ${cardinal(n)} percent `);
  text = text.replace(/\b(\d+)(st|nd|rd|th)\b/gi, (_m, n: string) => ordinal(Number(n)));
  text = text.replace(/\b(\d+(?:\.\d+)?)\s?([a-zA-Z]{1,3})\b/g, (m, n: string, unit: string) => {
    const names = UNITS[unit.toLowerCase()];
    if (names === undefined) return m;
    return ` ${cardinal(n)} ${Number(n) === 1 ? names[0] : names[1]} `;
  });
  text = text.replace(/(^|[^\d.,])(-?\d{1,3}(?:,\d{3})+|-?\d+)(\.\d+)?(?![\d])/g, (_m, before: string, whole: string, fraction?: string) => {
    const n = Number(whole.replace(/,/g, ''));
    const isYear = fraction === undefined && !whole.includes(',') && !whole.startsWith('-') && whole.length === 4 && n >= 1100 && n <= 2099;
    return `${before} ${isYear ? year(n) : cardinal(whole + (fraction ?? ''))} `;
  });
  text = text.replace(/[&@+=%#°×÷<>/]/g, (c) => SYMBOLS[c] ?? c);
  text = text.replace(/(\w)-(?=\w)/g, '$1 ');
  const unknown: string[] = [];
  let spoken = '';
  for (const ch of text) {
    if (SPEAKABLE.test(ch)) spoken += ch;
    else {
      if (!unknown.includes(ch)) unknown.push(ch);
      spoken += ' ';
    }
  }
  spoken = spoken
    .replace(/\s+([,.?!;:])/g, '$1')
    .replace(/[,;:]+([.?!])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return { text: spoken, unknown };
}

const FRACTIONS: Record<string, string> = { '1/2': 'one half', '1/3': 'one third', '2/3': 'two thirds', '1/4': 'one quarter', '3/4': 'three quarters' };

/** "1/2" -> "one half", "3/8" -> "three eighths"; dates like 3/15 are left to the date rule. */
function fraction(numerator: number, denominator: number): string | undefined {
  const named = FRACTIONS[`${numerator}/${denominator}`];
  if (named !== undefined) return named;
  if (denominator < 2 || denominator > 100 || numerator > 100) return undefined;
  const unit = ordinal(denominator);
  return `${cardinal(String(numerator))} ${numerator === 1 ? unit : `${unit}s`}`;
}

/** e-mail addresses and web addresses are read with "at" and "dot". */
function expandWebAddresses(text: string): string {
  const dotted = (s: string): string => s.replace(/\./g, ' dot ').replace(/[/_]/g, ' slash ');
  return text
    .replace(/\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b/g, (_m, user: string, host: string) => ` ${dotted(user)} at ${dotted(host)} `)
    .replace(/\bhttps?:\/\//gi, '')
    .replace(/\b(www\.[\w-]+(?:\.[a-z]{2,})+|[\w-]+\.(?:com|org|net|io|dev|co\.uk|edu|gov))\b/gi, (m: string) => ` ${dotted(m)} `);
}

function expandDates(text: string): string {
  // ISO dates: 2024-03-15
  let out = text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m, y: string, mo: string, d: string) => dateWords(Number(y), Number(mo), Number(d)) ?? m);
  // US dates: 03/15/2024
  out = out.replace(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g, (m, mo: string, d: string, y: string) => dateWords(Number(y), Number(mo), Number(d)) ?? m);
  // "March 5" / "March 5th" / "5 March"
  const monthPattern = MONTHS.map((m) => m[0]?.toUpperCase() + m.slice(1)).join('|');
  out = out.replace(new RegExp(`\\b(${monthPattern})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'g'), (_m, month: string, d: string) => `${month} ${ordinal(Number(d))}`);
  out = out.replace(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${monthPattern})\\b`, 'g'), (_m, d: string, month: string) => `the ${ordinal(Number(d))} of ${month}`);
  return out;
}

function dateWords(y: number, month: number, day: number): string | undefined {
  const name = MONTHS[month - 1];
  if (name === undefined || day < 1 || day > 31) return undefined;
  return `${name} ${ordinal(day)}, ${year(y)}`;
}

function expandTimes(text: string): string {
  return text.replace(/\b(\d{1,2}):(\d{2})(?:\s?([ap])\.?m\b)?/gi, (m, h: string, min: string, half?: string) => {
    const hour = Number(h);
    const minute = Number(min);
    if (hour > 23 || minute > 59) return m;
    const suffix = half !== undefined ? ` ${half.toLowerCase()} m` : '';
    if (minute === 0) return half !== undefined ? `${cardinal(h)}${suffix}` : `${cardinal(h)} o'clock`;
    const minutes = minute < 10 ? `oh ${cardinal(min)}` : cardinal(min);
    return `${cardinal(String(hour))} ${minutes}${suffix}`;
  });
}

