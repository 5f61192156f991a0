export interface ScriptTurn {
  speaker: string;
  text: string;
  /** 1-based line where the turn starts, for messages. */
  line: number;
}

export interface ParsedScript {
  turns: ScriptTurn[];
  /** Lines that could not be given to a speaker. */
  problems: { line: number; message: string }[];
}

const TURN_LINE = /^\s*([^:\n]{1,40}?)\s*:\s*(.*)$/;

/**
 * `Alice: Hello there.` starts a turn; a line without a name continues the previous turn; blank
 * lines and lines starting with `#` are ignored.
 */
export function parseScript(script: string): ParsedScript {
  const turns: ScriptTurn[] = [];
  const problems: ParsedScript['problems'] = [];
  script.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const match = TURN_LINE.exec(text);
    if (match?.[1] && match[2] !== undefined) {
      if (match[2].trim() === '') {
        problems.push({ line, message: `Line ${line}: ${match[1]} says nothing` });
        return;
      }
      turns.push({ speaker: match[1], text: match[2].trim(), line });
      return;
    }
    const previous = turns.at(-1);
    if (previous) previous.text = `${previous.text} ${text}`;
    else problems.push({ line, message: `Line ${line} has no speaker: write "Name: text"` });
  });
  return { turns, problems };
}

/** Speaker names in order of first appearance. */
export function scriptSpeakers(parsed: ParsedScript): string[] {
  return [...new Set(parsed.turns.map((turn) => turn.speaker))];
}
