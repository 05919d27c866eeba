/**
 * The checks behind the matchers: does a contact's timeline reach a tile, receive an email, take
 * a branch, and when. Plain functions, for any test runner.
 *
 * @module
 */
import { addDuration, formatInstant, formatSteps, isGuid, normalizeGuid, parseIsoDateTime, type Duration, type SimulationStep, type StepOutcome } from '@customer-journey/dsl';

/**
 * When the step a check looks for must happen. Both may be given.
 *
 * @example
 * ```ts
 * import type { TimingOptions } from '@customer-journey/testing';
 * const soon: TimingOptions = { within: { value: 2, unit: 'Day' } };
 * const exactly: TimingOptions = { at: '2026-02-03T10:00:00Z' };
 * ```
 */
export interface TimingOptions {
  /** The exact moment (an ISO 8601 date-time or a `Date`). */
  readonly at?: string | Date;
  /** At most this long after the contact's first step (its entry into the journey). */
  readonly within?: Duration;
}

/**
 * The outcome of a check: whether it passed, and a message that explains the outcome to a reader
 * who expected the opposite (why it failed, or, when it passed, why a negated check fails).
 *
 * @example
 * ```ts
 * import type { CheckOutcome } from '@customer-journey/testing';
 * const outcome: CheckOutcome = { pass: false, message: 'expected the contact to reach "Thank you", but it did not; its path:\n  …' };
 * ```
 */
export interface CheckOutcome {
  /** Whether the contact did what the check asks. */
  readonly pass: boolean;
  /** The contact's path as tile names with times, and what was expected. */
  readonly message: string;
}

/**
 * A failed assertion of {@link assertReaches}, {@link assertReceives} or {@link assertTakesBranch}:
 * its message prints what was expected and the contact's path as tile names with times.
 *
 * @example
 * ```ts
 * import { assertReaches, JourneyAssertionError } from '@customer-journey/testing';
 * try {
 *   assertReaches(run.contacts['bob'], 'Thank you');
 * } catch (error) {
 *   if (error instanceof JourneyAssertionError) console.log(error.message);
 * }
 * ```
 */
export class JourneyAssertionError extends Error {
  override name = 'JourneyAssertionError';
}

/** A step matched by what a check looks for, and the moment that counts for it. */
interface Hit {
  readonly step: SimulationStep;
  readonly at: number;
}

const NO_TIMELINE =
  'there is no timeline: pass one contact\'s steps, result.contacts[id], from a simulation with a list of contacts (or timelines: true)';

/** The steps of a received value, or why it has none. */
function stepsOf(received: unknown): readonly SimulationStep[] | string {
  if (received === undefined || received === null) return NO_TIMELINE;
  if (Array.isArray(received)) return received as readonly SimulationStep[];
  if (typeof received === 'object' && 'tiles' in received && 'contacts' in received) {
    return 'received a whole simulation result: pass one contact\'s steps, result.contacts[id]';
  }
  return `received ${typeof received}, not a contact's steps (result.contacts[id])`;
}

const durationText = (d: Duration): string => `${d.value} ${String(d.unit).toLowerCase()}${d.value === 1 ? '' : 's'}`;

function instantOf(at: string | Date): number {
  const ms = at instanceof Date ? at.getTime() : (parseIsoDateTime(at) ?? Number.NaN);
  if (!Number.isFinite(ms)) throw new RangeError(`at ${JSON.stringify(at)} is not a date; use an ISO 8601 date-time such as 2026-02-03T10:00:00Z`);
  return ms;
}

/** Words for the timing options: ` at 2026-02-03 10:00 UTC within 2 days`. */
function timingText(options: TimingOptions): string {
  let text = '';
  if (options.at !== undefined) text += ` at ${formatInstant(new Date(instantOf(options.at)).toISOString())}`;
  if (options.within !== undefined) text += ` within ${durationText(options.within)} of entering the journey`;
  return text;
}

/** Whether a hit meets the timing options. */
function onTime(hit: Hit, steps: readonly SimulationStep[], options: TimingOptions): boolean {
  if (options.at !== undefined && hit.at !== instantOf(options.at)) return false;
  if (options.within !== undefined) {
    const first = steps[0];
    if (first === undefined) return false;
    if (hit.at > Date.parse(addDuration(first.at, options.within))) return false;
  }
  return true;
}

const quoted = (s: string): string => JSON.stringify(s);
const when = (at: number): string => formatInstant(new Date(at).toISOString());

/** Runs one check: finds the hits, applies the timing, and words both outcomes. */
function check(received: unknown, what: string, find: (steps: readonly SimulationStep[]) => Hit[], options: TimingOptions): CheckOutcome {
  const steps = stepsOf(received);
  const timing = timingText(options);
  if (typeof steps === 'string') return { pass: false, message: `expected the contact to ${what}${timing}, but ${steps}` };
  const path = `; its path:\n${formatSteps(steps, '  ')}`;
  const hits = find(steps);
  const good = hits.find((hit) => onTime(hit, steps, options));
  if (good !== undefined) {
    return { pass: true, message: `expected the contact not to ${what}${timing}, but it did at ${when(good.at)}${path}` };
  }
  if (hits.length > 0) {
    const times = hits.map((hit) => when(hit.at)).join(', ');
    return { pass: false, message: `expected the contact to ${what}${timing}, but it did so only at ${times}${path}` };
  }
  return { pass: false, message: `expected the contact to ${what}${timing}, but it did not${path}` };
}

/** Whether a step is the tile a check names: by key, `ActivityId` or name. */
const names = (step: SimulationStep, tile: string): boolean => step.key === tile || step.activityId === tile || step.name === tile;

function checkArgument(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string (a key, a name or an ActivityId), not ${JSON.stringify(value) ?? 'undefined'}`);
  return value;
}

/**
 * Whether a contact reached a tile (entered it, whether or not it left again), named by its key,
 * its name or its `ActivityId`; with `at` / `within`, whether it did so then.
 *
 * @param received - one contact's steps (`result.contacts[id]`)
 * @param tile - the tile's key, name or `ActivityId`
 * @param options - when it must have happened
 * @returns whether it did, and a message with the contact's path
 *
 * @example
 * ```ts
 * import { checkReach } from '@customer-journey/testing';
 * const { pass, message } = checkReach(run.contacts['ann'], 'Follow-up call', { within: { value: 7, unit: 'Day' } });
 * if (!pass) console.log(message);
 * ```
 */
export function checkReach(received: readonly SimulationStep[] | undefined, tile: string, options: TimingOptions = {}): CheckOutcome {
  checkArgument('tile', tile);
  return check(
    received,
    `reach ${quoted(tile)}`,
    (steps) => steps.filter((s) => names(s, tile)).map((step) => ({ step, at: Date.parse(step.at) })),
    options,
  );
}

/**
 * Whether a contact received an email, named by the email tile's key, its email record's GUID,
 * its name or its `ActivityId`; with `at` / `within`, whether it did so then.
 *
 * @param received - one contact's steps (`result.contacts[id]`)
 * @param email - the email tile's key, the email's GUID (any case, braces allowed), its name or `ActivityId`
 * @param options - when it must have happened
 * @returns whether it did, and a message with the contact's path
 *
 * @example
 * ```ts
 * import { checkReceive } from '@customer-journey/testing';
 * checkReceive(run.contacts['bob'], '384e5a1a-464a-e911-a873-000d3a1fe344').pass; // the reminder
 * ```
 */
export function checkReceive(received: readonly SimulationStep[] | undefined, email: string, options: TimingOptions = {}): CheckOutcome {
  checkArgument('email', email);
  const guid = isGuid(email) ? normalizeGuid(email) : undefined;
  return check(
    received,
    `receive the email ${quoted(email)}`,
    (steps) =>
      steps
        .filter((s) => s.type === 'Email' && s.waiting !== true && (names(s, email) || (guid !== undefined && s.recordId !== undefined && normalizeGuid(s.recordId) === guid)))
        .map((step) => ({ step, at: Date.parse(step.at) })),
    options,
  );
}

/**
 * Whether a contact took a branch of a trigger (`'yes'` / `'no'`) or a split (the branch's
 * position, 0 first), named by the tile's key, name or `ActivityId`; with `at` / `within`,
 * whether it did so then (the moment it left the tile).
 *
 * @param received - one contact's steps (`result.contacts[id]`)
 * @param tile - the trigger's (or split's) key, name or `ActivityId`
 * @param branch - `'yes'`, `'no'`, or a split branch's position
 * @param options - when it must have happened
 * @returns whether it did, and a message with the contact's path
 *
 * @example
 * ```ts
 * import { checkTakeBranch } from '@customer-journey/testing';
 * checkTakeBranch(run.contacts['ann'], 'Registered?', 'yes', { at: '2026-02-03T10:00:00Z' }).pass;
 * ```
 */
export function checkTakeBranch(
  received: readonly SimulationStep[] | undefined,
  tile: string,
  branch: StepOutcome,
  options: TimingOptions = {},
): CheckOutcome {
  checkArgument('tile', tile);
  if (branch !== 'yes' && branch !== 'no' && !(typeof branch === 'number' && Number.isSafeInteger(branch) && branch >= 0)) {
    throw new TypeError(`branch must be 'yes', 'no' or a split branch's position (0, 1, …), not ${JSON.stringify(branch) ?? 'undefined'}`);
  }
  const label = typeof branch === 'number' ? `branch ${branch}` : `the ${branch} branch`;
  return check(
    received,
    `take ${label} of ${quoted(tile)}`,
    (steps) =>
      steps
        .filter((s) => s.outcome === branch && names(s, tile))
        .map((step) => ({ step, at: Date.parse(step.exitedAt ?? step.at) })),
    options,
  );
}

function assertPass(outcome: CheckOutcome): void {
  if (!outcome.pass) throw new JourneyAssertionError(outcome.message);
}

/**
 * Throws a {@link JourneyAssertionError} unless the contact reached the tile (see {@link checkReach}).
 *
 * @example
 * ```ts
 * import { assertReaches } from '@customer-journey/testing';
 * assertReaches(run.contacts['ann'], 'Follow-up call', { within: { value: 7, unit: 'Day' } });
 * ```
 */
export function assertReaches(received: readonly SimulationStep[] | undefined, tile: string, options?: TimingOptions): void {
  assertPass(checkReach(received, tile, options));
}

/**
 * Throws a {@link JourneyAssertionError} unless the contact received the email (see {@link checkReceive}).
 *
 * @example
 * ```ts
 * import { assertReceives } from '@customer-journey/testing';
 * assertReceives(run.contacts['bob'], 'Reminder', { at: '2026-02-06T09:00:00Z' });
 * ```
 */
export function assertReceives(received: readonly SimulationStep[] | undefined, email: string, options?: TimingOptions): void {
  assertPass(checkReceive(received, email, options));
}

/**
 * Throws a {@link JourneyAssertionError} unless the contact took the branch (see {@link checkTakeBranch}).
 *
 * @example
 * ```ts
 * import { assertTakesBranch } from '@customer-journey/testing';
 * assertTakesBranch(run.contacts['bob'], 'Registered?', 'no');
 * ```
 */
export function assertTakesBranch(
  received: readonly SimulationStep[] | undefined,
  tile: string,
  branch: StepOutcome,
  options?: TimingOptions,
): void {
  assertPass(checkTakeBranch(received, tile, branch, options));
}
