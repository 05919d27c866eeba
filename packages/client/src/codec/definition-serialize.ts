/**
 * Tree -> `msdyncrm_workflowdefinition`: activities in pre-order (children in `branch` order),
 * the designer's key order, PascalCase relations, compact JSON. Iterative: a chain of any depth
 * is written without recursion.
 *
 * @module
 */
import type { Activity, Item, JourneyTree, Relation } from '@customer-journey/dsl';
import { JourneyFormatError } from './errors.js';
import { ITEM_BASE_KEYS, ITEM_PROPS, writeTypedProps } from './item-props.js';
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

function relationOut(relation: string, id: string): Relation {
  if (relation === 'Default' || relation === 'YesBranch' || relation === 'NoBranch') return relation;
  const r = typeof relation === 'string' ? RELATIONS[relation.toLowerCase()] : undefined;
  if (r === undefined) {
    throw new JourneyFormatError(`activity ${JSON.stringify(id)}.relation`, `relation is ${JSON.stringify(relation)}`, 'Default, YesBranch or NoBranch');
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

function toWireActivity(a: Activity, parentId: string | undefined): WireActivity {
  const o: Record<string, unknown> = { ActivityTypeId: a.type };
  if (parentId !== undefined) o['ParentActivityId'] = parentId;
  o['ParentBranchId'] = a.branch;
  o['ParentRelationshipType'] = relationOut(a.relation, a.id);
  o['ActivityId'] = a.id;
  const nested = a.nested;
  const items: WireItem[] = [];
  if (a.header !== undefined) items.push(toWireItem(a.header));
  for (let i = 0; i < nested.length; i++) items.push(toWireItem(nested[i]!));
  const properties: Record<string, unknown> = { Items: items };
  if (a.propertiesExtra !== undefined) copyExtraSkipping(a.propertiesExtra, properties, PROPERTIES_KEY_SET);
  o['Properties'] = properties;
  if (a.target !== undefined) o['EntityTarget'] = a.target;
  if (a.extra !== undefined) copyExtraSkipping(a.extra, o, ACTIVITY_KEY_SET);
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
  const root: Activity = 'root' in tree ? tree.root : tree;
  const out: WireActivity[] = [];
  const stack: Activity[] = [root];
  const parentIds: (string | undefined)[] = [undefined];
  while (stack.length > 0) {
    const a = stack.pop()!;
    out.push(toWireActivity(a, parentIds.pop()));
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
 * @example
 * ```ts
 * import { serializeWorkflowDefinition } from '@customer-journey/client';
 * const definition = serializeWorkflowDefinition(tree);
 * // '[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01",…'
 * ```
 */
export function serializeWorkflowDefinition(tree: JourneyTree | Activity): string {
  return JSON.stringify(toWireDefinition(tree));
}
