/**
 * Hostile requests: bodies nested too deep, bodies that are not JSON, filters nested too deep or
 * naming what every object inherits, malformed keys, and bodies large enough to exhaust memory if
 * the request log kept them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FILTER_DEPTH, parseFilter } from '../src/filter.js';
import { MAX_JSON_DEPTH, jsonTooDeepAt } from '../src/server.js';
import { SET, TOKEN, start, type Api } from './helpers.js';

const ID = '6628bbf7-c52a-e911-a9b7-000d3a1e6adc';

/** A JSON body `{"msdyncrm_name":…,"custom_tree":[[…[1]…]]}` nested `depth` levels in all. */
const nestedBody = (depth: number): string => `{"msdyncrm_name":"Deep","custom_tree":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;

let dir: string;
let api: Api;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journey-hostile-'));
  api = await start({ dataFile: join(dir, 'journeys.json') });
});
afterEach(async () => {
  await api.emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const send = (path: string, init: RequestInit) =>
  fetch(`${api.emulator.apiUrl}/${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...init.headers } });

describe('JSON bodies nested too deep', () => {
  it(`are refused at the door with 400 naming the limit of ${MAX_JSON_DEPTH} levels, and poison nothing`, async () => {
    const json = { 'Content-Type': 'application/json' };
    const deep = await send(SET, { method: 'POST', headers: json, body: nestedBody(10_000) });
    expect(deep.status).toBe(400);
    const body = await deep.json();
    expect(body.error.code).toBe('0x80048d19');
    expect(body.error.message).toMatch(/nests JSON objects and arrays deeper than the limit of 512 levels \(at character \d+\)/);
    expect((await send(SET, { method: 'POST', headers: json, body: nestedBody(MAX_JSON_DEPTH + 1) })).status).toBe(400);
    expect((await send(`${SET}(${ID})`, { method: 'PATCH', headers: json, body: nestedBody(MAX_JSON_DEPTH + 1) })).status).toBe(400);
    expect(api.emulator.records()).toEqual([]);
    // The limit itself is accepted, stored, listed and kept.
    const atLimit = await send(SET, { method: 'POST', headers: json, body: nestedBody(MAX_JSON_DEPTH) });
    expect(atLimit.status).toBe(204);
    const next = await api.create({ msdyncrm_name: 'Next' });
    const list = await api.json(SET);
    expect(list.res.status).toBe(200);
    expect(list.body.value).toHaveLength(2);
    await api.emulator.close();
    api = await start({ dataFile: join(dir, 'journeys.json') });
    expect(api.emulator.record(next)?.msdyncrm_name).toBe('Next');
    expect(api.emulator.records()).toHaveLength(2);
  });

  it('are measured without recursion, ignoring brackets inside strings', () => {
    expect(jsonTooDeepAt('[[1]]', 2)).toBeUndefined();
    expect(jsonTooDeepAt('[[1]]', 1)).toBe(1);
    expect(jsonTooDeepAt('{"a":"[[[{{{","b":"\\"[[["}', 1)).toBeUndefined();
    expect(jsonTooDeepAt('{"a":{"b":[]}}', 2)).toBe(10);
    expect(jsonTooDeepAt('['.repeat(1_000_000), 512)).toBe(512);
  });
});

describe('bodies that are not JSON', () => {
  it('answer 400 with an OData error on POST and PATCH, whatever the text inside', async () => {
    const text = JSON.stringify({ msdyncrm_name: 'Plain' });
    for (const [method, path] of [
      ['POST', SET],
      ['PATCH', `${SET}(${ID})`],
      ['POST', 'msdyncrm_CustomerJourneyValidate'],
    ] as const) {
      for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await send(path, { method, headers: { 'Content-Type': type }, body: text });
        expect(res.status, `${method} ${path} as ${type}`).toBe(400);
        const body = await res.json();
        expect(body.error.code).toBe('0x80048d19');
        expect(body.error.message).toBe(`The request body must be JSON sent with 'Content-Type: application/json'; got '${type}'.`);
      }
    }
    expect(api.emulator.records()).toEqual([]);
  });

  it('are told apart from JSON sent with parameters or a +json type', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;odata.metadata=minimal', 'application/merge-patch+json']) {
      const res = await send(SET, { method: 'POST', headers: { 'Content-Type': type }, body: JSON.stringify({ msdyncrm_name: type }) });
      expect(res.status, type).toBe(204);
    }
  });
});

describe('hostile $filter', () => {
  // Spaces as '+' keep 3,000 nots within the 16 KiB that Node allows for a request line and headers.
  const list = (filter: string) => api.json(`${SET}?$select=msdyncrm_name&$filter=${encodeURIComponent(filter).replace(/%20/g, '+')}`);

  it('answers 400, not 500, for 3,000 nested parentheses or nots', async () => {
    for (const filter of ['('.repeat(3000) + 'statuscode eq 1' + ')'.repeat(3000), 'not '.repeat(3000) + 'statuscode eq 1']) {
      const { res, body } = await list(filter);
      expect(res.status).toBe(400);
      expect(body.error.message).toMatch(/nests parentheses and 'not' deeper than the limit of 100 levels \(at position \d+\)/);
    }
    const ok = await list('('.repeat(MAX_FILTER_DEPTH) + 'statuscode eq 1' + ')'.repeat(MAX_FILTER_DEPTH));
    expect(ok.res.status).toBe(200);
    expect(() => parseFilter('not '.repeat(MAX_FILTER_DEPTH + 1) + 'a eq 1')).toThrow(/deeper than the limit/);
  });

  it('never matches what records inherit: constructor, toString, valueOf, hasOwnProperty', async () => {
    const columns = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];
    await api.create({ msdyncrm_name: 'Has them', ...Object.fromEntries(columns.map((c) => [c, 1])) });
    await api.create({ msdyncrm_name: 'Has none' });
    for (const column of columns) {
      expect((await list(`${column} eq null`)).body.value.map((r: { msdyncrm_name: string }) => r.msdyncrm_name), column).toEqual(['Has none']);
      expect((await list(`${column} ne null`)).body.value.map((r: { msdyncrm_name: string }) => r.msdyncrm_name), column).toEqual(['Has them']);
      expect((await list(`${column} eq 1`)).body.value.map((r: { msdyncrm_name: string }) => r.msdyncrm_name), column).toEqual(['Has them']);
    }
    const selected = await api.json(`${SET}?$select=msdyncrm_name,constructor&$orderby=constructor desc`);
    expect(selected.body.value.map((r: Record<string, unknown>) => [r.msdyncrm_name, r.constructor])).toEqual([
      ['Has them', 1],
      ['Has none', null],
    ]);
    const proto = await list('__proto__ eq null');
    expect(proto.res.status).toBe(400);
    expect(proto.body.error.message).toMatch(/Could not find a property named '__proto__'/);
  });
});

describe('keys', () => {
  it('answer 400 for an unbalanced quote, and accept a GUID quoted on both sides or not at all', async () => {
    await api.create({ msdyncrm_customerjourneyid: ID, msdyncrm_name: 'Quoted' });
    for (const key of [`'${ID}`, `${ID}'`, "'", `msdyncrm_customerjourneyid='${ID}`]) {
      const { res, body } = await api.json(`${SET}(${key})`);
      expect(res.status, key).toBe(400);
      expect(body.error.message).toBe(
        `The key '${key}' of '${SET}' has an unbalanced quote. Write the GUID without quotes, e.g. ${SET}(6628bbf7-c52a-e911-a9b7-000d3a1e6adc).`,
      );
    }
    for (const key of [ID, `'${ID}'`, `msdyncrm_customerjourneyid=${ID}`, `{${ID.toUpperCase()}}`]) {
      expect((await api.json(`${SET}(${key})`)).body.msdyncrm_name, key).toBe('Quoted');
    }
  });
});

describe('the request log', () => {
  it('keeps the first 64 KiB of a body with a marker and the original length', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const res = await send(SET, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(res.status).toBe(400);
    const entry = api.emulator.requests.at(-1);
    expect(entry?.bodyBytes).toBe(1024 * 1024);
    expect(entry?.bodyTruncated).toBe(true);
    expect(entry?.body).toBe(`${'x'.repeat(64 * 1024)}…[truncated: 1048576 bytes in all]`);
    const small = await send(SET, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"msdyncrm_name":"Small"}' });
    expect(small.status).toBe(204);
    expect(api.emulator.requests.at(-1)).toMatchObject({ body: '{"msdyncrm_name":"Small"}', bodyBytes: 25 });
    expect(api.emulator.requests.at(-1)?.bodyTruncated).toBeUndefined();
  });

  it('never cuts a character in half', async () => {
    const logged = await start({ requestLogBodyBytes: 5 });
    try {
      await logged.fetch(SET, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '"aaaé"' });
      // '"aaa' is 4 bytes and 'é' 2 more: the cut at 5 steps back to 4.
      expect(logged.emulator.requests.at(-1)?.body).toBe('"aaa…[truncated: 7 bytes in all]');
    } finally {
      await logged.emulator.close();
    }
  });

  it('does not count against the cleared log the body of a request logged before clearRequests()', async () => {
    const logged = await start({ requestLogMaxBytes: 200_000 });
    try {
      const body = `"${'x'.repeat(70_000)}"`;
      // The headers go first and are logged; the body follows only once the log has been cleared.
      const url = new URL(`${logged.emulator.apiUrl}/${SET}`);
      const slow = request(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
      });
      const answered = new Promise<number>((resolve, reject) => {
        slow.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        slow.on('error', reject);
      });
      slow.flushHeaders();
      while (logged.emulator.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      logged.emulator.clearRequests();
      slow.end(body);
      expect(await answered).toBe(400);
      expect(logged.emulator.requests).toEqual([]);
      // 128 KiB of the next body are logged: beside the cleared entry's as many again, they would pass the limit.
      expect((await logged.fetch(SET, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status).toBe(400);
      expect(logged.emulator.requests).toHaveLength(1);
    } finally {
      await logged.emulator.close();
    }
  });

  it('holds at most requestLogMaxBytes, dropping the oldest entries, however many large bodies arrive', async () => {
    const logged = await start({ requestLogMaxBytes: 1024 * 1024 });
    try {
      const body = '{'.padEnd(2 * 1024 * 1024, ' ');
      for (let i = 0; i < 40; i++) {
        const res = await logged.fetch(`${SET}?n=${i}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        expect(res.status).toBe(400);
      }
      const entries = logged.emulator.requests;
      const held = entries.reduce((sum, e) => sum + (e.body?.length ?? 0) * 2, 0);
      expect(held).toBeLessThanOrEqual(1024 * 1024);
      expect(entries.length).toBeGreaterThan(1);
      expect(entries.length).toBeLessThan(40);
      expect(entries.at(-1)?.url).toContain('n=39');
      expect(entries.every((e) => e.bodyBytes === 2 * 1024 * 1024 && e.bodyTruncated === true)).toBe(true);
      expect(logged.emulator.stats.requests).toBe(40);
    } finally {
      await logged.emulator.close();
    }
  });
});
