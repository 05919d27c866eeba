/**
 * Bounded concurrency over an (async) iterable: at most `limit` items are worked on at once, the
 * source is read only as fast as workers free up, and the first failure stops the rest.
 *
 * @module
 */

/**
 * Calls `work` on every item of `source`, at most `limit` at a time. Resolves when all are done;
 * rejects with the first error once the calls already started have settled (no new ones start).
 *
 * @example
 * ```ts
 * await forEachConcurrent(client.listRaw(), 8, async (raw) => writeFile(`raw/${raw.id}.json`, raw.text));
 * ```
 */
export async function forEachConcurrent<T>(
  source: AsyncIterable<T> | Iterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in source ? (source as AsyncIterable<T>)[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]();
  let failed = false;
  let failure: unknown;
  // One pull at a time: a source such as a paged listing is read in order.
  let pulling: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<IteratorResult<T>> => {
    const next = pulling.then(() => iterator.next());
    pulling = next.catch(() => undefined);
    return next;
  };
  const worker = async (): Promise<void> => {
    while (!failed) {
      let step: IteratorResult<T>;
      try {
        step = await pull();
      } catch (error) {
        if (!failed) {
          failed = true;
          failure = error;
        }
        return;
      }
      if (step.done === true || failed) return;
      try {
        await work(step.value);
      } catch (error) {
        if (!failed) {
          failed = true;
          failure = error;
        }
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failed) {
    await iterator.return?.();
    throw failure;
  }
}

/**
 * Reads up to `size` items ahead of the consumer, so that a paged source fetches its next page
 * while the current one is being worked on. Items come out in order; an error comes out where it
 * happened.
 *
 * @example
 * ```ts
 * for await (const raw of readAhead(client.listRaw({ pageSize: 100 }), 100)) await write(raw);
 * ```
 */
export async function* readAhead<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const pending: Promise<IteratorResult<T>>[] = [];
  let ended = false;
  const request = (): void => {
    const next = iterator.next();
    // Looked at later, in order; until then a failure must not count as unhandled.
    next.catch(() => undefined);
    pending.push(next);
  };
  try {
    for (;;) {
      while (!ended && pending.length < Math.max(1, size)) request();
      const step = await pending.shift()!;
      if (step.done === true) {
        ended = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!ended) await iterator.return?.();
  }
}
