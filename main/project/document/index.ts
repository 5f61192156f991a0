/**
 * The project document without Node: schema, migration, edits. The renderer's store can use it as
 * it is (see purity.test.ts); the folder on disk is main/project's Node side.
 */
export { createProject } from './create.js';
export { ProjectError, type ProjectErrorCode } from './errors.js';
export { newId } from './ids.js';
export { type MigratedProject, documentVersion, migrateProject } from './migrate.js';
export * from './ops/index.js';
export { referencedFiles } from './references.js';
export * from './schema.js';
export { describeIssues } from './zod-issues.js';
