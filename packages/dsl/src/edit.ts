/**
 * Edits: change a built or parsed journey through an immer recipe, with ids kept unique.
 *
 * @module
 */
import { Immer, castDraft } from 'immer';
import type { Draft } from 'immer';
import { chainSteps, createChain } from './builder/builder.js';
import { Materializer } from './builder/materialize.js';
import type { BranchResult, ChainBuilder } from './builder/types.js';
import { ActivityIdSet, ROOT_ACTIVITY_ID, childActivityId, effectiveDesignerState, isItemId } from './ids.js';
import type { Activity, DesignerState, Item, JourneyTree, Relation, TriggerCondition } from './model.js';
import { walk } from './walk.js';

// Immer's own auto-freeze recurses along every changed path, which overflows the call stack on
// journeys thousands of tiles deep; the result is frozen by `freezeChanged` instead, iteratively.
const immer = new Immer({ autoFreeze: false });

/** Freezes every object reachable from `value` that is not frozen yet; frozen objects end the descent. */
function freezeChanged<T>(value: T): T {
  const stack: unknown[] = [value];
  for (let next = stack.pop(); stack.length > 0 || next !== undefined; next = stack.pop()) {
    if (next === null || typeof next !== 'object' || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const child of Object.values(next)) {
      if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) stack.push(child);
    }
  }
  return value;
}

/** Where new tiles go under their parent: the relation and branch of the first one. */
export interface TileSlot {
  /** `ParentRelationshipType` of the new top-level tiles. @defaultValue `'Default'` */
  readonly relation?: Relation;
  /** `ParentBranchId` of the first new top-level tile; the next ones count up from it. @defaultValue `0` */
  readonly branch?: number;
}

/** Helpers a recipe receives next to the draft. */
export interface EditTools {
  /**
   * Makes new tiles with the builder, ready to insert into the draft. Activity ids are left
   * unassigned (`''`) and given after the recipe from the journey's counters; item ids are taken
   * from those counters at once, so that trigger conditions can refer by key to tiles of the
   * journey (built in this process) or of the new tiles. A chain gives one top-level tile (the
   * rest hang under it); a chain that starts with `parallel` gives one per branch.
   *
   * @example
   * ```ts
   * edit(tree, (draft, { tiles }) => {
   *   draft.root.children[0]!.children.push(...tiles((b) => b.email('Extra', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })));
   * });
   * ```
   */
  tiles(fn: (b: ChainBuilder) => BranchResult, slot?: TileSlot): Draft<Activity>[];
}

/** A recipe: change the draft in place (immer), using the tools to make new tiles. */
export type EditRecipe = (draft: Draft<JourneyTree>, tools: EditTools) => void;

/**
 * Returns a changed copy of a journey. The recipe changes an immer draft in place; afterwards:
 *
 * - new tiles (id `''`) get `<parent id>_<n>` and new items (an `itemId` that is not a whole
 *   number, 0 or more) get ids, continuing from {@link effectiveDesignerState};
 * - ids used twice (a copied subtree) are given anew, keeping the first occurrence in pre-order;
 *   trigger conditions inside a copied subtree follow the copied items;
 * - the stored designer state is raised above every id.
 *
 * Untouched subtrees keep their identity and everything stays deeply frozen.
 *
 * @example
 * ```ts
 * const longer = edit(tree, (draft, { tiles }) => {
 *   const email = draft.root.children[0]!.children[0]!;
 *   email.children.push(...tiles((b) => b.wait({ duration: { value: 1, unit: 'Day' } })));
 * });
 * const renamed = edit(tree, (draft) => {
 *   draft.root.children[0]!.header!.name = 'All customers';
 * });
 * ```
 */
export function edit(tree: JourneyTree, recipe: EditRecipe): JourneyTree {
  const start = effectiveDesignerState(tree);
  let nextItemId = start.nextItemId;
  const sessionKeys = new Map<string, number>();
  let treeKeys: Map<string, number> | undefined;
  const keysOfTree = (): Map<string, number> => {
    if (treeKeys === undefined) {
      const keys = new Map<string, number>();
      walk(tree, (activity) => {
        if (activity.key !== undefined && activity.header !== undefined && !keys.has(activity.key)) {
          keys.set(activity.key, activity.header.itemId);
        }
        for (const item of activity.nested) {
          if (item.key !== undefined && !keys.has(item.key)) keys.set(item.key, item.itemId);
        }
      });
      treeKeys = keys;
    }
    return treeKeys;
  };
  const tools: EditTools = {
    tiles(fn, slot = {}) {
      const last = chainSteps(typeof fn === 'function' ? fn(createChain()) : fn, 'tools.tiles');
      const materializer = new Materializer({
        target: tree.settings.target,
        assignActivityIds: false,
        firstCounter: 0,
        firstItemId: nextItemId,
        context: 'New tiles',
      });
      const parent = materializer.detachedParent();
      materializer.scan(last);
      materializer.run(parent, last, true);
      materializer.resolve({
        itemIdOf: (key) => sessionKeys.get(key) ?? keysOfTree().get(key),
        keys: () => [...sessionKeys.keys(), ...keysOfTree().keys()],
      });
      nextItemId = materializer.nextItemId;
      for (const [key, entry] of materializer.keys) sessionKeys.set(key, entry.itemId);
      parent.children.forEach((activity, i) => {
        activity.relation = slot.relation ?? activity.relation;
        activity.branch = (slot.branch ?? 0) + i;
      });
      materializer.freeze();
      return castDraft([...parent.children] as Activity[]);
    },
  };
  const changed = immer.produce(tree, (draft) => {
    recipe(draft, tools);
  });
  return repairIds(changed === tree ? tree : freezeChanged(changed), start);
}

interface Entry {
  readonly node: Activity;
  readonly parent: number;
  readonly parentId: string;
  readonly scope: Map<number, number> | undefined;
}

interface Visited {
  readonly node: Activity;
  readonly id: string;
  readonly header: Item | undefined;
  readonly nested: readonly Item[];
  readonly dirty: boolean;
  readonly scope: Map<number, number> | undefined;
  readonly kids: number[];
  result: Activity;
}

/**
 * Gives ids to new tiles and items, gives new ids to repeated ones (keeping the first in
 * pre-order) and raises the designer state; copies only the activities that change and their
 * ancestors. Iterative.
 */
function repairIds(tree: JourneyTree, before: DesignerState): JourneyTree {
  const after = effectiveDesignerState(tree);
  let counter = Math.max(before.nextActivityId, after.nextActivityId);
  let itemCounter = Math.max(before.nextItemId, after.nextItemId);
  const seenIds = new ActivityIdSet();
  const seenItems = new Set<number>();
  const records: Visited[] = [];
  const fixItem = (item: Item, scope: Map<number, number> | undefined): Item => {
    if (isItemId(item.itemId) && !seenItems.has(item.itemId)) {
      seenItems.add(item.itemId);
      return item;
    }
    const itemId = itemCounter++;
    if (isItemId(item.itemId) && scope !== undefined) scope.set(item.itemId, itemId);
    seenItems.add(itemId);
    return Object.freeze({ ...item, itemId });
  };
  const stack: Entry[] = [{ node: tree.root, parent: -1, parentId: '', scope: undefined }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node } = entry;
    let { scope } = entry;
    let id = node.id;
    let dirty = false;
    if (id === '' || seenIds.has(id)) {
      if (id !== '' && scope === undefined) scope = new Map();
      id = childActivityId(entry.parentId === '' ? ROOT_ACTIVITY_ID : entry.parentId, counter++);
      dirty = true;
    }
    seenIds.add(id);
    const header = node.header === undefined ? undefined : fixItem(node.header, scope);
    let nested = node.nested;
    for (let i = 0; i < node.nested.length; i++) {
      const item = node.nested[i] as Item;
      const fixed = fixItem(item, scope);
      if (fixed !== item) {
        if (nested === node.nested) nested = [...node.nested];
        (nested as Item[])[i] = fixed;
      }
    }
    dirty ||= header !== node.header || nested !== node.nested;
    const index = records.length;
    records.push({ node, id, header, nested, dirty, scope, kids: [], result: node });
    if (entry.parent >= 0) records[entry.parent]?.kids.push(index);
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i] as Activity, parent: index, parentId: id, scope });
    }
  }
  // Bottom-up: reverse pre-order meets every child before its parent.
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i] as Visited;
    let header = record.header;
    const conditions = (header as { conditions?: readonly TriggerCondition[] } | undefined)?.conditions;
    if (record.scope !== undefined && conditions !== undefined && header !== undefined) {
      const scope = record.scope;
      let remapped = false;
      const next = conditions.map((condition) => {
        const to = scope.get(Number(condition.sourceItemId));
        if (to === undefined || !/^\d+$/.test(condition.sourceItemId)) return condition;
        remapped = true;
        return Object.freeze({ ...condition, sourceItemId: String(to) });
      });
      if (remapped) header = Object.freeze({ ...header, conditions: Object.freeze(next) });
    }
    const kidsChanged = record.kids.some((k) => {
      const kid = records[k] as Visited;
      return kid.result !== kid.node;
    });
    if (!record.dirty && !kidsChanged && header === record.header) continue;
    const copy: Record<string, unknown> = { ...record.node, id: record.id };
    if (header !== undefined) copy['header'] = header;
    copy['nested'] = record.nested === record.node.nested ? record.node.nested : Object.freeze(record.nested);
    if (kidsChanged) copy['children'] = Object.freeze(record.kids.map((k) => (records[k] as Visited).result));
    record.result = Object.freeze(copy) as unknown as Activity;
  }
  const root = (records[0] as Visited).result;
  const stored = tree.designerState;
  const raised =
    stored.nextActivityId >= counter && stored.nextItemId >= itemCounter
      ? stored
      : Object.freeze({
          ...stored,
          nextActivityId: Math.max(stored.nextActivityId, counter),
          nextItemId: Math.max(stored.nextItemId, itemCounter),
        });
  if (root === tree.root && raised === stored) return tree;
  return Object.freeze({ ...tree, root: root as JourneyTree['root'], designerState: raised });
}
