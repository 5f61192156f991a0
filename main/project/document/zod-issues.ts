/** Zod validation issues as one line a user can act on. */
import type { ZodError } from 'zod';

/** "turns[2].speakerId: no speaker ..." for the first few issues. */
export function describeIssues(error: ZodError, max = 3): string {
  const lines = error.issues
    .slice(0, max)
    .map(
      (i) =>
        `${i.path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s.length > 0 ? `${s}.${k}` : k), '') || '(document)'}: ${i.message}`,
    );
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return lines.join('; ') + more;
}
