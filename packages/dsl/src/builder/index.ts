/**
 * The fluent, immutable journey builder.
 *
 * @module
 */
export { journey } from './builder.js';
export type * from './types.js';
