/**
 * Every operation of the journey client against the emulator over real HTTP: create, get, list
 * (paging, filters), update (ETags, races), delete, validate, go live and stop (with waiting),
 * push and pushMany.
 */
import { reconcileIds } from '@customer-journey/dsl';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  type Clock,
  guid,
  journeyIdFromName,
  type JourneyRecord,
  NotFoundError,
  odataFilter,
  buildFilter,
  serializeDesignerState,
  serializeWorkflowDefinition,
  TimeoutError,
} from '../src/index.js';
import { brokenJourney, clientFor, observedFetch, sampleJourney, testGuid } from './client-helpers.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ goLiveDelayMs: 60_000, stopDelayMs: 60_000 });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.reset();
});

/** A clock whose sleep completes the emulator's pending status changes instead of waiting. */
const settlingClock = (target: Emulator): Clock => ({
  now: () => Date.now(),
  sleep: async () => {
    await target.settle();
  },
});

async function collect(iterable: AsyncIterable<JourneyRecord>): Promise<JourneyRecord[]> {
  const out: JourneyRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

describe('create and get', () => {
  it('creates a journey under a client-chosen id and reads it back as a record', async () => {
    const client = clientFor(emulator.url);
    const tree = sampleJourney('Welcome series', 1, { description: 'First contact' });
    const id = await client.create(tree);

    const record = await client.get(id);
    expect(record.id).toBe(id);
    expect(record.etag).toMatch(/^W\/"\d+"$/);
    expect(record.statusCode).toBe(192350000);
    expect(record.status).toBe('Draft');
    expect(record.journey.settings).toMatchObject({ name: 'Welcome series', target: 'contact', description: 'First contact' });
    expect(serializeWorkflowDefinition(record.journey)).toBe(serializeWorkflowDefinition(tree));
    expect(record.entity['msdyncrm_customerjourneydesignerstate']).toBe(serializeDesignerState(tree));
    expect(emulator.record(id)?.['msdyncrm_workflowdefinition']).toBe(serializeWorkflowDefinition(tree));
  });

  it('accepts an explicit id in any GUID spelling', async () => {
    const client = clientFor(emulator.url);
    const id = testGuid('c0ffee00', 1);
    await expect(client.create(sampleJourney('Explicit id'), { id: `{${id.toUpperCase()}}` })).resolves.toBe(id);
    await expect(client.get(id.toUpperCase())).resolves.toMatchObject({ id });
    await expect(client.get("x') or (1 eq 1")).rejects.toThrow(TypeError);
  });

  it('a create whose response was lost is retried without making a duplicate', async () => {
    const client = clientFor(emulator.url);
    emulator.faults.script([{ kind: 'drop-after', match: { method: 'PATCH' } }]);
    const id = await client.create(sampleJourney('Lost response'));
    expect(emulator.records()).toHaveLength(1);
    expect(emulator.records()[0]?.['msdyncrm_customerjourneyid']).toBe(id);
    expect(emulator.stats.faultsByKind['drop-after']).toBe(1);
  });

  it('a create over an existing, different journey is a ConcurrencyError', async () => {
    const client = clientFor(emulator.url);
    const id = await client.create(sampleJourney('Taken', 1));
    await expect(client.create(sampleJourney('Taken', 2), { id })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(client.create(sampleJourney('Taken', 2), { id })).rejects.toThrow(/already exists; use update\(\) or push\(\)/);
  });

  it('get with select reads the chosen columns plus the ones a record needs', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    const id = await client.create(sampleJourney('Selected', 1, { description: 'not selected' }));
    const record = await client.get(id, { select: ['modifiedon'] });
    expect(decodeURIComponent(seen.at(-1)!.url)).toContain('$select=msdyncrm_customerjourneyid,statuscode,msdyncrm_name,');
    expect(record.entity).toHaveProperty('modifiedon');
    expect(record.entity).not.toHaveProperty('msdyncrm_description');
    expect(record.journey.settings.name).toBe('Selected');
  });
});

describe('list', () => {
  it('follows @odata.nextLink across pages', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    for (let i = 0; i < 7; i += 1) await client.create(sampleJourney(`Paged ${i}`, i));
    seen.length = 0;

    const records = await collect(client.list({ pageSize: 3 }));
    expect(records.map((r) => r.journey.settings.name).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Paged ${i}`));
    expect(new Set(records.map((r) => r.id)).size).toBe(7);
    expect(seen).toHaveLength(3);
    expect(seen.every((r) => r.headers['prefer'] === 'odata.maxpagesize=3')).toBe(true);
    expect(seen.slice(1).every((r) => r.url.includes('skiptoken'))).toBe(true);
  });

  it('stops at top, without reading further pages', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    for (let i = 0; i < 7; i += 1) await client.create(sampleJourney(`Top ${i}`, i));
    seen.length = 0;
    const records = await collect(client.list({ top: 4, pageSize: 3 }));
    expect(records).toHaveLength(4);
    expect(seen).toHaveLength(2);
  });

  it("filters by a name with a quote: O'Brien matches itself and nothing else", async () => {
    const client = clientFor(emulator.url);
    await client.push(sampleJourney("O'Brien", 1));
    await client.push(sampleJourney('Brien', 2));
    await client.push(sampleJourney("O'Brien' or msdyncrm_name ne '", 3));

    const structured = await collect(client.list({ filter: { msdyncrm_name: "O'Brien" } }));
    expect(structured.map((r) => r.journey.settings.name)).toEqual(["O'Brien"]);
    const tagged = await collect(client.list({ filter: odataFilter`msdyncrm_name eq ${"O'Brien"}` }));
    expect(tagged.map((r) => r.journey.settings.name)).toEqual(["O'Brien"]);
    const injected = await collect(client.list({ filter: { msdyncrm_name: "O'Brien' or msdyncrm_name ne '" } }));
    expect(injected.map((r) => r.journey.settings.name)).toEqual(["O'Brien' or msdyncrm_name ne '"]);
  });

  it('filters by status and combines it with a filter', async () => {
    const client = clientFor(emulator.url, { clock: settlingClock(emulator) });
    const live = await client.create(sampleJourney('Live one', 1));
    await client.create(sampleJourney('Draft one', 2));
    await client.goLive(live, { wait: true });

    expect((await collect(client.list({ status: 'Live' }))).map((r) => r.id)).toEqual([live]);
    expect((await collect(client.list({ status: ['Draft', 'Stopped'] }))).map((r) => r.journey.settings.name)).toEqual(['Draft one']);
    expect(await collect(client.list({ status: 'Live', filter: { msdyncrm_name: { startswith: 'Draft' } } }))).toEqual([]);
  });

  it('the filter builder escapes values and checks field names', () => {
    expect(buildFilter({ msdyncrm_name: "O'Brien", statuscode: 192350000 })).toBe("msdyncrm_name eq 'O''Brien' and statuscode eq 192350000");
    expect(buildFilter({ or: [{ statuscode: 192350001 }, { msdyncrm_name: { contains: "'" } }] })).toBe(
      "statuscode eq 192350001 or contains(msdyncrm_name,'''')",
    );
    expect(buildFilter({ not: { statuscode: { in: [1, 2] } } })).toBe('not ((statuscode eq 1 or statuscode eq 2))');
    expect(buildFilter({ _ownerid_value: guid('{1922B1D8-0523-E911-A9BA-000D3A1E689F}'), createdon: { ge: new Date('2026-01-01T00:00:00Z') } })).toBe(
      '_ownerid_value eq 1922b1d8-0523-e911-a9ba-000d3a1e689f and createdon ge 2026-01-01T00:00:00.000Z',
    );
    expect(() => buildFilter({ 'name eq 1 or 1': 1 })).toThrow(TypeError);
    expect(() => buildFilter({ statuscode: Number.NaN })).toThrow(RangeError);
    expect(() => buildFilter({ and: ["raw text" as never] })).toThrow(TypeError);
    expect(() => guid("1' or 1 eq 1")).toThrow(TypeError);
  });
});

describe('getRaw and tolerant list', () => {
  it('getRaw returns the body byte for byte, every column and its annotations, even with a malformed definition', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    const [id] = emulator.seed([{ msdyncrm_name: 'Broken', msdyncrm_workflowdefinition: '[{"ActivityTypeId":', new_customcolumn: 'kept' }]);
    const raw = await client.getRaw(id!);
    expect(raw.id).toBe(id);
    expect(raw.etag).toMatch(/^W\/"\d+"$/);
    expect(raw.entity['msdyncrm_workflowdefinition']).toBe('[{"ActivityTypeId":');
    expect(raw.entity['new_customcolumn']).toBe('kept');
    expect(JSON.parse(raw.text)).toEqual(raw.entity);
    expect(seen.at(-1)?.url).not.toContain('$select');
    expect(seen.at(-1)?.headers['prefer']).toBe('odata.include-annotations="*"');
    await expect(client.get(id!)).rejects.toThrow(/workflow definition|msdyncrm_workflowdefinition/i);
  });

  it('getRaw refuses a record whose id is not the one asked for', async () => {
    const asked = testGuid('dddd0000', 1);
    const other = testGuid('dddd0000', 2);
    const lying: typeof globalThis.fetch = async () =>
      new Response(JSON.stringify({ msdyncrm_customerjourneyid: other, msdyncrm_name: 'Other' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    const client = clientFor(emulator.url, { fetch: lying });
    await expect(client.getRaw(asked)).rejects.toThrow(`Asked for the journey ${asked} and got the record ${other}`);
  });

  it('list({ tolerant: true }) yields unreadable records with their raw entity and goes on', async () => {
    const client = clientFor(emulator.url);
    await client.push(sampleJourney('Readable A', 1));
    const [bad] = emulator.seed([{ msdyncrm_name: 'Unreadable', msdyncrm_workflowdefinition: 'not json' }]);
    await client.push(sampleJourney('Readable B', 2));
    const entries = [];
    for await (const entry of client.list({ tolerant: true, pageSize: 1 })) entries.push(entry);
    expect(entries.map((e) => (e.ok ? e.journey.settings.name : `unreadable ${e.id}`))).toEqual(['Readable A', `unreadable ${bad}`, 'Readable B']);
    const unreadable = entries[1]!;
    if (unreadable.ok) throw new Error('expected an unreadable entry');
    expect(unreadable.entity['msdyncrm_name']).toBe('Unreadable');
    expect(unreadable.error.name).toBe('JourneyFormatError');
    // Without tolerance, the same listing stops at the unreadable record.
    const strict = async (): Promise<void> => {
      for await (const record of client.list({ pageSize: 1 })) void record;
    };
    await expect(strict()).rejects.toThrow();
  });
});

describe('update and delete', () => {
  it('update sends If-Match with the ETag this client read, and the new ETag is remembered', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    const id = await client.create(sampleJourney('Edited', 1));
    const before = await client.get(id);
    const { etag } = await client.update(id, sampleJourney('Edited', 2));
    expect(seen.at(-1)?.headers['if-match']).toBe(before.etag);
    expect(etag).toMatch(/^W\/"\d+"$/);
    expect(etag).not.toBe(before.etag);
    await client.update(id, sampleJourney('Edited', 3));
    expect(seen.at(-1)?.headers['if-match']).toBe(etag);
    expect(serializeWorkflowDefinition((await client.get(id)).journey)).toBe(serializeWorkflowDefinition(sampleJourney('Edited', 3)));
  });

  it('two writers race on one journey: one wins, the other gets ConcurrencyError', async () => {
    const setup = clientFor(emulator.url);
    const id = await setup.create(sampleJourney('Contested', 1));
    const alice = clientFor(emulator.url);
    const bob = clientFor(emulator.url);
    await Promise.all([alice.get(id), bob.get(id)]);

    const results = await Promise.allSettled([alice.update(id, sampleJourney('Contested', 2)), bob.update(id, sampleJourney('Contested', 3))]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    expect(won).toBeGreaterThanOrEqual(0);
    expect(lost?.reason).toBeInstanceOf(ConcurrencyError);
    const stored = emulator.record(id)?.['msdyncrm_workflowdefinition'];
    expect(stored).toBe(serializeWorkflowDefinition(sampleJourney('Contested', won === 0 ? 2 : 3)));
  });

  it('one client, two records read: each update uses the ETag of its own record', async () => {
    const client = clientFor(emulator.url);
    const id = await client.create(sampleJourney('Shared client', 1));
    const [a, b] = await Promise.all([client.get(id), client.get(id)]);
    await client.update(id, sampleJourney('Shared client', 2), { ifMatch: a.etag! });
    await expect(client.update(id, sampleJourney('Shared client', 3), { ifMatch: b.etag! })).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('update of a journey that does not exist is NotFoundError (no upsert), unless ifMatch is false', async () => {
    const client = clientFor(emulator.url);
    const id = testGuid('0dd00000', 1);
    await expect(client.update(id, sampleJourney('Missing'))).rejects.toBeInstanceOf(NotFoundError);
    expect(emulator.records()).toHaveLength(0);
    await client.update(id, sampleJourney('Missing'), { ifMatch: false });
    expect(emulator.records()).toHaveLength(1);
  });

  it('delete removes the journey; deleting again is NotFoundError; a lost response counts as done', async () => {
    const client = clientFor(emulator.url);
    const id = await client.create(sampleJourney('Doomed'));
    await client.delete(id);
    await expect(client.get(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.delete(id)).rejects.toBeInstanceOf(NotFoundError);

    const again = await client.create(sampleJourney('Doomed again'));
    emulator.faults.script([{ kind: 'drop-after', match: { method: 'DELETE' } }]);
    await client.delete(again);
    expect(emulator.records()).toHaveLength(0);
  });

  it('delete with a stale ETag is ConcurrencyError and keeps the journey', async () => {
    const client = clientFor(emulator.url);
    const id = await client.create(sampleJourney('Kept', 1));
    const stale = await client.get(id);
    await client.update(id, sampleJourney('Kept', 2));
    await expect(client.delete(id, { ifMatch: stale.etag! })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(emulator.records()).toHaveLength(1);
  });
});

describe('validate', () => {
  it('checks a tree, and a stored journey by id', async () => {
    const client = clientFor(emulator.url);
    await expect(client.validate(sampleJourney('Valid'))).resolves.toMatchObject({ Result: 'Valid' });
    const broken = await client.validate(brokenJourney('Broken'));
    expect(broken.Result).toBe('Error');
    expect(broken.ActivityValidationResults.some((r) => r.Fault === 'ErrorSegmentGroupWithoutSegments' && r.ActivityId === '01_0')).toBe(true);

    const id = await client.create(brokenJourney('Broken stored'));
    await expect(client.validate(id)).resolves.toMatchObject({ Result: 'Error' });
  });

  it('validate is retried (it changes nothing)', async () => {
    const client = clientFor(emulator.url);
    emulator.faults.script([{ kind: 'drop-after', match: { method: 'POST' } }, { kind: '503', match: { method: 'POST' } }]);
    await expect(client.validate(sampleJourney('Retried check'))).resolves.toMatchObject({ Result: 'Valid' });
  });
});

describe('go live and stop', () => {
  it('goLive without waiting returns Going live; with waiting, Live', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch, clock: settlingClock(emulator) });
    const id = await client.create(sampleJourney('Launch'));
    const started = await client.goLive(id);
    expect(started.status).toBe('Going live');
    const patch = seen.find((r) => r.method === 'PATCH' && r.body?.includes('192350006'));
    expect(patch?.headers['if-match']).toBe('*');
    expect(JSON.parse(patch!.body!)).toEqual({ statuscode: 192350006 });

    const other = await client.create(sampleJourney('Launch and wait', 2));
    const live = await client.goLive(other, { wait: true, pollIntervalMs: 10 });
    expect(live.status).toBe('Live');
    expect(live.record.statusCode).toBe(192350001);
    expect(live.validation).toBeUndefined();
  });

  it('a journey that fails its check ends in Error, with the parsed validation results', async () => {
    const client = clientFor(emulator.url, { clock: settlingClock(emulator) });
    const id = await client.create(brokenJourney('Will fail'));
    const result = await client.goLive(id, { wait: true });
    expect(result.status).toBe('Error');
    expect(result.validation?.Result).toBe('Error');
    expect(result.validation?.ActivityValidationResults.map((r) => r.Fault)).toContain('ErrorSegmentGroupWithoutSegments');
  });

  it('stop with waiting ends Stopped', async () => {
    const client = clientFor(emulator.url, { clock: settlingClock(emulator) });
    const id = await client.create(sampleJourney('Stop me'));
    await client.goLive(id, { wait: true });
    const stopped = await client.stop(id, { wait: true });
    expect(stopped.status).toBe('Stopped');
    expect(emulator.record(id)?.['statuscode']).toBe(192350002);
  });

  it('waiting longer than timeoutMs is a TimeoutError (on the injected clock)', async () => {
    let now = Date.parse('2026-02-01T09:00:00Z');
    const clock: Clock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };
    const client = clientFor(emulator.url, { clock });
    const id = await client.create(sampleJourney('Slow launch'));
    const error = await client.goLive(id, { wait: true, pollIntervalMs: 1_000, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/did not reach Live or Error within 5000 ms.*still Going live/);
  });

  it('goLive on a missing journey is NotFoundError', async () => {
    const client = clientFor(emulator.url);
    await expect(client.goLive(testGuid('0dd00000', 2))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('push', () => {
  it('creates under the id derived from the name, then reports unchanged without writing, then updates', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch });
    const tree = sampleJourney('Pushed', 1);

    await expect(client.push(tree)).resolves.toEqual({ id: journeyIdFromName('Pushed'), action: 'created' });
    seen.length = 0;
    await expect(client.push(tree)).resolves.toEqual({ id: journeyIdFromName('Pushed'), action: 'unchanged' });
    expect(seen.map((r) => r.method)).toEqual(['GET']);
    await expect(client.push(sampleJourney('Pushed', 2))).resolves.toEqual({ id: journeyIdFromName('Pushed'), action: 'updated' });
    expect(seen.at(-1)?.headers['if-match']).toMatch(/^W\/"\d+"$/);
    expect(emulator.records()).toHaveLength(1);
  });

  it('a setting change alone is an update; an explicit id wins over the name', async () => {
    const client = clientFor(emulator.url);
    const id = testGuid('bbbb0000', 7);
    await client.push(sampleJourney('Settings', 1), { id });
    await expect(client.push(sampleJourney('Settings', 1, { description: 'now described' }), { id })).resolves.toEqual({ id, action: 'updated' });
    expect(emulator.record(id)?.['msdyncrm_description']).toBe('now described');
  });

  it('a declared recordId is the record: renaming the journey updates it, and a pulled journey pushes back unchanged', async () => {
    const client = clientFor(emulator.url);
    const recordId = testGuid('cccc0000', 1);
    await expect(client.push(sampleJourney('Before rename', 1, { recordId }))).resolves.toEqual({ id: recordId, action: 'created' });
    await expect(client.push(sampleJourney('After rename', 1, { recordId }))).resolves.toEqual({ id: recordId, action: 'updated', renamedFrom: 'Before rename' });
    expect(emulator.records()).toHaveLength(1);
    expect(emulator.record(recordId)?.['msdyncrm_name']).toBe('After rename');
    const pulled = (await client.get(recordId)).journey;
    expect(pulled.settings.recordId).toBe(recordId);
    await expect(client.push(pulled)).resolves.toEqual({ id: recordId, action: 'unchanged' });
    // An explicit id still wins over the declared one.
    const other = testGuid('cccc0000', 2);
    await expect(client.push(pulled, { id: other })).resolves.toEqual({ id: other, action: 'created' });
    await expect(client.push(pulled, { id: other })).resolves.toEqual({ id: other, action: 'unchanged' });
  });

  it('survives lost responses on both the create and the update', async () => {
    const client = clientFor(emulator.url);
    emulator.faults.script([{ kind: 'drop-after', match: { method: 'PATCH' } }]);
    await expect(client.push(sampleJourney('Flaky', 1))).resolves.toMatchObject({ action: 'created' });
    emulator.faults.script([{ kind: 'drop-after', match: { method: 'PATCH' } }]);
    await expect(client.push(sampleJourney('Flaky', 2))).resolves.toMatchObject({ action: 'updated' });
    expect(emulator.records()).toHaveLength(1);
    // The email of the second version has another name, so it is a new tile with new ids.
    expect(emulator.records()[0]?.['msdyncrm_workflowdefinition']).toBe(
      serializeWorkflowDefinition(reconcileIds(sampleJourney('Flaky', 2), sampleJourney('Flaky', 1))),
    );
  });

  it('journeyIdFromName is a stable version-5 style UUID', () => {
    const id = journeyIdFromName('Event invitation');
    expect(id).toBe(journeyIdFromName('Event invitation'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(journeyIdFromName('Event invitation ')).not.toBe(id);
  });

  it('pushMany reports every journey in input order, with progress', async () => {
    const client = clientFor(emulator.url);
    await client.push(sampleJourney('Batch 0', 0));
    const trees = [0, 1, 2, 3, 4].map((i) => sampleJourney(`Batch ${i}`, i));
    const progress: number[] = [];
    const results = await client.pushMany(trees, { concurrency: 2, onProgress: ({ done }) => progress.push(done) });
    expect(results.map((r) => (r.ok ? r.action : 'failed'))).toEqual(['unchanged', 'created', 'created', 'created', 'created']);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('pushMany keeps going past a failure and reports it', async () => {
    const client = clientFor(emulator.url);
    const trees = [sampleJourney('Fine', 1), sampleJourney('x'.repeat(101), 2), sampleJourney('Also fine', 3)];
    const results = await client.pushMany(trees);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(emulator.records()).toHaveLength(2);
  });
});
