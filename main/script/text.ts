/**
 * Pasted scripts: `Name: text` lines. A new name becomes a speaker (names match case-insensitively;
 * the first spelling is kept); a line with no name right below a turn continues it; a name alone
 * on its line takes the text of the lines below it (screenplay layout); a blank line ends a turn;
 * `#` and `//` lines are comments. Odd input is reported with its line number, never guessed at.
 */
import {
  MAX_TURN_CHARS,
  type ParsedScript,
  type ScriptProblem,
  type ScriptSpeaker,
  type ScriptTurn,
} from './types.js';

/**
 * A speaker label: starts with a letter, at most three words and 40 characters, optionally in
 * bold (`**Alice:**`) or after a list bullet. Longer lead-ins ("The reason is simple: ...") are prose.
 */
const LABEL =
  /^\s*(?:[-*•]\s+)?(?:\*\*)?(\p{L}[\p{L}\p{N}._'’-]*(?: [\p{L}\p{N}._'’-]+){0,2})(?:\*\*)?\s*:(?:\*\*)?(?!\/\/)\s*(.*)$/u;

const excerpt = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

interface Draft {
  speaker: string;
  parts: string[];
  line: number;
}

export function parseScriptText(source: string): ParsedScript {
  const speakers: ScriptSpeaker[] = [];
  const byKey = new Map<string, string>();
  const turns: ScriptTurn[] = [];
  const problems: ScriptProblem[] = [];
  let draft: Draft | undefined;

  const close = (): void => {
    if (draft === undefined) return;
    const text = draft.parts.join(' ').replace(/\s+/g, ' ').trim();
    const where = `line ${draft.line}`;
    if (text.length === 0) {
      problems.push({
        kind: 'empty-text',
        severity: 'error',
        where,
        message: `Line ${draft.line}: ${draft.speaker}'s turn has no text.`,
      });
    } else if (text.length > MAX_TURN_CHARS) {
      problems.push({
        kind: 'too-long',
        severity: 'error',
        where,
        message: `Line ${draft.line}: ${draft.speaker}'s turn has ${text.length} characters; split it (at most ${MAX_TURN_CHARS}).`,
      });
    } else {
      turns.push({ speaker: draft.speaker, text, options: {}, line: draft.line });
    }
    draft = undefined;
  };

  source
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const trimmed = raw.trim();
      if (trimmed.length === 0) {
        // A name alone on its line waits for its text across blank lines.
        if (draft !== undefined && draft.parts.length > 0) close();
        return;
      }
      if (trimmed.startsWith('#') || trimmed.startsWith('//')) return;
      const label = LABEL.exec(raw);
      if (label !== null) {
        close();
        const name = (label[1] as string).trim();
        const key = name.toLowerCase();
        if (!byKey.has(key)) {
          byKey.set(key, name);
          speakers.push({ name });
        }
        draft = {
          speaker: byKey.get(key) as string,
          parts: [label[2] as string].filter((p) => p.trim().length > 0),
          line,
        };
        return;
      }
      if (draft !== undefined) {
        draft.parts.push(trimmed);
        return;
      }
      problems.push({
        kind: 'no-speaker',
        severity: 'error',
        where: `line ${line}`,
        message: `Line ${line} has no speaker: start it with a name and a colon, e.g. "Alice: ${excerpt(trimmed)}".`,
      });
    });
  close();
  // Speakers named only by turns that were dropped do not appear.
  const used = new Set(turns.map((t) => t.speaker));
  return { speakers: speakers.filter((s) => used.has(s.name)), turns, problems };
}
