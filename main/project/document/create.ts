/** A new, empty project document. */
import { PROJECT_VERSION, type Project, projectSchema } from './schema.js';

export function createProject(name: string, now: Date = new Date()): Project {
  return projectSchema.parse({
    version: PROJECT_VERSION,
    name,
    createdAt: now.toISOString(),
    speakers: [],
    turns: [],
    clips: [],
    takes: [],
  });
}
