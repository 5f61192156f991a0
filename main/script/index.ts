/** Scripts: pasted `Name: text` and the JSON form, and adding them to a project. */
export { applyScript } from './apply.js';
export { type ScriptJson, parseScriptJson, scriptJsonSchema } from './json.js';
export { parseScriptText } from './text.js';
export * from './types.js';
