/**
 * Types of the raw record operations: `listRaw` yields entries whose id may be missing, the raw
 * writes take columns and give a write result.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { JourneyClient, RawListEntry, WriteResult } from '../src/index.js';

declare const client: JourneyClient;

describe('raw records', () => {
  it('listRaw yields entries whose id must be checked before use', () => {
    expectTypeOf(client.listRaw()).toEqualTypeOf<AsyncIterable<RawListEntry>>();
    expectTypeOf<RawListEntry['id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RawListEntry['text']>().toEqualTypeOf<string>();
    // @ts-expect-error listRaw reads raw records: there is no tolerant mode to ask for
    void client.listRaw({ tolerant: true });
  });

  it('createRaw and updateRaw take columns and give the write result', () => {
    expectTypeOf(client.createRaw('id', { msdyncrm_name: 'x' })).toEqualTypeOf<Promise<WriteResult>>();
    expectTypeOf(client.updateRaw).parameter(2).toEqualTypeOf<{ readonly ifMatch?: string; readonly signal?: AbortSignal } | undefined>();
  });
});
