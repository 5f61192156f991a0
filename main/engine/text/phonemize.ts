/**
 * Grapheme-to-phoneme for the engine and for training (models/training calls this same module
 * through `phonemize-cli.ts`), so that the phonemes a pack was trained on are exactly the ones the
 * app feeds it. espeak-ng runs as WebAssembly inside the npm `phonemizer` package: no system
 * espeak-ng is needed at run time.
 *
 * Tokenisation: `<sil>` + tokens + `<sil>`, where a token is one phone (an optional stress mark,
 * one IPA letter, and any length/diacritic marks after it), `" "` between words, or one of the
 * pause punctuation marks `, . ? ! ; :`. Clauses are split at punctuation before espeak-ng sees
 * them, because espeak-ng drops punctuation from its output.
 */
import { phonemize as espeakPhonemize } from 'phonemizer';

export const PAD = '<pad>';
export const UNK = '<unk>';
export const SIL = '<sil>';
export const WORD_BOUNDARY = ' ';
export const PAUSE_MARKS = [',', '.', '?', '!', ';', ':'] as const;
export const SPECIAL_SYMBOLS = [PAD, UNK, SIL] as const;
export const G2P_ID = 'phonemizer@1.2.1 espeak-ng en-us';

const STRESS = new Set(['ˈ', 'ˌ']);
/** Marks that modify the letter before them (length, nasal, syllabic, non-syllabic, r-colouring). */
const MODIFIERS = new Set(['ː', 'ˑ', '̃', '̩', '̯', '˞', 'ʲ', 'ʰ', '̪', '̆']);
const PAUSE_SET = new Set<string>(PAUSE_MARKS);
const CLAUSE_SPLIT = /([,.?!;:]+)/;

/** Splits espeak-ng IPA for one clause into phone tokens and word boundaries. */
export function tokenizeIpa(ipa: string): string[] {
  const tokens: string[] = [];
  let pendingStress = '';
  for (const ch of Array.from(ipa.normalize('NFC'))) {
    if (/\s/.test(ch)) {
      if (tokens.length > 0 && tokens[tokens.length - 1] !== WORD_BOUNDARY) tokens.push(WORD_BOUNDARY);
      pendingStress = '';
    } else if (STRESS.has(ch)) {
      pendingStress = ch;
    } else if (MODIFIERS.has(ch) && tokens.length > 0 && tokens[tokens.length - 1] !== WORD_BOUNDARY) {
      tokens[tokens.length - 1] += ch;
    } else {
      tokens.push(pendingStress + ch);
      pendingStress = '';
    }
  }
  while (tokens.length > 0 && tokens[tokens.length - 1] === WORD_BOUNDARY) tokens.pop();
  return tokens;
}

/** Text (already normalised) -> phoneme symbols, framed by `<sil>`. */
export async function phonemizeText(text: string): Promise<string[]> {
  const symbols: string[] = [SIL];
  for (const part of text.split(CLAUSE_SPLIT)) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    if (CLAUSE_SPLIT.test(trimmed) && Array.from(trimmed).every((c) => PAUSE_SET.has(c))) {
      // A run of marks ("?!", "...") is one pause: keep the first mark.
      if (symbols.length > 1) symbols.push(Array.from(trimmed)[0] as string);
      continue;
    }
    const clauses = await espeakPhonemize(trimmed, 'en-us');
    const tokens = tokenizeIpa(clauses.join(' '));
    if (tokens.length === 0) continue;
    const last = symbols[symbols.length - 1];
    if (last !== SIL && last !== undefined && !PAUSE_SET.has(last)) symbols.push(WORD_BOUNDARY);
    else if (last !== undefined && PAUSE_SET.has(last)) symbols.push(WORD_BOUNDARY);
    symbols.push(...tokens);
  }
  symbols.push(SIL);
  return symbols;
}

export interface PhonemeIds {
  ids: number[];
  /** Symbols the pack's inventory lacks; they were mapped to `<unk>`. */
  unknown: string[];
}

/** Maps symbols onto a pack inventory; symbols it does not know become `<unk>` and are reported. */
export function symbolsToIds(symbols: readonly string[], inventory: readonly string[]): PhonemeIds {
  const index = new Map(inventory.map((s, i) => [s, i] as const));
  const unkId = index.get(UNK) ?? 1;
  const unknown: string[] = [];
  const ids = symbols.map((s) => {
    const id = index.get(s);
    if (id === undefined) {
      unknown.push(s);
      return unkId;
    }
    return id;
  });
  return { ids, unknown: [...new Set(unknown)] };
}
