/**
 * Numbers read aloud (en-US), on top of the `to-words` library: cardinals, ordinals, decimals
 * digit by digit, years in pairs, and currency amounts.
 */
import { ToWords } from 'to-words';

const words = new ToWords({ localeCode: 'en-US', converterOptions: { doNotAddOnly: true } });
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

const clean = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** "1234" -> "one thousand two hundred thirty four"; "3.14" -> "three point one four". */
export function cardinal(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = text.replace(/^[-+]/, '').replace(/,/g, '').split('.');
  let out = clean(words.convert(BigInt(whole === '' ? '0' : whole)));
  if (fraction !== undefined && fraction !== '') out += ` point ${Array.from(fraction, (d) => DIGITS[Number(d)] ?? d).join(' ')}`;
  return negative ? `minus ${out}` : out;
}

export function ordinal(n: number): string {
  return clean(words.toOrdinal(n));
}

/** Years read in pairs: 1999 -> "nineteen ninety nine", 2005 -> "two thousand five", 1900 -> "nineteen hundred". */
export function year(n: number): string {
  const high = Math.floor(n / 100);
  const low = n % 100;
  if (n % 1000 < 10 && n >= 2000) return cardinal(String(n));
  if (low === 0) return `${cardinal(String(high))} hundred`;
  if (low < 10) return `${cardinal(String(high))} oh ${cardinal(String(low))}`;
  return `${cardinal(String(high))} ${cardinal(String(low))}`;
}

interface CurrencyNames {
  readonly unit: [string, string];
  readonly cents: [string, string];
}

export const CURRENCIES: Record<string, CurrencyNames> = {
  $: { unit: ['dollar', 'dollars'], cents: ['cent', 'cents'] },
  '£': { unit: ['pound', 'pounds'], cents: ['penny', 'pence'] },
  '€': { unit: ['euro', 'euros'], cents: ['cent', 'cents'] },
  '¥': { unit: ['yen', 'yen'], cents: ['sen', 'sen'] },
};

const SCALES: Record<string, string> = { k: 'thousand', m: 'million', mn: 'million', b: 'billion', bn: 'billion', t: 'trillion' };

/** "$12.99" -> "twelve dollars and ninety nine cents"; "$3m" -> "three million dollars". */
export function currency(symbol: string, amount: string, scale?: string): string {
  const names = CURRENCIES[symbol];
  if (names === undefined) return cardinal(amount);
  const plain = amount.replace(/,/g, '');
  const scaleWord = scale !== undefined ? SCALES[scale.toLowerCase()] : undefined;
  if (scaleWord !== undefined) return `${cardinal(plain)} ${scaleWord} ${names.unit[1]}`;
  const [whole = '0', fraction = ''] = plain.split('.');
  const units = BigInt(whole === '' ? '0' : whole);
  const cents = fraction === '' ? 0 : Math.round(Number(`0.${fraction}`) * 100);
  const parts: string[] = [];
  if (units > 0n || cents === 0) parts.push(`${cardinal(units.toString())} ${units === 1n ? names.unit[0] : names.unit[1]}`);
  if (cents > 0) parts.push(`${cardinal(String(cents))} ${cents === 1 ? names.cents[0] : names.cents[1]}`);
  return parts.join(' and ');
}
