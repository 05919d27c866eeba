/**
 * The journey lifecycle: status values, the transitions the table allows (statuscode
 * TransitionData), and the timers that move a journey from Going live to Live or Error and from
 * Stopping to Stopped.
 *
 * @module
 */

/**
 * `statuscode` values of `msdyncrm_customerjourney`.
 *
 * @example
 * ```ts
 * fetch(url, { method: 'PATCH', body: JSON.stringify({ statuscode: STATUS.goingLive }), headers });
 * ```
 */
export const STATUS = Object.freeze({
  draft: 192350000,
  goingLive: 192350006,
  live: 192350001,
  liveEditable: 192350003,
  stopping: 192350007,
  stopped: 192350002,
  error: 192350005,
  expired: 192350004,
});

/**
 * Label of each `statuscode`.
 *
 * @example
 * ```ts
 * STATUS_LABELS[192350001]; // 'Live'
 * ```
 */
export const STATUS_LABELS: Readonly<Record<number, string>> = Object.freeze({
  [STATUS.draft]: 'Draft',
  [STATUS.goingLive]: 'Going live',
  [STATUS.live]: 'Live',
  [STATUS.liveEditable]: 'Live, editable',
  [STATUS.stopping]: 'Stopping',
  [STATUS.stopped]: 'Stopped',
  [STATUS.error]: 'Error',
  [STATUS.expired]: 'Expired',
});

/**
 * Allowed `statuscode` transitions, from -> to (reference §8.2).
 *
 * @example
 * ```ts
 * TRANSITIONS[STATUS.draft]; // [192350006, 192350004]
 * ```
 */
export const TRANSITIONS: Readonly<Record<number, readonly number[]>> = Object.freeze({
  [STATUS.draft]: [STATUS.goingLive, STATUS.expired],
  [STATUS.goingLive]: [STATUS.live, STATUS.error],
  [STATUS.live]: [STATUS.stopping, STATUS.stopped, STATUS.goingLive, STATUS.liveEditable, STATUS.error],
  [STATUS.liveEditable]: [STATUS.live, STATUS.error, STATUS.goingLive],
  [STATUS.stopping]: [STATUS.stopped, STATUS.error],
  [STATUS.stopped]: [STATUS.goingLive, STATUS.expired],
  [STATUS.error]: [STATUS.goingLive, STATUS.stopping],
  [STATUS.expired]: [],
});

/**
 * The `statecode` a `statuscode` belongs to (1 Inactive for Expired, else 0 Active).
 *
 * @example
 * ```ts
 * stateOf(192350004); // 1
 * ```
 */
export function stateOf(statusCode: number): 0 | 1 {
  return statusCode === STATUS.expired ? 1 : 0;
}

/**
 * A human label for a `statuscode`, with the number for unknown values.
 *
 * @example
 * ```ts
 * statusLabel(192350001); // 'Live (192350001)'
 * ```
 */
export function statusLabel(statusCode: number): string {
  const label = STATUS_LABELS[statusCode];
  return label === undefined ? String(statusCode) : `${label} (${statusCode})`;
}

/**
 * Whether the table allows moving from one `statuscode` to another. Staying put is always allowed.
 *
 * @example
 * ```ts
 * isTransitionAllowed(192350000, 192350006); // true: Draft -> Going live
 * ```
 */
export function isTransitionAllowed(from: number, to: number): boolean {
  return from === to || (TRANSITIONS[from] ?? []).includes(to);
}

/**
 * Why a transition is refused: names from, to and the allowed targets.
 *
 * @example
 * ```ts
 * transitionRefusal(192350000, 192350001);
 * // 'Cannot change the status of the customer journey from Draft (192350000) to Live (192350001). Allowed from Draft: Going live (192350006), Expired (192350004).'
 * ```
 */
export function transitionRefusal(from: number, to: number): string {
  const allowed = TRANSITIONS[from] ?? [];
  const list = allowed.length === 0 ? 'none (the status is final)' : allowed.map(statusLabel).join(', ');
  return `Cannot change the status of the customer journey from ${statusLabel(from)} to ${statusLabel(to)}. Allowed from ${STATUS_LABELS[from] ?? from}: ${list}.`;
}

/**
 * What a pending transition does when it completes.
 *
 * @example
 * ```ts
 * scheduler.schedule(id, 'stop' satisfies PendingKind, 50);
 * ```
 */
export type PendingKind = 'go-live' | 'stop';

/**
 * Timers that complete status transitions after a delay. Completing is delegated to a callback so
 * the scheduler knows nothing about the store; `settle()` completes everything now.
 *
 * @example
 * ```ts
 * const timers = new TransitionScheduler((id, kind) => complete(id, kind));
 * timers.schedule('id', 'go-live', 50);
 * timers.settle(); // completes it at once
 * timers.close();
 * ```
 */
export class TransitionScheduler {
  private readonly pending = new Map<string, { kind: PendingKind; timer: ReturnType<typeof setTimeout> }>();
  private closed = false;

  constructor(private readonly complete: (id: string, kind: PendingKind) => void) {}

  /** Schedules (or reschedules) the transition of one record. */
  schedule(id: string, kind: PendingKind, delayMs: number): void {
    if (this.closed) return;
    this.cancel(id);
    const timer = setTimeout(() => this.fire(id), Math.max(0, delayMs));
    timer.unref?.();
    this.pending.set(id, { kind, timer });
  }

  /** Drops the pending transition of a record, if any. */
  cancel(id: string): void {
    const entry = this.pending.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      this.pending.delete(id);
    }
  }

  /** Ids with a transition still pending. */
  get size(): number {
    return this.pending.size;
  }

  /** Completes every pending transition now, in the order they were scheduled. */
  settle(): void {
    for (const id of [...this.pending.keys()]) this.fire(id);
  }

  /** Clears every timer; later calls to `schedule` do nothing. */
  close(): void {
    this.closed = true;
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private fire(id: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    this.complete(id, entry.kind);
  }
}
