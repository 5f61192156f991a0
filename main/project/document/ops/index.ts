/** Every edit of the project document, pure functions a store can wrap for undo/redo. */
export * from './lookup.js';
export * from './speakers.js';
export * from './takes.js';
export * from './timeline.js';
export * from './turns.js';
