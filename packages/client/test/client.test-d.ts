/**
 * Types of the client's listing: plain `list()` yields journey records; `list({ tolerant: true })`
 * yields entries that must be narrowed on `ok` before the journey can be read.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { JourneyClient, JourneyRecord, ListEntry, RawJourneyRecord, UnreadableJourney } from '../src/index.js';

declare const client: JourneyClient;

describe('list', () => {
  it('yields records by default and entries in tolerant mode', () => {
    expectTypeOf(client.list()).toEqualTypeOf<AsyncIterable<JourneyRecord>>();
    expectTypeOf(client.list({ status: 'Live' })).toEqualTypeOf<AsyncIterable<JourneyRecord>>();
    expectTypeOf(client.list({ tolerant: true })).toEqualTypeOf<AsyncIterable<ListEntry>>();
  });

  it('an entry must be narrowed on ok before its journey is read', () => {
    const entry = {} as ListEntry;
    // @ts-expect-error an unreadable entry has no journey
    void entry.journey;
    if (entry.ok) expectTypeOf(entry.journey.settings.name).toEqualTypeOf<string>();
    else expectTypeOf(entry).toEqualTypeOf<UnreadableJourney>();
  });

  it('getRaw gives the text and the parsed entity', () => {
    expectTypeOf(client.getRaw('id')).toEqualTypeOf<Promise<RawJourneyRecord>>();
    expectTypeOf<RawJourneyRecord['text']>().toEqualTypeOf<string>();
  });
});
