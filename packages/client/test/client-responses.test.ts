/**
 * Answers the org should never give, and what the client makes of them: typed errors with the URL
 * and a hint, never a bare TypeError, never a silent empty result, never an endless loop, never a
 * token in the text. A loopback server plays the org (real HTTP); each test sets its handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createJourneyClient,
  DataverseError,
  JourneyFormatError,
  MAX_ERROR_TEXT,
  UnexpectedResponseError,
  type JourneyClient,
  type ListEntry,
} from '../src/index.js';
import { TEST_TOKEN, testGuid } from './client-helpers.js';

let server: Server;
let base: string;
let requests: string[] = [];
let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  requests = [];
});

const ID = testGuid('0f8fad5b', 7);
const OTHER = testGuid('0f8fad5b', 8);
const SET = '/api/data/v9.2/msdyncrm_customerjourneys';
const record = (id: string, name = 'Welcome'): Record<string, unknown> => ({ msdyncrm_customerjourneyid: id, msdyncrm_name: name, msdyncrm_entitytarget: 0 });

function reply(status: number, body: unknown, headers: Record<string, string> = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(status === 204 ? undefined : text);
  };
}

const newClient = (): JourneyClient => createJourneyClient({ orgUrl: base, getToken: () => TEST_TOKEN, retry: 0 });

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/** Every way an error could carry the token into a log. */
function expectNoToken(error: unknown, token: string = TEST_TOKEN): void {
  const texts = [String(error), (error as Error).message, (error as Error).stack ?? '', inspect(error, { depth: 8 }), JSON.stringify(error)];
  for (const text of texts) expect(text).not.toContain(token);
}

describe('get of a body that is not a record', () => {
  it.each([
    ['a 200 with an empty body', reply(200, ''), /returned an empty body where a journey record belongs/],
    ['a 204', reply(204, ''), /returned an empty body where a journey record belongs/],
    ['null', reply(200, 'null'), /returned null where a journey record belongs/],
    ['an array', reply(200, [record(ID)]), /returned an array where a journey record belongs/],
    ['a number', reply(200, '5'), /returned a number where a journey record belongs/],
  ])('%s: UnexpectedResponseError with the URL and a hint', async (_label, answer, what) => {
    handler = answer;
    const error = await failure(newClient().get(ID));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toBeInstanceOf(DataverseError);
    expect(error.message).toMatch(new RegExp(`^GET ${base.replace(/\./g, '\\.')}${SET}\\(${ID}\\)\\S* `));
    expect(error.message).toMatch(what);
    expect(error.message).toMatch(/check that orgUrl points at a Dataverse org/);
  });

  it('a record with another id than the one asked for is refused, for get and getRaw alike', async () => {
    handler = reply(200, record(OTHER, 'Someone else'));
    for (const read of [(c: JourneyClient) => c.get(ID), (c: JourneyClient) => c.getRaw(ID)]) {
      const error = await failure(read(newClient()));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.message).toContain(`returned another record: Asked for the journey ${ID} and got the record ${OTHER}`);
    }
  });

  it('a record without an id takes the one asked for; one whose id is not a GUID is refused', async () => {
    handler = reply(200, { msdyncrm_name: 'No id', msdyncrm_entitytarget: 0 });
    expect((await newClient().get(ID)).id).toBe(ID);
    handler = reply(200, { ...record(ID), msdyncrm_customerjourneyid: 'not-a-guid' });
    expect((await failure(newClient().get(ID))).message).toMatch(/whose msdyncrm_customerjourneyid is not a GUID/);
  });

  it('a body that is not JSON: UnexpectedResponseError; the token is in neither message nor cause, at any length', async () => {
    for (const token of [TEST_TOKEN, 'tk']) {
      handler = (req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<html>proxy login for ${String(req.headers.authorization)}</html>`);
      };
      const client = createJourneyClient({ orgUrl: base, getToken: () => token, retry: 0 });
      const error = await failure(client.get(ID));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.message).toMatch(/returned a body that is not JSON: The response was not JSON \(<html>proxy login for Bearer \[redacted\]<\/html>\)/);
      expect(error.cause).toBeInstanceOf(SyntaxError);
      expectNoToken(error, token);
      expectNoToken(error.cause, token);
    }
  });
});

describe('list of pages that are not pages', () => {
  it.each([
    ['value is not an array', { value: { a: 1 } }, /returned a page whose value is an object, not an array/],
    ['value is missing', { records: [] }, /returned a page without value/],
    ['the body is empty', '', /returned an empty body where a page of records belongs/],
    ['the body is null', 'null', /returned null where a page of records belongs/],
  ])('%s: UnexpectedResponseError, not zero records', async (_label, body, what) => {
    handler = reply(200, body);
    const error = await failure(all(newClient().list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(what);
    expect(error.message).toContain(`${base}${SET}`);
    // The raw listing an archive reads refuses the same pages: a broken page is never an empty one.
    const raw = await failure(all(newClient().listRaw()));
    expect(raw).toBeInstanceOf(UnexpectedResponseError);
    expect(raw.message).toMatch(what);
  });

  it('value: [null] names the place of the record; tolerant mode keeps it as unreadable and goes on', async () => {
    handler = reply(200, { value: [record(ID), null, record(OTHER, 'Second')] });
    const error = await failure(all(newClient().list()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(/returned null at \$\.value\[1\] where a journey record belongs/);

    const entries: ListEntry[] = await all(newClient().list({ tolerant: true }));
    expect(entries.map((e) => e.ok)).toEqual([true, false, true]);
    const bad = entries[1]!;
    if (bad.ok) throw new Error('expected an unreadable entry');
    expect(bad.id).toBeUndefined();
    expect(bad.error).toBeInstanceOf(UnexpectedResponseError);
  });

  it('an @odata.nextLink back to a page already read stops with an error instead of looping', async () => {
    handler = (req, res) => {
      const self = `${base}${req.url ?? ''}`;
      const next = req.url?.includes('page=2') ? `${base}${SET}?page=1` : `${base}${SET}?page=2`;
      const first = !req.url?.includes('page=');
      reply(200, { value: [record(first ? ID : OTHER)], '@odata.nextLink': first ? self : next })(req, res);
    };
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const r of newClient().list()) seen.push(r.id);
      })(),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(/returned an @odata\.nextLink back to a page already read \(.*msdyncrm_customerjourneys\)/);
    expect(error.message).toMatch(/the listing stops after 1 records/);
    expect(seen).toEqual([ID]);
    expect(requests).toHaveLength(1);

    // A circle of pages is caught as well, once each page of it was read.
    handler = (req, res) => {
      const page = req.url?.includes('page=2') ? 2 : 1;
      reply(200, { value: [record(page === 1 ? ID : OTHER)], '@odata.nextLink': `${base}${SET}?page=${page === 1 ? 2 : 1}` })(req, res);
    };
    requests = [];
    const circle = await failure(all(newClient().list()));
    expect(circle).toBeInstanceOf(UnexpectedResponseError);
    expect(requests).toEqual([`GET ${SET}`, `GET ${SET}?page=2`, `GET ${SET}?page=1`]);
  });

  it('an @odata.nextLink that is not a string is refused', async () => {
    handler = reply(200, { value: [], '@odata.nextLink': 42 });
    expect((await failure(all(newClient().list()))).message).toMatch(/returned an @odata\.nextLink that is not a URL/);
  });

  it('listRaw follows next links with the same checks: no circle, no link that is not a URL', async () => {
    let served = 0;
    handler = (req, res) => {
      served += 1;
      // A listing that followed the link back to its own page would stop only here, at the fifth page.
      reply(200, { value: [record(ID)], ...(served < 5 ? { '@odata.nextLink': `${base}${req.url ?? ''}` } : {}) })(req, res);
    };
    const error = await failure(all(newClient().listRaw()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(/returned an @odata\.nextLink back to a page already read \(.*msdyncrm_customerjourneys\)/);
    expect(error.message).toMatch(/the listing stops after 1 records/);
    expect(requests).toHaveLength(1);

    handler = reply(200, { value: [], '@odata.nextLink': 42 });
    expect((await failure(all(newClient().listRaw()))).message).toMatch(/returned an @odata\.nextLink that is not a URL/);
  });
});

describe('error text from the org', () => {
  it(`a service message is cut to ${MAX_ERROR_TEXT} characters, saying its length`, async () => {
    const huge = `Invalid ${'x'.repeat(5_000_000)}`;
    handler = reply(400, { error: { code: '0x80040203', message: huge } });
    const error = (await failure(newClient().get(ID))) as DataverseError;
    expect(error.serviceMessage).toBe(`${huge.slice(0, MAX_ERROR_TEXT)}… (5,000,008 characters in all)`);
    expect(error.message.length).toBeLessThan(MAX_ERROR_TEXT + 600);
  });

  it('a token echoed in an error code, a message or a plain-text body is redacted, at any length', async () => {
    for (const token of [TEST_TOKEN, 'ab']) {
      handler = (req, res) => reply(400, { error: { code: `code ${String(req.headers.authorization)}`, message: `bad ${String(req.headers.authorization)}` } })(req, res);
      const client = createJourneyClient({ orgUrl: base, getToken: () => token, retry: 0 });
      const error = (await failure(client.get(ID))) as DataverseError;
      expect(error.code).toBe('code Bearer [redacted]');
      expect(error.serviceMessage).toBe('bad Bearer [redacted]');
      expectNoToken(error, token);
      handler = (req, res) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`upstream said: ${String(req.headers.authorization)}`);
      };
      const plain = await failure(client.get(ID));
      expect(plain.message).toContain('upstream said: Bearer [redacted]');
      expectNoToken(plain, token);
    }
  });

  it('a record field that quotes the token is redacted from the JourneyFormatError that names it', async () => {
    handler = (req, res) => reply(200, { ...record(ID), msdyncrm_startdatetime: String(req.headers.authorization).slice(7) })(req, res);
    const error = await failure(newClient().get(ID));
    expect(error).toBeInstanceOf(JourneyFormatError);
    expect((error as JourneyFormatError).path).toBe('$.msdyncrm_startdatetime');
    expectNoToken(error);
  });
});
