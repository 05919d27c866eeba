/**
 * Records as the org sends them, and written back as they were: the page scan that finds each
 * record's text, `listRaw`, `createRaw` and `updateRaw`, against the emulator over real HTTP.
 */
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyError, NotFoundError, toEntity, type RawListEntry } from '../src/index.js';
import { collectionElementTexts } from '../src/http/raw-page.js';
import { clientFor, observedFetch, sampleJourney, testGuid } from './client-helpers.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.reset();
});

describe('collectionElementTexts', () => {
  it('cuts each element of value out of the body, spacing, escapes and nesting as they stand', () => {
    const body = '{ "@odata.context" : "x" ,\n "value" : [ {"a": "b\\"]}[{" , "n":[1,{"c":null}]} ,{"u":"\\u00e9\\\\"}\n] , "@odata.nextLink":"next"}';
    expect(collectionElementTexts(body)).toEqual(['{"a": "b\\"]}[{" , "n":[1,{"c":null}]}', '{"u":"\\u00e9\\\\"}']);
    const texts = collectionElementTexts(body)!;
    expect(texts.map((t) => JSON.parse(t) as unknown)).toEqual((JSON.parse(body) as { value: unknown[] }).value);
  });

  it('handles an empty page, scalars and a value key that comes first or twice', () => {
    expect(collectionElementTexts('{"value":[]}')).toEqual([]);
    expect(collectionElementTexts('{"value":[1, "two",true,null]}')).toEqual(['1', '"two"', 'true', 'null']);
    expect(collectionElementTexts('{"value":[{"a":1}],"value":[{"b":2}]}')).toEqual(['{"b":2}']);
  });

  it('gives undefined for a body that is not a page', () => {
    expect(collectionElementTexts('[]')).toBeUndefined();
    expect(collectionElementTexts('{}')).toBeUndefined();
    expect(collectionElementTexts('{"value":{"a":1}}')).toBeUndefined();
    expect(collectionElementTexts('{"value":[{"a":1}')).toBeUndefined();
    expect(collectionElementTexts('')).toBeUndefined();
  });
});

async function all(source: AsyncIterable<RawListEntry>): Promise<RawListEntry[]> {
  const out: RawListEntry[] = [];
  for await (const entry of source) out.push(entry);
  return out;
}

describe('listRaw', () => {
  it('yields every record page by page with all columns and annotations, a malformed one too', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    await client.push(sampleJourney('Readable A', 1));
    const [bad] = emulator.seed([{ msdyncrm_name: 'Unreadable', msdyncrm_workflowdefinition: 'not json', new_customcolumn: 'kept' }]);
    await client.push(sampleJourney('Readable B', 2));
    const before = seen.length;
    const entries = await all(client.listRaw({ pageSize: 2 }));
    expect(entries.map((e) => e.entity['msdyncrm_name'])).toEqual(['Readable A', 'Unreadable', 'Readable B']);
    expect(entries[1]?.id).toBe(bad);
    expect(entries[1]?.entity['new_customcolumn']).toBe('kept');
    expect(entries[1]?.entity['statuscode@OData.Community.Display.V1.FormattedValue']).toBe('Draft');
    for (const e of entries) {
      expect(JSON.parse(e.text)).toEqual(e.entity);
      expect(e.etag).toBe(e.entity['@odata.etag']);
    }
    const lists = seen.slice(before);
    expect(lists).toHaveLength(2); // two pages, the second through @odata.nextLink
    expect(lists[0]?.headers['prefer']).toBe('odata.include-annotations="*",odata.maxpagesize=2');
    expect(lists[0]?.url).not.toContain('$select');
  });

  it('keeps each record byte for byte as it stands in the page, whatever the formatting', async () => {
    const client0 = clientFor(emulator.url);
    await client0.push(sampleJourney('Café crème', 1, { description: 'line\nbreak' }));
    // A service that pretty-prints and escapes non-ASCII characters.
    const reformatting: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      const text = JSON.stringify(await response.json(), null, 1).replace(/é/g, '\\u00e9');
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const [entry] = await all(clientFor(emulator.url, { fetch: reformatting }).listRaw());
    expect(entry?.text).toContain('"msdyncrm_name": "Caf\\u00e9 crème"');
    expect(entry?.text).toMatch(/^\{\n +"@odata\.etag": /);
    expect(entry?.entity['msdyncrm_name']).toBe('Café crème');
    expect(JSON.parse(entry!.text)).toEqual(entry?.entity);
  });

  it('selects columns, filters by status, asks for no annotations when told', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    await client.push(sampleJourney('Draft one', 1));
    emulator.seed([{ msdyncrm_name: 'Live one', statuscode: 192350001 }]);
    const entries = await all(client.listRaw({ select: ['msdyncrm_name'], status: 'Live', annotations: false }));
    expect(entries.map((e) => Object.keys(e.entity).sort())).toEqual([['@odata.etag', 'msdyncrm_customerjourneyid', 'msdyncrm_name']]);
    const url = decodeURIComponent(seen.at(-1)?.url ?? '');
    expect(url).toContain('$select=msdyncrm_customerjourneyid,msdyncrm_name');
    expect(url).toContain('statuscode eq 192350001');
    expect(seen.at(-1)?.headers['prefer']).toBeUndefined();
    await expect(client.listRaw({ select: ['name; drop'] })[Symbol.asyncIterator]().next()).rejects.toThrow('Not a column name');
    await expect(all(client.listRaw({ pageSize: 5001 }))).rejects.toThrow('pageSize must be at most 5000');
  });

  it('yields a record without a usable id with id undefined instead of dropping it', async () => {
    const page = JSON.stringify({ value: [{ msdyncrm_name: 'No id' }, { msdyncrm_customerjourneyid: 'nope', msdyncrm_name: 'Bad id' }] });
    const client = clientFor(emulator.url, { fetch: async () => new Response(page, { status: 200, headers: { 'Content-Type': 'application/json' } }) });
    const entries = await all(client.listRaw());
    expect(entries.map((e) => [e.id, e.entity['msdyncrm_name'], e.text])).toEqual([
      [undefined, 'No id', '{"msdyncrm_name":"No id"}'],
      [undefined, 'Bad id', '{"msdyncrm_customerjourneyid":"nope","msdyncrm_name":"Bad id"}'],
    ]);
  });
});

describe('createRaw and updateRaw', () => {
  it('createRaw writes exactly the columns given under the chosen id, and refuses an id that exists', async () => {
    const client = clientFor(emulator.url);
    const id = testGuid('cafe0000', 1);
    const definition = '[\n  {"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01","Properties":{"Items":[]}}\n]';
    const columns = { msdyncrm_name: 'Raw', msdyncrm_entitytarget: 0, msdyncrm_workflowdefinition: definition, new_region: 'EMEA', 'ownerid@odata.bind': `/teams(${testGuid('7ea00000', 1)})` };
    const { etag } = await client.createRaw(id, columns);
    expect(etag).toMatch(/^W\/"\d+"$/);
    const stored = emulator.record(id)!;
    expect(stored['msdyncrm_workflowdefinition']).toBe(definition);
    expect(stored['new_region']).toBe('EMEA');
    expect(stored['_ownerid_value']).toBe(testGuid('7ea00000', 1));
    expect(stored['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('team');
    const error = await client.createRaw(id, { msdyncrm_name: 'Other' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect((error as Error).message).toContain(`A journey with the id ${id} already exists; nothing was written`);
    expect(emulator.record(id)?.['msdyncrm_name']).toBe('Raw');
  });

  it('updateRaw writes to an existing record only, with If-Match', async () => {
    const client = clientFor(emulator.url);
    const id = await client.create(sampleJourney('To update', 1));
    const raw = await client.getRaw(id);
    await client.updateRaw(id, { msdyncrm_description: 'changed' }, { ifMatch: raw.etag! });
    expect(emulator.record(id)?.['msdyncrm_description']).toBe('changed');
    await expect(client.updateRaw(id, { msdyncrm_description: 'stale' }, { ifMatch: raw.etag! })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(emulator.record(id)?.['msdyncrm_description']).toBe('changed');
    const missing = testGuid('beef0000', 9);
    await expect(client.updateRaw(missing, toEntity(sampleJourney('Nobody', 2)))).rejects.toBeInstanceOf(NotFoundError);
    expect(emulator.record(missing)).toBeUndefined();
  });
});
