/**
 * Types of the client's listing: plain `list()` yields journey records; `list({ tolerant: true })`
 * yields entries that must be narrowed on `ok` before the journey can be read.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { JourneyStatus, JourneyTree } from '@customer-journey/dsl';
import type {
  DataverseError,
  JourneyChange,
  JourneyClient,
  JourneyPlan,
  JourneyRecord,
  LifecycleError,
  ListEntry,
  PushResult,
  RawJourneyRecord,
  UnreadableJourney,
} from '../src/index.js';

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

describe('plan and push', () => {
  it('plan answers a JourneyPlan; push an action that may be a new version', () => {
    const tree = {} as JourneyTree;
    expectTypeOf(client.plan(tree)).toEqualTypeOf<Promise<JourneyPlan>>();
    expectTypeOf<JourneyPlan['action']>().toEqualTypeOf<'create' | 'unchanged' | 'update' | 'blocked'>();
    expectTypeOf<PushResult['action']>().toEqualTypeOf<'created' | 'updated' | 'unchanged' | 'new-version'>();
    expectTypeOf<JourneyChange['kind']>().toEqualTypeOf<'settings' | 'tile' | 'pipeline'>();
    // @ts-expect-error live takes 'refuse' or 'edit'
    void client.push(tree, { live: 'force' });
    // @ts-expect-error onPipelineChange takes 'refuse' or 'new-version'
    void client.plan(tree, { onPipelineChange: 'overwrite' });
  });

  it('LifecycleError carries the status and the changes, and is no DataverseError', () => {
    expectTypeOf<LifecycleError['status']>().toEqualTypeOf<JourneyStatus | undefined>();
    expectTypeOf<LifecycleError['changes']>().toEqualTypeOf<readonly JourneyChange[]>();
    expectTypeOf<LifecycleError>().not.toMatchTypeOf<DataverseError>();
  });
});
