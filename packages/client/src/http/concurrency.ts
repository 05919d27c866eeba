/**
 * A counting semaphore that bounds how many requests a client has in flight, shared by every
 * operation of the client (so two bulk pushes running together still respect one limit).
 *
 * @module
 */

/**
 * Runs async tasks with at most `limit` of them in flight; the others wait in FIFO order.
 *
 * @example
 * ```ts
 * const limiter = createLimiter(4);
 * const pages = await Promise.all(urls.map((url) => limiter.run(() => fetch(url))));
 * ```
 */
export interface Limiter {
  /** The most tasks in flight at once. */
  readonly limit: number;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
  /** Runs `task` when a slot is free; a waiting task whose `signal` aborts leaves the queue. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * Creates a {@link Limiter}. `limit` must be a positive integer or `Infinity`.
 *
 * @example
 * ```ts
 * const limiter = createLimiter(2);
 * await Promise.all([1, 2, 3].map((n) => limiter.run(async () => n * 2))); // at most 2 at a time
 * ```
 */
export function createLimiter(limit: number): Limiter {
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) {
    throw new RangeError(`concurrency must be a positive integer or Infinity, got ${String(limit)}`);
  }
  let active = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else active -= 1;
  };

  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (active < limit) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(); // the slot passes from the releasing task to this one; `active` is unchanged
      };
      const onAbort = (): void => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason);
      };
      queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    limit,
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
