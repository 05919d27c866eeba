/**
 * The push flow: read the record (and its versions), plan, then do what the plan says: create,
 * update, update through a live edit, or create a new version; refuse with a
 * {@link LifecycleError} before writing anything when the plan is blocked.
 *
 * @module
 */
import { canEdit, type JourneyStatus, type JourneyTree } from '@customer-journey/dsl';
import { asWritten, sameJourney } from '../codec/index.js';
import { ConcurrencyError } from './errors.js';
import { journeyVersionId } from './journey-id.js';
import type { JourneyRecord, LifecycleOptions, LifecycleResult, PushOptions, PushResult, RequestOptions, WriteResult } from './journey-client.js';
import { LifecycleError } from './lifecycle-error.js';
import { planPush, recordState, type JourneyPlan, type PlanOptions, type PlannedPush } from './plan.js';

/**
 * What the push flow needs from the client. @internal
 */
export interface PushOperations {
  tryGet(id: string, options?: RequestOptions): Promise<JourneyRecord | undefined>;
  /** PATCH that only creates; throws `ConcurrencyError` when the id exists. */
  createOnly(id: string, tree: JourneyTree, options?: RequestOptions): Promise<unknown>;
  write(id: string, tree: JourneyTree, ifMatch: string, options?: RequestOptions): Promise<WriteResult>;
  /** Sets the status (with `If-Match`), and with `wait` reads until it is one of `done`. */
  transition(id: string, target: JourneyStatus, done: ReadonlySet<JourneyStatus>, options: LifecycleOptions | undefined, ifMatch: string): Promise<LifecycleResult>;
  /** The client's clock. */
  now(): number;
}

/** Where going live ends: Live, Error, or (when the end date has passed by then) Stopped or Expired. */
export const GO_LIVE_DONE: ReadonlySet<JourneyStatus> = new Set<JourneyStatus>(['Live', 'Error', 'Stopped', 'Expired']);
/** Where stopping ends. */
export const STOP_DONE: ReadonlySet<JourneyStatus> = new Set<JourneyStatus>(['Stopped', 'Error', 'Expired']);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');

/** A planned push, with the record it was planned against. */
interface Resolved extends PlannedPush {
  readonly record: JourneyRecord | undefined;
}

/** Whether versions may exist: only a journey that cannot take every change in place ever gets one. */
function mayHaveVersions(record: JourneyRecord, now: number): boolean {
  if (record.status === undefined) return true;
  return !canEdit('draft', recordState(record, record.status, now));
}

/**
 * Reads the journey's record and, when it may have versions, the latest one (ids derived from the
 * base id, read in order until one is missing), and plans against it.
 *
 * @internal
 */
export async function resolvePlan(ops: PushOperations, tree: JourneyTree, baseId: string, options: PlanOptions): Promise<Resolved> {
  let record = await ops.tryGet(baseId, options);
  let version = 1;
  if (record !== undefined && mayHaveVersions(record, ops.now())) {
    for (let n = 2; ; n++) {
      const next = await ops.tryGet(journeyVersionId(baseId, n), options);
      if (next === undefined) break;
      record = next;
      version = n;
    }
  }
  return { ...planPush(tree, record, options, { baseId, version, now: ops.now() }), record };
}

/**
 * Whether the stored record already holds what writing `tree` would leave: the canonical JSON of
 * definition, designer state and settings is equal. Settings the tree leaves out are not written
 * by an update either, so the stored values of those are not compared.
 */
function holds(record: JourneyRecord, tree: JourneyTree): boolean {
  return sameJourney(asWritten(record.journey, tree), tree);
}

/**
 * Creates the record; a retried create that already landed counts as created. Returns the 412 when
 * someone else's record is in the way.
 *
 * @internal
 */
export async function createOrRecognise(ops: PushOperations, id: string, tree: JourneyTree, options: RequestOptions | undefined): Promise<ConcurrencyError | undefined> {
  try {
    await ops.createOnly(id, tree, options);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    // 412: it exists now. Either our own earlier attempt landed, or another writer created it.
    const current = await ops.tryGet(id, options);
    if (current === undefined) throw error;
    return holds(current, tree) ? undefined : error;
  }
}

/** Updates with `If-Match`; a retried update whose first attempt landed sees its own change. */
async function update(ops: PushOperations, id: string, tree: JourneyTree, etag: string, options: RequestOptions): Promise<WriteResult | undefined> {
  try {
    return await ops.write(id, tree, etag, options);
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    const after = await ops.tryGet(id, options);
    if (after !== undefined && holds(after, tree)) return undefined;
    throw error;
  }
}

function waitOptions(options: PushOptions): LifecycleOptions {
  return {
    wait: true,
    ...(options.wait?.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.wait.pollIntervalMs }),
    ...(options.wait?.timeoutMs === undefined ? {} : { timeoutMs: options.wait.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

/** What a result says besides its id and action: the version written to, a rename. */
const extras = (plan: JourneyPlan): { version?: number; renamedFrom?: string } => ({
  ...(plan.version === undefined ? {} : { version: plan.version }),
  ...(plan.renamedFrom === undefined ? {} : { renamedFrom: plan.renamedFrom }),
});

/**
 * Live → Live, editable → write → Going live → Live. A write that fails returns the journey to
 * Live (the designer's "Save" would have); either way the error says where the journey was left.
 */
async function liveEdit(ops: PushOperations, plan: JourneyPlan, tree: JourneyTree, record: JourneyRecord, options: PushOptions): Promise<PushResult> {
  const { id } = plan;
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const entered = await ops.transition(id, 'Live, editable', new Set(), signal, record.etag ?? '*');
  try {
    await ops.write(id, tree, entered.record.etag ?? '*', options);
  } catch (error) {
    let where: string;
    let status: JourneyStatus | undefined = 'Live, editable';
    try {
      const back = await ops.transition(id, 'Going live', GO_LIVE_DONE, waitOptions(options), '*');
      status = back.status;
      where = `It was put back: Live, editable → Going live → ${back.status ?? 'an unknown status'}`;
    } catch (again) {
      where = `It is still Live, editable: going live again failed too (${messageOf(again)}); go live with goLive(id)`;
    }
    throw new LifecycleError(plan, {
      message: `Live edit of ${JSON.stringify(plan.name)} (${id}) stopped at the write: ${messageOf(error)}. ${where}.`,
      cause: error,
      ...(status === undefined ? {} : { status }),
    });
  }
  const live = await ops.transition(id, 'Going live', GO_LIVE_DONE, waitOptions(options), '*');
  if (live.status !== 'Live') {
    const faults = live.validation?.ActivityValidationResults.filter((r) => r.Result === 'Error').map((r) => r.Fault) ?? [];
    throw new LifecycleError(plan, {
      message: `Live edit of ${JSON.stringify(plan.name)} (${id}): the changes were saved, but going live again ended in ${live.status ?? 'an unknown status'}${
        faults.length > 0 ? ` (${faults.join(', ')})` : ''
      }. Fix the journey and push again, or go live with goLive(id).`,
      ...(live.status === undefined ? {} : { status: live.status }),
    });
  }
  return { id, action: 'updated', status: 'Live', ...extras(plan) };
}

/**
 * Pushes a journey as its plan says. Refuses (nothing written) with a {@link LifecycleError} when
 * the plan is blocked.
 *
 * @internal
 */
export async function pushJourney(ops: PushOperations, tree: JourneyTree, baseId: string, options: PushOptions, replanned = false): Promise<PushResult> {
  const { plan, write, record } = await resolvePlan(ops, tree, baseId, options);
  switch (plan.action) {
    case 'unchanged':
      return { id: plan.id, action: 'unchanged', ...extras(plan) };
    case 'blocked':
      throw new LifecycleError(plan);
    case 'create': {
      const conflict = await createOrRecognise(ops, plan.id, write as JourneyTree, options);
      if (conflict !== undefined) {
        // Someone else created the record since it was read: plan again against theirs, once.
        if (replanned) throw conflict;
        return pushJourney(ops, tree, baseId, options, true);
      }
      if (plan.previousId === undefined) return { id: plan.id, action: 'created' };
      if (options.stopPrevious === true && (record?.status === 'Live' || record?.status === 'Error')) {
        await ops.transition(plan.previousId, 'Stopping', STOP_DONE, waitOptions(options), record.etag ?? '*');
      }
      return { id: plan.id, action: 'new-version', previousId: plan.previousId, ...extras(plan) };
    }
    case 'update': {
      const current = record as JourneyRecord;
      if (current.status === 'Live') return liveEdit(ops, plan, write as JourneyTree, current, options);
      await update(ops, plan.id, write as JourneyTree, current.etag ?? '*', options);
      if (current.status === 'Live, editable' && options.live === 'edit') {
        const live = await ops.transition(plan.id, 'Going live', GO_LIVE_DONE, waitOptions(options), '*');
        return { id: plan.id, action: 'updated', ...(live.status === undefined ? {} : { status: live.status }), ...extras(plan) };
      }
      return { id: plan.id, action: 'updated', ...extras(plan) };
    }
  }
}
