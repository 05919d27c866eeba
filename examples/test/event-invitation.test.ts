/**
 * Testing journeys by what contacts experience: the kind of suite a marketing team keeps beside
 * its journeys, so that a pull request that breaks the intended flow fails before anyone pushes it.
 */
import { describe, expect, it } from 'vitest';
import '@customer-journey/testing/vitest';
import { simulate, validateJourney } from '@customer-journey/dsl';
import { eventInvitation } from '../journeys/event-invitation.js';
import { welcomeSeries } from '../journeys/welcome-series.js';

const CUSTOMERS = '51d2115b-544a-e911-a873-000d3a1fe344';

describe('event invitation', () => {
  const run = simulate(eventInvitation, {
    contacts: [
      { id: 'ann', segments: [CUSTOMERS] },
      { id: 'bob', segments: [CUSTOMERS] },
      { id: 'carol', segments: [] },
    ],
    interactions: [{ contact: 'ann', at: '2026-02-03T10:00:00Z', source: 'page', type: 'UserRegistered' }],
  });

  it('passes the local Check for Errors', () => {
    expect(validateJourney(eventInvitation)).toEqual({ Result: 'Valid', ActivityValidationResults: [] });
  });

  it('invites every customer at the start', () => {
    expect(run.contacts['ann']).toReceive('invite', { at: '2026-02-01T09:00:00Z' });
    expect(run.contacts['bob']).toReceive('invite', { at: '2026-02-01T09:00:00Z' });
    expect(run.contacts['carol']).not.toReach('Invitation');
  });

  it('thanks registrants at once and calls them a day later', () => {
    expect(run.contacts['ann']).toTakeBranch('Registered?', 'yes', { at: '2026-02-03T10:00:00Z' });
    expect(run.contacts['ann']).toReceive('Thank you', { at: '2026-02-03T10:00:00Z' });
    expect(run.contacts['ann']).toReach('Follow-up call', { at: '2026-02-04T10:00:00Z' });
    expect(run.contacts['ann']).not.toReceive('Reminder');
  });

  it('reminds the others when the five days are up', () => {
    expect(run.contacts['bob']).toTakeBranch('Registered?', 'no', { within: { value: 5, unit: 'Day' } });
    expect(run.contacts['bob']).toReceive('Reminder', { at: '2026-02-06T09:00:00Z' });
    expect(run.contacts['bob']).not.toReach('Follow-up call');
  });

  it('sends about the expected share of a thousand customers down each branch', () => {
    const random = simulate(eventInvitation, { contacts: 1_000, rates: { UserRegistered: 0.3 }, seed: 7 });
    const trigger = Object.values(random.tiles).find((t) => t.name === 'Registered?');
    expect(trigger?.branches?.['yes']).toBeGreaterThan(250);
    expect(trigger?.branches?.['yes']).toBeLessThan(350);
    expect(random.warnings).toEqual([]);
  });
});

describe('welcome series', () => {
  const NEW = '7a1b2c3d-0001-4e5f-8a9b-000000000001';
  const UNSUBSCRIBED = '7a1b2c3d-0001-4e5f-8a9b-000000000002';
  const run = simulate(welcomeSeries, {
    contacts: [
      { id: 'new', segments: [NEW] },
      { id: 'unsubscribed', segments: [NEW, UNSUBSCRIBED] },
    ],
    until: '2026-02-01T00:00:00Z',
  });

  it('sends three emails, the follow-ups only on weekdays in office hours', () => {
    expect(run.contacts['new']).toReceive('welcome', { at: '2026-01-05T08:00:00Z' });
    // Two days after Monday 08:00 is Wednesday 08:00, before the office opens at 9:00.
    expect(run.contacts['new']).toReceive('Getting started', { at: '2026-01-07T09:00:00Z' });
    expect(run.contacts['new']).toReceive('Tips and tricks', { at: '2026-01-12T09:00:00Z' });
  });

  it('keeps unsubscribed contacts out', () => {
    expect(run.contacts['unsubscribed']).toEqual([]);
    expect(run.contacts['unsubscribed']).not.toReceive('welcome');
  });
});
