/**
 * `@customer-journey/testing/vitest`: registers the journey matchers with vitest's `expect` and
 * declares them on its `Assertion` (and on the asymmetric matchers), so that
 * `expect(run.contacts['ann']).toReach('Thank you')` type-checks.
 *
 * ```ts no-check
 * // vitest.config.ts: test: { setupFiles: ['@customer-journey/testing/vitest'] }
 * // or at the top of a test file:
 * import '@customer-journey/testing/vitest';
 * ```
 *
 * @module
 */
import { expect } from 'vitest';
import { journeyMatchers, type JourneyMatchers } from './matchers.js';

expect.extend(journeyMatchers);

declare module 'vitest' {
  // The type parameter's default must repeat vitest's own declaration to merge with it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends JourneyMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends JourneyMatchers {}
}
