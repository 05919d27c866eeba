/**
 * The `fetch` over node:http that the client uses by default in Node, against a bare HTTP server
 * on loopback: what goes over the wire, keep-alive reuse, redirects (never followed), aborts,
 * timeouts and dropped connections, and how the transport classifies its failures.
 */
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJourneyClient, NetworkError, TimeoutError } from '../src/index.js';
import { createNodeFetch, isTimeoutRejection, takesTimeout, type NodeFetch } from '../src/http/node-fetch-adapter.js';
import { sampleJourney, TEST_TOKEN } from './client-helpers.js';

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
let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) => res.end('ok');
let fetch: NodeFetch;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, port: req.socket.remotePort ?? 0 });
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
beforeAll(() => {
  fetch = createNodeFetch();
});
afterEach(() => {
  seen = [];
  handler = (_req, res) => res.end('ok');
});
afterAll(() => fetch.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the node:http fetch', () => {
  it('sends method, headers and a string body, and reads status, headers and text', async () => {
    handler = (_req, res, body) => {
      res.writeHead(201, { 'Content-Type': 'application/json', ETag: 'W/"7"', 'Set-Cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ echo: body, é: 'ü' }));
    };
    const response = await fetch(new URL(`${base}/api/data/v9.2/things?$select=id`), {
      method: 'PATCH',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'If-None-Match': '*' },
      body: '{"name":"Ünïcode"}',
      redirect: 'manual',
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get('etag')).toBe('W/"7"');
    expect(response.headers.get('ETag')).toBe('W/"7"');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(response.headers.get('x-missing')).toBeNull();
    expect(await response.json()).toEqual({ echo: '{"name":"Ünïcode"}', é: 'ü' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/api/data/v9.2/things?$select=id', body: '{"name":"Ünïcode"}' });
    expect(seen[0]!.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'if-none-match': '*',
      'content-length': String(Buffer.byteLength('{"name":"Ünïcode"}')),
    });
  });

  it('takes Headers and header pairs as well as a plain object, and a string URL', async () => {
    await (await fetch(`${base}/a`, { headers: new Headers({ 'X-One': '1' }) })).text();
    await (await fetch(`${base}/b`, { headers: [['X-Two', '2']] })).text();
    expect(seen.map((s) => [s.url, s.headers['x-one'] ?? s.headers['x-two']])).toEqual([
      ['/a', '1'],
      ['/b', '2'],
    ]);
    expect(takesTimeout(fetch)).toBe(true);
    expect(takesTimeout(globalThis.fetch)).toBe(false);
  });

  it('keeps the connection alive: requests one after another share one socket', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${base}/n${i}`, { method: 'POST', body: `${i}` });
      expect(await response.text()).toBe('ok');
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((s) => s.port)).size).toBe(1);
    expect(seen[0]!.headers.connection).toBe('keep-alive');
  });

  it('never follows a redirect; a cancelled redirect body leaves the connection reusable', async () => {
    handler = (req, res) => {
      if (req.url === '/from') {
        res.writeHead(302, { Location: `${base}/to` });
        res.end('moved');
      } else res.end('arrived');
    };
    const response = await fetch(`${base}/from`, { redirect: 'manual', headers: { Authorization: `Bearer ${TEST_TOKEN}` } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${base}/to`);
    await response.body?.cancel();
    expect(seen.map((s) => s.url)).toEqual(['/from']);
    await delay(20); // the drained connection goes back to the pool
    expect(await (await fetch(`${base}/to`)).text()).toBe('arrived');
    expect(seen[1]!.port).toBe(seen[0]!.port);
  });

  it('an abort before the response destroys the request and rejects with the reason', async () => {
    let closed = false;
    handler = (req) => {
      req.socket.on('close', () => (closed = true));
    };
    const controller = new AbortController();
    const reason = new Error('stop now');
    const pending = fetch(`${base}/slow`, { signal: controller.signal });
    while (seen.length === 0) await delay(5);
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    while (!closed) await delay(5);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an abort without a reason rejects with an AbortError; an aborted signal sends nothing', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = fetch(`${base}/slow`, { signal: controller.signal });
    while (seen.length === 0) await delay(5);
    controller.abort();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');

    const before = seen.length;
    const aborted = AbortSignal.abort(new Error('already'));
    expect(((await rejection(fetch(`${base}/never`, { signal: aborted }))) as Error).message).toBe('already');
    await delay(20);
    expect(seen).toHaveLength(before);
  });

  it('an abort while the body is read rejects text() with the reason', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial');
    };
    const controller = new AbortController();
    const response = await fetch(`${base}/half`, { signal: controller.signal });
    const text = response.text();
    const reason = new Error('enough');
    controller.abort(reason);
    expect(await rejection(text)).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('timeoutMs gives up a request that gets no answer, with a TimeoutError', async () => {
    handler = () => undefined;
    const started = Date.now();
    const error = await rejection(fetch(`${base}/silent`, { timeoutMs: 50 } as RequestInit));
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
    expect(isTimeoutRejection(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('timeoutMs also covers the body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial');
    };
    const response = await fetch(`${base}/half`, { timeoutMs: 50 } as RequestInit);
    expect(isTimeoutRejection(await rejection(response.text()))).toBe(true);
  });

  it('a connection dropped before the response rejects with TypeError("fetch failed") caused by ECONNRESET', async () => {
    handler = (req) => req.socket.destroy();
    const error = await rejection(fetch(`${base}/drop`, { method: 'POST', body: 'x' }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNRESET');
  });

  it('a connection dropped in the middle of the body rejects text() with a TypeError', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial', () => setTimeout(() => res.socket?.destroy(), 10));
    };
    const response = await fetch(`${base}/cut`);
    const error = await rejection(response.text());
    expect(error).toBeInstanceOf(TypeError);
  });

  it('a refused connection rejects with TypeError("fetch failed") caused by ECONNREFUSED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(fetch(`http://127.0.0.1:${port}/`));
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('a shared caller signal keeps no listeners after many requests', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 30; i++) await (await fetch(`${base}/x`, { signal: controller.signal, timeoutMs: 10_000 } as RequestInit)).text();
    const redirect = await fetch(`${base}/x`, { signal: controller.signal });
    await redirect.body?.cancel();
    await delay(10);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('the client over the node:http fetch (no fetch option)', () => {
  const getToken = (): string => TEST_TOKEN;

  it('classifies a dropped connection as a network failure, retried for idempotent requests', async () => {
    handler = (req) => req.socket.destroy();
    const client = createJourneyClient({ orgUrl: base, getToken, retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = await rejection(client.get('0f8fad5b-d9cb-469f-a165-70867728950e'));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/failed: the connection broke \(fetch failed: socket hang up \(ECONNRESET\)\) after 3 attempts/);
    expect(seen).toHaveLength(3);
  });

  it('times out with TimeoutError after the retries (a create is a PATCH that is safe to repeat)', async () => {
    handler = () => undefined;
    const client = createJourneyClient({ orgUrl: base, getToken, timeoutMs: 50, retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = await rejection(client.create(sampleJourney('Slow')));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/timed out after 50 ms \(3 attempts\)/);
    expect(seen).toHaveLength(3);
  });

  it('a caller abort wins over the timeout and leaves no listener behind', async () => {
    handler = () => undefined;
    const client = createJourneyClient({ orgUrl: base, getToken, timeoutMs: 10_000 });
    const controller = new AbortController();
    const pending = client.get('0f8fad5b-d9cb-469f-a165-70867728950e', { signal: controller.signal });
    while (seen.length === 0) await delay(5);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
