/**
 * Opening documents of any version this build knows: each migration lifts a document one version,
 * and the result is validated against the current schema. A document from a newer build is
 * refused rather than guessed at (saving it would drop what this build does not know).
 */
import { ZodError } from 'zod';
import { ProjectError } from './errors.js';
import { migrateV0 } from './legacy/v0.js';
import { describeIssues } from './zod-issues.js';
import { PROJECT_VERSION, type Project, projectSchema } from './schema.js';

/** migrations[v] turns a version-v document into a version-(v+1) one. */
const migrations: Record<number, (raw: unknown) => unknown> = {
  0: migrateV0,
};

export function documentVersion(raw: unknown): number {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ProjectError('INVALID', 'The project file does not hold a JSON object.');
  const version = (raw as { version?: unknown }).version;
  if (version === undefined) return 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw new ProjectError(
      'INVALID',
      `The project file's version (${JSON.stringify(version)}) is not a version number.`,
    );
  return version;
}

export interface MigratedProject {
  readonly project: Project;
  /** The version the document had on disk. */
  readonly from: number;
}

export function migrateProject(raw: unknown, label = 'project.json'): MigratedProject {
  const from = documentVersion(raw);
  if (from > PROJECT_VERSION) {
    throw new ProjectError(
      'TOO_NEW',
      `${label} was saved by a newer SoundStorm Studio (format version ${from}; this one reads up to ${PROJECT_VERSION}). Update the app to open it.`,
    );
  }
  let doc = raw;
  for (let v = from; v < PROJECT_VERSION; v++) {
    const step = migrations[v];
    if (step === undefined)
      throw new ProjectError('INVALID', `${label}: no migration from format version ${v}.`);
    try {
      doc = step(doc);
    } catch (error) {
      const reason =
        error instanceof ZodError
          ? describeIssues(error)
          : error instanceof Error
            ? error.message
            : String(error);
      throw new ProjectError('INVALID', `${label} (format version ${v}) cannot be upgraded: ${reason}`, {
        cause: error,
      });
    }
  }
  const parsed = projectSchema.safeParse(doc);
  if (!parsed.success)
    throw new ProjectError('INVALID', `${label} is not a valid project: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  return { project: parsed.data, from };
}
