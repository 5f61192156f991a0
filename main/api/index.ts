export * from './contract.js';
export * from './envelope.js';
export * from './errors.js';
export * from './schemas.js';
export type * from './service.js';
export type * from './units.js';
export type * from './bridge.js';
export { PRELOAD_GLOBAL } from './bridge.js';
export * from './studio-schemas.js';
