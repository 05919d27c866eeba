/**
 * Tree helpers: iterative walks and look-ups over a journey's activity tree.
 *
 * Every helper runs with an explicit stack, so trees thousands of tiles deep never exhaust the
 * call stack.
 *
 * @module
 */
import type { Activity, Item, JourneyTree } from './model.js';

/** Where the walk stands when it calls the visitor. */
export interface WalkInfo {
  /** The activity holding this one, `undefined` for the starting activity. */
  readonly parent: Activity | undefined;
  /** Distance from the starting activity (0 for it). */
  readonly depth: number;
  /** Position in `parent.children` (0 for the starting activity). */
  readonly index: number;
}

/**
 * What a visitor may return: nothing to go on, `'skip'` to leave out this activity's children,
 * `'stop'` to end the walk.
 */
export type WalkControl = void | undefined | 'skip' | 'stop';

/** Called once per activity, in pre-order. */
export type WalkVisitor = (activity: Activity, info: WalkInfo) => WalkControl;

/** An item found by {@link findItem}, with the activity that holds it. */
export interface FoundItem {
  /** The item (a header or a nested item). */
  readonly item: Item;
  /** The activity whose header or nested list holds the item. */
  readonly activity: Activity;
}

const isTree = (value: JourneyTree | Activity): value is JourneyTree => 'root' in value && 'settings' in value;

const startOf = (value: JourneyTree | Activity): Activity => (isTree(value) ? value.root : value);

interface Frame {
  readonly activity: Activity;
  readonly parent: Activity | undefined;
  readonly depth: number;
  readonly index: number;
}

/**
 * Visits every activity in pre-order (a tile, then its children in `branch` order), starting at
 * the root of a tree or at any activity. Iterative: depth is limited only by memory.
 *
 * @example
 * ```ts
 * walk(tree, (activity, { depth }) => {
 *   console.log(`${'  '.repeat(depth)}${activity.type} ${activity.id}`);
 *   return activity.type === 'Trigger' ? 'skip' : undefined; // do not descend into triggers
 * });
 * ```
 */
export function walk(treeOrActivity: JourneyTree | Activity, visitor: WalkVisitor): void {
  const stack: Frame[] = [{ activity: startOf(treeOrActivity), parent: undefined, depth: 0, index: 0 }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const control = visitor(frame.activity, frame);
    if (control === 'stop') return;
    if (control === 'skip') continue;
    const { children } = frame.activity;
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ activity: children[i] as Activity, parent: frame.activity, depth: frame.depth + 1, index: i });
    }
  }
}

/**
 * The first activity in pre-order with the given key, or the first one the predicate accepts.
 *
 * @example
 * ```ts
 * findTile(tree, 'invite')?.id;                                  // '01_0_1'
 * findTile(tree, (a) => a.header?.name === 'Reminder')?.type;    // 'Email'
 * ```
 */
export function findTile(
  tree: JourneyTree | Activity,
  keyOrPredicate: string | ((activity: Activity, info: WalkInfo) => boolean),
): Activity | undefined {
  const test =
    typeof keyOrPredicate === 'string' ? (activity: Activity) => activity.key === keyOrPredicate : keyOrPredicate;
  let found: Activity | undefined;
  walk(tree, (activity, info) => {
    if (test(activity, info)) {
      found = activity;
      return 'stop';
    }
    return undefined;
  });
  return found;
}

/**
 * Every activity of one type, in pre-order.
 *
 * @example
 * ```ts
 * const emails = findTiles(tree, 'Email');        // Activity<'Email'>[]
 * emails.map((email) => email.header?.recordId);
 * ```
 */
export function findTiles<T extends string>(tree: JourneyTree | Activity, type: T): Activity<T>[] {
  const found: Activity<T>[] = [];
  walk(tree, (activity) => {
    if (activity.type === type) found.push(activity as Activity<T>);
  });
  return found;
}

/**
 * Finds an item by key or by `ActivityItemId`, with the activity holding it. A string is first
 * taken as a key (a key on a tile names its header); a string of digits that is no key, like a
 * trigger's `sourceItemId`, is then taken as an item id.
 *
 * @example
 * ```ts
 * findItem(tree, 'page')?.item.type;            // 'LandingPage'
 * findItem(tree, 4)?.activity.type;             // 'Email'
 * findItem(tree, '4')?.item.itemId;             // 4
 * ```
 */
export function findItem(tree: JourneyTree | Activity, keyOrItemId: string | number): FoundItem | undefined {
  let found: FoundItem | undefined;
  if (typeof keyOrItemId === 'string') {
    walk(tree, (activity) => {
      if (activity.key === keyOrItemId && activity.header !== undefined) {
        found = { item: activity.header, activity };
        return 'stop';
      }
      for (const item of activity.nested) {
        if (item.key === keyOrItemId) {
          found = { item, activity };
          return 'stop';
        }
      }
      return undefined;
    });
    if (found !== undefined || !/^\d+$/.test(keyOrItemId)) return found;
  }
  const itemId = Number(keyOrItemId);
  walk(tree, (activity) => {
    if (activity.header?.itemId === itemId) {
      found = { item: activity.header, activity };
      return 'stop';
    }
    for (const item of activity.nested) {
      if (item.itemId === itemId) {
        found = { item, activity };
        return 'stop';
      }
    }
    return undefined;
  });
  return found;
}

/**
 * The display name of a tile in paths and messages: its header's name, else its type.
 *
 * @example
 * ```ts
 * tileName(tree.root.children[0]!); // 'Customers'
 * ```
 */
export function tileName(activity: Activity): string {
  return activity.header?.name ?? activity.type;
}

/**
 * The names of the tiles from the root (excluded) down to the activity with the given id
 * (included); `[]` when no activity has that id. Given an activity instead of a tree, the path
 * starts at that activity.
 *
 * @example
 * ```ts
 * tilePath(tree, '01_0_1_2'); // ['Customers', 'Invitation', 'Registered?']
 * ```
 */
export function tilePath(tree: JourneyTree | Activity, activityId: string): string[] {
  // Pre-order keeps the current ancestry on a stack of names.
  const names: string[] = [];
  const skip = startOf(tree).type === 'bpf_root' ? 1 : 0;
  let result: string[] = [];
  walk(tree, (activity, { depth }) => {
    names.length = depth;
    names.push(tileName(activity));
    if (activity.id === activityId) {
      result = names.slice(skip);
      return 'stop';
    }
    return undefined;
  });
  return result;
}

/**
 * The number of tiles: every activity but the hidden `bpf_root` (placeholders included).
 *
 * @example
 * ```ts
 * countTiles(journey('Empty', { target: 'contact' }).build()); // 0
 * countTiles(tree.root.children[0]!);                           // tiles in the first subtree
 * ```
 */
export function countTiles(treeOrActivity: JourneyTree | Activity): number {
  let count = 0;
  walk(treeOrActivity, (activity) => {
    if (activity.type !== 'bpf_root') count++;
  });
  return count;
}
