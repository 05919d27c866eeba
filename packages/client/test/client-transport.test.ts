/**
 * The transport under the journey client, against the emulator over real HTTP: headers, tokens,
 * errors, retries, timeouts, redirects and the org URL rule. Nothing waits on the wall clock: the
 * client's sleeps return at once and are recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConcurrencyError,
  computeRetryDelay,
  createJourneyClient,
  createLimiter,
  DataverseError,
  DEFAULT_RETRY_OPTIONS,
  isDataverseError,
  NetworkError,
  normalizeRetryOptions,
  NotFoundError,
  parseRetryAfter,
  ThrottlingError,
  TimeoutError,
  type TokenCredentialLike,
  type TokenRequest,
} from '../src/index.js';
import { clientFor, observedFetch, sampleJourney, TEST_TOKEN, testGuid } from './client-helpers.js';

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

/** Every way an error could carry the token into a log. */
function expectNoToken(error: unknown, token: string = TEST_TOKEN): void {
  const texts = [String(error), (error as Error).message, (error as Error).stack ?? '', inspect(error, { depth: 8 }), JSON.stringify(error)];
  for (const text of texts) expect(text).not.toContain(token);
}

/** The first step of an async iteration (one page request). */
const first = <T>(iterable: AsyncIterable<T>): Promise<IteratorResult<T>> => iterable[Symbol.asyncIterator]().next();

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail');
}

/** A bare HTTP server on loopback whose handler sees every request (for redirect tests). */
async function startServer(
  handler: (req: { method: string; url: string; headers: IncomingHttpHeaders }, res: import('node:http').ServerResponse) => void,
): Promise<{ url: string; seen: { method: string; url: string; headers: IncomingHttpHeaders }[]; close(): Promise<void> }> {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    seen.push(entry);
    req.resume();
    req.on('end', () => handler(entry, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('org URL and options', () => {
  const getToken = (): string => TEST_TOKEN;

  it('refuses plain http to a host that is not loopback, with a message that says why', () => {
    expect(() => createJourneyClient({ orgUrl: 'http://contoso.crm4.dynamics.com', getToken })).toThrow(RangeError);
    expect(() => createJourneyClient({ orgUrl: 'http://contoso.crm4.dynamics.com', getToken })).toThrow(/must use https.*unencrypted.*loopback/);
    expect(() => createJourneyClient({ orgUrl: 'http://10.0.0.7:8080', getToken })).toThrow(RangeError);
    expect(() => createJourneyClient({ orgUrl: 'http://127.example.com', getToken })).toThrow(RangeError);
  });

  it('accepts https anywhere and http on loopback (localhost, 127.0.0.0/8, ::1)', () => {
    for (const orgUrl of ['https://contoso.crm4.dynamics.com', 'http://localhost:5885', 'http://127.0.0.1:1', 'http://127.8.9.10', 'http://[::1]:8080']) {
      expect(() => createJourneyClient({ orgUrl, getToken }), orgUrl).not.toThrow();
    }
    expect(createJourneyClient({ orgUrl: 'https://contoso.crm4.dynamics.com/', getToken, apiVersion: '9.1' }).baseUrl).toBe(
      'https://contoso.crm4.dynamics.com/api/data/v9.1/',
    );
  });

  it('refuses malformed org URLs, credentials in the URL and bad options with TypeError or RangeError', () => {
    expect(() => createJourneyClient({ orgUrl: 'contoso', getToken })).toThrow(TypeError);
    expect(() => createJourneyClient({ orgUrl: 'ftp://contoso.example', getToken })).toThrow(TypeError);
    expect(() => createJourneyClient({ orgUrl: 'https://user:secret@contoso.example', getToken })).toThrow(/user name or password/);
    expect(() => createJourneyClient({ orgUrl: 'https://contoso.example', getToken, apiVersion: 'latest' })).toThrow(RangeError);
    expect(() => createJourneyClient({ orgUrl: 'https://contoso.example', getToken, retry: { limit: -1 } })).toThrow(/retry\.limit/);
    expect(() => createJourneyClient({ orgUrl: 'https://contoso.example', getToken, concurrency: 0 })).toThrow(RangeError);
    expect(() => createJourneyClient({ orgUrl: 'https://contoso.example', getToken, entitySet: 'a b' })).toThrow(TypeError);
    // Exactly one token source.
    expect(() => createJourneyClient({ orgUrl: 'https://contoso.example' } as never)).toThrow(/exactly one of getToken/);
  });
});

describe('requests on the wire', () => {
  it('sends the standard OData headers, the bearer token, and Content-Type only with a body', async () => {
    const { fetch, seen } = observedFetch();
    const client = clientFor(emulator.url, { fetch, userAgent: 'journey-tests/1.0' });
    const id = await client.create(sampleJourney('Headers'));
    await client.get(id);

    const patch = seen.find((r) => r.method === 'PATCH')!;
    const get = seen.find((r) => r.method === 'GET')!;
    for (const request of [patch, get]) {
      expect(request.headers).toMatchObject({
        accept: 'application/json',
        'odata-maxversion': '4.0',
        'odata-version': '4.0',
        authorization: `Bearer ${TEST_TOKEN}`,
        'user-agent': 'journey-tests/1.0',
      });
    }
    expect(patch.headers['content-type']).toMatch(/^application\/json/);
    expect(patch.headers['if-none-match']).toBe('*');
    expect(get.headers['content-type']).toBeUndefined();
    expect(get.body).toBeUndefined();
  });

  it('asks getToken for the org scope before every attempt', async () => {
    const requests: TokenRequest[] = [];
    const client = clientFor(emulator.url, {
      getToken: ((request: TokenRequest) => {
        requests.push(request);
        return TEST_TOKEN;
      }) as () => string,
    });
    emulator.faults.script([{ kind: '503' }]);
    await first(client.list());
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ scope: `${emulator.url}/.default`, forceRefresh: false });
  });

  it('refuses a token that cannot go in a header without quoting it', async () => {
    const client = clientFor(emulator.url, { getToken: () => `Bearer ${TEST_TOKEN}` });
    const error = await failure(client.list()[Symbol.asyncIterator]().next());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/without "Bearer "/);
    expectNoToken(error);
    expect(emulator.stats.requests).toBe(0);
  });

  it('uses a TokenCredential with the .default scope and caches its token until near expiry', async () => {
    const scopes: (string | string[])[] = [];
    const credential: TokenCredentialLike = {
      getToken: async (scope) => {
        scopes.push(scope);
        return { token: TEST_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const client = createJourneyClient({ orgUrl: emulator.url, credential, retry: 0 });
    await client.create(sampleJourney('Credential 1'));
    await client.create(sampleJourney('Credential 2'));
    expect(scopes).toEqual([`${emulator.url}/.default`]);
  });
});

describe('errors', () => {
  it('404: NotFoundError with status, OData code and message, request id, and a hint', async () => {
    const client = clientFor(emulator.url);
    const id = testGuid('abcdef01', 404);
    const error = await failure(client.get(id));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(DataverseError);
    expect(isDataverseError(error)).toBe(true);
    const e = error as NotFoundError;
    expect(e.name).toBe('NotFoundError');
    expect(e.status).toBe(404);
    expect(e.method).toBe('GET');
    expect(e.url).toBe(`${emulator.url}/api/data/v9.2/msdyncrm_customerjourneys(${id})`);
    expect(e.code).toMatch(/^0x/);
    expect(e.serviceMessage).toBeTruthy();
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.message.startsWith(`GET ${e.url} failed with 404 Not Found: ${e.serviceMessage}`)).toBe(true);
    expect(e.message).toMatch(/No journey has the id .*list\(\)/);
    expectNoToken(e);
  });

  it('401: refreshes the token once and repeats the request', async () => {
    const tokens: TokenRequest[] = [];
    const fresh = `${TEST_TOKEN}-fresh`;
    const local = await startEmulator({ acceptToken: (token) => token === fresh });
    try {
      const client = clientFor(local.url, {
        getToken: ((request: TokenRequest) => {
          tokens.push(request);
          return request.forceRefresh ? fresh : TEST_TOKEN;
        }) as () => string,
      });
      const id = await client.create(sampleJourney('Refreshed'));
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(tokens.map((t) => t.forceRefresh)).toEqual([false, true]);
      expect(local.records()).toHaveLength(1);
    } finally {
      await local.close();
    }
  });

  it('401 after the refresh: AuthenticationError, and the token is nowhere in it', async () => {
    const local = await startEmulator({ acceptToken: () => false });
    try {
      let calls = 0;
      const client = clientFor(local.url, {
        getToken: () => {
          calls += 1;
          return TEST_TOKEN;
        },
      });
      const error = await failure(client.get(testGuid('abcdef01', 1)));
      expect(error).toBeInstanceOf(AuthenticationError);
      const e = error as AuthenticationError;
      expect(e.name).toBe('AuthenticationError');
      expect(e.status).toBe(401);
      expect(e.attempts).toBe(2);
      expect(calls).toBe(2);
      expect(e.message).toMatch(/failed with 401 Unauthorized: .*refused the token even after a refresh/);
      expect(e.message).toContain(`${local.url}/.default`);
      expectNoToken(e);
    } finally {
      await local.close();
    }
  });

  it('redacts the token when the service echoes it in an error message', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: '0x80040203', message: `Invalid header: ${String(req.headers.authorization)}` } }));
    });
    try {
      const client = clientFor(server.url);
      const error = await failure(client.get(testGuid('abcdef01', 2)));
      expect(error).toBeInstanceOf(DataverseError);
      expect((error as DataverseError).message).toContain('Invalid header: Bearer [redacted]');
      expectNoToken(error);
    } finally {
      await server.close();
    }
  });

  it('412 on a stale ETag: ConcurrencyError, and nothing is overwritten', async () => {
    const client = clientFor(emulator.url);
    const id = await client.create(sampleJourney('Stale', 1));
    const first = await client.get(id);
    await client.update(id, sampleJourney('Stale', 2), { ifMatch: first.etag! });
    const error = await failure(client.update(id, sampleJourney('Stale', 3), { ifMatch: first.etag! }));
    expect(error).toBeInstanceOf(ConcurrencyError);
    const e = error as ConcurrencyError;
    expect(e.name).toBe('ConcurrencyError');
    expect(e.status).toBe(412);
    expect(e.message).toMatch(new RegExp(`^PATCH ${emulator.url}/api/data/v9\\.2/msdyncrm_customerjourneys\\(${id}\\)\\S* failed with 412 Precondition Failed: `));
    expect(e.message).toMatch(/nothing was overwritten.*get\(\) it again/);
    const stored = (await client.get(id)).journey;
    expect(stored.root.children[0]?.children[0]?.header?.recordId).toBe(testGuid('e0000000', 2));
    expectNoToken(e);
  });
});

describe('retries', () => {
  it('honours Retry-After in seconds on 429', async () => {
    const client = clientFor(emulator.url);
    emulator.faults.script([{ kind: '429', retryAfterSeconds: 2 }]);
    await first(client.list());
    expect(client.clock.sleeps).toEqual([2000]);
  });

  it('backs off exponentially (capped) on 503 when there is no Retry-After', async () => {
    const client = clientFor(emulator.url, { retry: { limit: 5, baseDelayMs: 100, maxDelayMs: 300, jitter: false } });
    emulator.faults.script([{ kind: '503' }, { kind: '503' }, { kind: '503' }, { kind: '503' }]);
    await first(client.list());
    expect(client.clock.sleeps).toEqual([100, 200, 300, 300]);
  });

  it('full jitter draws each delay between 0 and the backoff', async () => {
    const client = clientFor(emulator.url, { retry: { baseDelayMs: 1000, jitter: true }, random: () => 0.5 });
    emulator.faults.script([{ kind: '503' }, { kind: '503' }]);
    await first(client.list());
    expect(client.clock.sleeps).toEqual([500, 1000]);
  });

  it('429 beyond the retry limit: ThrottlingError with retryAfterMs and attempts', async () => {
    const client = clientFor(emulator.url, { retry: 2 });
    emulator.faults.script([0, 1, 2, 3].map(() => ({ kind: '429' as const, retryAfterSeconds: 0 })));
    const error = await failure(first(client.list()));
    expect(error).toBeInstanceOf(ThrottlingError);
    const e = error as ThrottlingError;
    expect(e.name).toBe('ThrottlingError');
    expect(e.status).toBe(429);
    expect(e.attempts).toBe(3);
    expect(e.retryAfterMs).toBe(0);
    expect(e.message).toMatch(/failed with 429 Too Many Requests: .*retries ran out \(3 attempts\)/);
    expectNoToken(e);
  });

  it('a Retry-After longer than maxRetryAfterMs fails at once instead of waiting', async () => {
    const client = clientFor(emulator.url, { retry: { maxRetryAfterMs: 10_000 } });
    emulator.faults.script([{ kind: '429', retryAfterSeconds: 60 }]);
    const error = (await failure(first(client.list()))) as ThrottlingError;
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error.retryAfterMs).toBe(60_000);
    expect(client.clock.sleeps).toEqual([]);
  });

  it('dropped connections are retried, and NetworkError comes when retries run out', async () => {
    const client = clientFor(emulator.url, { retry: 2 });
    emulator.faults.script([{ kind: 'drop' }, { kind: 'drop-after' }]);
    await first(client.list());
    expect(client.clock.sleeps).toHaveLength(2);

    emulator.faults.script([{ kind: 'drop' }, { kind: 'drop' }, { kind: 'drop' }]);
    const error = await failure(first(client.list()));
    expect(error).toBeInstanceOf(NetworkError);
    const e = error as NetworkError;
    expect(e.name).toBe('NetworkError');
    expect(e.status).toBeUndefined();
    expect(e.attempts).toBe(3);
    expect(e.cause).toBeDefined();
    expect(e.message).toMatch(new RegExp(`^GET ${emulator.url}/api/data/v9\\.2/msdyncrm_customerjourneys failed: the connection broke .* after 3 attempts: Check the org URL`));
    expectNoToken(e);
  });

  it('a slow response is a TimeoutError after the per-attempt timeout, and is retried first', async () => {
    const client = clientFor(emulator.url, { timeoutMs: 40, retry: 1 });
    emulator.faults.script([{ kind: 'latency', latencyMs: 2_000 }, { kind: 'latency', latencyMs: 2_000 }]);
    const error = await failure(first(client.list()));
    expect(error).toBeInstanceOf(TimeoutError);
    const e = error as TimeoutError;
    expect(e.name).toBe('TimeoutError');
    expect(e.status).toBeUndefined();
    expect(e.attempts).toBe(2);
    expect(e.message).toMatch(/timed out after 40 ms \(2 attempts\).*Raise timeoutMs/);
    expectNoToken(e);

    emulator.faults.script([{ kind: 'latency', latencyMs: 2_000 }]);
    await expect(first(client.list())).resolves.toMatchObject({ done: true });
  });

  it("a caller's abort stops at once, without retries", async () => {
    const client = clientFor(emulator.url);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the caller'));
    await expect(client.get(testGuid('abcdef01', 3), { signal: controller.signal })).rejects.toThrow('cancelled by the caller');
    expect(emulator.stats.requests).toBe(0);
  });
});

describe('redirects', () => {
  it('follows a redirect within the org, with the token', async () => {
    const server = await startServer((req, res) => {
      if (!req.url.includes('moved=1')) {
        res.writeHead(307, { Location: `${req.url}${req.url.includes('?') ? '&' : '?'}moved=1` });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ value: [] }));
    });
    try {
      const client = clientFor(server.url);
      await expect(first(client.list())).resolves.toMatchObject({ done: true });
      expect(server.seen).toHaveLength(2);
      expect(server.seen.map((r) => r.headers.authorization)).toEqual([`Bearer ${TEST_TOKEN}`, `Bearer ${TEST_TOKEN}`]);
    } finally {
      await server.close();
    }
  });

  it('never sends the token to another origin', async () => {
    const elsewhere = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ value: [] }));
    });
    const org = await startServer((req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}${req.url}` });
      res.end();
    });
    try {
      const client = clientFor(org.url);
      const error = await failure(first(client.list()));
      expect(error).toBeInstanceOf(DataverseError);
      expect((error as DataverseError).status).toBe(302);
      expect((error as DataverseError).message).toContain(`redirected to another origin (${elsewhere.url})`);
      expect(elsewhere.seen.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
      expectNoToken(error);
    } finally {
      await org.close();
      await elsewhere.close();
    }
  });
});

describe('retry options and timing helpers', () => {
  it('normalizes once: a number is the limit, defaults fill the rest, false turns retries off', () => {
    expect(normalizeRetryOptions(3)).toMatchObject({ limit: 3, baseDelayMs: 500, maxDelayMs: 30_000, jitter: true });
    expect(normalizeRetryOptions(false).limit).toBe(0);
    expect(normalizeRetryOptions()).toBe(DEFAULT_RETRY_OPTIONS);
    expect([...normalizeRetryOptions().statusCodes]).toEqual([429, 502, 503, 504]);
    expect(() => normalizeRetryOptions({ statusCodes: [42] })).toThrow(RangeError);
  });

  it('computes capped exponential delays and reads Retry-After as seconds or an HTTP date', () => {
    const policy = normalizeRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000, jitter: false });
    expect([1, 2, 3, 4, 5].map((n) => computeRetryDelay(n, policy))).toEqual([100, 200, 400, 800, 1000]);
    expect(computeRetryDelay(4, policy, 0)).toBe(0);
    const now = Date.parse('2026-02-01T09:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Feb 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Feb 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('the limiter keeps at most `limit` tasks in flight', async () => {
    const limiter = createLimiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
  });

  it('the client-wide concurrency limit bounds requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting: typeof fetch = async (input, init) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        const response = await fetch(input, init);
        await new Promise((resolve) => setImmediate(resolve));
        return response;
      } finally {
        inFlight -= 1;
      }
    };
    const client = clientFor(emulator.url, { fetch: counting, concurrency: 2 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.create(sampleJourney(`Limited ${i}`))));
    expect(peak).toBeLessThanOrEqual(2);
    expect(emulator.records()).toHaveLength(10);
  });
});
