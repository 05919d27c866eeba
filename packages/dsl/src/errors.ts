/**
 * Errors raised while building or editing a journey.
 *
 * @module
 */

/** Options of a {@link JourneyBuildError}. */
export interface JourneyBuildErrorOptions {
  /** Tile names from the root (root excluded) down to the offending tile; `[]` for the journey itself. */
  readonly path?: readonly string[];
  /** A short, stable code such as `unknown-key` or `malformed-guid`. */
  readonly code: string;
}

/**
 * A journey that cannot be built: bad options, an unknown key, a duplicate id, …
 *
 * The message names the tile by its path of names from the root and says what would be valid;
 * `path` and `code` carry the same facts for programs.
 *
 * @example
 * ```ts
 * try {
 *   journey('Welcome', { target: 'contact' }).email('', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }).build();
 * } catch (error) {
 *   if (error instanceof JourneyBuildError) {
 *     error.code; // 'empty-name'
 *     error.path; // ['']
 *   }
 * }
 * ```
 */
export class JourneyBuildError extends Error {
  override name = 'JourneyBuildError';
  /** Tile names from the root (root excluded) down to the offending tile; `[]` for the journey itself. */
  readonly path: readonly string[];
  /** A short, stable code such as `unknown-key` or `malformed-guid`. */
  readonly code: string;

  constructor(message: string, options: JourneyBuildErrorOptions) {
    super(message);
    this.path = Object.freeze([...(options.path ?? [])]);
    this.code = options.code;
  }
}

/**
 * The longest name a message quotes in full (journey and tile names); longer ones are cut.
 *
 * @example
 * ```ts
 * import { MAX_QUOTED_NAME_LENGTH, truncateName } from '@customer-journey/dsl';
 *
 * truncateName(name).length <= MAX_QUOTED_NAME_LENGTH; // true for names without astral characters
 * ```
 */
export const MAX_QUOTED_NAME_LENGTH = 80;

/**
 * A name as a message quotes it: names longer than `max` characters are cut to `max`, the last
 * one an ellipsis (`…`), so that a generated or pasted name cannot drown the message. Characters
 * are counted as code points, so a cut never splits one. The name itself (in a tree, in an
 * error's `path`) is never changed.
 *
 * @param name - a journey or tile name
 * @param max - the longest result @defaultValue {@link MAX_QUOTED_NAME_LENGTH}
 *
 * @example
 * ```ts
 * import { truncateName } from '@customer-journey/dsl';
 *
 * truncateName('Welcome');          // 'Welcome'
 * truncateName('a'.repeat(120));    // 79 × 'a', then '…': 80 characters
 * truncateName('Spring campaign', 8); // 'Spring …'
 * ```
 */
export function truncateName(name: string, max: number = MAX_QUOTED_NAME_LENGTH): string {
  const text = typeof name === 'string' ? name : String(name); // plain JavaScript may pass anything
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Describes a tile for a message: `Trigger "Registered?" (Customers › Invitation › Registered?)`.
 * Long names are cut ({@link truncateName}).
 *
 * @example
 * ```ts
 * describeTile('Email', 'Invitation', ['Customers', 'Invitation']);
 * // 'Email "Invitation" (Customers › Invitation)'
 * ```
 */
export function describeTile(type: string, name: string, path: readonly string[]): string {
  return `${type} "${truncateName(name)}" (${path.map((n) => truncateName(n)).join(' › ')})`;
}
