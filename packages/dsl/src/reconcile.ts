/**
 * Tile identity across pushes: give a journey built in code the ids its tiles already have in the
 * stored copy of the same journey.
 *
 * On an org, a tile's history (sends, interactions, insights) and the contacts waiting at it are
 * tied to its `ActivityId`, and trigger conditions point at `ActivityItemId`s. The builder numbers
 * tiles by their place in the code, so inserting one tile would renumber every later one.
 * {@link reconcileIds} matches the tiles of the local tree with those of the stored tree and
 * renumbers the local tree so that matched tiles keep their stored ids.
 *
 * @module
 */
import { activityCounterOf, childActivityId, effectiveDesignerState, ROOT_ACTIVITY_ID, type HighestIds } from './ids.js';
import type { Activity, DesignerState, Item, JourneyTree, TriggerCondition } from './model.js';
import { tileName } from './walk.js';

/** One tile of a tree, in pre-order, with its place. */
interface Node {
  readonly tile: Activity;
  /** Index of the parent node, `-1` for the root. */
  readonly parent: number;
  /** Indexes of the child nodes, in `children` order. */
  readonly children: number[];
  /** `type` and name, the key of structural matching. */
  readonly sig: string;
}

/** A tree flattened into nodes, with its items by `ActivityItemId`. */
interface Index {
  readonly nodes: Node[];
  /** `ActivityItemId` -> the node holding the item (first one wins). */
  readonly items: Map<number, number>;
}

function indexTree(tree: JourneyTree): Index {
  const nodes: Node[] = [];
  const items = new Map<number, number>();
  const stack: { tile: Activity; parent: number }[] = [{ tile: tree.root, parent: -1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { tile, parent } = next;
    const at = nodes.length;
    nodes.push({ tile, parent, children: [], sig: `${tile.type}\u0000${tileName(tile)}` });
    if (parent >= 0) nodes[parent]!.children.push(at);
    const header = tile.header;
    if (header !== undefined && !items.has(header.itemId)) items.set(header.itemId, at);
    for (const item of tile.nested) if (!items.has(item.itemId)) items.set(item.itemId, at);
    for (let i = tile.children.length - 1; i >= 0; i--) stack.push({ tile: tile.children[i] as Activity, parent: at });
  }
  return { nodes, items };
}

/** The pairing of local and stored nodes. */
class Matching {
  /** Local node -> stored node, `-1` when unmatched. */
  readonly toStored: Int32Array;
  /** Stored node -> local node, `-1` when unmatched. */
  readonly toLocal: Int32Array;
  /** Unmatched stored nodes by signature, for a cheap "is there any candidate at all". */
  readonly #open = new Map<string, number>();

  constructor(
    readonly local: Index,
    readonly stored: Index,
  ) {
    this.toStored = new Int32Array(local.nodes.length).fill(-1);
    this.toLocal = new Int32Array(stored.nodes.length).fill(-1);
    for (const node of stored.nodes) this.#open.set(node.sig, (this.#open.get(node.sig) ?? 0) + 1);
    this.link(0, 0);
  }

  link(l: number, s: number): void {
    this.toStored[l] = s;
    this.toLocal[s] = l;
    const sig = this.stored.nodes[s]!.sig;
    this.#open.set(sig, (this.#open.get(sig) ?? 1) - 1);
  }

  /** Whether some unmatched stored node has this signature. */
  anyOpen(sig: string): boolean {
    return (this.#open.get(sig) ?? 0) > 0;
  }
}

/** Key matching: a local tile with a `key` takes the stored tile with the same key. */
function matchKeys(m: Matching): void {
  const byKey = new Map<string, number>();
  m.stored.nodes.forEach((node, s) => {
    const key = node.tile.key;
    if (key !== undefined && !byKey.has(key)) byKey.set(key, s);
  });
  if (byKey.size === 0) return;
  m.local.nodes.forEach((node, l) => {
    const key = node.tile.key;
    if (key === undefined || m.toStored[l]! >= 0) return;
    const s = byKey.get(key);
    if (s !== undefined && m.toLocal[s]! < 0) m.link(l, s);
  });
}

/**
 * Structural matching, in local pre-order (so a tile's ancestors are decided before it): a tile
 * takes an unmatched stored tile of the same type and name under the stored counterpart of its
 * nearest matched ancestor. The first pass takes only direct children in the same branch; the
 * second also a direct child in another branch, then tiles further down whose own ancestors up to
 * there are unmatched: this is how a tile keeps its id when a tile is inserted above it or removed
 * from above it. A tile without a header (an `empty` placeholder) has no identity but its place,
 * so it is matched only in the same branch of a matched parent.
 */
function matchStructure(m: Matching, samePlaceOnly: boolean): void {
  const { local, stored } = m;
  for (let l = 1; l < local.nodes.length; l++) {
    if (m.toStored[l]! >= 0) continue;
    const node = local.nodes[l]!;
    if (!m.anyOpen(node.sig)) continue;
    const exact = samePlaceOnly || node.tile.header === undefined;
    let ancestor = node.parent;
    if (exact && m.toStored[ancestor]! < 0) continue;
    while (m.toStored[ancestor]! < 0) ancestor = local.nodes[ancestor]!.parent;
    const s = searchBelow(m.toStored[ancestor]!, node.tile, node.sig, exact);
    if (s >= 0) m.link(l, s);
  }
  function searchBelow(from: number, tile: Activity, sig: string, exact: boolean): number {
    // The direct children: the same relation and branch first.
    let fallback = -1;
    const level: number[] = [];
    for (const c of stored.nodes[from]!.children) {
      if (m.toLocal[c]! >= 0) continue;
      const candidate = stored.nodes[c]!;
      level.push(c);
      if (candidate.sig !== sig) continue;
      if (candidate.tile.relation === tile.relation && candidate.tile.branch === tile.branch) return c;
      if (fallback < 0) fallback = c;
    }
    if (exact) return -1;
    if (fallback >= 0) return fallback;
    // Deeper: breadth first through unmatched stored tiles only.
    for (let i = 0; i < level.length; i++) {
      for (const c of stored.nodes[level[i]!]!.children) {
        if (m.toLocal[c]! >= 0) continue;
        if (stored.nodes[c]!.sig === sig) return c;
        level.push(c);
      }
    }
    return -1;
  }
}

/** Path-of-names ids: equal ids for equal paths of names from the root, without building the strings. */
function pathIds(index: Index, intern: Map<string, number>): Int32Array {
  const ids = new Int32Array(index.nodes.length);
  index.nodes.forEach((node, i) => {
    if (node.parent < 0) {
      ids[i] = 0;
      return;
    }
    // A tile without a header (an `empty` placeholder) is named by its place.
    const { tile } = node;
    const name = tile.header === undefined ? `\u0001${tile.type}\u0001${tile.relation}\u0001${tile.branch}` : tileName(tile);
    const key = `${ids[node.parent]!}\u0000${name}`;
    let id = intern.get(key);
    if (id === undefined) {
      id = intern.size + 1;
      intern.set(key, id);
    }
    ids[i] = id;
  });
  return ids;
}

/** Path matching: a tile still unmatched takes an unmatched stored tile with the same path of names (the same type first). */
function matchPaths(m: Matching): void {
  const unmatched: number[] = [];
  for (let l = 1; l < m.local.nodes.length; l++) if (m.toStored[l]! < 0) unmatched.push(l);
  if (unmatched.length === 0) return;
  const intern = new Map<string, number>();
  const storedPaths = pathIds(m.stored, intern);
  const localPaths = pathIds(m.local, intern);
  const open = new Map<number, number[]>();
  for (let s = 1; s < m.stored.nodes.length; s++) {
    if (m.toLocal[s]! >= 0) continue;
    const list = open.get(storedPaths[s]!);
    if (list === undefined) open.set(storedPaths[s]!, [s]);
    else list.push(s);
  }
  for (const l of unmatched) {
    const list = open.get(localPaths[l]!);
    if (list === undefined) continue;
    const type = m.local.nodes[l]!.tile.type;
    let pick = -1;
    for (const s of list) {
      if (m.toLocal[s]! >= 0) continue;
      if (m.stored.nodes[s]!.tile.type === type) {
        pick = s;
        break;
      }
      if (pick < 0) pick = s;
    }
    if (pick >= 0) m.link(l, pick);
  }
}

/**
 * Keys the org does not store, recovered from trigger conditions: when a matched trigger's
 * condition points at a keyed item locally and at an item of the stored journey, the two tiles
 * holding those items are the same tile (a renamed email keeps its id when a trigger refers to it).
 * The item pairs go to `hints` (local item id -> stored item id); returns whether a tile matched.
 */
function matchConditionSources(m: Matching, hints: Map<number, number>): boolean {
  let found = false;
  m.local.nodes.forEach((node, l) => {
    const s = m.toStored[l]!;
    const local = (node.tile.header as Item<'Trigger'> | undefined)?.conditions;
    const stored = (s < 0 ? undefined : (m.stored.nodes[s]!.tile.header as Item<'Trigger'> | undefined))?.conditions;
    if (local === undefined || stored === undefined) return;
    const count = Math.min(local.length, stored.length);
    for (let i = 0; i < count; i++) {
      const localItem = Number((local[i] as TriggerCondition).sourceItemId);
      const storedItem = Number((stored[i] as TriggerCondition).sourceItemId);
      const lt = m.local.items.get(localItem);
      const st = m.stored.items.get(storedItem);
      if (lt === undefined || st === undefined) continue;
      if (m.toStored[lt]! < 0 && m.toLocal[st]! < 0) {
        m.link(lt, st);
        found = true;
      }
      if (m.toStored[lt] === st && !hints.has(localItem)) hints.set(localItem, storedItem);
    }
  });
  return found;
}

/** Pairs the nested items of two matched tiles; returns local index -> stored index. */
function matchNested(local: readonly Item[], stored: readonly Item[], hints: ReadonlyMap<number, number>): Int32Array {
  const pairs = new Int32Array(local.length).fill(-1);
  if (local.length === 0 || stored.length === 0) return pairs;
  const taken = new Uint8Array(stored.length);
  const pass = (accept: (a: Item, b: Item, li: number, si: number) => boolean): void => {
    local.forEach((a, li) => {
      if (pairs[li]! >= 0) return;
      for (let si = 0; si < stored.length; si++) {
        if (taken[si] === 1) continue;
        if (!accept(a, stored[si] as Item, li, si)) continue;
        pairs[li] = si;
        taken[si] = 1;
        return;
      }
    });
  };
  pass((a, b) => hints.get(a.itemId) === b.itemId);
  pass((a, b) => a.key !== undefined && a.key === b.key);
  pass((a, b) => a.type === b.type && typeof a.recordId === 'string' && a.recordId === b.recordId);
  pass((a, b) => a.type === b.type && a.name !== undefined && a.name === b.name);
  pass((a, b, li, si) => a.type === b.type && li === si);
  return pairs;
}

const freeze = <T extends object>(value: T): T => Object.freeze(value);

/** Whether two designer states are the same counters and extra (by reference). */
const sameState = (a: DesignerState, b: DesignerState): boolean =>
  a.nextActivityId === b.nextActivityId && a.nextItemId === b.nextItemId && a.extra === b.extra;

/**
 * The local journey renumbered so that its tiles keep the ids they have in the stored copy of the
 * same journey (the record on the org). Pure: nothing is read or written.
 *
 * Tiles are matched in this order:
 * 1. by `key`, where the stored tree carries keys (a tree from code); keys the org does not store
 *    are recovered from trigger conditions that point at the same item on both sides;
 * 2. by type and name under the stored counterpart of the nearest matched ancestor: the direct
 *    children first (same branch first), then further down, so a tile keeps its id when a tile is
 *    inserted above it or removed from above it;
 * 3. by the path of names from the root (a tile whose type changed in place).
 *
 * A matched tile keeps its stored `ActivityId` and the `ActivityItemId`s of its header and of its
 * nested items (matched by key, by record, by name, then by place). Everything else is new: new
 * tiles get `<parent id>_<n>` and new items an id, from counters that start above the stored
 * designer state and above every id the stored tree uses, so an id ever used in the record is
 * never handed to a different tile, even after a delete and an add. Trigger conditions follow
 * their items. The designer state's counters never go down: each is the larger of the stored
 * one (or the highest id stored, plus one) and the next free value after the new ids; unknown
 * designer-state keys of the stored copy are kept unless the local tree has its own.
 *
 * Without a stored copy (a journey never pushed), or when every id already matches, the local
 * tree itself is returned: builder output stays byte-identical.
 *
 * @param local - the journey as built or edited in code
 * @param stored - the journey as the org holds it (`client.get(id).journey`), if it exists
 * @returns the local journey with stored ids; `local` itself when nothing changes
 *
 * @example
 * ```ts
 * import { journey, reconcileIds } from '@customer-journey/dsl';
 * const seg = { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] };
 * const stored = journey('Welcome', { target: 'contact' }).segment('New', seg)
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }).build();
 * const local = journey('Welcome', { target: 'contact' }).segment('New', seg)
 *   .email('Intro', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344' })
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }).build();
 * const reconciled = reconcileIds(local, stored);
 * reconciled.root.children[0]!.children[0]!.children[0]!.id; // '01_0_1': "Welcome" keeps its id
 * reconciled.root.children[0]!.children[0]!.id;              // '01_0_2': "Intro" is new
 * ```
 */
export function reconcileIds(local: JourneyTree, stored: JourneyTree | undefined): JourneyTree {
  if (stored === undefined) return local;
  const same = samePlaces(local, stored);
  if (same !== undefined) return withState(local, designerStateAfter(stored, same.activityCounter + 1, same.itemId + 1, local));
  const m = new Matching(indexTree(local), indexTree(stored));
  const hints = new Map<number, number>();
  matchKeys(m);
  // Each round that recovers a key from a condition may let more tiles match below it.
  do {
    matchStructure(m, true);
    matchStructure(m, false);
    matchPaths(m);
  } while (matchConditionSources(m, hints));
  return renumber(local, stored, m, hints);
}

/**
 * The common case, found without building anything: every local tile has the id, type, name,
 * place, item ids and key (where the stored tile has one) of the stored tile in the same place.
 * The matching rules then pair each tile with that one, so no id changes. Returns the highest ids
 * in use, or `undefined` as soon as one place differs.
 */
function samePlaces(local: JourneyTree, stored: JourneyTree): HighestIds | undefined {
  let activityCounter = -1;
  let itemId = -1;
  const stack: Activity[] = [local.root, stored.root];
  while (stack.length > 0) {
    const s = stack.pop() as Activity;
    const l = stack.pop() as Activity;
    if (l.id !== s.id || l.type !== s.type || l.relation !== s.relation || l.branch !== s.branch) return undefined;
    if (l.children.length !== s.children.length || l.nested.length !== s.nested.length) return undefined;
    if (s.key !== undefined && s.key !== l.key) return undefined;
    const lh = l.header;
    const sh = s.header;
    if (lh === undefined || sh === undefined) {
      if (lh !== sh) return undefined;
    } else {
      if (lh.itemId !== sh.itemId || lh.name !== sh.name) return undefined;
      if (lh.itemId > itemId) itemId = lh.itemId;
    }
    for (let i = 0; i < l.nested.length; i++) {
      const a = l.nested[i] as Item;
      const b = s.nested[i] as Item;
      if (a.itemId !== b.itemId || (b.key !== undefined && b.key !== a.key)) return undefined;
      if (a.itemId > itemId) itemId = a.itemId;
    }
    const n = activityCounterOf(l.id);
    if (n !== undefined && n > activityCounter) activityCounter = n;
    for (let i = l.children.length - 1; i >= 0; i--) stack.push(l.children[i] as Activity, s.children[i] as Activity);
  }
  return { activityCounter, itemId };
}

/**
 * The designer state after reconciling: each counter the larger of the stored one and the next
 * free value (`next*`, already above every id in use); the stored copy's unknown keys unless the
 * local tree has its own.
 */
function designerStateAfter(stored: JourneyTree, nextActivity: number, nextItem: number, local: JourneyTree): DesignerState {
  const safe = (value: number): number => (Number.isSafeInteger(value) && value > 0 ? value : 0);
  const extra = local.designerState.extra ?? stored.designerState.extra;
  return {
    nextActivityId: Math.max(safe(stored.designerState.nextActivityId), nextActivity),
    nextItemId: Math.max(safe(stored.designerState.nextItemId), nextItem),
    ...(extra === undefined ? {} : { extra }),
  };
}

/** The local tree with this designer state: itself when it has the same one. */
function withState(local: JourneyTree, state: DesignerState): JourneyTree {
  return sameState(state, local.designerState) ? local : freeze({ ...local, designerState: freeze(state) });
}

/** Rebuilds the local tree with the ids the matching gives; returns `local` when none changes. */
function renumber(local: JourneyTree, stored: JourneyTree, m: Matching, hints: ReadonlyMap<number, number>): JourneyTree {
  const start = effectiveDesignerState(stored);
  let nextActivity = start.nextActivityId;
  let nextItem = start.nextItemId;
  const nodes = m.local.nodes;
  const ids = new Array<string>(nodes.length);
  /** Local item id -> new item id, for items whose id changes. */
  const itemIds = new Map<number, number>();
  /** Per node: new item ids of header and nested, or undefined when unchanged. */
  const newItems = new Array<{ header?: number; nested: number[] } | undefined>(nodes.length);
  let changed = false;
  const take = (item: Item, id: number): number => {
    if (id !== item.itemId) {
      itemIds.set(item.itemId, id);
      changed = true;
    }
    return id;
  };
  nodes.forEach((node, l) => {
    const { tile } = node;
    const s = m.toStored[l]!;
    const storedTile = s >= 0 ? m.stored.nodes[s]!.tile : undefined;
    const id = l === 0 ? (storedTile?.id ?? ROOT_ACTIVITY_ID) : storedTile !== undefined ? storedTile.id : childActivityId(ids[node.parent]!, nextActivity++);
    ids[l] = id;
    if (id !== tile.id) changed = true;
    const entry: { header?: number; nested: number[] } = { nested: [] };
    if (tile.header !== undefined) {
      const kept = storedTile?.header?.itemId;
      entry.header = take(tile.header, kept !== undefined ? kept : nextItem++);
    }
    if (tile.nested.length > 0) {
      const pairs = storedTile === undefined ? undefined : matchNested(tile.nested, storedTile.nested, hints);
      tile.nested.forEach((item, i) => {
        const si = pairs?.[i] ?? -1;
        entry.nested.push(take(item, si >= 0 ? (storedTile!.nested[si] as Item).itemId : nextItem++));
      });
    }
    newItems[l] = entry;
  });
  const state = designerStateAfter(stored, nextActivity, nextItem, local);
  const stateChanged = !sameState(state, local.designerState);
  if (!changed) return withState(local, state);

  // Bottom-up: a node is rebuilt only when its id, its items or one of its children changed.
  const built = new Array<Activity>(nodes.length);
  for (let l = nodes.length - 1; l >= 0; l--) {
    const node = nodes[l]!;
    const tile = node.tile;
    const entry = newItems[l]!;
    const header = tile.header === undefined ? undefined : renumberItem(tile.header, entry.header!, itemIds);
    let nested = tile.nested;
    tile.nested.forEach((item, i) => {
      const next = renumberItem(item, entry.nested[i]!, itemIds);
      if (next !== item) {
        if (nested === tile.nested) nested = [...tile.nested];
        (nested as Item[])[i] = next;
      }
    });
    let children = tile.children;
    node.children.forEach((c, i) => {
      if (built[c] !== tile.children[i]) {
        if (children === tile.children) children = [...tile.children];
        (children as Activity[])[i] = built[c]!;
      }
    });
    if (ids[l] === tile.id && header === tile.header && nested === tile.nested && children === tile.children) {
      built[l] = tile;
      continue;
    }
    const next: Record<string, unknown> = { ...tile, id: ids[l] };
    if (header !== undefined) next['header'] = header;
    next['nested'] = nested === tile.nested ? nested : freeze(nested);
    next['children'] = children === tile.children ? children : freeze(children);
    built[l] = freeze(next) as unknown as Activity;
  }
  return freeze({ ...local, root: built[0] as JourneyTree['root'], designerState: stateChanged ? freeze(state) : local.designerState });
}

/** An item with its new id and its conditions pointed at the new ids; the item itself when nothing changes. */
function renumberItem(item: Item, itemId: number, itemIds: ReadonlyMap<number, number>): Item {
  const conditions = (item as Item<'Trigger'>).conditions;
  let nextConditions = conditions;
  if (conditions !== undefined) {
    conditions.forEach((condition, i) => {
      const to = itemIds.get(Number(condition.sourceItemId));
      if (to === undefined || !/^\d+$/.test(condition.sourceItemId)) return;
      if (nextConditions === conditions) nextConditions = [...conditions];
      (nextConditions as TriggerCondition[])[i] = freeze({ ...condition, sourceItemId: String(to) });
    });
  }
  if (itemId === item.itemId && nextConditions === conditions) return item;
  const next: Record<string, unknown> = { ...item, itemId };
  if (nextConditions !== conditions) next['conditions'] = freeze(nextConditions as TriggerCondition[]);
  return freeze(next) as unknown as Item;
}
