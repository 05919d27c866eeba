/**
 * {@link LifecycleError}: a push the journey's status does not allow, refused before anything is
 * written, or a live edit that could not be completed.
 *
 * @module
 */
import type { JourneyStatus } from '@customer-journey/dsl';
import type { JourneyChange, JourneyPlan } from './plan.js';

/**
 * Options of a {@link LifecycleError}.
 *
 * @example
 * ```ts
 * const options: LifecycleErrorOptions = { message: 'Live edit failed while writing', cause: error };
 * ```
 */
export interface LifecycleErrorOptions {
  /** The message, when it is not the plan's reason and way out. */
  readonly message?: string;
  /** The failure behind it (a live edit whose write failed). */
  readonly cause?: unknown;
  /** The status the journey was left in, when it is not the planned one. */
  readonly status?: JourneyStatus;
}

/**
 * A push refused by the journey's lifecycle: a Live journey without `live: 'edit'`, a pipeline
 * change to a journey that has gone live without `onPipelineChange: 'new-version'`, a journey
 * whose status is still settling, an expired one. Nothing was written: the message says why and
 * what to do instead. Also thrown when a live edit fails half-way; its message then says where the
 * journey was left.
 *
 * A sibling of `DataverseError`, not a subclass: the service was not asked and did not refuse.
 *
 * @example
 * ```ts
 * import { LifecycleError } from '@customer-journey/client';
 * try {
 *   await client.push(tree);
 * } catch (error) {
 *   if (!(error instanceof LifecycleError)) throw error;
 *   console.error(error.status, error.message); // 'Live', 'Journey "Welcome" was not pushed: …'
 *   for (const change of error.changes) console.error(change.kind, change.path.join(' › '), change.field);
 * }
 * ```
 */
export class LifecycleError extends Error {
  override name = 'LifecycleError' as const;
  /** The journey's status (on the org) that refused the push. */
  readonly status: JourneyStatus | undefined;
  /** The changes the push would have made. */
  readonly changes: readonly JourneyChange[];
  /** The plan that was refused. */
  readonly plan: JourneyPlan;
  /** The record the push was aimed at. */
  readonly id: string;

  constructor(plan: JourneyPlan, options: LifecycleErrorOptions = {}) {
    const what = [plan.reason, plan.remedy].filter((s): s is string => s !== undefined && s !== '').join('. ');
    super(options.message ?? `Journey ${JSON.stringify(plan.name)} (${plan.id}) was not pushed: ${what}${/[.!?]$/.test(what) ? '' : '.'}`, {
      cause: options.cause,
    });
    this.status = options.status ?? plan.status;
    this.changes = plan.changes;
    this.plan = plan;
    this.id = plan.id;
  }
}
