/**
 * Fault injection for tests: throttling (429 with `Retry-After`), 503, connections dropped before
 * or after the request is processed, and added latency. Faults come from a script (a queue applied
 * to the next matching requests) or at random at a given rate, from a seeded generator so a run
 * is repeatable.
 *
 * @module
 */

/**
 * A kind of fault.
 * - `'429'`: answer 429 with `Retry-After`, nothing processed.
 * - `'503'`: answer 503, nothing processed.
 * - `'drop'`: destroy the connection before processing (nothing stored).
 * - `'drop-after'`: process the request, then destroy the connection instead of answering.
 * - `'latency'`: wait `latencyMs`, then process normally.
 *
 * @example
 * ```ts
 * emulator.faults.script([{ kind: 'drop-after' satisfies FaultKind }]);
 * ```
 */
export type FaultKind = '429' | '503' | 'drop' | 'drop-after' | 'latency';

/**
 * Every fault kind.
 *
 * @example
 * ```ts
 * FAULT_KINDS.includes('429'); // true
 * ```
 */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze(['429', '503', 'drop', 'drop-after', 'latency']);

/**
 * Which requests a fault applies to; all fields must match.
 *
 * @example
 * ```ts
 * const onlyCreates: FaultMatch = { method: 'POST', path: /msdyncrm_customerjourneys$/ };
 * ```
 */
export interface FaultMatch {
  /** HTTP method(s), case-insensitive. */
  readonly method?: string | readonly string[];
  /** Matched against the request path and query: a substring, or a regular expression. */
  readonly path?: string | RegExp;
}

/**
 * One fault of a script.
 *
 * @example
 * ```ts
 * const fault: ScriptedFault = { kind: '429', retryAfterSeconds: 0.5, match: { method: 'PATCH' } };
 * ```
 */
export interface ScriptedFault {
  /** What happens. */
  readonly kind: FaultKind;
  /** `Retry-After` in seconds for `'429'` (and `'503'` when given); 0 and fractions are allowed. @defaultValue 1 for 429 */
  readonly retryAfterSeconds?: number;
  /** Delay for `'latency'`. @defaultValue 50 */
  readonly latencyMs?: number;
  /** Only requests that match. @defaultValue every request */
  readonly match?: FaultMatch;
}

/**
 * Random faults at a rate.
 *
 * @example
 * ```ts
 * await startEmulator({ faults: { rate: 0.3, kinds: ['429', '503'], retryAfterSeconds: 0, seed: 7 } satisfies RateFaultOptions });
 * ```
 */
export interface RateFaultOptions {
  /** Probability (0..1) that a matching request gets a fault. */
  readonly rate: number;
  /** Kinds to choose from, uniformly. @defaultValue `['429', '503', 'drop', 'drop-after']` */
  readonly kinds?: readonly FaultKind[];
  /** `Retry-After` for 429s. @defaultValue 1 */
  readonly retryAfterSeconds?: number;
  /** Delay for `'latency'` faults. @defaultValue 50 */
  readonly latencyMs?: number;
  /** Seed of the generator. @defaultValue 1 */
  readonly seed?: number;
  /** Only requests that match. @defaultValue every request */
  readonly match?: FaultMatch;
}

/**
 * The fault chosen for one request.
 *
 * @example
 * ```ts
 * const fault: Fault | undefined = controller.next({ method: 'GET', url: '/' });
 * ```
 */
export interface Fault {
  /** What happens. */
  readonly kind: FaultKind;
  /** `Retry-After` header value in seconds, if any. */
  readonly retryAfterSeconds?: number;
  /** Delay for latency faults. */
  readonly latencyMs: number;
  /** Whether it came from the script or the rate. */
  readonly source: 'script' | 'rate';
}

/**
 * What the controller needs to know about a request.
 *
 * @example
 * ```ts
 * const request: FaultRequest = { method: 'POST', url: '/api/data/v9.2/msdyncrm_customerjourneys' };
 * ```
 */
export interface FaultRequest {
  /** HTTP method. */
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
}

/**
 * A small seeded PRNG (mulberry32): deterministic, uniform in [0, 1).
 *
 * @example
 * ```ts
 * const next = seededRandom(7);
 * next(); // always the same first number for seed 7
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Whether a request matches a fault's `match`.
 *
 * @example
 * ```ts
 * matchesFault({ method: 'POST' }, { method: 'post', url: '/api/data/v9.2/msdyncrm_customerjourneys' }); // true
 * ```
 */
export function matchesFault(match: FaultMatch | undefined, request: FaultRequest): boolean {
  if (!match) return true;
  if (match.method !== undefined) {
    const methods = typeof match.method === 'string' ? [match.method] : match.method;
    if (!methods.some((m) => m.toUpperCase() === request.method.toUpperCase())) return false;
  }
  if (match.path !== undefined) {
    if (typeof match.path === 'string' ? !request.url.includes(match.path) : !match.path.test(request.url)) return false;
  }
  return true;
}

const DEFAULT_RATE_KINDS: readonly FaultKind[] = ['429', '503', 'drop', 'drop-after'];

/**
 * Chooses the fault (if any) for each request. Scripted faults go first: the first queued fault
 * whose `match` fits the request is taken off the queue. Otherwise the rate applies.
 *
 * @example
 * ```ts
 * const faults = new FaultController({ rate: 0.3, kinds: ['429'], retryAfterSeconds: 0, seed: 7 });
 * faults.script([{ kind: '503' }]);
 * faults.next({ method: 'GET', url: '/' })?.kind; // '503'
 * ```
 */
export class FaultController {
  private queue: ScriptedFault[] = [];
  private rateOptions: RateFaultOptions | undefined;
  private random: () => number = seededRandom(1);

  constructor(rate?: RateFaultOptions) {
    this.setRate(rate);
  }

  /**
   * Appends faults to the script; each applies once, to the next request it matches.
   *
   * @example
   * ```ts
   * emulator.faults.script([{ kind: '429', retryAfterSeconds: 0 }, { kind: 'drop-after', match: { method: 'POST' } }]);
   * ```
   */
  script(faults: readonly ScriptedFault[]): void {
    for (const fault of faults) {
      if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`Unknown fault kind '${String(fault.kind)}'. Kinds: ${FAULT_KINDS.join(', ')}.`);
      this.queue.push(fault);
    }
  }

  /**
   * Sets (or with `undefined`, stops) random faults; the generator restarts from the seed.
   *
   * @example
   * ```ts
   * emulator.faults.setRate({ rate: 0.5, kinds: ['503'], seed: 3 });
   * ```
   */
  setRate(options: RateFaultOptions | undefined): void {
    if (options !== undefined) {
      if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`Fault rate must be between 0 and 1, got ${options.rate}.`);
      for (const kind of options.kinds ?? []) {
        if (!FAULT_KINDS.includes(kind)) throw new Error(`Unknown fault kind '${String(kind)}'. Kinds: ${FAULT_KINDS.join(', ')}.`);
      }
    }
    this.rateOptions = options;
    this.random = seededRandom(options?.seed ?? 1);
  }

  /**
   * Drops the script and stops random faults.
   *
   * @example
   * ```ts
   * emulator.faults.clear();
   * ```
   */
  clear(): void {
    this.queue = [];
    this.setRate(undefined);
  }

  /** Scripted faults not yet applied. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * The fault for this request, or `undefined` to answer normally.
   *
   * @example
   * ```ts
   * const fault = controller.next({ method: 'POST', url: '/api/data/v9.2/msdyncrm_customerjourneys' });
   * ```
   */
  next(request: FaultRequest): Fault | undefined {
    const index = this.queue.findIndex((f) => matchesFault(f.match, request));
    if (index >= 0) {
      const [scripted] = this.queue.splice(index, 1) as [ScriptedFault];
      return {
        kind: scripted.kind,
        latencyMs: scripted.latencyMs ?? 50,
        source: 'script',
        ...(scripted.kind === '429' ? { retryAfterSeconds: scripted.retryAfterSeconds ?? 1 } : {}),
        ...(scripted.kind === '503' && scripted.retryAfterSeconds !== undefined ? { retryAfterSeconds: scripted.retryAfterSeconds } : {}),
      };
    }
    const rate = this.rateOptions;
    if (!rate || rate.rate <= 0 || !matchesFault(rate.match, request)) return undefined;
    if (this.random() >= rate.rate) return undefined;
    const kinds = rate.kinds && rate.kinds.length > 0 ? rate.kinds : DEFAULT_RATE_KINDS;
    const kind = kinds[Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))] as FaultKind;
    return {
      kind,
      latencyMs: rate.latencyMs ?? 50,
      source: 'rate',
      ...(kind === '429' ? { retryAfterSeconds: rate.retryAfterSeconds ?? 1 } : {}),
    };
  }
}
