/**
 * The error a scenario the simulation cannot run raises.
 *
 * @module
 */

/**
 * A scenario (or journey) the simulation cannot run: an unknown contact, key or interaction type,
 * a date that is no date, a rate outside 0–1, an unknown time-zone code, …
 *
 * The message names the place in the scenario (`interactions[2].source`) or the tile (its path of
 * names) and says what would be valid; `path` and `code` carry the same facts for programs.
 *
 * @example
 * ```ts
 * import { simulate, SimulationError } from '@customer-journey/dsl';
 * try {
 *   simulate(tree, { contacts: 10, rates: { UserRegistered: 1.5 } });
 * } catch (error) {
 *   if (error instanceof SimulationError) {
 *     error.path; // 'rates.UserRegistered'
 *     error.code; // 'invalid-rate'
 *   }
 * }
 * ```
 */
export class SimulationError extends Error {
  override name = 'SimulationError';
  /** Where in the scenario the problem is, e.g. `interactions[2].source`; `''` for the journey itself. */
  readonly path: string;
  /** A short, stable code such as `unknown-contact` or `invalid-date`. */
  readonly code: string;

  constructor(message: string, options: { readonly path: string; readonly code: string }) {
    super(message);
    this.path = options.path;
    this.code = options.code;
  }
}
