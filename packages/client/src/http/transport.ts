/**
 * The HTTP layer under the journey client: standard Dataverse headers, bearer tokens, timeouts
 * and caller aborts, same-origin redirects, retries with backoff, the shared concurrency limit,
 * the response size cap, and the mapping of failures onto the {@link DataverseError} hierarchy.
 * Requests go out through undici (see `send.ts`), or through a `fetch` the caller passes.
 *
 * @module
 */

import { redact, type TokenProvider } from './auth.js';
import type { Limiter } from './concurrency.js';
import {
  AuthenticationError,
  ConcurrencyError,
  DataverseError,
  ResponseTooLargeError,
  UnexpectedResponseError,
  type DataverseErrorDetails,
  NetworkError,
  NotFoundError,
  ThrottlingError,
  TimeoutError,
} from './errors.js';
import { type Clock, computeRetryDelay, type NormalizedRetryOptions, parseRetryAfter } from './retry.js';
import { BodyTooLarge, createFetchSend, createUndiciSend, REDIRECTS, type ResponseHeaders, type Send, TimeoutRejection } from './send.js';

export type { ResponseHeaders } from './send.js';

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
 *   baseUrl: new URL('https://org.crm.dynamics.com/api/data/v9.2/'), tokens, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
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
  /** The `fetch` to call; without one, requests go through undici's `request` (Node only). */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Largest response body read, in bytes. */
  readonly maxResponseBytes: number;
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
  /** Removes every token handed out so far from a text (for errors that quote a response). */
  redact(text: string): string;
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

const MAX_REDIRECTS = 5;
const NETWORK_CODES = /^(ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND|UND_ERR_\w+)$/;
/** Failures that repeating the request cannot cure soon: the name does not resolve, nothing listens. */
const DNS_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);

/**
 * How much text from a response an error message keeps (the service's message, a body that is
 * not JSON); the rest is left out and its length said.
 *
 * @example
 * ```ts
 * import { MAX_ERROR_TEXT, type DataverseError } from '@customer-journey/client';
 * declare const error: DataverseError;
 * (error.serviceMessage ?? '').length <= MAX_ERROR_TEXT + 40; // true: longer text is cut, its length said
 * ```
 */
export const MAX_ERROR_TEXT = 2_000;

/**
 * The default of `maxResponseBytes`: 256 MiB. A full page of 5,000 journeys fits with room to
 * spare (about 50 KiB a journey, where a journey of a hundred tiles takes some 40 KiB).
 *
 * @example
 * ```ts
 * import { createJourneyClient, DEFAULT_MAX_RESPONSE_BYTES } from '@customer-journey/client';
 * const client = createJourneyClient({
 *   orgUrl: 'https://contoso.crm4.dynamics.com',
 *   getToken: () => process.env.JOURNEY_TOKEN ?? '',
 *   maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES / 4, // 64 MiB: ask for smaller pages too
 * });
 * ```
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** A URL fit for messages: no user info, no fragment. */
function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy.href;
}

/**
 * `text` cut to `max` characters, saying how long it was.
 *
 * @example
 * ```ts
 * clip('x'.repeat(5000), 10); // 'xxxxxxxxxx… (5,000 characters in all)'
 * ```
 */
export function clip(text: string, max: number = MAX_ERROR_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters in all)`;
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

/** The code of a failure or of one of its causes (`fetch` wraps the socket's error in a TypeError). */
function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const code = codeOf(error);
  return code !== undefined && NETWORK_CODES.test(code);
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    const text = typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message;
    // A cause that only repeats its error (or the other way round) is said once.
    if (text !== '' && !parts.some((p) => p.includes(text) || text.includes(p))) parts.push(text);
    current = current.cause;
  }
  return parts.join(': ') || 'connection failed';
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
      ...(typeof code === 'string' && code !== '' ? { code: clip(code, 200) } : {}),
      ...(typeof message === 'string' && message !== '' ? { message: clip(message) } : {}),
    };
  }
  const trimmed = text.trim();
  return trimmed === '' ? {} : { message: clip(trimmed, 300) };
}

/** Outcome of one attempt. */
type Attempt =
  | { readonly kind: 'response'; readonly status: number; readonly headers: ResponseHeaders; readonly text: string; readonly url: URL }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'too-large'; readonly error: BodyTooLarge; readonly url: URL }
  | { readonly kind: 'network'; readonly error: unknown }
  | { readonly kind: 'cross-origin'; readonly status: number; readonly headers: ResponseHeaders; readonly location: URL; readonly url: URL };

/**
 * Creates a {@link Transport}.
 *
 * Retry rules: a response whose status is in `retry.statusCodes`, a timeout, or a dropped
 * connection is retried when the request is idempotent (GET, PATCH, DELETE, or a POST marked
 * side-effect free), after `Retry-After` when the service sent it, else after capped exponential
 * backoff with full jitter. A host name that does not resolve and a refused connection fail at
 * once. A 401 refreshes the token once and repeats the request at once. Redirects are followed
 * only within the org's origin; the token is never sent elsewhere. A body larger than
 * `maxResponseBytes` is not read.
 *
 * @example
 * ```ts
 * const transport = createTransport(options);
 * const { body } = await transport.request({ method: 'GET', path: 'msdyncrm_customerjourneys?$top=5' });
 * ```
 */
export function createTransport(options: TransportOptions): Transport {
  const { baseUrl, tokens, retry, limiter, clock, maxResponseBytes } = options;
  const userAgent = options.userAgent;
  const send: Send = options.fetch === undefined ? createUndiciSend() : createFetchSend(options.fetch);

  /** The headers of an attempt, as a plain object. */
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
  const redactText = (text: string): string => redact(text, secrets());

  async function attemptOnce(request: TransportRequest, url: URL, token: string, json: string | undefined): Promise<Attempt> {
    // Built before sending so that a bad header is a bug reported as such, not a network error.
    let headers = headersFor(request.headers, token, json !== undefined);
    const callerSignal = request.signal;
    // Redirects share what is left of the attempt's time.
    const started = performance.now();
    let method: HttpMethod = request.method;
    let body = json;
    let current = url;
    try {
      for (let redirects = 0; ; redirects += 1) {
        const timeoutMs = redirects === 0 ? options.timeoutMs : Math.max(1, options.timeoutMs - (performance.now() - started));
        const response = await send({ url: current, method, headers, body, signal: callerSignal, timeoutMs, maxBytes: maxResponseBytes });
        if (REDIRECTS.has(response.status)) {
          const location = response.headers.get('location');
          if (location !== null) {
            const next = new URL(location, current);
            if (next.origin !== baseUrl.origin) {
              return { kind: 'cross-origin', status: response.status, headers: response.headers, location: next, url: current };
            }
            if (redirects >= MAX_REDIRECTS) {
              return { kind: 'response', status: response.status, headers: response.headers, text: '', url: current };
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
        return { kind: 'response', status: response.status, headers: response.headers, text: response.text, url: current };
      }
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (error instanceof TimeoutRejection) return { kind: 'timeout' };
      if (error instanceof BodyTooLarge) return { kind: 'too-large', error, url: current };
      if (isNetworkFailure(error)) return { kind: 'network', error };
      throw error;
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
    const odata = readODataError(parsed, redactText(text));
    const requestId = headers.get('x-ms-service-request-id') ?? headers.get('req_id') ?? undefined;
    const tried = attempts > 1 ? ` (${attempts} attempts)` : '';
    const details = (hint: string): DataverseErrorDetails => ({
      method: request.method,
      url: displayUrl(url),
      status,
      statusText: REASONS[status] ?? '',
      ...(odata.code !== undefined ? { code: redactText(odata.code) } : {}),
      ...(odata.message !== undefined ? { serviceMessage: redactText(odata.message) } : {}),
      ...(requestId !== undefined ? { requestId: clip(requestId, 200) } : {}),
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

  /** The error of a connection that failed, for every kind of failure the same shape. */
  function networkError(req: TransportRequest, url: URL, error: unknown, attempts: number, idempotent: boolean): NetworkError {
    const base = { method: req.method, url: displayUrl(url), attempts };
    const code = codeOf(error);
    const tail = attempts > 1 ? ` after ${attempts} attempts` : '';
    // The cause is kept for programs, its text redacted (a proxy may echo a request).
    const cause = Object.assign(new Error(redactText(describeCause(error))), code === undefined ? {} : { code });
    if (code !== undefined && DNS_CODES.has(code)) {
      return new NetworkError(
        { ...base, hint: `Check the host name in the org URL, and the network or proxy; nothing was sent`, cause },
        `failed: could not resolve host ${url.hostname} (${code})${tail}`,
      );
    }
    if (code === 'ECONNREFUSED') {
      return new NetworkError(
        { ...base, hint: `Nothing accepts connections on ${url.host}; check the org URL and its port (is the emulator running?)`, cause },
        `failed: connection refused by ${url.host}${tail}`,
      );
    }
    return new NetworkError(
      { ...base, hint: `Check the org URL and the network${idempotent ? '' : ' (this request is not repeated automatically)'}`, cause },
      `failed: the connection broke (${cause.message})${tail}`,
    );
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
              // The parser's message quotes the body: keep it out, redacted and cut short.
              const message = error instanceof Error ? error.message : String(error);
              throw new UnexpectedResponseError(
                {
                  method: req.method,
                  url: displayUrl(outcome.url),
                  status,
                  statusText: REASONS[status] ?? '',
                  attempts,
                  hint: `The response was not JSON (${clip(redactText(text).trim(), 200)}); check that orgUrl points at a Dataverse org`,
                  cause: new SyntaxError(clip(redactText(message), 300)),
                },
                'returned a body that is not JSON',
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
      } else if (outcome.kind === 'too-large') {
        const { error } = outcome;
        const size = error.declared === undefined ? 'more than that' : `${error.declared.toLocaleString('en-US')} bytes`;
        throw new ResponseTooLargeError(
          {
            method: req.method,
            url: displayUrl(outcome.url),
            attempts,
            hint: `The response is ${size}; ask for less (a smaller pageSize, fewer select columns) or raise maxResponseBytes`,
          },
          `returned a body larger than maxResponseBytes (${error.limit.toLocaleString('en-US')} bytes)`,
          error.limit,
        );
      } else {
        const code = outcome.kind === 'network' ? codeOf(outcome.error) : undefined;
        const lasting = code !== undefined && (DNS_CODES.has(code) || code === 'ECONNREFUSED');
        if (!idempotent || retries >= retry.limit || lasting) {
          if (outcome.kind === 'timeout') {
            throw new TimeoutError(
              {
                method: req.method,
                url: displayUrl(url),
                attempts,
                hint: `Raise timeoutMs or check the connection to the org${idempotent ? '' : ' (this request is not repeated automatically)'}`,
              },
              `timed out after ${options.timeoutMs} ms${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
            );
          }
          throw networkError(req, url, outcome.error, attempts, idempotent);
        }
      }
      retries += 1;
      await clock.sleep(computeRetryDelay(retries, retry, retryAfterMs, options.random), req.signal);
    }
  }

  return { baseUrl, request, resolve, redact: redactText };
}
