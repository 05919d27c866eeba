/**
 * The error hierarchy of the Dataverse client. Every failure the client reports is a
 * {@link DataverseError}; the subclasses name the cases a caller reacts to differently.
 *
 * Messages read `PATCH https://org/api/data/v9.2/msdyncrm_customerjourneys(…) failed with 412
 * Precondition Failed: <message of the service>. <what to do next>`. They never contain a token:
 * the client redacts every token it has used from text it copies out of responses.
 *
 * @module
 */

/**
 * What every {@link DataverseError} records about the failed request.
 *
 * @example
 * ```ts
 * const details: DataverseErrorDetails = {
 *   method: 'GET', url: 'https://org.crm.dynamics.com/api/data/v9.2/msdyncrm_customerjourneys(…)',
 *   status: 404, statusText: 'Not Found', code: '0x80040217', serviceMessage: 'Record not found',
 *   hint: 'Check the id.', attempts: 1,
 * };
 * ```
 */
export interface DataverseErrorDetails {
  /** HTTP method of the request (`GET`, `PATCH`, …). */
  readonly method: string;
  /** URL of the request, without credentials or fragments. */
  readonly url: string;
  /** HTTP status of the last response; absent when no response arrived (timeout, network). */
  readonly status?: number;
  /** Reason phrase of `status` (`Precondition Failed`). */
  readonly statusText?: string;
  /** OData error code (`error.code`), often a hex value such as `0x80040265`. */
  readonly code?: string;
  /** OData error message (`error.message`) as the service sent it. */
  readonly serviceMessage?: string;
  /** Request id from `x-ms-service-request-id` or `REQ_ID`, for support cases. */
  readonly requestId?: string;
  /** Delay the service asked for in `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;
  /** How many attempts were made (1 when nothing was retried). */
  readonly attempts?: number;
  /** What the caller can do next; appended to the message. */
  readonly hint?: string;
  /** The underlying failure (network error, abort reason). */
  readonly cause?: unknown;
}

const describeCall = (d: DataverseErrorDetails): string => `${d.method} ${d.url}`;

const sentence = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

function composeMessage(d: DataverseErrorDetails, what: string): string {
  const parts = [`${describeCall(d)} ${what}`];
  const tail = [d.serviceMessage ? sentence(d.serviceMessage) : '', d.hint ? sentence(d.hint) : '']
    .filter((s) => s !== '')
    .join(' ');
  return tail === '' ? `${parts[0]}.` : `${parts[0]}: ${tail}`;
}

const statusPhrase = (d: DataverseErrorDetails): string =>
  d.status === undefined ? 'failed' : `failed with ${d.status}${d.statusText ? ` ${d.statusText}` : ''}`;

/**
 * Base class of every error the client throws for a request: an error response of the service,
 * a timeout or a network failure.
 *
 * @example
 * ```ts
 * try {
 *   await client.get(id);
 * } catch (error) {
 *   if (error instanceof DataverseError) console.error(error.status, error.code, error.requestId);
 *   throw error;
 * }
 * ```
 */
export class DataverseError extends Error {
  override name: string = 'DataverseError';
  /** HTTP status of the last response; `undefined` when none arrived. */
  readonly status: number | undefined;
  /** Reason phrase of {@link DataverseError.status}. */
  readonly statusText: string | undefined;
  /** OData error code (`error.code`). */
  readonly code: string | undefined;
  /** OData error message (`error.message`) as the service sent it (tokens redacted). */
  readonly serviceMessage: string | undefined;
  /** HTTP method of the request. */
  readonly method: string;
  /** URL of the request (no credentials). */
  readonly url: string;
  /** Request id from `x-ms-service-request-id` or `REQ_ID`. */
  readonly requestId: string | undefined;
  /** Delay the service asked for in `Retry-After`, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Attempts made, retries included. */
  readonly attempts: number;

  /**
   * @param details - what is known about the failed request.
   * @param what - the middle of the message; defaults to `failed with <status> <reason>`.
   */
  constructor(details: DataverseErrorDetails, what?: string) {
    super(composeMessage(details, what ?? statusPhrase(details)), details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.statusText = details.statusText;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage;
    this.method = details.method;
    this.url = details.url;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts ?? 1;
  }
}

/**
 * 412 Precondition Failed: the journey changed since its ETag was read (`If-Match`), or a journey
 * with the id already exists (`If-None-Match: *`). Nothing was written.
 *
 * @example
 * ```ts
 * try {
 *   await client.update(id, tree, { ifMatch: record.etag });
 * } catch (error) {
 *   if (!(error instanceof ConcurrencyError)) throw error;
 *   const fresh = await client.get(id); // someone else saved first: merge and try again
 * }
 * ```
 */
export class ConcurrencyError extends DataverseError {
  override name = 'ConcurrencyError' as const;
}

/**
 * 429 Too Many Requests that outlasted every retry: the service protection limits of the org are
 * exhausted. `retryAfterMs` holds the last delay the service asked for.
 *
 * @example
 * ```ts
 * try {
 *   await client.pushMany(trees);
 * } catch (error) {
 *   if (error instanceof ThrottlingError) console.error(`try again in ${error.retryAfterMs} ms`);
 * }
 * ```
 */
export class ThrottlingError extends DataverseError {
  override name = 'ThrottlingError' as const;
}

/**
 * No response arrived within `timeoutMs` (for every attempt), or waiting for a status change took
 * longer than allowed. `status` is `undefined`.
 *
 * @example
 * ```ts
 * const client = createJourneyClient({ orgUrl, getToken, timeoutMs: 10_000 });
 * await client.get(id).catch((error) => {
 *   if (error instanceof TimeoutError) console.error('the org is slow:', error.message);
 * });
 * ```
 */
export class TimeoutError extends DataverseError {
  override name = 'TimeoutError' as const;
}

/**
 * The connection failed or was dropped before a full response arrived (for every attempt).
 * `status` is `undefined`; `cause` holds the last low-level error.
 *
 * @example
 * ```ts
 * await client.get(id).catch((error) => {
 *   if (error instanceof NetworkError) console.error('cannot reach the org:', error.message);
 * });
 * ```
 */
export class NetworkError extends DataverseError {
  override name = 'NetworkError' as const;
}

/**
 * 401 Unauthorized even after the token was refreshed once: the token is not valid for the org.
 *
 * @example
 * ```ts
 * await client.get(id).catch((error) => {
 *   if (error instanceof AuthenticationError) console.error('sign in again:', error.message);
 * });
 * ```
 */
export class AuthenticationError extends DataverseError {
  override name = 'AuthenticationError' as const;
}

/**
 * 404 Not Found: no journey (or resource) with that id.
 *
 * @example
 * ```ts
 * const record = await client.get(id).catch((error) => {
 *   if (error instanceof NotFoundError) return undefined;
 *   throw error;
 * });
 * ```
 */
export class NotFoundError extends DataverseError {
  override name = 'NotFoundError' as const;
}

/**
 * The org answered with a success status, but not with what the request needs: an empty body or
 * `null` where a record belongs, a body that is not JSON, a record with another id than the one
 * asked for, a page whose `value` is not an array of records, or an `@odata.nextLink` that leads
 * back to a page already read. `url` names the request; the message says what came back and what
 * was expected.
 *
 * @example
 * ```ts
 * await client.get(id).catch((error) => {
 *   if (error instanceof UnexpectedResponseError) console.error('is orgUrl a Dataverse org?', error.message);
 * });
 * ```
 */
export class UnexpectedResponseError extends DataverseError {
  override name = 'UnexpectedResponseError' as const;
}

/**
 * The response body is larger than the client's `maxResponseBytes`; it was not read. `limit` is
 * that limit in bytes.
 *
 * @example
 * ```ts
 * for await (const r of client.list({ pageSize: 5000 })) console.log(r.id);
 * // ResponseTooLargeError: GET …/msdyncrm_customerjourneys returned a body larger than maxResponseBytes …
 * ```
 */
export class ResponseTooLargeError extends DataverseError {
  override name = 'ResponseTooLargeError' as const;
  /** The limit the body went over, in bytes (`maxResponseBytes`). */
  readonly limit: number;

  /**
   * @param details - what is known about the request.
   * @param what - the middle of the message.
   * @param limit - `maxResponseBytes`.
   */
  constructor(details: DataverseErrorDetails, what: string, limit: number) {
    super(details, what);
    this.limit = limit;
  }
}

const ERROR_NAMES: ReadonlySet<string> = new Set([
  'DataverseError',
  'ConcurrencyError',
  'ThrottlingError',
  'TimeoutError',
  'NetworkError',
  'AuthenticationError',
  'NotFoundError',
  'UnexpectedResponseError',
  'ResponseTooLargeError',
]);

/**
 * Whether `value` is a {@link DataverseError}. Also recognises errors from another copy of this
 * package (another realm or a duplicated install) by their `name` and fields.
 *
 * @example
 * ```ts
 * try {
 *   await client.delete(id);
 * } catch (error) {
 *   if (isDataverseError(error) && error.status === 404) return;
 *   throw error;
 * }
 * ```
 */
export function isDataverseError(value: unknown): value is DataverseError {
  if (value instanceof DataverseError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; method?: unknown; url?: unknown };
  return (
    typeof candidate.name === 'string' &&
    ERROR_NAMES.has(candidate.name) &&
    typeof candidate.method === 'string' &&
    typeof candidate.url === 'string'
  );
}
