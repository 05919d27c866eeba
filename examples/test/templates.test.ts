/** The template example: 100 journeys from one data file, all valid, all distinct, all stable. */
import { describe, expect, it } from 'vitest';
import { toCanonicalJson } from '@customer-journey/client';
import { findTiles, validateJourney } from '@customer-journey/dsl';
import { eventJourneys, loadEvents } from '../templates/generate.js';

describe('event journeys from events.json', () => {
  const rows = loadEvents();
  const journeys = eventJourneys(rows);

  it('makes one valid journey per row', () => {
    expect(journeys).toHaveLength(100);
    for (const j of journeys) expect(validateJourney(j).Result).toBe('Valid');
    expect(new Set(journeys.map((j) => j.settings.name)).size).toBe(100);
  });

  it('adds the reminder only where the data asks for it', () => {
    journeys.forEach((j, i) => {
      const [trigger] = findTiles(j, 'Trigger');
      const no = trigger?.children.find((c) => c.relation === 'NoBranch');
      expect(no?.type).toBe(rows[i]!.reminder ? 'Email' : 'empty');
    });
  });

  it('is deterministic: generating again gives the same journeys', () => {
    expect(eventJourneys(rows).map(toCanonicalJson)).toEqual(journeys.map(toCanonicalJson));
  });
});
