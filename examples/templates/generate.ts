/**
 * Template generation: one event-invitation journey per row of a data file (`events.json`, 100
 * events). The shared part of every journey is a plain function over the builder, applied with
 * `$call`, so each journey differs only in the data it is given.
 */
import { readFileSync } from 'node:fs';
import { journey, type JourneyTree, type TileMethods } from '@customer-journey/dsl';

/** One row of the data file. */
export interface EventRow {
  readonly code: string;
  readonly city: string;
  readonly edition: number;
  /** When the event takes place (ISO 8601, UTC). */
  readonly date: string;
  readonly segmentId: string;
  readonly invitationEmailId: string;
  readonly reminderEmailId: string;
  readonly pageId: string;
  /** Whether non-registrants get a reminder. */
  readonly reminder: boolean;
}

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The invitation flow shared by every event: email with the event page, then a trigger on
 * registration. Generic over the builder, so it fits at the top level and inside a branch alike.
 */
export function invitationFlow<Next extends TileMethods<Next, End>, End>(b: TileMethods<Next, End>, row: EventRow): End {
  return b
    .email(`Invitation ${row.city}`, {
      emailId: row.invitationEmailId,
      nested: [{ type: 'LandingPage', id: row.pageId, name: `${row.city} event page`, key: 'page' }],
    })
    .trigger(
      'Registered?',
      { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 7, unit: 'Day' } },
      row.reminder
        ? { no: (n) => n.email(`Reminder ${row.city}`, { emailId: row.reminderEmailId }) }
        : {},
    );
}

/** Builds the journey for one event: it runs from 30 days before the event until the event. */
export function eventJourney(row: EventRow): JourneyTree {
  const eventAt = Date.parse(row.date);
  return journey(`${row.code} ${row.city} #${row.edition}`, {
    target: 'contact',
    start: iso(eventAt - 30 * DAY),
    end: row.date,
    timeZone: 92,
    consent: 'Marketing',
  })
    .segment(`${row.city} audience`, { include: [{ id: row.segmentId, name: `audience_${row.code.toLowerCase()}` }] })
    .$call((b) => invitationFlow(b, row))
    .build();
}

/** Reads the data file. */
export function loadEvents(file: URL = new URL('./events.json', import.meta.url)): EventRow[] {
  return JSON.parse(readFileSync(file, 'utf8')) as EventRow[];
}

/** Every journey of the data file. */
export function eventJourneys(rows: readonly EventRow[] = loadEvents()): JourneyTree[] {
  return rows.map(eventJourney);
}
