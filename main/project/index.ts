/**
 * The project: document schema and edits (pure, shareable with the renderer's store), and the
 * folder on disk (Node: atomic saves, autosave and recovery, voice and take files).
 */
export * from './document/index.js';
// Node-only below.
export { writeFileAtomic } from './atomic-write.js';
export {
  AUTOSAVES_KEPT,
  type Recovery,
  autosaveProject,
  discardAutosaves,
  findRecovery,
} from './autosave.js';
export { AUTOSAVE_INTERVAL_MS, Autosaver, type AutosaverOptions } from './autosaver.js';
export { importVoice, missingFiles, readTakeAudio, readTakeTokens, writeTakeFiles } from './files.js';
export { projectExportInput } from './mix-input.js';
export { AUTOSAVE_DIR, PROJECT_FILE, TAKES_DIR, VOICES_DIR, resolveInProject } from './paths.js';
export { type OpenedProject, openProject, parseProjectText, saveProject } from './save-load.js';
export { saveProjectAs, unreferencedFiles } from './save-as.js';
export { createDemoProject } from './demo.js';
export { storeRenderedTake } from './rendered-take.js';
