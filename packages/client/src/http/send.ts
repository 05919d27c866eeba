/**
 * One HTTP exchange for the transport: send a request, get the status, the headers and the body
 * read whole (at most `maxBytes` of it), with no redirect followed. Two ways to make it:
 *
 * - in Node, by default, with `undici` (the HTTP client Node's own `fetch` is built on), through
 *   a shared keep-alive {@link https://undici.nodejs.org | Agent} and its `request` API, which
 *   skips the WHATWG streams, `Headers` and `Request` objects a `fetch` call builds;
 * - with a `fetch` the caller passes (`redirect: 'manual'`), anywhere.
 *
 * Both give the same outcomes: a timeout rejects with {@link TimeoutRejection}, a body over the
 * limit with {@link BodyTooLarge}, a caller's abort with the signal's reason, and a failed or
 * dropped connection with the underlying error (for `fetch`, its `TypeError` whose `cause` is it).
 *
 * @module
 */
import type { Dispatcher } from 'undici';

/**
 * The response headers the client reads.
 *
 * @example
 * ```ts
 * const etag = response.headers.get('etag');
 * ```
 */
export interface ResponseHeaders {
  /** The value of a header (names in any letter case), or `null`. */
  get(name: string): string | null;
}

/** One request, ready to go: headers already built, body already serialized. */
export interface SendRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  /** The caller's signal; its abort rejects with its reason. */
  readonly signal: AbortSignal | undefined;
  /** Milliseconds for the whole exchange, body included (`Infinity` for none). */
  readonly timeoutMs: number;
  /** Largest body read, in bytes. */
  readonly maxBytes: number;
}

/** What came back. The body of a redirect that names a `Location` is dropped (`text` is `''`). */
export interface Exchange {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly text: string;
}

/** Sends one request. */
export type Send = (request: SendRequest) => Promise<Exchange>;

/** The exchange did not finish within its `timeoutMs`. */
export class TimeoutRejection extends Error {
  override name = 'TimeoutRejection';
}

/** The body is larger than the limit; `size` is what the response declared, when it did. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  /** `Content-Length` of the response, when it sent one. */
  readonly declared: number | undefined;
  /** The limit in bytes. */
  readonly limit: number;

  constructor(limit: number, declared: number | undefined) {
    super(`the response body is larger than ${limit} bytes`);
    this.limit = limit;
    this.declared = declared;
  }
}

/** The redirect statuses: with a `Location`, their body is not read here and the transport decides whether to follow. */
export const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

function declaredLength(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

// ------------------------------------------------------------------------------------------ undici

/** Response headers as undici gives them: lower-case names, repeated ones as arrays. */
class UndiciHeaders implements ResponseHeaders {
  readonly #raw: Readonly<Record<string, string | string[] | undefined>>;

  constructor(raw: Readonly<Record<string, string | string[] | undefined>>) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const v = this.#raw[name.toLowerCase()];
    if (v === undefined) return null;
    return typeof v === 'string' ? v : v.join(', ');
  }
}

type Body = Dispatcher.ResponseData['body'];

/**
 * Reads an undici body whole, bytes as received (a byte-order mark is kept), failing once more
 * than `maxBytes` arrived or `deadline` (a `performance.now()` value) passed.
 */
function readBody(body: Body, maxBytes: number, deadline: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      body.destroy();
      reject(error);
    };
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(new BodyTooLarge(maxBytes, undefined));
      else if (performance.now() > deadline) fail(new TimeoutRejection('timed out while reading the body'));
      else chunks.push(chunk);
    });
    body.on('error', fail);
    body.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    });
  });
}

const UNDICI_TIMEOUTS: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

let sharedAgent: Promise<Dispatcher> | undefined;

/** The keep-alive agent shared by every client that uses undici; loaded on the first request. */
function agent(): Promise<Dispatcher> {
  sharedAgent ??= import('undici').then(
    // Connections per origin are not capped here: each client has its own limit of requests in flight.
    ({ Agent }) => new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 }),
  );
  return sharedAgent;
}

/**
 * The {@link Send} over undici's `request`, through a shared keep-alive agent.
 *
 * @example
 * ```ts
 * const send = createUndiciSend();
 * const { status, text } = await send({ url, method: 'GET', headers: {}, body: undefined, signal: undefined, timeoutMs: 30_000, maxBytes: 1 << 20 });
 * ```
 */
export function createUndiciSend(): Send {
  return async (request) => {
    const dispatcher = await agent();
    const { url, timeoutMs, maxBytes } = request;
    const finite = Number.isFinite(timeoutMs);
    const deadline = finite ? performance.now() + timeoutMs : Infinity;
    const options: Dispatcher.RequestOptions = {
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      // 0 turns undici's own timeouts off; a finite timeout bounds the wait for the headers and
      // any pause in the body, and the deadline bounds the body as a whole.
      headersTimeout: finite ? Math.max(1, timeoutMs) : 0,
      bodyTimeout: finite ? Math.max(1, timeoutMs) : 0,
    };
    if (request.body !== undefined) options.body = request.body;
    if (request.signal !== undefined) options.signal = request.signal;
    let response: Dispatcher.ResponseData;
    try {
      response = await dispatcher.request(options);
    } catch (error) {
      throw timeoutOrSelf(error);
    }
    const { statusCode, headers, body } = response;
    const responseHeaders = new UndiciHeaders(headers);
    if (REDIRECTS.has(statusCode) && responseHeaders.get('location') !== null) {
      // Not followed here; the body is not wanted, and draining it keeps the connection.
      await body.dump().catch(() => undefined);
      return { status: statusCode, headers: responseHeaders, text: '' };
    }
    const declared = declaredLength(responseHeaders.get('content-length'));
    if (declared !== undefined && declared > maxBytes) {
      // Destroying an undici body emits an abort error; it is expected here.
      body.on('error', () => undefined).destroy();
      throw new BodyTooLarge(maxBytes, declared);
    }
    let text: string;
    try {
      text = await readBody(body, maxBytes, deadline);
    } catch (error) {
      throw timeoutOrSelf(error);
    }
    return { status: statusCode, headers: responseHeaders, text };
  };
}

function timeoutOrSelf(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNDICI_TIMEOUTS.has(code) ? new TimeoutRejection((error as Error).message) : error;
}

// ------------------------------------------------------------------------------------------- fetch

/** Reads a fetch body whole, failing once more than `maxBytes` arrived. */
async function readFetchBody(response: Response, maxBytes: number): Promise<string> {
  const declared = declaredLength(response.headers.get('content-length'));
  if (declared !== undefined && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes, declared);
  }
  // A declared length within the limit bounds the body: fetch fails a body longer than it says.
  if (declared !== undefined || response.body === null) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes, undefined);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * The {@link Send} over a caller's `fetch`, with `redirect: 'manual'`. The timeout is an abort
 * signal of its own, joined with the caller's.
 *
 * @example
 * ```ts
 * const send = createFetchSend(globalThis.fetch);
 * ```
 */
export function createFetchSend(fetchImpl: typeof globalThis.fetch): Send {
  return async (request) => {
    const callerSignal = request.signal;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onCallerAbort: (() => void) | undefined;
    let signal: AbortSignal | undefined = callerSignal;
    if (Number.isFinite(request.timeoutMs)) {
      const controller = new AbortController();
      signal = controller.signal;
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new TimeoutRejection(`timed out after ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      if (callerSignal !== undefined) {
        if (callerSignal.aborted) controller.abort(callerSignal.reason);
        else {
          onCallerAbort = () => controller.abort(callerSignal.reason);
          callerSignal.addEventListener('abort', onCallerAbort, { once: true });
        }
      }
    }
    const init: RequestInit = { method: request.method, headers: request.headers, redirect: 'manual' };
    if (request.body !== undefined) init.body = request.body;
    if (signal !== undefined) init.signal = signal;
    try {
      const response = await fetchImpl(request.url, init);
      if (REDIRECTS.has(response.status) && response.headers.get('location') !== null) {
        await response.body?.cancel().catch(() => undefined);
        return { status: response.status, headers: response.headers, text: '' };
      }
      const text = await readFetchBody(response, request.maxBytes);
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timedOut) throw new TimeoutRejection(`timed out after ${request.timeoutMs} ms`);
      throw error;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onCallerAbort !== undefined) callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  };
}
