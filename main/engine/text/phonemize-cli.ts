/**
 * Batch G2P for the training scripts: reads JSON lines `{"id": ..., "text": ...}` on stdin and
 * writes `{"id": ..., "symbols": [...]}` lines on stdout, with the very code the engine runs.
 * Usage: npx tsx main/engine/text/phonemize-cli.ts < in.jsonl > out.jsonl
 */
import { createInterface } from 'node:readline';
import { phonemizeText } from './phonemize.js';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const { id, text } = JSON.parse(line) as { id: string; text: string };
  const symbols = await phonemizeText(text);
  process.stdout.write(`${JSON.stringify({ id, symbols })}\n`);
}
