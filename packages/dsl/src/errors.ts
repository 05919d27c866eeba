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
 * Describes a tile for a message: `Trigger "Registered?" (Customers › Invitation › Registered?)`.
 *
 * @example
 * ```ts
 * describeTile('Email', 'Invitation', ['Customers', 'Invitation']);
 * // 'Email "Invitation" (Customers › Invitation)'
 * ```
 */
export function describeTile(type: string, name: string, path: readonly string[]): string {
  return `${type} "${name}" (${path.join(' › ')})`;
}
