/**
 * Tree -> `msdyncrm_workflowdefinition`: activities in pre-order (children in `branch` order),
 * the designer's key order, PascalCase relations, compact JSON. Iterative: a chain of any depth
 * is written without recursion.
 *
 * @module
 */
import type { Activity, Item, JourneyTree, Relation } from '@customer-journey/dsl';
import { JourneyFormatError, describeValue, itemPath } from './errors.js';
import { ITEM_BASE_KEYS, ITEM_PROPS, writeTypedProps } from './item-props.js';
import { checkExtraNesting, writeJson, writing } from './nesting.js';
import type { WireActivity, WireItem } from './wire-types.js';

/** Wire keys of an activity, in the designer's order. */
export const ACTIVITY_KEYS: readonly string[] = Object.freeze([
  'ActivityTypeId',
  'ParentActivityId',
  'ParentBranchId',
  'ParentRelationshipType',
  'ActivityId',
  'Properties',
  'EntityTarget',
]);

const ACTIVITY_KEY_SET: ReadonlySet<string> = new Set(ACTIVITY_KEYS);
const PROPERTIES_KEY_SET: ReadonlySet<string> = new Set(['Items']);
const BASE_ITEM_KEY_SET: ReadonlySet<string> = new Set(ITEM_BASE_KEYS);
const ITEM_KEY_SETS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(ITEM_PROPS).map(([type, specs]) => [type, new Set([...ITEM_BASE_KEYS, ...specs.map((s) => s.wire)])]),
);

function copyExtraSkipping(extra: object, o: Record<string, unknown>, reserved: ReadonlySet<string>): void {
  const e = extra as Record<string, unknown>;
  for (const key in e) {
    if (reserved.has(key)) continue;
    if (key === '__proto__') {
      Object.defineProperty(o, key, { value: e[key], enumerable: true, writable: true, configurable: true });
    } else {
      o[key] = e[key];
    }
  }
}

const RELATIONS: Readonly<Record<string, Relation>> = { default: 'Default', yesbranch: 'YesBranch', nobranch: 'NoBranch' };

function relationOut(relation: string, id: string, index: number): Relation {
  if (relation === 'Default' || relation === 'YesBranch' || relation === 'NoBranch') return relation;
  const r = typeof relation === 'string' && Object.prototype.hasOwnProperty.call(RELATIONS, relation.toLowerCase()) ? RELATIONS[relation.toLowerCase()] : undefined;
  if (r === undefined) {
    throw new JourneyFormatError(
      `$[${index}].ParentRelationshipType`,
      `the relation of activity ${JSON.stringify(id)} is ${describeValue(relation)}`,
      'Default, YesBranch or NoBranch',
    );
  }
  return r;
}

/**
 * One item in wire form: `ActivityTypeId, ItemId, Name, IsNameSystemDefined, ActivityItemId,
 * Description, Title`, the typed properties of its type, then unknown keys.
 *
 * @example
 * ```ts
 * toWireItem({ type: 'Email', itemId: 36, recordId: null, name: 'Welcome' });
 * // { ActivityTypeId: 'Email', ItemId: null, Name: 'Welcome', ActivityItemId: 36 }
 * ```
 */
export function toWireItem(item: Item): WireItem {
  return writing('an item', item, 'object', () => wireItem(item, -1, 0));
}

const WHAT = 'the workflow definition';

/** Checks the unknown values of an item and of its conditions; `i < 0` when its place is not known. */
function checkItemNesting(item: Item, i: number, j: number): void {
  const at = i < 0 ? '$' : itemPath(i, j);
  // Under the array, the activity, Properties, Items and the item (just the item when alone).
  const level = i < 0 ? 1 : 5;
  if (item.extra !== undefined) checkExtraNesting(item.extra, at, level, WHAT, true);
  const conditions = (item as Item & { conditions?: readonly { extra?: object }[] }).conditions;
  if (conditions !== undefined) {
    for (let k = 0; k < conditions.length; k++) {
      const extra = conditions[k]?.extra;
      if (extra !== undefined) checkExtraNesting(extra, `${at}.ConditionExpressions[${k}]`, level + 2, WHAT, true);
    }
  }
}

function wireItem(item: Item, i: number, j: number): WireItem {
  checkItemNesting(item, i, j);
  const o: Record<string, unknown> = { ActivityTypeId: item.type };
  if (item.recordId !== undefined) o['ItemId'] = item.recordId;
  if (item.name !== undefined) o['Name'] = item.name;
  if (item.nameIsSystemDefined !== undefined) o['IsNameSystemDefined'] = item.nameIsSystemDefined;
  o['ActivityItemId'] = item.itemId;
  if (item.description !== undefined) o['Description'] = item.description;
  if (item.title !== undefined) o['Title'] = item.title;
  writeTypedProps(item, o);
  if (item.extra !== undefined) copyExtraSkipping(item.extra, o, ITEM_KEY_SETS.get(item.type) ?? BASE_ITEM_KEY_SET);
  return o as WireItem;
}

/** Activity `a` in wire form; `index` is its place in the written array (for error paths). */
function toWireActivity(a: Activity, parentId: string | undefined, index: number): WireActivity {
  const o: Record<string, unknown> = { ActivityTypeId: a.type };
  if (parentId !== undefined) o['ParentActivityId'] = parentId;
  o['ParentBranchId'] = a.branch;
  o['ParentRelationshipType'] = relationOut(a.relation, a.id, index);
  o['ActivityId'] = a.id;
  const nested = a.nested;
  const items: WireItem[] = [];
  const header = a.header !== undefined ? 1 : 0;
  if (a.header !== undefined) items.push(wireItem(a.header, index, 0));
  for (let i = 0; i < nested.length; i++) items.push(wireItem(nested[i]!, index, i + header));
  const properties: Record<string, unknown> = { Items: items };
  if (a.propertiesExtra !== undefined) {
    checkExtraNesting(a.propertiesExtra, `$[${index}].Properties`, 3, WHAT, true);
    copyExtraSkipping(a.propertiesExtra, properties, PROPERTIES_KEY_SET);
  }
  o['Properties'] = properties;
  if (a.target !== undefined) o['EntityTarget'] = a.target;
  if (a.extra !== undefined) {
    checkExtraNesting(a.extra, `$[${index}]`, 2, WHAT, true);
    copyExtraSkipping(a.extra, o, ACTIVITY_KEY_SET);
  }
  return o as WireActivity;
}

function inBranchOrder(children: readonly Activity[]): readonly Activity[] {
  for (let i = 1; i < children.length; i++) {
    if (children[i - 1]!.branch > children[i]!.branch) {
      return [...children].sort((x, y) => x.branch - y.branch);
    }
  }
  return children;
}

/**
 * The wire activity objects of a journey, in pre-order with children in `branch` order.
 * `ParentActivityId` comes from the tree; author keys are not written.
 *
 * @example
 * ```ts
 * toWireDefinition(tree).map((a) => a.ActivityId); // ['01', '01_0', '01_0_3']
 * ```
 */
export function toWireDefinition(tree: JourneyTree | Activity): WireActivity[] {
  return writing('a journey tree', tree, 'tree-or-activity', () => wireDefinition(tree));
}

/** {@link toWireDefinition} for callers that report malformed trees themselves. */
export function wireDefinition(tree: JourneyTree | Activity): WireActivity[] {
  const root: Activity = 'root' in tree ? tree.root : tree;
  const out: WireActivity[] = [];
  const stack: Activity[] = [root];
  const parentIds: (string | undefined)[] = [undefined];
  while (stack.length > 0) {
    const a = stack.pop()!;
    out.push(toWireActivity(a, parentIds.pop(), out.length));
    const children = inBranchOrder(a.children);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i]!);
      parentIds.push(a.id);
    }
  }
  return out;
}

/**
 * Writes a journey's `msdyncrm_workflowdefinition`: compact JSON, activities in pre-order
 * (children in `branch` order), the designer's key order, PascalCase relations, unknown keys
 * after known ones, absent optional fields left out.
 *
 * @throws {@link JourneyFormatError} for a tree that holds a value JSON cannot write: an unknown
 * value nested deeper than {@link MAX_NESTING_DEPTH} (or containing itself), a bigint, or a
 * relation other than Default, YesBranch or NoBranch; the path is where the value would be written.
 * @example
 * ```ts
 * import { serializeWorkflowDefinition } from '@customer-journey/client';
 * const definition = serializeWorkflowDefinition(tree);
 * // '[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01",…'
 * ```
 */
export function serializeWorkflowDefinition(tree: JourneyTree | Activity): string {
  return writing('a journey tree', tree, 'tree-or-activity', () => {
    const wire = wireDefinition(tree);
    return writeJson(() => JSON.stringify(wire), WHAT);
  });
}
