/** Where "split" cuts a turn: the sentence end nearest the middle, else the space nearest it. */
export function splitPoint(text: string): number {
  const middle = text.length / 2;
  const candidates = (pattern: RegExp): number[] =>
    [...text.matchAll(pattern)].map((m) => (m.index ?? 0) + m[0].length);
  const ends = candidates(/[.!?…]+\s+/g).filter((at) => at < text.length);
  const spaces = candidates(/\s+/g).filter((at) => at < text.length);
  const pool = ends.length > 0 ? ends : spaces;
  if (pool.length === 0) return Math.floor(middle);
  return pool.reduce((best, at) => (Math.abs(at - middle) < Math.abs(best - middle) ? at : best));
}
