/**
 * A small `fetch` for Node over `node:http` / `node:https` with a keep-alive agent. The client
 * uses it by default in Node (when no `fetch` is passed): the per-request cost of the built-in
 * `fetch` (its WHATWG streams, `Headers` and `Request` objects) is a large part of a request to an
 * org or emulator that answers in well under a millisecond.
 *
 * It implements the part of `fetch` the transport uses, with the same outcomes:
 *
 * - `method`, `headers` (plain object, `Headers` or pairs), a string or byte `body`, `signal`;
 * - redirects are never followed: a 3xx comes back as it is, like `redirect: 'manual'`;
 * - the response has `status`, `statusText`, `ok`, `url`, `headers.get/has/forEach`, `text()`,
 *   `json()`, `arrayBuffer()` and `body.cancel()`;
 * - an abort destroys the request (or the body being read) and rejects with the signal's reason
 *   (an `AbortError` `DOMException` when it has none);
 * - a failed connection, and a connection dropped before the response or during its body
 *   (`socket hang up`, `ECONNRESET`), rejects with `TypeError('fetch failed')` whose `cause` is the
 *   Node error, as the built-in `fetch` does.
 *
 * `node:http` and `node:https` are loaded on the first request, so that importing the client
 * does not load them outside Node.
 *
 * @module
 */
import type * as NodeHttp from 'node:http';
import type * as NodeHttps from 'node:https';

/**
 * Options of {@link createNodeFetch}.
 *
 * @example
 * ```ts
 * const options: NodeFetchOptions = { idleTimeoutMs: 4_000, maxSockets: 16 };
 * ```
 */
export interface NodeFetchOptions {
  /**
   * How long an idle connection is kept for reuse. A shorter `Keep-Alive: timeout=…` from the
   * server wins (less one second, so that the client never reuses a connection the server is
   * closing). @defaultValue 4000
   */
  readonly idleTimeoutMs?: number;
  /** Most connections per origin. @defaultValue Infinity (the client's own limit applies) */
  readonly maxSockets?: number;
}

/**
 * A `fetch` over `node:http` / `node:https`, and a way to close its idle connections.
 *
 * @example
 * ```ts
 * const fetch = createNodeFetch();
 * const response = await fetch('http://127.0.0.1:5885/api/data/v9.2/', { headers: { Accept: 'application/json' } });
 * fetch.close();
 * ```
 */
export type NodeFetch = ((input: string | URL | Request, init?: NodeFetchInit) => Promise<Response>) & typeof globalThis.fetch & {
  /** Closes its connections (requests in flight fail); later requests open new ones. */
  close(): void;
};

/**
 * The init of a {@link NodeFetch} request: a `RequestInit` with a timeout of its own.
 *
 * @example
 * ```ts
 * const init: NodeFetchInit = { method: 'GET', timeoutMs: 30_000 };
 * ```
 */
export interface NodeFetchInit extends RequestInit {
  /**
   * Milliseconds until the request (and the reading of its body) is given up: the request is
   * destroyed and the call (or the body read) rejects with a `TimeoutError` `DOMException`. The
   * same as a signal from `AbortSignal.timeout`, without the cost of an `AbortSignal` per request.
   */
  timeoutMs?: number;
}

const adapters = new WeakSet<object>();

/**
 * Whether `fetch` is one made by {@link createNodeFetch} (and so takes {@link NodeFetchInit.timeoutMs}).
 *
 * @example
 * ```ts
 * takesTimeout(createNodeFetch()); // true
 * takesTimeout(globalThis.fetch);  // false
 * ```
 */
export function takesTimeout(fetch: unknown): boolean {
  return typeof fetch === 'function' && adapters.has(fetch);
}

/** Whether `error` is the rejection of a {@link NodeFetchInit.timeoutMs} that ran out. */
export function isTimeoutRejection(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

interface NodeModules {
  readonly http: typeof NodeHttp;
  readonly https: typeof NodeHttps;
}

let modules: NodeModules | undefined;

async function loadModules(): Promise<NodeModules> {
  const [http, https] = await Promise.all([import('node:http'), import('node:https')]);
  modules = { http, https };
  return modules;
}

/**
 * Whether the code runs in Node (or a runtime that provides `node:http`).
 *
 * @example
 * ```ts
 * isNodeRuntime(); // true under node
 * ```
 */
export function isNodeRuntime(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string';
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function networkFailure(cause: unknown, message = 'fetch failed'): TypeError {
  return new TypeError(message, { cause });
}

function droppedBody(): TypeError {
  return networkFailure(Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }), 'terminated');
}

/** Headers of an init as a plain object Node accepts (the transport passes a plain object). */
function plainHeaders(headers: HeadersInit | undefined): NodeHttp.OutgoingHttpHeaders | undefined {
  if (headers === undefined) return undefined;
  const proto: unknown = Object.getPrototypeOf(headers);
  if (proto === Object.prototype || proto === null) return headers as Record<string, string>;
  if (headers instanceof Headers) {
    const out: Record<string, string> = {};
    headers.forEach((value, key) => {
      out[key] = value;
    });
    return out;
  }
  if (Array.isArray(headers)) {
    const out: Record<string, string> = {};
    for (const pair of headers) {
      const [key, value] = pair as [string, string];
      out[key] = key.toLowerCase() in out ? `${out[key]}, ${value}` : value;
    }
    return out;
  }
  return headers as Record<string, string>;
}

/** Response headers with the read side of the `Headers` interface. */
class NodeResponseHeaders {
  readonly #raw: NodeHttp.IncomingHttpHeaders;

  constructor(raw: NodeHttp.IncomingHttpHeaders) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const v = this.#raw[name.toLowerCase()];
    if (v === undefined) return null;
    return typeof v === 'string' ? v : v.join(', ');
  }

  has(name: string): boolean {
    return this.#raw[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, key: string, parent: NodeResponseHeaders) => void): void {
    for (const key of Object.keys(this.#raw).sort()) callback(this.get(key)!, key, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const key of Object.keys(this.#raw).sort()) yield [key, this.get(key)!];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

const kResponse = Symbol('response');
const kExchange = Symbol('exchange');

type TaggedMessage = NodeHttp.IncomingMessage & { [kResponse]?: NodeResponse };
type TaggedRequest = NodeHttp.ClientRequest & { [kExchange]?: Exchange };

// Listeners are plain functions that find their state on the emitter: no closures per request.

function onResponseError(this: TaggedMessage, error: Error): void {
  this[kResponse]!.fail(networkFailure(error, 'terminated'));
}

function onResponseData(this: TaggedMessage, chunk: Buffer): void {
  this[kResponse]!.chunk(chunk);
}

function onResponseEnd(this: TaggedMessage): void {
  this[kResponse]!.end();
}

function onResponseClose(this: TaggedMessage): void {
  // A connection dropped in the middle of the body closes without 'end'.
  if (!this.complete) this[kResponse]!.fail(droppedBody());
}

function onResponseDrained(this: TaggedMessage): void {
  this[kResponse]!.release();
}

function onRequestResponse(this: TaggedRequest, res: NodeHttp.IncomingMessage): void {
  this[kExchange]!.responded(res);
}

function onRequestError(this: TaggedRequest, error: Error): void {
  this[kExchange]!.failed(error);
}

function onTimeout(exchange: Exchange): void {
  exchange.stop(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
}

/** The response: the body is read on demand, once. */
class NodeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: NodeResponseHeaders;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic';
  readonly body: NodeResponseBody;
  readonly #res: TaggedMessage;
  readonly #exchange: Exchange;
  #used = false;
  #failure: unknown;
  #chunks: Buffer[] = [];
  #size = 0;
  #resolve: ((body: Buffer) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(res: NodeHttp.IncomingMessage, url: string, exchange: Exchange) {
    this.#res = res as TaggedMessage;
    this.#res[kResponse] = this;
    this.#exchange = exchange;
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? '';
    this.headers = new NodeResponseHeaders(res.headers);
    this.url = url;
    this.body = new NodeResponseBody(this);
    // A connection dropped before the body is read must not be an unhandled 'error' event; the
    // failure is kept and reported by the read.
    res.on('error', onResponseError);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  /** The body is not wanted: drain it so that the connection goes back to the pool. */
  cancel(): void {
    if (this.#used) return;
    this.#used = true;
    const res = this.#res;
    if (res.destroyed) {
      this.release();
      return;
    }
    res.on('end', onResponseDrained);
    res.on('close', onResponseDrained);
    res.resume();
  }

  /** Abort or timeout after the response arrived: the body (being) read fails with `reason`. */
  abort(reason: unknown): void {
    this.#failure ??= reason;
    this.#res.destroy();
    this.fail(reason);
    this.#exchange.finish();
  }

  /** @internal */
  release(): void {
    this.#exchange.finish();
  }

  /** @internal */
  chunk(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
  }

  /** @internal */
  end(): void {
    const resolve = this.#resolve;
    if (resolve === undefined) return;
    this.#resolve = this.#reject = undefined;
    this.#exchange.finish();
    const chunks = this.#chunks;
    this.#chunks = [];
    resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#size));
  }

  /** @internal */
  fail(error: unknown): void {
    this.#failure ??= error;
    const reject = this.#reject;
    if (reject === undefined) return;
    this.#resolve = this.#reject = undefined;
    this.#exchange.finish();
    reject(this.#failure);
  }

  #read(): Promise<Buffer> {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#used = true;
    const res = this.#res;
    if (this.#failure === undefined && res.destroyed && !res.complete) this.#failure = droppedBody();
    if (this.#failure !== undefined) {
      this.#exchange.finish();
      return Promise.reject(this.#failure);
    }
    return new Promise<Buffer>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      res.on('close', onResponseClose);
      res.on('data', onResponseData);
      res.on('end', onResponseEnd);
    });
  }

  async text(): Promise<string> {
    return (await this.#read()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const buffer = await this.#read();
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  }
}

/** `response.body`: only `cancel()`. */
class NodeResponseBody {
  readonly #response: NodeResponse;

  constructor(response: NodeResponse) {
    this.#response = response;
  }

  cancel(): Promise<void> {
    this.#response.cancel();
    return Promise.resolve();
  }
}

/**
 * One request in flight: its promise, its abort signal (the exchange is the listener, through
 * `handleEvent`) and its timer, until the response body is read or dropped.
 */
class Exchange {
  readonly #req: TaggedRequest;
  readonly #signal: AbortSignal | undefined;
  readonly #href: string;
  #resolve: ((response: Response) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #response: NodeResponse | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #finished = false;

  constructor(
    req: NodeHttp.ClientRequest,
    href: string,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    resolve: (response: Response) => void,
    reject: (error: unknown) => void,
  ) {
    this.#req = req as TaggedRequest;
    this.#req[kExchange] = this;
    this.#href = href;
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    req.on('error', onRequestError);
    if (signal !== undefined) signal.addEventListener('abort', this, { once: true });
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(onTimeout, timeoutMs, this);
      this.#timer.unref();
    }
  }

  /** The abort listener. */
  handleEvent(): void {
    this.stop(abortReason(this.#signal!));
  }

  responded(res: NodeHttp.IncomingMessage): void {
    const resolve = this.#resolve;
    if (resolve === undefined) {
      res.destroy();
      return;
    }
    this.#resolve = this.#reject = undefined;
    this.#response = new NodeResponse(res, this.#href, this);
    resolve(this.#response as unknown as Response);
  }

  failed(error: Error): void {
    const reject = this.#reject;
    if (reject === undefined) return;
    this.#resolve = this.#reject = undefined;
    this.finish();
    const signal = this.#signal;
    reject(signal?.aborted ? abortReason(signal) : networkFailure(error));
  }

  stop(reason: unknown): void {
    if (this.#response !== undefined) {
      this.#response.abort(reason);
      return;
    }
    const reject = this.#reject;
    if (reject === undefined) return;
    this.#resolve = this.#reject = undefined;
    this.finish();
    this.#req.destroy();
    reject(reason);
  }

  /** Clears the timer and the abort listener (once). */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this);
  }
}

/**
 * Creates a `fetch` over `node:http` / `node:https` with keep-alive agents (one per protocol).
 * Only the parts of `fetch` listed in the module description are supported; redirects are never
 * followed.
 *
 * @example
 * ```ts
 * const client = createJourneyClient({ orgUrl, getToken, fetch: createNodeFetch({ maxSockets: 8 }) });
 * ```
 */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const idleTimeoutMs = options.idleTimeoutMs ?? 4_000;
  const maxSockets = options.maxSockets ?? Infinity;
  let httpAgent: NodeHttp.Agent | undefined;
  let httpsAgent: NodeHttps.Agent | undefined;

  function agentFor(m: NodeModules, secure: boolean): NodeHttp.Agent {
    const agentOptions = { keepAlive: true, timeout: idleTimeoutMs, maxSockets, scheduling: 'lifo' as const };
    if (secure) return (httpsAgent ??= new m.https.Agent(agentOptions));
    return (httpAgent ??= new m.http.Agent(agentOptions));
  }

  async function nodeFetch(input: string | URL | Request, init?: NodeFetchInit): Promise<Response> {
    const m = modules ?? (await loadModules());
    if (typeof input !== 'string' && !(input instanceof URL)) {
      throw new TypeError('This fetch takes a URL or a string, not a Request');
    }
    const url = typeof input === 'string' ? new URL(input) : input;
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') throw new TypeError(`This fetch only speaks http and https, not ${url.protocol}`);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('This fetch sends a string or bytes as the body');
    }
    const headers = plainHeaders(init?.headers);
    const requestOptions: NodeHttp.RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      path: url.pathname + url.search,
      method: init?.method ?? 'GET',
      agent: agentFor(m, secure),
    };
    if (url.port !== '') requestOptions.port = url.port;
    if (headers !== undefined) requestOptions.headers = headers;

    const timeoutMs = init?.timeoutMs;
    return new Promise<Response>((resolve, reject) => {
      const req = (secure ? m.https : m.http).request(requestOptions);
      new Exchange(req, url.href, signal, timeoutMs, resolve, reject);
      req.on('response', onRequestResponse);
      if (body === undefined || body === null) req.end();
      else req.end(body);
    });
  }

  const fetchFunction = nodeFetch as NodeFetch;
  adapters.add(fetchFunction);
  fetchFunction.close = (): void => {
    httpAgent?.destroy();
    httpsAgent?.destroy();
    httpAgent = undefined;
    httpsAgent = undefined;
  };
  return fetchFunction;
}
