/**
 * `msdyncrm_workflowdefinition` -> tree. The tree comes from `ParentActivityId` only (array order
 * and id prefixes mean nothing); children are ordered by `ParentBranchId` (stable). Everything
 * unknown is kept. Iterative throughout: no recursion on the depth of the journey.
 *
 * @module
 */
import type {
  Activity,
  DesignerState,
  EntityTarget,
  Item,
  JourneySettings,
  JourneyTree,
  Relation,
  RootActivity,
} from '@customer-journey/dsl';
import { JourneyFormatError, describeValue, isObject, itemPath, parseJsonText, setOwn } from './errors.js';
import { freezeExtra, typedPropReaderOf } from './item-props.js';
import { checkDefinitionSchema } from './schema-check.js';
import { activityCounterOf, isItemId } from '@customer-journey/dsl';
import { parseDesignerState } from './designer-state.js';
import { checkExtraNesting } from './nesting.js';

const WHAT = 'the workflow definition';

type Mutable = Record<string, unknown>;

function relationOf(value: unknown, i: number): Relation {
  if (value === 'Default' || value === 'YesBranch' || value === 'NoBranch') return value;
  let r: Relation | undefined;
  // A switch, not an object look-up: "constructor" or "toString" must not find anything.
  switch (typeof value === 'string' ? value.toLowerCase() : undefined) {
    case 'default': r = 'Default'; break;
    case 'yesbranch': r = 'YesBranch'; break;
    case 'nobranch': r = 'NoBranch'; break;
    default: r = undefined;
  }
  if (r === undefined) {
    throw new JourneyFormatError(
      `$[${i}].ParentRelationshipType`,
      value === undefined ? 'ParentRelationshipType is missing' : `ParentRelationshipType is ${describeValue(value)}`,
      'Default, YesBranch or NoBranch (any letter case)',
    );
  }
  return r;
}

function targetOf(value: unknown, i: number): EntityTarget {
  if (value === 'contact' || value === 'account') return value;
  const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
  if (lower === 'contact' || lower === 'account') return lower;
  throw new JourneyFormatError(`$[${i}].EntityTarget`, `EntityTarget is ${describeValue(value)}`, 'contact or account (left out on the root and on empty)');
}

const EMPTY: readonly never[] = Object.freeze([]);

function missingOrWrong(path: string, name: string, value: unknown, expected: string): JourneyFormatError {
  return new JourneyFormatError(path, value === undefined ? `${name} is missing` : `${name} is ${describeValue(value)}`, expected);
}

function parseItem(raw: unknown, i: number, j: number, deep: boolean): Item {
  if (!isObject(raw)) {
    throw new JourneyFormatError(itemPath(i, j), `item is ${describeValue(raw)}`, 'an item object with ActivityTypeId and ActivityItemId');
  }
  const type = raw['ActivityTypeId'];
  if (typeof type !== 'string' || type === '') {
    throw missingOrWrong(`${itemPath(i, j)}.ActivityTypeId`, 'ActivityTypeId', type, 'the item type as a non-empty string');
  }
  const itemId = raw['ActivityItemId'];
  if (!isItemId(itemId)) {
    const expected = 'a non-negative integer unique across the whole definition';
    if (typeof itemId === 'number' && Number.isInteger(itemId) && itemId > 0) {
      // Above 2^53 - 1, JSON readers round the number: the id no longer names one item.
      throw new JourneyFormatError(
        `${itemPath(i, j)}.ActivityItemId`,
        `ActivityItemId is ${String(itemId)}, above ${Number.MAX_SAFE_INTEGER} (2^53 - 1), where JSON numbers are rounded and ids stop being exact`,
        `${expected}, at most ${Number.MAX_SAFE_INTEGER}`,
      );
    }
    throw missingOrWrong(`${itemPath(i, j)}.ActivityItemId`, 'ActivityItemId', itemId, expected);
  }
  const typed = typedPropReaderOf(type);
  const o: Mutable = { type, itemId };
  let extra: Mutable | undefined;
  for (const key in raw) {
    const v = raw[key];
    switch (key) {
      case 'ActivityTypeId':
      case 'ActivityItemId':
        break;
      case 'ItemId':
        if (v !== null && typeof v !== 'string') throw missingOrWrong(`${itemPath(i, j)}.ItemId`, 'ItemId', v, 'the GUID of the referenced record as a string, or null');
        o['recordId'] = v;
        break;
      case 'Name':
        if (typeof v !== 'string') throw missingOrWrong(`${itemPath(i, j)}.Name`, 'Name', v, "a string (the tile's title)");
        o['name'] = v;
        break;
      case 'IsNameSystemDefined':
        if (typeof v !== 'boolean') throw missingOrWrong(`${itemPath(i, j)}.IsNameSystemDefined`, 'IsNameSystemDefined', v, 'a boolean');
        o['nameIsSystemDefined'] = v;
        break;
      case 'Description':
        if (typeof v !== 'string') throw missingOrWrong(`${itemPath(i, j)}.Description`, 'Description', v, 'a string');
        o['description'] = v;
        break;
      case 'Title':
        if (typeof v !== 'string') throw missingOrWrong(`${itemPath(i, j)}.Title`, 'Title', v, 'a string');
        o['title'] = v;
        break;
      default: {
        if (typed === undefined || !typed(key, v, o, i, j, deep)) setOwn((extra ??= {}), key, v);
      }
    }
  }
  if (extra !== undefined) {
    // An item's own values sit under the array, the activity, Properties, Items and the item.
    checkExtraNesting(extra, itemPath(i, j), 5, WHAT, !deep);
    o['extra'] = freezeExtra(extra, deep);
  }
  return Object.freeze(o) as unknown as Item;
}

/** Reads activity `i` into `activities[i]` and `parentIds[i]`. */
function parseActivity(raw: unknown, i: number, deep: boolean, activities: Mutable[], parentIds: (string | undefined)[]): void {
  if (!isObject(raw)) {
    throw new JourneyFormatError(`$[${i}]`, `element is ${describeValue(raw)}`, 'an activity object (tile) with ActivityTypeId, ActivityId, ParentBranchId, ParentRelationshipType and Properties');
  }
  let type: unknown;
  let id: unknown;
  let parentId: unknown;
  let branch: unknown;
  let relation: unknown;
  let target: unknown;
  let properties: unknown;
  let hasTarget = false;
  let extra: Mutable | undefined;
  for (const key in raw) {
    const v = raw[key];
    switch (key) {
      case 'ActivityTypeId': type = v; break;
      case 'ActivityId': id = v; break;
      case 'ParentActivityId': parentId = v; break;
      case 'ParentBranchId': branch = v; break;
      case 'ParentRelationshipType': relation = v; break;
      case 'Properties': properties = v; break;
      case 'EntityTarget': target = v; hasTarget = true; break;
      default: setOwn((extra ??= {}), key, v);
    }
  }
  if (typeof type !== 'string' || type === '') {
    throw missingOrWrong(`$[${i}].ActivityTypeId`, 'ActivityTypeId', type, 'the tile type as a non-empty string');
  }
  if (typeof id !== 'string' || id === '') {
    throw missingOrWrong(`$[${i}].ActivityId`, 'ActivityId', id, 'a non-empty string unique within the definition, e.g. "01_0_3"');
  }
  if (parentId !== undefined && typeof parentId !== 'string') {
    throw missingOrWrong(`$[${i}].ParentActivityId`, 'ParentActivityId', parentId, 'the ActivityId of the parent tile as a string (left out on the root)');
  }
  if (typeof branch !== 'number' || !Number.isSafeInteger(branch) || branch < 0) {
    throw missingOrWrong(`$[${i}].ParentBranchId`, 'ParentBranchId', branch, "a non-negative integer: the tile's position among its parent's children");
  }
  const rel = relationOf(relation, i);
  if (!isObject(properties)) {
    throw missingOrWrong(`$[${i}].Properties`, 'Properties', properties, 'an object with an Items array (item 0 is the header)');
  }
  let items: unknown;
  let propertiesExtra: Mutable | undefined;
  for (const key in properties) {
    if (key === 'Items') items = properties[key];
    else setOwn((propertiesExtra ??= {}), key, properties[key]);
  }
  if (!Array.isArray(items)) {
    throw missingOrWrong(`$[${i}].Properties.Items`, 'Items', items, 'an array of item objects (item 0 is the header)');
  }
  const a: Mutable = { type, id, relation: rel, branch };
  if (hasTarget) a['target'] = targetOf(target, i);
  const count = items.length;
  if (count > 0) a['header'] = parseItem(items[0], i, 0, deep);
  if (count > 1) {
    const nested: Item[] = new Array<Item>(count - 1);
    for (let j = 1; j < count; j++) nested[j - 1] = parseItem(items[j], i, j, deep);
    a['nested'] = Object.freeze(nested);
  } else {
    a['nested'] = EMPTY;
  }
  a['children'] = EMPTY;
  if (extra !== undefined) {
    checkExtraNesting(extra, `$[${i}]`, 2, WHAT, !deep);
    a['extra'] = freezeExtra(extra, deep);
  }
  if (propertiesExtra !== undefined) {
    checkExtraNesting(propertiesExtra, `$[${i}].Properties`, 3, WHAT, !deep);
    a['propertiesExtra'] = freezeExtra(propertiesExtra, deep);
  }
  activities[i] = a;
  parentIds[i] = parentId as string | undefined;
}

/**
 * Index of activity ids. Ids of deep tiles are long, and hashing every one of them is the largest
 * cost of a plain `Map<string, …>`; ids are bucketed by their counter (`n` of `<parent>_<n>`,
 * read from the end of the id) so a look-up hashes a small number and compares one string.
 */
class IdIndex {
  readonly #ids: readonly string[];
  readonly #byCounter = new Map<number, number | number[]>();
  readonly #other = new Map<string, number>();

  constructor(ids: readonly string[]) {
    this.#ids = ids;
  }

  get(id: string, c: number | undefined = activityCounterOf(id)): number | undefined {
    if (c === undefined) return this.#other.get(id);
    const entry = this.#byCounter.get(c);
    if (entry === undefined) return undefined;
    if (typeof entry === 'number') return this.#ids[entry] === id ? entry : undefined;
    for (const k of entry) if (this.#ids[k] === id) return k;
    return undefined;
  }

  /** Adds `ids[index]`, whose counter is `counter`; the caller checked it is not there yet. */
  add(index: number, counter: number | undefined): void {
    if (counter === undefined) {
      this.#other.set(this.#ids[index]!, index);
      return;
    }
    const entry = this.#byCounter.get(counter);
    if (entry === undefined) this.#byCounter.set(counter, index);
    else if (typeof entry === 'number') this.#byCounter.set(counter, [entry, index]);
    else entry.push(index);
  }
}

function cycleError(parentIndex: Int32Array, ids: readonly string[], start: number): JourneyFormatError {
  // Follow parents from an unreachable tile until one repeats: that tile sits on the loop.
  const seen = new Set<number>();
  let k = start;
  while (!seen.has(k)) {
    seen.add(k);
    k = parentIndex[k]!;
  }
  const loop: string[] = [];
  let m = k;
  do {
    loop.push(JSON.stringify(ids[m]));
    m = parentIndex[m]!;
  } while (m !== k && loop.length < 12);
  loop.push(m === k ? JSON.stringify(ids[k]) : '…');
  return new JourneyFormatError(
    `$[${k}].ParentActivityId`,
    `a cycle: ${loop.join(' -> ')} (each is the ParentActivityId of the one before), so these tiles are not reachable from the root`,
    'every tile to lead back to the root through ParentActivityId',
  );
}

/**
 * Reads a workflow definition (`msdyncrm_workflowdefinition`) into a journey tree.
 *
 * - Structure comes from `ParentActivityId` only; children may come before parents, id prefixes
 *   are ignored, and children are ordered by `ParentBranchId` (stable for equal values).
 * - Relation values are read case-insensitively; unknown tile types, the `empty` placeholder,
 *   a root with two items and every unknown key (activity, `Properties`, item, condition) are kept.
 * - Without `designerState` (`undefined`, `null` or `''`) the counters are computed from the ids;
 *   with one (its JSON text, as the record holds it), it is kept as given (Check for Errors
 *   reports counters that are behind).
 * - Values under unknown keys may nest at most {@link MAX_NESTING_DEPTH} levels deep, and
 *   `ActivityItemId`s must be safe integers (at most 2^53 - 1).
 * - `settings` default to `{ name: '', target: <first tile's EntityTarget or 'contact'> }`.
 *
 * The definition must match {@link workflowDefinitionSchema}; its problems are reported ahead of the tree's.
 *
 * @param definition - the JSON text, or the already parsed array.
 * @param designerState - `msdyncrm_customerjourneydesignerstate`: its JSON text, if known.
 * @param settings - the journey's own fields.
 * @throws {@link JourneyFormatError} with the JSON path of the first problem: not JSON, not an
 * array, an element that is not an object, missing or wrong-typed fields, no root or two roots, a
 * parent that does not exist, a cycle, duplicate `ActivityId`s or `ActivityItemId`s, values nested
 * too deep; and for a designer state that is not JSON text of valid counters (see {@link parseDesignerState}).
 * @example
 * ```ts
 * import { parseWorkflowDefinition } from '@customer-journey/client';
 * const tree = parseWorkflowDefinition(record.msdyncrm_workflowdefinition, record.msdyncrm_customerjourneydesignerstate,
 *   { name: record.msdyncrm_name, target: 'contact' });
 * tree.root.children[0]?.type; // 'Segment'
 * ```
 */
export function parseWorkflowDefinition(
  definition: string | readonly unknown[],
  designerState?: string | null,
  settings?: JourneySettings,
): JourneyTree {
  const fromText = typeof definition === 'string';
  const data: unknown = fromText ? parseJsonText(definition, 'the workflow definition') : definition;
  if (!Array.isArray(data)) {
    throw new JourneyFormatError('$', `the workflow definition is ${describeValue(data)}`, 'a JSON array of activity objects');
  }
  try {
    return readTree(data, fromText, designerState, settings);
  } catch (error) {
    // The reader checks everything the structural schema checks (and more), so a definition it
    // accepts passes the schema as well, and the schema pass is only needed when there is a
    // problem: it runs then, over the whole definition, and its first problem is reported ahead
    // of the reader's, exactly as if it had run first.
    checkDefinitionSchema(data);
    throw error;
  }
}

function readTree(
  data: readonly unknown[],
  fromText: boolean,
  designerState: string | null | undefined,
  settings: JourneySettings | undefined,
): JourneyTree {
  const n = data.length;
  const activities: Mutable[] = new Array<Mutable>(n);
  const parentIds: (string | undefined)[] = new Array<string | undefined>(n);
  const ids: string[] = new Array<string>(n);
  const byId = new IdIndex(ids);
  // Owner of each ActivityItemId (activity index * 2^20 + item index); a sparse array is the
  // cheapest map from small integers.
  const itemOwner: number[] = [];
  let rootIndex = -1;
  let maxActivity = -1;
  let maxItem = -1;

  for (let i = 0; i < n; i++) {
    parseActivity(data[i], i, fromText, activities, parentIds);
    const activity = activities[i]!;
    const parentId = parentIds[i];
    const id = activity['id'] as string;
    ids[i] = id;
    const c = activityCounterOf(id);
    const previous = byId.get(id, c);
    if (previous !== undefined) {
      throw new JourneyFormatError(
        `$[${i}].ActivityId`,
        `duplicate ActivityId ${JSON.stringify(id)}: $[${previous}].ActivityId and $[${i}].ActivityId`,
        'every ActivityId to be unique within the definition',
      );
    }
    byId.add(i, c);
    if (c !== undefined && c > maxActivity) maxActivity = c;
    if (parentId === undefined) {
      if (rootIndex >= 0) {
        throw new JourneyFormatError(
          `$[${i}]`,
          `two roots: $[${rootIndex}] (ActivityId ${JSON.stringify(ids[rootIndex])}) and $[${i}] (ActivityId ${JSON.stringify(id)}) both have no ParentActivityId`,
          'exactly one activity without ParentActivityId (the bpf_root)',
        );
      }
      rootIndex = i;
    }
    const header = activity['header'] as Item | undefined;
    const nested = activity['nested'] as Item[];
    for (let j = 0; j <= nested.length; j++) {
      const item = j === 0 ? header : nested[j - 1];
      if (item === undefined) continue;
      const owner = itemOwner[item.itemId];
      if (owner !== undefined) {
        const oi = Math.floor(owner / 1048576);
        const oj = owner % 1048576;
        throw new JourneyFormatError(
          `${itemPath(i, j)}.ActivityItemId`,
          `duplicate ActivityItemId ${item.itemId}: ${itemPath(oi, oj)}.ActivityItemId and ${itemPath(i, j)}.ActivityItemId`,
          'every ActivityItemId to be unique across the whole definition',
        );
      }
      itemOwner[item.itemId] = i * 1048576 + j;
      if (item.itemId > maxItem) maxItem = item.itemId;
    }
  }

  if (rootIndex < 0) {
    throw new JourneyFormatError(
      '$',
      n === 0 ? 'the definition is empty' : 'no root: every activity has a ParentActivityId',
      'exactly one activity without ParentActivityId (the bpf_root, ActivityId "01")',
    );
  }
  const root = activities[rootIndex]!;
  if (root['type'] !== 'bpf_root') {
    throw new JourneyFormatError(
      `$[${rootIndex}].ActivityTypeId`,
      `the root (the activity without ParentActivityId) is of type ${JSON.stringify(root['type'])}`,
      'bpf_root',
    );
  }

  // Link children to parents, in array order; sort by branch afterwards (stable).
  const parentIndex = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const parentId = parentIds[i];
    if (parentId === undefined) continue;
    const p = byId.get(parentId);
    if (p === undefined) {
      throw new JourneyFormatError(
        `$[${i}].ParentActivityId`,
        `parent ${JSON.stringify(parentId)} of activity ${JSON.stringify(ids[i])} does not exist`,
        'the ActivityId of another activity in the definition',
      );
    }
    parentIndex[i] = p;
    const siblings = activities[p]!['children'] as Activity[];
    if ((siblings as readonly Activity[]) === EMPTY) activities[p]!['children'] = [activities[i] as unknown as Activity];
    else siblings.push(activities[i] as unknown as Activity);
  }
  for (let i = 0; i < n; i++) {
    const children = activities[i]!['children'] as Activity[];
    for (let k = 1; k < children.length; k++) {
      if (children[k - 1]!.branch > children[k]!.branch) {
        children.sort((x, y) => x.branch - y.branch);
        break;
      }
    }
    Object.freeze(children);
    Object.freeze(activities[i]);
  }

  // Walk from the root in pre-order: everything must be reached, and the first target is found.
  let reached = 0;
  let firstTarget: EntityTarget | undefined;
  const stack: Activity[] = [root as unknown as Activity];
  while (stack.length > 0) {
    const a = stack.pop()!;
    reached++;
    if (firstTarget === undefined && a.target !== undefined) firstTarget = a.target;
    const children = a.children;
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
  }
  if (reached < n) {
    const seen = new Uint8Array(n);
    const walk: number[] = [rootIndex];
    const childIndexes: number[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) if (parentIndex[i]! >= 0) childIndexes[parentIndex[i]!]!.push(i);
    while (walk.length > 0) {
      const k = walk.pop()!;
      seen[k] = 1;
      for (const c of childIndexes[k]!) walk.push(c);
    }
    throw cycleError(parentIndex, ids, seen.indexOf(0));
  }

  const rootActivity = root as unknown as RootActivity;

  const state: DesignerState =
    designerState === undefined || designerState === null || designerState === ''
      ? { nextActivityId: maxActivity + 1, nextItemId: maxItem + 1 }
      : parseDesignerState(designerState);

  return Object.freeze({
    settings: settings ?? Object.freeze({ name: '', target: firstTarget ?? 'contact' }),
    root: rootActivity,
    designerState: Object.freeze(state),
  });
}
