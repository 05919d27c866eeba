/**
 * Type-level tests: the matchers are declared on vitest's assertions once the vitest entry is
 * imported, with their arguments typed.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import '@customer-journey/testing/vitest';
import type { SimulationResult, SimulationStep } from '@customer-journey/dsl';
import { checkTakeBranch, journeyMatchers, type CheckOutcome, type JourneyMatchers, type TimingOptions } from '@customer-journey/testing';

declare const run: SimulationResult;
const steps = run.contacts['ann'];

describe('matcher types', () => {
  it('declares the matchers on expect(...) and on the asymmetric matchers', () => {
    expectTypeOf(steps).toEqualTypeOf<readonly SimulationStep[] | undefined>();
    expect(steps).toReach('Thank you');
    expect(steps).not.toReceive('invite', { within: { value: 2, unit: 'Day' } });
    expect(steps).toTakeBranch('Registered?', 'yes', { at: new Date('2026-02-03T10:00:00Z') });
    expect(steps).toTakeBranch('A/B test', 1);
    expect(run.contacts).toEqual({ ann: expect.toReach('Thank you') });
    expectTypeOf(expect(steps).toReach).parameters.toEqualTypeOf<[tile: string, options?: TimingOptions]>();
  });

  it('refuses wrong arguments at compile time', () => {
    // @ts-expect-error a branch is 'yes', 'no' or a position
    expect(steps).toTakeBranch('Registered?', 'maybe');
    // @ts-expect-error the branch is required
    expect(steps).toTakeBranch('Registered?');
    // @ts-expect-error not a unit
    expect(steps).toReach('Thank you', { within: { value: 2, unit: 'Fortnight' } });
    // @ts-expect-error a tile is named by a string
    expect(steps).toReach(3);
    // @ts-expect-error no such matcher
    expect(steps).toVisit('Thank you');
  });

  it('types the plain functions and the matcher object', () => {
    expectTypeOf(checkTakeBranch(steps, 'Registered?', 'no')).toEqualTypeOf<CheckOutcome>();
    expectTypeOf(journeyMatchers.toReach(steps, 'x').message).toEqualTypeOf<() => string>();
    expectTypeOf<JourneyMatchers<void>['toReceive']>().returns.toEqualTypeOf<void>();
  });
});
