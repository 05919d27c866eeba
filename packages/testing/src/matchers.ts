/**
 * The matchers for `expect.extend`: `toReach`, `toReceive` and `toTakeBranch`, each a thin layer
 * over the plain checks.
 *
 * @module
 */
import type { SimulationStep, StepOutcome } from '@customer-journey/dsl';
import { checkReach, checkReceive, checkTakeBranch, type CheckOutcome, type TimingOptions } from './checks.js';

/**
 * What a matcher returns to the test runner: `pass`, and the message to show when the assertion
 * (or its negation with `.not`) fails. The shape of vitest's and Jest's synchronous matcher result.
 *
 * @example
 * ```ts
 * import type { MatcherResult } from '@customer-journey/testing';
 * const result: MatcherResult = { pass: true, message: () => 'expected the contact not to reach "Thank you", but it did …' };
 * ```
 */
export interface MatcherResult {
  /** Whether the contact did what the matcher asks. */
  readonly pass: boolean;
  /** The explanation, with the contact's path as tile names with times. */
  readonly message: () => string;
}

/**
 * The matchers as `expect(steps).toReach(…)` declares them; vitest's `Assertion` and
 * `AsymmetricMatchersContaining` extend this interface once `@customer-journey/testing/vitest`
 * is imported.
 *
 * @typeParam R - what each matcher returns (vitest's assertion type)
 *
 * @example
 * ```ts
 * import type { JourneyMatchers } from '@customer-journey/testing';
 * declare module 'my-runner' {
 *   interface Matchers<R> extends JourneyMatchers<R> {}
 * }
 * ```
 */
export interface JourneyMatchers<R = unknown> {
  /**
   * The contact reached the tile (by key, name or `ActivityId`), at `at` / `within` if given.
   *
   * @example
   * ```ts
   * expect(run.contacts['ann']).toReach('Follow-up call', { within: { value: 7, unit: 'Day' } });
   * ```
   */
  toReach(tile: string, options?: TimingOptions): R;
  /**
   * The contact received the email (by key, email GUID, name or `ActivityId`), at `at` / `within` if given.
   *
   * @example
   * ```ts
   * expect(run.contacts['bob']).toReceive('Reminder', { at: '2026-02-06T09:00:00Z' });
   * ```
   */
  toReceive(email: string, options?: TimingOptions): R;
  /**
   * The contact took the trigger's `'yes'` or `'no'` branch (or a split's branch by position),
   * at `at` / `within` if given (the moment it left the tile).
   *
   * @example
   * ```ts
   * expect(run.contacts['ann']).toTakeBranch('Registered?', 'yes', { at: '2026-02-03T10:00:00Z' });
   * ```
   */
  toTakeBranch(tile: string, branch: StepOutcome, options?: TimingOptions): R;
}

/**
 * The implementations of {@link JourneyMatchers}, in the form `expect.extend` takes (a type
 * alias, so that it fits the runner's record of matchers).
 *
 * @example
 * ```ts
 * import { journeyMatchers, type JourneyMatcherFunctions } from '@customer-journey/testing';
 * const matchers: JourneyMatcherFunctions = journeyMatchers;
 * ```
 */
export type JourneyMatcherFunctions = {
  /** See {@link JourneyMatchers.toReach}. */
  toReach(received: unknown, tile: string, options?: TimingOptions): MatcherResult;
  /** See {@link JourneyMatchers.toReceive}. */
  toReceive(received: unknown, email: string, options?: TimingOptions): MatcherResult;
  /** See {@link JourneyMatchers.toTakeBranch}. */
  toTakeBranch(received: unknown, tile: string, branch: StepOutcome, options?: TimingOptions): MatcherResult;
};

const result = (outcome: CheckOutcome): MatcherResult => ({ pass: outcome.pass, message: () => outcome.message });
const steps = (received: unknown): readonly SimulationStep[] | undefined => received as readonly SimulationStep[] | undefined;

/**
 * The matchers, for `expect.extend(journeyMatchers)` in vitest (or Jest). Importing
 * `@customer-journey/testing/vitest` does that for you and types them.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { journeyMatchers } from '@customer-journey/testing';
 * expect.extend(journeyMatchers);
 * ```
 */
export const journeyMatchers: JourneyMatcherFunctions = Object.freeze({
  toReach: (received: unknown, tile: string, options?: TimingOptions): MatcherResult => result(checkReach(steps(received), tile, options)),
  toReceive: (received: unknown, email: string, options?: TimingOptions): MatcherResult => result(checkReceive(steps(received), email, options)),
  toTakeBranch: (received: unknown, tile: string, branch: StepOutcome, options?: TimingOptions): MatcherResult =>
    result(checkTakeBranch(steps(received), tile, branch, options)),
});
