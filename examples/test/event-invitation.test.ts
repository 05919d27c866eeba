/**
 * Testing a journey's structure: the kind of suite a marketing team keeps beside its journeys, so
 * that a pull request that breaks the intended flow fails before anyone pushes it.
 */
import { describe, expect, it } from 'vitest';
import { findItem, findTile, findTiles, tilePath, validateJourney, type Activity } from '@customer-journey/dsl';
import { eventInvitation } from '../journeys/event-invitation.js';
import { welcomeSeries } from '../journeys/welcome-series.js';

describe('event invitation', () => {
  it('passes the local Check for Errors', () => {
    expect(validateJourney(eventInvitation)).toEqual({ Result: 'Valid', ActivityValidationResults: [] });
  });

  it('starts with the customer segment', () => {
    const [entry] = eventInvitation.root.children;
    expect(entry?.type).toBe('Segment');
    expect(entry?.nested.map((s) => s.recordId)).toEqual(['51d2115b-544a-e911-a873-000d3a1fe344']);
  });

  it('waits for registrations on the event page linked from the invitation', () => {
    const [trigger] = findTiles(eventInvitation, 'Trigger');
    const page = findItem(eventInvitation, 'page');
    expect(trigger?.header?.conditions).toEqual([{ sourceItemId: String(page?.item.itemId), condition: 'UserRegistered' }]);
    expect(trigger?.header?.timeoutValue).toBe(5);
    expect(tilePath(eventInvitation, trigger!.id)).toEqual(['Customers', 'Invitation', 'Registered?']);
  });

  it('thanks registrants and calls them a day later; reminds the others', () => {
    const trigger = findTiles(eventInvitation, 'Trigger')[0]!;
    const branch = (relation: string): string[] => {
      const names: string[] = [];
      let tile: Activity | undefined = trigger.children.find((c) => c.relation === relation);
      while (tile) {
        names.push(`${tile.type}:${tile.header?.name ?? ''}`);
        tile = tile.children[0];
      }
      return names;
    };
    expect(branch('YesBranch')).toEqual(['Email:Thank you', 'Scheduler:Wait 1 day', 'CreateCrmActivity:Follow-up call']);
    expect(branch('NoBranch')).toEqual(['Email:Reminder']);
  });
});

describe('welcome series', () => {
  it('sends three emails, only on weekdays in office hours', () => {
    expect(findTiles(welcomeSeries, 'Email').map((e) => e.header?.name)).toEqual(['Welcome', 'Getting started', 'Tips and tricks']);
    for (const wait of findTiles(welcomeSeries, 'Scheduler')) {
      expect(wait.header).toMatchObject({ waitUntilSaturday: false, waitUntilSunday: false, waitUntilFromHour: 9, waitUntilToHour: 17 });
    }
  });

  it('keeps unsubscribed contacts out', () => {
    const segment = findTile(welcomeSeries, (t) => t.type === 'Segment');
    expect(segment?.nested.map((s) => [s.name, 'containment' in s ? s.containment : undefined])).toEqual([
      ['New contacts', 'Inclusion'],
      ['Unsubscribed', 'Exclusion'],
    ]);
  });
});
