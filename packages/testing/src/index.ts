/**
 * `@customer-journey/testing`: test journeys by what contacts experience. Matchers for vitest
 * (`toReach`, `toReceive`, `toTakeBranch`) and the same checks as plain functions for other
 * runners, over the timelines of `simulate` from `@customer-journey/dsl`. Failure messages print
 * the contact's path as tile names with times.
 *
 * With vitest, import `@customer-journey/testing/vitest` once (in a setup file, or at the top of a
 * test file): it calls `expect.extend` and declares the matchers on vitest's `Assertion`.
 *
 * @example
 * ```ts
 * import { describe, expect, it } from 'vitest';
 * import '@customer-journey/testing/vitest';
 * import { journey, simulate } from '@customer-journey/dsl';
 *
 * const tree = journey('Welcome', { start: '2026-02-02T09:00:00Z' })
 *   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', key: 'welcome' })
 *   .build();
 *
 * describe('welcome', () => {
 *   it('welcomes new contacts at once', () => {
 *     const run = simulate(tree, { contacts: [{ id: 'ann', segments: ['51d2115b-544a-e911-a873-000d3a1fe344'] }] });
 *     expect(run.contacts['ann']).toReceive('welcome', { at: '2026-02-02T09:00:00Z' });
 *   });
 * });
 * ```
 *
 * @packageDocumentation
 */
export {
  assertReaches,
  assertReceives,
  assertTakesBranch,
  checkReach,
  checkReceive,
  checkTakeBranch,
  JourneyAssertionError,
  type CheckOutcome,
  type TimingOptions,
} from './checks.js';
export { journeyMatchers, type JourneyMatcherFunctions, type JourneyMatchers, type MatcherResult } from './matchers.js';
