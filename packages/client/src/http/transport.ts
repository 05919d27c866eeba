/**
 * The HTTP layer under the journey client: standard Dataverse headers, bearer tokens, timeouts
 * and caller aborts, same-origin redirects, retries with backoff, the shared concurrency limit,
 * and the mapping of failures onto the {@link DataverseError} hierarchy.
 *
 * @module
 */

import { redact, type TokenProvider } from './auth.js';
import type { Limiter } from './concurrency.js';
import {
  AuthenticationError,
  ConcurrencyError,
  DataverseError,
  type DataverseErrorDetails,
  NetworkError,
  NotFoundError,
  ThrottlingError,
  TimeoutError,
} from './errors.js';
import { isTimeoutRejection, type NodeFetchInit, takesTimeout } from './node-fetch-adapter.js';
import { type Clock, computeRetryDelay, type NormalizedRetryOptions, parseRetryAfter } from './retry.js';

/**
 * HTTP methods the client uses.
 *
 * @example
 * ```ts
 * const method: HttpMethod = 'PATCH';
 * ```
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Everything a transport needs, already validated and normalized by the client.
 *
 * @example
 * ```ts
 * const transport = createTransport({
 *   baseUrl: new URL('https://org.crm.dynamics.com/api/data/v9.2/'), tokens, fetch: globalThis.fetch,
 *   retry: normalizeRetryOptions(), timeoutMs: 120_000, limiter: createLimiter(16),
 *   userAgent: 'my-tool/1.0', clock: systemClock, random: Math.random,
 * });
 * ```
 */
export interface TransportOptions {
  /** `<org>/api/data/v<version>/`, with the trailing slash. */
  readonly baseUrl: URL;
  /** Source of bearer tokens. */
  readonly tokens: TokenProvider;
  /** The `fetch` to call. */
  readonly fetch: typeof globalThis.fetch;
  /** Normalized retry policy. */
  readonly retry: NormalizedRetryOptions;
  /** Per-attempt timeout in milliseconds (`Infinity` for none). */
  readonly timeoutMs: number;
  /** Shared limit of requests in flight. */
  readonly limiter: Limiter;
  /** `User-Agent` header value. */
  readonly userAgent: string;
  /** Clock for backoff sleeps and `Retry-After` dates. */
  readonly clock: Clock;
  /** Randomness for jitter, in [0, 1). */
  readonly random: () => number;
}

/**
 * One logical request (the transport may make several attempts).
 *
 * @example
 * ```ts
 * const request: TransportRequest = { method: 'GET', path: 'msdyncrm_customerjourneys?$top=1' };
 * ```
 */
export interface TransportRequest {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Path relative to the base URL, or an absolute URL on the same origin (`@odata.nextLink`). */
  readonly path: string;
  /** JSON body; sent with `Content-Type: application/json`. */
  readonly body?: unknown;
  /** Extra headers (`If-Match`, `Prefer`, …). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Caller's abort signal. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Whether repeating the request is safe. Defaults to `true` for GET, PATCH and DELETE and
   * `false` for POST; a POST is retried only when the caller says it is side-effect free.
   */
  readonly idempotent?: boolean;
  /** Hint appended to the message of a 412 (what the precondition protected). */
  readonly conflictHint?: string;
  /** Hint appended to the message of a 404. */
  readonly notFoundHint?: string;
}

/**
 * The response headers the client reads (a `Headers`, or the node:http adapter's equivalent).
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

/**
 * A successful response, body already read.
 *
 * @example
 * ```ts
 * const { status, body, headers } = await transport.request({ method: 'GET', path: 'msdyncrm_customerjourneys' });
 * ```
 */
export interface TransportResponse {
  /** HTTP status (2xx, or 304). */
  readonly status: number;
  /** Response headers. */
  readonly headers: ResponseHeaders;
  /** Parsed JSON body, or `undefined` when the body was empty. */
  readonly body: unknown;
  /** The body exactly as received (`''` when empty). */
  readonly text: string;
  /** The URL that answered (after same-origin redirects). */
  readonly url: string;
  /** Attempts made. */
  readonly attempts: number;
}

/**
 * Sends requests to the org.
 *
 * @example
 * ```ts
 * const response = await transport.request({ method: 'PATCH', path: `msdyncrm_customerjourneys(${id})`, body, headers: { 'If-Match': etag } });
 * ```
 */
export interface Transport {
  /** `<org>/api/data/v<version>/`. */
  readonly baseUrl: URL;
  /** Sends one logical request, with retries; throws a {@link DataverseError} on failure. */
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Resolves a path (or same-origin absolute URL) against the base URL. */
  resolve(path: string): URL;
}

const REASONS: Readonly<Record<number, string>> = {
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const NETWORK_CODES = /^(ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND|UND_ERR_\w+)$/;

/** A URL fit for messages: no user info, no fragment. */
function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy.href;
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What a header value may not hold: NUL, CR, LF, and characters that do not fit in a byte.
const BAD_HEADER_VALUE = /[\0\r\n\u0100-\uffff]/;

/** Throws a TypeError for a header that cannot be sent (never quoting the value). */
function checkHeader(name: string, value: string): void {
  if (!HEADER_NAME.test(name)) throw new TypeError(`${JSON.stringify(name)} is an invalid header name`);
  if (typeof value !== 'string' || BAD_HEADER_VALUE.test(value)) throw new TypeError(`Invalid value of the ${name} header`);
}

/** Sets a header on a plain object, replacing one of the same name in another letter case. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  if (!(name in headers)) {
    const lower = name.toLowerCase();
    for (const key in headers) {
      if (key.toLowerCase() === lower) {
        delete headers[key];
        break;
      }
    }
  }
  headers[name] = value;
}

function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.test(code);
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.filter((p) => p !== '').join(': ') || 'connection failed';
}

interface ODataErrorBody {
  readonly code?: string;
  readonly message?: string;
}

function readODataError(body: unknown, text: string): ODataErrorBody {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      ...(typeof code === 'string' && code !== '' ? { code } : {}),
      ...(typeof message === 'string' && message !== '' ? { message } : {}),
    };
  }
  const trimmed = text.trim();
  return trimmed === '' ? {} : { message: trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed };
}

/** Outcome of one attempt. */
type Attempt =
  | { readonly kind: 'response'; readonly status: number; readonly headers: ResponseHeaders; readonly text: string; readonly url: URL }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly error: unknown }
  | { readonly kind: 'cross-origin'; readonly status: number; readonly headers: ResponseHeaders; readonly location: URL; readonly url: URL };

/**
 * Creates a {@link Transport}.
 *
 * Retry rules: a response whose status is in `retry.statusCodes`, a timeout, or a dropped
 * connection is retried when the request is idempotent (GET, PATCH, DELETE, or a POST marked
 * side-effect free), after `Retry-After` when the service sent it, else after capped exponential
 * backoff with full jitter. A 401 refreshes the token once and repeats the request at once.
 * Redirects are followed only within the org's origin; the token is never sent elsewhere.
 *
 * @example
 * ```ts
 * const transport = createTransport(options);
 * const { body } = await transport.request({ method: 'GET', path: 'msdyncrm_customerjourneys?$top=5' });
 * ```
 */
export function createTransport(options: TransportOptions): Transport {
  const { baseUrl, tokens, retry, limiter, clock } = options;
  const fetchImpl = options.fetch;
  const userAgent = options.userAgent;
  // The node:http adapter times requests out itself, which spares an AbortController, a timer
  // signal and two listeners per request.
  const nativeTimeout = takesTimeout(fetchImpl);

  /** The headers of an attempt, as a plain object (what fetch and node:http take directly). */
  const headersFor = (extra: Readonly<Record<string, string>> | undefined, token: string, hasBody: boolean): Record<string, string> => {
    checkHeader('User-Agent', userAgent);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      'User-Agent': userAgent,
    };
    if (extra !== undefined) {
      for (const name in extra) {
        const value = extra[name]!;
        checkHeader(name, value);
        setHeader(headers, name, value);
      }
    }
    setHeader(headers, 'Authorization', `Bearer ${token}`);
    if (hasBody) setHeader(headers, 'Content-Type', 'application/json');
    return headers;
  };

  const resolve = (path: string): URL => {
    const url = new URL(path, baseUrl);
    if (url.origin !== baseUrl.origin) {
      throw new DataverseError(
        { method: 'GET', url: displayUrl(url), hint: `The link leaves the org (${baseUrl.origin}); the client does not follow it with the token` },
        'refused',
      );
    }
    return url;
  };

  const secrets = (): readonly string[] => tokens.issued;

  async function attemptOnce(
    request: TransportRequest,
    url: URL,
    token: string,
    json: string | undefined,
  ): Promise<Attempt> {
    // Built before fetch so that a bad header is a bug reported as such, not a network error.
    let headers = headersFor(request.headers, token, json !== undefined);
    const callerSignal = request.signal;
    // One controller for the timeout and the caller's signal: cheaper than AbortSignal.timeout
    // (whose timer lives on after the attempt) and AbortSignal.any.
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onCallerAbort: (() => void) | undefined;
    let signal: AbortSignal | undefined = callerSignal;
    if (Number.isFinite(options.timeoutMs) && !nativeTimeout) {
      const controller = new AbortController();
      signal = controller.signal;
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, options.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      if (callerSignal !== undefined) {
        if (callerSignal.aborted) controller.abort(callerSignal.reason);
        else {
          onCallerAbort = () => controller.abort(callerSignal.reason);
          callerSignal.addEventListener('abort', onCallerAbort, { once: true });
        }
      }
    }
    // With the adapter's own timeout, redirects share what is left of it (as they share one signal).
    const deadline = nativeTimeout && Number.isFinite(options.timeoutMs) ? performance.now() + options.timeoutMs : undefined;
    let method: HttpMethod = request.method;
    let body = json;
    let current = url;
    try {
      for (let redirects = 0; ; redirects += 1) {
        const init: NodeFetchInit = { method, headers, redirect: 'manual' };
        if (body !== undefined) init.body = body;
        if (signal !== undefined) init.signal = signal;
        if (deadline !== undefined) init.timeoutMs = redirects === 0 ? options.timeoutMs : Math.max(0, deadline - performance.now());
        const response = await fetchImpl(current, init);
        if (REDIRECTS.has(response.status)) {
          const location = response.headers.get('location');
          if (location !== null) {
            await response.body?.cancel().catch(() => undefined);
            const next = new URL(location, current);
            if (next.origin !== baseUrl.origin) {
              return { kind: 'cross-origin', status: response.status, headers: response.headers, location: next, url: current };
            }
            if (redirects >= MAX_REDIRECTS) {
              const text = '';
              return { kind: 'response', status: response.status, headers: response.headers, text, url: current };
            }
            if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
              method = 'GET';
              body = undefined;
              headers = headersFor(request.headers, token, false);
            }
            current = next;
            continue;
          }
        }
        const text = await response.text();
        return { kind: 'response', status: response.status, headers: response.headers, text, url: current };
      }
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timedOut || (nativeTimeout && isTimeoutRejection(error))) return { kind: 'timeout' };
      if (isNetworkFailure(error)) return { kind: 'network', error };
      throw error;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onCallerAbort !== undefined) callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  function errorFor(
    request: TransportRequest,
    url: URL,
    status: number,
    headers: ResponseHeaders,
    text: string,
    attempts: number,
    retryAfterMs: number | undefined,
  ): DataverseError {
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const odata = readODataError(parsed, redact(text, secrets()));
    const requestId = headers.get('x-ms-service-request-id') ?? headers.get('req_id') ?? undefined;
    const tried = attempts > 1 ? ` (${attempts} attempts)` : '';
    const details = (hint: string): DataverseErrorDetails => ({
      method: request.method,
      url: displayUrl(url),
      status,
      statusText: REASONS[status] ?? '',
      ...(odata.code !== undefined ? { code: odata.code } : {}),
      ...(odata.message !== undefined ? { serviceMessage: redact(odata.message, secrets()) } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      attempts,
      hint,
    });
    switch (status) {
      case 401:
        return new AuthenticationError(
          details(`The org refused the token even after a refresh; check that it is issued for ${tokens.scope} and that the user or application has access to the org`),
        );
      case 403:
        return new DataverseError(details('The signed-in user lacks a privilege for this operation; ask an administrator for a security role that grants it'));
      case 404:
        return new NotFoundError(details(request.notFoundHint ?? 'Check the id and the entity set name; list() shows what exists'));
      case 412:
        return new ConcurrencyError(
          details(request.conflictHint ?? 'The record changed since it was read; read it again, reapply the change and retry with the new ETag'),
        );
      case 429:
        return new ThrottlingError(
          details(`The org's service protection limits were hit and retries ran out${tried}; lower the concurrency or raise retry.limit, and try again after the Retry-After delay`),
        );
      default:
        if (status >= 500) {
          return new DataverseError(details(`The service failed${tried}; try again later, and quote the request id if it keeps failing`));
        }
        if (status === 400) return new DataverseError(details('The service refused the request as invalid; check the journey with validate() and the field values'));
        if (status >= 300 && status < 400) return new DataverseError(details(`The org redirected more than ${MAX_REDIRECTS} times; check orgUrl`));
        return new DataverseError(details('The service refused the request'));
    }
  }

  async function request(req: TransportRequest): Promise<TransportResponse> {
    const url = resolve(req.path);
    const idempotent = req.idempotent ?? req.method !== 'POST';
    const json = req.body === undefined ? undefined : JSON.stringify(req.body);
    let attempts = 0;
    let retries = 0;
    let refreshed = false;
    let forceRefresh = false;

    for (;;) {
      req.signal?.throwIfAborted();
      const token = await tokens.get(req.signal ? { forceRefresh, signal: req.signal } : { forceRefresh });
      forceRefresh = false;
      attempts += 1;
      const outcome = await limiter.run(() => attemptOnce(req, url, token, json), req.signal);

      let retryAfterMs: number | undefined;
      if (outcome.kind === 'response') {
        const { status, headers, text } = outcome;
        if (status === 401 && !refreshed) {
          refreshed = true;
          forceRefresh = true;
          continue; // the attempt with a fresh token does not count against the retry limit
        }
        if (status < 300 || status === 304) {
          let body: unknown;
          if (text !== '') {
            try {
              body = JSON.parse(text);
            } catch (error) {
              throw new DataverseError(
                { method: req.method, url: displayUrl(outcome.url), status, statusText: REASONS[status] ?? '', attempts, hint: 'The response was not JSON; check that orgUrl points at a Dataverse org', cause: error },
              );
            }
          }
          return { status, headers, body, text, url: outcome.url.href, attempts };
        }
        retryAfterMs = parseRetryAfter(headers.get('retry-after'), clock.now());
        const retryable = idempotent && retry.statusCodes.has(status) && retries < retry.limit;
        if (!retryable || (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs)) {
          throw errorFor(req, outcome.url, status, headers, text, attempts, retryAfterMs);
        }
      } else if (outcome.kind === 'cross-origin') {
        throw new DataverseError({
          method: req.method,
          url: displayUrl(outcome.url),
          status: outcome.status,
          statusText: REASONS[outcome.status] ?? '',
          attempts,
          hint: `The org redirected to another origin (${outcome.location.origin}); the client does not send the token there. If the org has moved, use the new orgUrl`,
        });
      } else {
        if (!idempotent || retries >= retry.limit) {
          const base = { method: req.method, url: displayUrl(url), attempts };
          if (outcome.kind === 'timeout') {
            throw new TimeoutError(
              { ...base, hint: `Raise timeoutMs or check the connection to the org${idempotent ? '' : ' (this request is not repeated automatically)'}` },
              `timed out after ${options.timeoutMs} ms${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
            );
          }
          const cause = redact(describeCause(outcome.error), secrets());
          throw new NetworkError(
            { ...base, hint: `Check the org URL and the network${idempotent ? '' : ' (this request is not repeated automatically)'}`, cause: outcome.error },
            `failed: the connection broke (${cause})${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
          );
        }
      }
      retries += 1;
      await clock.sleep(computeRetryDelay(retries, retry, retryAfterMs, options.random), req.signal);
    }
  }

  return { baseUrl, request, resolve };
}
