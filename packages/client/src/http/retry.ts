/**
 * Retry policy: one options type, normalized once ({@link normalizeRetryOptions}), and the delay
 * computation (capped exponential backoff with full jitter, or the service's `Retry-After`).
 *
 * @module
 */

/**
 * How the client retries a request that failed for a transient reason: a status in
 * `statusCodes`, a timeout, or a dropped connection. Only requests that are safe to repeat are
 * retried (GET, PATCH, DELETE, and the side-effect-free validate action); creates are sent as a
 * conditional PATCH upsert with a client-chosen id, so they are safe to repeat as well.
 *
 * @example
 * ```ts
 * const client = createJourneyClient({
 *   orgUrl, credential,
 *   retry: { limit: 6, baseDelayMs: 250, maxDelayMs: 20_000 },
 * });
 * ```
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt (so `limit + 1` attempts at most). `0` turns retries off.
   * @defaultValue 4
   */
  readonly limit?: number;
  /**
   * Delay before the first retry; doubles with each retry.
   * @defaultValue 500
   */
  readonly baseDelayMs?: number;
  /**
   * Cap of the computed backoff delay. Does not cap a `Retry-After` the service sent.
   * @defaultValue 30_000
   */
  readonly maxDelayMs?: number;
  /**
   * Full jitter: wait a random time between 0 and the computed backoff, so that many clients
   * throttled together do not retry together. A `Retry-After` is always honoured as sent.
   * @defaultValue true
   */
  readonly jitter?: boolean;
  /**
   * Statuses that are retried.
   * @defaultValue [429, 502, 503, 504]
   */
  readonly statusCodes?: readonly number[];
  /**
   * Longest `Retry-After` the client waits for; when the service asks for more, the request fails
   * at once with the error (a `ThrottlingError` for 429) carrying `retryAfterMs`.
   * @defaultValue 300_000
   */
  readonly maxRetryAfterMs?: number;
}

/**
 * {@link RetryOptions} with every default applied.
 *
 * @example
 * ```ts
 * const policy: NormalizedRetryOptions = normalizeRetryOptions(3);
 * policy.limit; // 3
 * ```
 */
export interface NormalizedRetryOptions {
  /** Retries after the first attempt. */
  readonly limit: number;
  /** Delay before the first retry. */
  readonly baseDelayMs: number;
  /** Cap of the computed backoff. */
  readonly maxDelayMs: number;
  /** Full jitter on the computed backoff. */
  readonly jitter: boolean;
  /** Retried statuses. */
  readonly statusCodes: ReadonlySet<number>;
  /** Longest `Retry-After` honoured. */
  readonly maxRetryAfterMs: number;
}

/**
 * The defaults of {@link RetryOptions}.
 *
 * @example
 * ```ts
 * DEFAULT_RETRY_OPTIONS.statusCodes; // Set { 429, 502, 503, 504 }
 * ```
 */
export const DEFAULT_RETRY_OPTIONS: NormalizedRetryOptions = Object.freeze({
  limit: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: true,
  statusCodes: new Set([429, 502, 503, 504]) as ReadonlySet<number>,
  maxRetryAfterMs: 300_000,
});

function nonNegative(name: string, value: number | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (integer && !Number.isInteger(value) && value !== Infinity)) {
    throw new RangeError(
      `retry.${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Applies the defaults to retry options, once, when a client is created. A number is shorthand
 * for `{ limit }`; `false` turns retries off. Invalid values throw a `RangeError` that names the
 * option.
 *
 * @example
 * ```ts
 * normalizeRetryOptions(2).limit;                        // 2
 * normalizeRetryOptions({ jitter: false }).baseDelayMs;  // 500
 * normalizeRetryOptions(false).limit;                    // 0
 * ```
 */
export function normalizeRetryOptions(options?: RetryOptions | number | boolean): NormalizedRetryOptions {
  if (options === undefined || options === true) return DEFAULT_RETRY_OPTIONS;
  if (options === false) return Object.freeze({ ...DEFAULT_RETRY_OPTIONS, limit: 0 });
  const given: RetryOptions = typeof options === 'number' ? { limit: options } : options;
  const codes = given.statusCodes ?? [...DEFAULT_RETRY_OPTIONS.statusCodes];
  for (const code of codes) {
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      throw new RangeError(`retry.statusCodes must hold HTTP statuses (100-599), got ${String(code)}`);
    }
  }
  return Object.freeze({
    limit: nonNegative('limit', given.limit, DEFAULT_RETRY_OPTIONS.limit, true),
    baseDelayMs: nonNegative('baseDelayMs', given.baseDelayMs, DEFAULT_RETRY_OPTIONS.baseDelayMs),
    maxDelayMs: nonNegative('maxDelayMs', given.maxDelayMs, DEFAULT_RETRY_OPTIONS.maxDelayMs),
    jitter: given.jitter ?? DEFAULT_RETRY_OPTIONS.jitter,
    statusCodes: new Set(codes) as ReadonlySet<number>,
    maxRetryAfterMs: nonNegative('maxRetryAfterMs', given.maxRetryAfterMs, DEFAULT_RETRY_OPTIONS.maxRetryAfterMs),
  });
}

/**
 * Reads a `Retry-After` header: delay-seconds (`"5"`, `"0.5"`) or an HTTP date. Returns the delay
 * in milliseconds (never negative), or `undefined` when the header is absent or unreadable.
 *
 * @param value - the header value.
 * @param now - the current time in epoch milliseconds (for the date form).
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now());                              // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.now());  // 0 (in the past)
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The delay before retry number `retry` (1 for the first retry): the service's `Retry-After`
 * when it sent one, else `min(maxDelayMs, baseDelayMs * 2^(retry-1))`, scaled by a random factor
 * in [0, 1) when jitter is on (full jitter).
 *
 * @param retry - 1-based number of the retry about to happen.
 * @param policy - normalized retry options.
 * @param retryAfterMs - the delay from `Retry-After`, if any.
 * @param random - source of randomness in [0, 1).
 *
 * @example
 * ```ts
 * const policy = normalizeRetryOptions({ jitter: false });
 * computeRetryDelay(3, policy);        // 2000
 * computeRetryDelay(3, policy, 0);     // 0 (Retry-After: 0)
 * ```
 */
export function computeRetryDelay(
  retry: number,
  policy: NormalizedRetryOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return policy.jitter ? Math.floor(capped * random()) : capped;
}

/**
 * Time as the client sees it: injectable so that tests and simulations never wait on the wall
 * clock. `sleep` is used between retries and between status polls; `now` for token expiry,
 * `Retry-After` dates and wait deadlines.
 *
 * @example
 * ```ts
 * const delays: number[] = [];
 * const clock: Clock = { now: () => Date.now(), sleep: async (ms) => { delays.push(ms); } };
 * const client = createJourneyClient({ orgUrl, getToken, clock });
 * ```
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now` and a `setTimeout`-based, abortable sleep.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100);
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
});
