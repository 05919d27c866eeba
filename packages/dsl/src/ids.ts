/**
 * Activity ids, item ids, designer state and GUIDs: the helpers that keep ids unique.
 *
 * - An activity id is `<parent id>_<n>` with `n` from one per-journey counter (the root is `"01"`).
 * - An `ActivityItemId` comes from a second per-journey counter (the root's header is 0).
 * - The designer state holds both counters' next values; {@link effectiveDesignerState} gives
 *   values that are safe even when the stored state lags behind the ids in use.
 *
 * @module
 */
import type { Activity, DesignerState, JourneyTree } from './model.js';
import { walk } from './walk.js';

/**
 * `ActivityId` of the hidden root.
 *
 * @example
 * ```ts
 * tree.root.id === ROOT_ACTIVITY_ID; // true
 * ```
 */
export const ROOT_ACTIVITY_ID = '01';
/**
 * `ActivityItemId` of the root's header.
 *
 * @example
 * ```ts
 * tree.root.header?.itemId === ROOT_ITEM_ID; // true
 * ```
 */
export const ROOT_ITEM_ID = 0;

const GUID = /^(?:\{([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))$/i;

/**
 * The counter value `n` of an activity id `<parent>_<n>` (its last numeric segment), or
 * `undefined` for the root and for ids of another form.
 *
 * @example
 * ```ts
 * activityCounterOf('01_2_4_7'); // 7
 * activityCounterOf('01');       // undefined
 * activityCounterOf('custom');   // undefined
 * ```
 */
export function activityCounterOf(id: string): number | undefined {
  // Scans the last segment only: ids of deep tiles are long, and a regular expression would
  // read the whole id.
  // The value is summed while scanning, without a substring: at most 15 digits stay exact.
  const end = id.length;
  let start = end;
  let n = 0;
  let unit = 1;
  while (start > 0) {
    const code = id.charCodeAt(start - 1);
    if (code < 48 || code > 57) break;
    if (end - start < 15) n += (code - 48) * unit;
    unit *= 10;
    start--;
  }
  if (start === end || start === 0 || id.charCodeAt(start - 1) !== 95 /* _ */ || end - start > 15) return undefined;
  return n;
}

/**
 * A set of activity ids that stays fast when ids are long (deep tiles): ids are bucketed by their
 * counter, so most look-ups compare no string at all, and equal ids shared by reference compare
 * at once.
 *
 * @example
 * ```ts
 * const seen = new ActivityIdSet();
 * seen.add('01_0_3');
 * seen.has('01_0_3'); // true
 * seen.has('01_1_3'); // false
 * ```
 */
export class ActivityIdSet {
  readonly #byCounter = new Map<number, string[]>();
  readonly #other = new Set<string>();

  /** Whether the id is in the set. */
  has(id: string): boolean {
    const n = activityCounterOf(id);
    if (n === undefined) return this.#other.has(id);
    const bucket = this.#byCounter.get(n);
    return bucket !== undefined && bucket.includes(id);
  }

  /** Adds the id; returns `false` when it was there already. */
  add(id: string): boolean {
    const n = activityCounterOf(id);
    if (n === undefined) {
      if (this.#other.has(id)) return false;
      this.#other.add(id);
      return true;
    }
    const bucket = this.#byCounter.get(n);
    if (bucket === undefined) {
      this.#byCounter.set(n, [id]);
      return true;
    }
    if (bucket.includes(id)) return false;
    bucket.push(id);
    return true;
  }
}

/**
 * The id of a new child: `<parent id>_<n>`.
 *
 * @example
 * ```ts
 * childActivityId('01_0', 3); // '01_0_3'
 * ```
 */
export function childActivityId(parentId: string, n: number): string {
  return `${parentId}_${n}`;
}

/**
 * Whether a number can be an `ActivityItemId`: a non-negative safe integer.
 *
 * @example
 * ```ts
 * isItemId(4);  // true
 * isItemId(-1); // false
 * ```
 */
export function isItemId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Whether a string is a GUID (`8-4-4-4-12` hex digits, any case, optionally in braces).
 *
 * @example
 * ```ts
 * isGuid('184e5a1a-464a-e911-a873-000d3a1fe344');   // true
 * isGuid('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}'); // true
 * isGuid('184e5a1a');                               // false
 * ```
 */
export function isGuid(s: string): boolean {
  return isCanonicalGuid(s) || GUID.test(s);
}

/** Whether the character code is a lower-case hex digit. */
const isLowerHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/** Whether a string is a GUID already in the definition's form (lower case, no braces), without a regular expression. */
function isCanonicalGuid(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== 45 /* - */ : !isLowerHex(c)) return false;
  }
  return true;
}

/**
 * A GUID in the form the definition uses: lower case, without braces. Throws a `RangeError` when
 * the string is no GUID (check with {@link isGuid} first).
 *
 * @example
 * ```ts
 * normalizeGuid('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}'); // '6628bbf7-c52a-e911-a9b7-000d3a1e6adc'
 * ```
 */
export function normalizeGuid(s: string): string {
  if (isCanonicalGuid(s)) return s;
  const match = GUID.exec(s);
  if (match === null) {
    throw new RangeError(`"${s}" is not a GUID; expected 32 hex digits as 8-4-4-4-12, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344`);
  }
  return (match[1] ?? match[2] ?? '').toLowerCase();
}

/** The highest ids in use; `-1` when there is none. */
export interface HighestIds {
  /** The highest `n` of any activity id `<parent>_<n>`, or `-1`. */
  readonly activityCounter: number;
  /** The highest `ActivityItemId` of any item, or `-1`. */
  readonly itemId: number;
}

/**
 * The highest activity counter and item id used in a tree or subtree.
 *
 * @example
 * ```ts
 * highestUsedIds(tree); // { activityCounter: 3, itemId: 5 }
 * ```
 */
export function highestUsedIds(treeOrActivity: JourneyTree | Activity): HighestIds {
  let activityCounter = -1;
  let itemId = -1;
  walk(treeOrActivity, (activity) => {
    const n = activityCounterOf(activity.id);
    if (n !== undefined && n > activityCounter) activityCounter = n;
    const header = activity.header;
    if (header !== undefined && isItemId(header.itemId) && header.itemId > itemId) itemId = header.itemId;
    for (const item of activity.nested) {
      if (isItemId(item.itemId) && item.itemId > itemId) itemId = item.itemId;
    }
  });
  return { activityCounter, itemId };
}

/**
 * The designer state that is safe to continue from: for each counter, the larger of the stored
 * value and the highest id in use plus one. Tiles added to a tree take their ids from here, so
 * they can never repeat an id, even when the stored state lags behind (as in some pulled journeys).
 *
 * @example
 * ```ts
 * // a pulled journey whose stored state says 2/10 but which already uses 01_0_5 and item 12:
 * effectiveDesignerState(pulled); // { nextActivityId: 6, nextItemId: 13 }
 * ```
 */
export function effectiveDesignerState(tree: JourneyTree): DesignerState {
  const used = highestUsedIds(tree);
  const stored = tree.designerState;
  const nextActivityId = Math.max(safeCounter(stored.nextActivityId), used.activityCounter + 1);
  const nextItemId = Math.max(safeCounter(stored.nextItemId), used.itemId + 1);
  return stored.extra === undefined
    ? { nextActivityId, nextItemId }
    : { nextActivityId, nextItemId, extra: stored.extra };
}

const safeCounter = (value: number): number => (Number.isSafeInteger(value) && value > 0 ? value : 0);

/** Ids that occur more than once, each listed once in order of its second occurrence. */
export interface DuplicateIds {
  /** `ActivityId`s used by more than one activity. */
  readonly activityIds: readonly string[];
  /** `ActivityItemId`s used by more than one item. */
  readonly itemIds: readonly number[];
}

/**
 * The activity ids and item ids that occur more than once in a tree.
 *
 * @example
 * ```ts
 * findDuplicateIds(tree); // { activityIds: [], itemIds: [] } for a built journey
 * ```
 */
export function findDuplicateIds(treeOrActivity: JourneyTree | Activity): DuplicateIds {
  const activities = new ActivityIdSet();
  const items = new Set<number>();
  const activityIds = new Set<string>();
  const itemIds = new Set<number>();
  const seeItem = (itemId: number): void => {
    if (items.has(itemId)) itemIds.add(itemId);
    else items.add(itemId);
  };
  walk(treeOrActivity, (activity) => {
    if (!activities.add(activity.id)) activityIds.add(activity.id);
    if (activity.header !== undefined) seeItem(activity.header.itemId);
    for (const item of activity.nested) seeItem(item.itemId);
  });
  return { activityIds: [...activityIds], itemIds: [...itemIds] };
}
