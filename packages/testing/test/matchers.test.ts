/**
 * The matchers in vitest and the plain checks: passing, failing, negated, with timing, and the
 * failure text that prints the contact's path.
 */
import { describe, expect, it } from 'vitest';
import '@customer-journey/testing/vitest';
import { journey, simulate, type SimulationStep } from '@customer-journey/dsl';
import {
  assertReaches,
  assertReceives,
  assertTakesBranch,
  checkReach,
  checkReceive,
  checkTakeBranch,
  JourneyAssertionError,
  journeyMatchers,
} from '@customer-journey/testing';

const CUSTOMERS = '51d2115b-544a-e911-a873-000d3a1fe344';
const REMINDER = '384e5a1a-464a-e911-a873-000d3a1fe344';

const invitation = journey('Event invitation', { start: '2026-02-02T09:00:00Z', end: '2026-03-02T09:00:00Z', timeZone: 92 })
  .segment('Customers', { include: [{ id: CUSTOMERS }] })
  .email('Invitation', {
    emailId: '184e5a1a-464a-e911-a873-000d3a1fe344',
    key: 'invite',
    nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }],
  })
  .trigger('Registered?', { key: 'registered', conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
    yes: (b) =>
      b
        .email('Thank you', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344', key: 'thanks' })
        .wait({ duration: { value: 1, unit: 'Day' } })
        .activity('Follow-up call', { activityType: 'phonecall' }),
    no: (b) => b.email('Reminder', { emailId: REMINDER }),
  })
  .build();

const run = simulate(invitation, {
  contacts: [
    { id: 'ann', segments: [CUSTOMERS] },
    { id: 'bob', segments: [CUSTOMERS] },
  ],
  interactions: [{ contact: 'ann', at: '2026-02-04T10:00:00Z', source: 'page', type: 'UserRegistered' }],
});
const ann = run.contacts['ann'];
const bob = run.contacts['bob'];

const BOB_PATH = [
  '  2026-02-02 09:00 UTC  Customers',
  '  2026-02-02 09:00 UTC  Invitation (email sent)',
  '  2026-02-02 09:00 UTC  Registered? (no at 2026-02-07 09:00 UTC)',
  '  2026-02-07 09:00 UTC  Reminder (email sent)',
].join('\n');

/** The message of what `fn` throws. */
const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
};

describe('expect(steps).toReach', () => {
  it('passes for a tile the contact reached, by name, key or ActivityId', () => {
    expect(ann).toReach('Follow-up call');
    expect(ann).toReach('thanks');
    expect(ann).toReach('01_0_1_2_3');
    expect(bob).not.toReach('Follow-up call');
  });

  it('checks the timing: at the moment, or within a time of entering the journey', () => {
    expect(ann).toReach('Follow-up call', { at: '2026-02-05T10:00:00Z' });
    expect(ann).toReach('Follow-up call', { at: new Date('2026-02-05T10:00:00Z'), within: { value: 4, unit: 'Day' } });
    expect(ann).not.toReach('Follow-up call', { within: { value: 3, unit: 'Day' } });
  });

  it('fails with the path as tile names with times', () => {
    expect(thrown(() => expect(bob).toReach('Follow-up call'))).toBe(`expected the contact to reach "Follow-up call", but it did not; its path:\n${BOB_PATH}`);
  });

  it('fails with when it did happen when the timing is off', () => {
    expect(thrown(() => expect(ann).toReach('Thank you', { within: { value: 1, unit: 'Day' } }))).toMatch(
      /^expected the contact to reach "Thank you" within 1 day of entering the journey, but it did so only at 2026-02-04 10:00 UTC; its path:\n {2}2026-02-02 09:00 UTC {2}Customers\n/,
    );
  });

  it('fails a negation with the moment it happened', () => {
    expect(thrown(() => expect(bob).not.toReach('Reminder'))).toBe(`expected the contact not to reach "Reminder", but it did at 2026-02-07 09:00 UTC; its path:\n${BOB_PATH}`);
  });

  it('explains a missing timeline or a whole result instead of steps', () => {
    expect(thrown(() => expect(run.contacts['carol']).toReach('Reminder'))).toBe(
      'expected the contact to reach "Reminder", but there is no timeline: pass one contact\'s steps, result.contacts[id], from a simulation with a list of contacts (or timelines: true)',
    );
    expect(thrown(() => expect(run).toReach('Reminder'))).toBe(
      'expected the contact to reach "Reminder", but received a whole simulation result: pass one contact\'s steps, result.contacts[id]',
    );
  });

  it('works as an asymmetric matcher', () => {
    expect(run.contacts).toEqual({ ann: expect.toReach('Follow-up call'), bob: expect.toReceive('Reminder') });
    expect(run.contacts).not.toEqual({ ann: expect.toReach('Reminder'), bob: expect.anything() });
  });
});

describe('expect(steps).toReceive', () => {
  it('passes for an email received, by key, email GUID in any form, name or ActivityId', () => {
    expect(ann).toReceive('invite');
    expect(bob).toReceive(REMINDER);
    expect(bob).toReceive(`{${REMINDER.toUpperCase()}}`);
    expect(bob).toReceive('Reminder', { at: '2026-02-07T09:00:00Z' });
    expect(ann).not.toReceive('Reminder');
  });

  it('does not count tiles that are no emails', () => {
    expect(ann).not.toReceive('Follow-up call');
  });

  it('fails with the path', () => {
    expect(thrown(() => expect(bob).toReceive('thanks'))).toBe(`expected the contact to receive the email "thanks", but it did not; its path:\n${BOB_PATH}`);
    expect(thrown(() => expect(bob).toReceive('Reminder', { at: '2026-02-06T09:00:00Z' }))).toBe(
      `expected the contact to receive the email "Reminder" at 2026-02-06 09:00 UTC, but it did so only at 2026-02-07 09:00 UTC; its path:\n${BOB_PATH}`,
    );
  });
});

describe('expect(steps).toTakeBranch', () => {
  it('passes for the branch taken, timed by when the contact left the trigger', () => {
    expect(ann).toTakeBranch('Registered?', 'yes');
    expect(ann).toTakeBranch('registered', 'yes', { at: '2026-02-04T10:00:00Z', within: { value: 3, unit: 'Day' } });
    expect(bob).toTakeBranch('Registered?', 'no', { at: '2026-02-07T09:00:00Z' });
    expect(bob).not.toTakeBranch('Registered?', 'yes');
  });

  it('fails with the path', () => {
    expect(thrown(() => expect(bob).toTakeBranch('Registered?', 'yes'))).toBe(
      `expected the contact to take the yes branch of "Registered?", but it did not; its path:\n${BOB_PATH}`,
    );
  });

  it('checks split branches by position', () => {
    const split = journey('Split', { start: '2026-02-02T09:00:00Z' })
      .segment('All', { include: [{ id: CUSTOMERS }] })
      .split('A/B', [{ name: 'A' }, { name: 'B' }])
      .build();
    const steps = simulate(split, { contacts: [{ id: 'ann', segments: [CUSTOMERS] }], splits: { 'A/B': { percentages: [100] } } }).contacts['ann'];
    expect(steps).toTakeBranch('A/B', 0);
    expect(steps).not.toTakeBranch('A/B', 1);
    expect(thrown(() => expect(steps).toTakeBranch('A/B', 1))).toMatch(/^expected the contact to take branch 1 of "A\/B", but it did not; its path:/);
  });

  it('refuses a branch that is none', () => {
    expect(() => expect(ann).toTakeBranch('Registered?', 'maybe' as 'yes')).toThrow(
      `branch must be 'yes', 'no' or a split branch's position (0, 1, …), not "maybe"`,
    );
    expect(() => expect(ann).toReach('')).toThrow('tile must be a non-empty string (a key, a name or an ActivityId), not ""');
  });
});

describe('plain functions for other runners', () => {
  it('check without throwing', () => {
    expect(checkReach(ann, 'Follow-up call')).toEqual({
      pass: true,
      message: expect.stringMatching(/^expected the contact not to reach "Follow-up call", but it did at 2026-02-05 10:00 UTC; its path:\n/),
    });
    expect(checkReceive(bob, 'thanks').pass).toBe(false);
    expect(checkTakeBranch(bob, 'Registered?', 'no', { within: { value: 5, unit: 'Day' } }).pass).toBe(true);
    expect(checkTakeBranch(bob, 'Registered?', 'no', { within: { value: 4, unit: 'Day' } }).pass).toBe(false);
  });

  it('assert by throwing a JourneyAssertionError with the same message', () => {
    expect(() => assertReaches(ann, 'Follow-up call')).not.toThrow();
    expect(() => assertReceives(bob, 'Reminder')).not.toThrow();
    expect(() => assertTakesBranch(ann, 'Registered?', 'yes')).not.toThrow();
    let error: unknown;
    try {
      assertReaches(bob, 'Follow-up call');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JourneyAssertionError);
    expect((error as Error).message).toBe(`expected the contact to reach "Follow-up call", but it did not; its path:\n${BOB_PATH}`);
    expect(() => assertReceives(bob, 'thanks')).toThrow(JourneyAssertionError);
    expect(() => assertTakesBranch(bob, 'Registered?', 'yes')).toThrow('expected the contact to take the yes branch of "Registered?"');
  });

  it('give the same answers as the matchers', () => {
    const steps = ann as readonly SimulationStep[];
    const outcome = journeyMatchers.toReach(steps, 'Reminder');
    expect(outcome.pass).toBe(false);
    expect(outcome.message()).toBe(checkReach(steps, 'Reminder').message);
  });

  it('refuse a timing that is no date', () => {
    expect(() => checkReach(ann, 'Reminder', { at: 'soon' })).toThrow('at "soon" is not a date; use an ISO 8601 date-time such as 2026-02-03T10:00:00Z');
  });
});
