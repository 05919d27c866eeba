/**
 * The default transport in Node (undici's `request` over a shared keep-alive agent) against a bare
 * HTTP server on loopback: what goes over the wire, keep-alive reuse, aborts, timeouts, dropped
 * and refused connections, host names that do not resolve, and the response size cap. The same
 * cap holds with an injected `fetch`. Nothing waits on the wall clock to pass: tests wait for the
 * server to see a request.
 */
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJourneyClient, NetworkError, ResponseTooLargeError, TimeoutError, type JourneyClientBaseOptions } from '../src/index.js';
import { sampleJourney, TEST_TOKEN, testGuid } from './client-helpers.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly port: number;
}

let server: Server;
let base: string;
let seen: Seen[] = [];
let waiters: (() => void)[] = [];
let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) => res.end('{}');

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, port: req.socket.remotePort ?? 0 });
      for (const wake of waiters.splice(0)) wake();
      handler(req, res, body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  seen = [];
  handler = (_req, res) => res.end('{}');
});

/** Resolves once the server has seen `n` requests. */
function requestsSeen(n: number): Promise<void> {
  if (seen.length >= n) return Promise.resolve();
  return new Promise((resolve) => {
    const check = (): void => {
      if (seen.length >= n) resolve();
      else waiters.push(check);
    };
    waiters.push(check);
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const ID = testGuid('0f8fad5b', 1);
const recordBody = (id: string = ID): string =>
  JSON.stringify({ '@odata.etag': 'W/"7"', msdyncrm_customerjourneyid: id, msdyncrm_name: 'Ünïcode é', msdyncrm_entitytarget: 0, statuscode: 192350000 });
const json = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
};

const client = (options: Partial<JourneyClientBaseOptions> = {}) =>
  createJourneyClient({ orgUrl: base, getToken: () => TEST_TOKEN, retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 }, ...options });

describe('the default transport (undici)', () => {
  it('sends method, headers and body, and reads status, headers and the body as received', async () => {
    handler = (req, res) => json(res, 200, req.method === 'GET' ? recordBody() : '{}', { ETag: 'W/"8"' });
    const c = client({ userAgent: 'undici-tests/1.0' });
    const raw = await c.getRaw(ID);
    expect(raw.text).toBe(recordBody());
    expect(raw.entity['msdyncrm_name']).toBe('Ünïcode é');
    const { etag } = await c.update(ID, sampleJourney('Ünïcode'), { ifMatch: 'W/"7"' });
    expect(etag).toBe('W/"8"');
    expect(seen.map((s) => s.method)).toEqual(['GET', 'PATCH']);
    expect(seen[0]!.headers).toMatchObject({ accept: 'application/json', 'odata-version': '4.0', authorization: `Bearer ${TEST_TOKEN}`, 'user-agent': 'undici-tests/1.0' });
    expect(seen[0]!.headers['content-type']).toBeUndefined();
    expect(seen[1]!.headers).toMatchObject({ 'content-type': 'application/json', 'if-match': 'W/"7"', 'content-length': String(Buffer.byteLength(seen[1]!.body)) });
    expect(JSON.parse(seen[1]!.body)).toMatchObject({ msdyncrm_name: 'Ünïcode' });
  });

  it('keeps connections alive: ten requests one after another reuse them', async () => {
    handler = (_req, res) => json(res, 200, recordBody());
    const c = client();
    for (let i = 0; i < 10; i++) await c.get(ID);
    expect(seen).toHaveLength(10);
    // undici checks an idle connection on the next turn of the event loop before reusing it, so
    // a request sent at once may open a second one; never one per request.
    expect(new Set(seen.map((s) => s.port)).size).toBeLessThanOrEqual(2);
  });

  it('a caller abort before the response rejects with its reason and leaves no listener', async () => {
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    handler = (req) => req.socket.on('close', () => closed());
    const controller = new AbortController();
    const pending = client({ timeoutMs: 60_000 }).get(ID, { signal: controller.signal });
    await requestsSeen(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    await socketClosed;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(seen).toHaveLength(1);
  });

  it('an abort without a reason rejects with an AbortError; an aborted signal sends nothing', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = client().get(ID, { signal: controller.signal });
    await requestsSeen(1);
    controller.abort();
    const error = await rejection(pending);
    expect((error as Error).name).toBe('AbortError');
    expect(await rejection(client().get(ID, { signal: AbortSignal.abort(new Error('already')) }))).toMatchObject({ message: 'already' });
    expect(seen).toHaveLength(1);
  });

  it('an abort while the body is read rejects with the reason', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('{"value":[');
    };
    const controller = new AbortController();
    const pending = client().get(ID, { signal: controller.signal });
    await requestsSeen(1);
    const reason = new Error('enough');
    // The response has begun; the abort lands while its body is awaited.
    setImmediate(() => controller.abort(reason));
    expect(await rejection(pending)).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('timeoutMs gives up a request that gets no answer, and one whose body stalls, with TimeoutError', async () => {
    handler = () => undefined;
    const silent = await rejection(client({ timeoutMs: 50, retry: 0 }).get(ID));
    expect(silent).toBeInstanceOf(TimeoutError);
    expect((silent as Error).message).toMatch(/timed out after 50 ms/);

    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial":');
    };
    expect(await rejection(client({ timeoutMs: 50, retry: 0 }).get(ID))).toBeInstanceOf(TimeoutError);
  });

  it('a connection dropped before the response is a NetworkError, retried for idempotent requests', async () => {
    handler = (req) => req.socket.destroy();
    const error = await rejection(client().get(ID));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/failed: the connection broke \(.+\) after 3 attempts: Check the org URL/);
    expect(seen).toHaveLength(3);
  });

  it('a connection dropped in the middle of the body is a NetworkError', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial":', () => res.socket?.destroy());
    };
    expect(await rejection(client({ retry: 0 }).get(ID))).toBeInstanceOf(NetworkError);
  });

  it('a shared caller signal keeps no listeners after many requests', async () => {
    handler = (_req, res) => json(res, 200, recordBody());
    const controller = new AbortController();
    const c = client();
    for (let i = 0; i < 30; i++) await c.get(ID, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('connections that cannot be made fail at once, saying why', () => {
  it('connection refused: one attempt, "connection refused by host:port"', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = createJourneyClient({ orgUrl: `http://127.0.0.1:${port}`, getToken: () => TEST_TOKEN, retry: { limit: 5, baseDelayMs: 1 } });
    const error = (await rejection(c.get(ID))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(new RegExp(`failed: connection refused by 127\\.0\\.0\\.1:${port}: Nothing accepts connections on 127\\.0\\.0\\.1:${port}`));
    expect(error.message).not.toMatch(/connection broke/);
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('a host that does not resolve: one attempt, "could not resolve host <host>", with or without an injected fetch', async () => {
    // The resolver is replaced for this test: no query leaves the machine.
    const dns = createRequire(import.meta.url)('node:dns') as typeof import('node:dns');
    const original = dns.lookup;
    let lookups = 0;
    (dns as { lookup: unknown }).lookup = (hostname: string, options: unknown, callback?: unknown): void => {
      lookups += 1;
      const done = (typeof options === 'function' ? options : callback) as (error: Error) => void;
      process.nextTick(() => done(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname })));
    };
    try {
      for (const fetch of [undefined, globalThis.fetch]) {
        lookups = 0;
        const c = createJourneyClient({
          orgUrl: 'https://contoso-typo.crm4.dynamics.com',
          getToken: () => TEST_TOKEN,
          retry: { limit: 5, baseDelayMs: 1 },
          ...(fetch === undefined ? {} : { fetch }),
        });
        const error = (await rejection(c.get(ID))) as NetworkError;
        expect(error).toBeInstanceOf(NetworkError);
        expect(error.attempts).toBe(1);
        expect(lookups).toBe(1);
        expect(error.message).toBe(
          `GET https://contoso-typo.crm4.dynamics.com/api/data/v9.2/msdyncrm_customerjourneys(${ID}) failed: could not resolve host contoso-typo.crm4.dynamics.com (ENOTFOUND): Check the host name in the org URL, and the network or proxy; nothing was sent.`,
        );
      }
    } finally {
      (dns as { lookup: unknown }).lookup = original;
    }
  });
});

describe('maxResponseBytes', () => {
  const big = JSON.stringify({ value: [{ msdyncrm_customerjourneyid: ID, msdyncrm_name: 'x'.repeat(10_000) }] });

  for (const [label, fetch] of [['undici', undefined], ['an injected fetch', globalThis.fetch]] as const) {
    it(`${label}: a body over the limit is not read, whether its length is declared or not`, async () => {
      const options = { maxResponseBytes: 5_000, ...(fetch === undefined ? {} : { fetch }) };
      handler = (_req, res) => json(res, 200, big);
      const declared = (await rejection(client(options).get(ID))) as ResponseTooLargeError;
      expect(declared).toBeInstanceOf(ResponseTooLargeError);
      expect(declared.limit).toBe(5_000);
      expect(declared.attempts).toBe(1);
      expect(declared.message).toMatch(/returned a body larger than maxResponseBytes \(5,000 bytes\): The response is 10,\d{3} bytes; ask for less/);

      handler = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' }); // chunked: no length said
        for (let i = 0; i < 20; i++) res.write(' '.repeat(1_000));
        res.end(big);
      };
      const chunked = (await rejection(client(options).get(ID))) as ResponseTooLargeError;
      expect(chunked).toBeInstanceOf(ResponseTooLargeError);
      expect(chunked.message).toMatch(/The response is more than that/);

      handler = (_req, res) => json(res, 200, recordBody());
      await expect(client(options).get(ID)).resolves.toMatchObject({ id: ID });
    });
  }

  it('refuses a limit that is not a positive whole number', () => {
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => client({ maxResponseBytes })).toThrow(/maxResponseBytes must be a positive whole number of bytes/);
    }
  });
});
