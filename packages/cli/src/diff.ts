/**
 * A tile-level comparison of two journeys: what was added, removed, moved or changed, and which
 * journey settings changed. Pure: no I/O, no clock.
 *
 * Tiles are matched by `key` when both tiles carry one, else by `ActivityId`; the root always
 * matches the root. Volatile numbers are left out: `ActivityItemId`s are not compared (a trigger
 * condition is compared by the tile it points at) and neither is the designer state. A journey
 * `status` is compared only when both sides state one, since a journey file rarely does and a
 * record always does.
 *
 * @module
 */
import type { Activity, Item, JourneyTree, JsonValue, Relation } from '@customer-journey/dsl';
import { PATH_SEPARATOR, tilePaths } from './paths.js';

/** One side's view of a tile. */
export interface TileRef {
  /** `ActivityId` on that side. */
  readonly id: string;
  /** Author-chosen key, if any. */
  readonly key?: string;
  /** `ActivityTypeId`. */
  readonly type: string;
  /** Path of names from the root. */
  readonly path: string;
}

/** Where a tile hangs: its parent, branch and relation. */
export interface Placement {
  /** `ActivityId` of the parent on that side. */
  readonly parentId: string;
  /** Path of names of the parent (`(journey)` for the root). */
  readonly parent: string;
  /** `ParentBranchId`. */
  readonly branch: number;
  /** `ParentRelationshipType`. */
  readonly relation: Relation;
}

/** One changed property. `before` / `after` are absent when the property was absent. */
export interface PropertyChange {
  /** Property path, e.g. `name`, `timeoutValue`, `conditions[0].source`, `nested[1].recordId`. */
  readonly property: string;
  /** Value before, if any. */
  readonly before?: JsonValue;
  /** Value after, if any. */
  readonly after?: JsonValue;
}

/** A tile that exists only in the second journey. */
export interface TileAdded {
  /** Discriminant. */
  readonly kind: 'added';
  /** The tile in the second journey. */
  readonly after: TileRef;
  /** Where it was added. */
  readonly placement: Placement;
}

/** A tile that exists only in the first journey. */
export interface TileRemoved {
  /** Discriminant. */
  readonly kind: 'removed';
  /** The tile in the first journey. */
  readonly before: TileRef;
  /** Where it was. */
  readonly placement: Placement;
}

/** A tile whose parent, branch or relation changed. */
export interface TileMoved {
  /** Discriminant. */
  readonly kind: 'moved';
  /** The tile in the first journey. */
  readonly before: TileRef;
  /** The tile in the second journey. */
  readonly after: TileRef;
  /** Where it was. */
  readonly from: Placement;
  /** Where it is now. */
  readonly to: Placement;
}

/** A tile whose own properties changed (header, nested items, type, target, unknown fields). */
export interface TileChanged {
  /** Discriminant. */
  readonly kind: 'changed';
  /** The tile in the first journey. */
  readonly before: TileRef;
  /** The tile in the second journey. */
  readonly after: TileRef;
  /** Every changed property, in a stable order. */
  readonly properties: readonly PropertyChange[];
}

/** One difference between two journeys' tiles. A tile can be both moved and changed. */
export type TileChange = TileAdded | TileRemoved | TileMoved | TileChanged;

/**
 * The result of {@link diffJourneys}.
 *
 * @example
 * ```ts
 * const diff: JourneyDiff = diffJourneys(before, after);
 * if (!diff.equal) console.log(diff.summary); // { added: 1, removed: 0, moved: 0, changed: 2, settings: 0 }
 * ```
 */
export interface JourneyDiff {
  /** `true` when nothing differs. */
  readonly equal: boolean;
  /** Changed journey settings (`name`, `start`, `recurrence.count`, …). */
  readonly settings: readonly PropertyChange[];
  /** Tile changes: the second journey's tiles in pre-order, then removed tiles in pre-order. */
  readonly tiles: readonly TileChange[];
  /** How many of each. */
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly moved: number;
    readonly changed: number;
    readonly settings: number;
  };
}

interface Node {
  readonly tile: Activity;
  readonly parent: Activity | undefined;
}

interface Side {
  readonly tree: JourneyTree;
  /** Tiles in pre-order (root first). */
  readonly nodes: readonly Node[];
  readonly byId: ReadonlyMap<string, Node>;
  readonly pathOf: (activityId: string) => string;
  /** `ActivityItemId` -> the tile id and the item's slot (`header`, `nested[i]`). */
  readonly items: ReadonlyMap<number, { readonly tileId: string; readonly slot: string }>;
}

function side(tree: JourneyTree): Side {
  const nodes: Node[] = [];
  const byId = new Map<string, Node>();
  const items = new Map<number, { tileId: string; slot: string }>();
  const stack: Node[] = [{ tile: tree.root, parent: undefined }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    nodes.push(node);
    if (!byId.has(node.tile.id)) byId.set(node.tile.id, node);
    const { tile } = node;
    if (tile.header !== undefined) items.set(tile.header.itemId, { tileId: tile.id, slot: 'header' });
    tile.nested.forEach((item, i) => items.set(item.itemId, { tileId: tile.id, slot: `nested[${i}]` }));
    for (let i = tile.children.length - 1; i >= 0; i--) {
      const child = tile.children[i];
      if (child !== undefined) stack.push({ tile: child, parent: tile });
    }
  }
  return { tree, nodes, byId, pathOf: tilePaths(tree), items };
}

function ref(s: Side, tile: Activity): TileRef {
  const path = s.pathOf(tile.id);
  return tile.key === undefined
    ? { id: tile.id, type: tile.type, path }
    : { id: tile.id, key: tile.key, type: tile.type, path };
}

function placement(s: Side, node: Node): Placement {
  const parentId = node.parent?.id ?? '';
  return {
    parentId,
    parent: s.pathOf(parentId),
    branch: node.tile.branch,
    relation: node.tile.relation,
  };
}

/** Flattens a JSON value into `path -> leaf` entries (empty arrays and objects are leaves). */
function flatten(value: unknown, path: string, out: Map<string, JsonValue>): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) out.set(path, {});
    for (const [k, v] of entries) flatten(v, path === '' ? k : `${path}.${k}`, out);
    return;
  }
  out.set(path, value as JsonValue);
}

const IGNORED_ITEM_FIELDS = new Set(['itemId', 'key', 'conditions']);

/** A property whose value is a reference: compared by identity, shown by a label made on demand. */
interface Reference {
  readonly identity: string;
  readonly label: () => string;
}

/** Resolves a trigger condition's source item to something comparable across the two sides. */
type Resolve = (sourceItemId: string) => Reference;

/** The comparable properties of a tile: plain leaves and references. */
interface Entries {
  readonly values: Map<string, JsonValue>;
  readonly refs: Map<string, Reference>;
}

function itemEntries(item: Item, prefix: string, resolve: Resolve, out: Entries): void {
  for (const [k, v] of Object.entries(item)) {
    if (v === undefined || IGNORED_ITEM_FIELDS.has(k)) continue;
    flatten(v, prefix === '' ? k : `${prefix}.${k}`, out.values);
  }
  const conditions = (item as Item<'Trigger'>).conditions;
  if (conditions === undefined) return;
  const base = prefix === '' ? 'conditions' : `${prefix}.conditions`;
  if (conditions.length === 0) out.values.set(base, []);
  conditions.forEach((condition, i) => {
    const at = `${base}[${i}]`;
    out.refs.set(`${at}.source`, resolve(condition.sourceItemId));
    flatten(condition.condition, `${at}.condition`, out.values);
    flatten(condition.extra, `${at}.extra`, out.values);
  });
}

/** Every comparable property of a tile. */
function tileEntries(tile: Activity, resolve: Resolve): Entries {
  const out: Entries = { values: new Map(), refs: new Map() };
  out.values.set('type', tile.type);
  flatten(tile.target, 'target', out.values);
  flatten(tile.extra, 'activity.extra', out.values);
  flatten(tile.propertiesExtra, 'activity.properties', out.values);
  if (tile.header !== undefined) {
    const { type: _type, ...rest } = tile.header;
    itemEntries(rest as Item, '', resolve, out);
  }
  tile.nested.forEach((item, i) => itemEntries(item, `nested[${i}]`, resolve, out));
  return out;
}

function change(property: string, before: JsonValue | undefined, after: JsonValue | undefined): PropertyChange {
  return {
    property,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

function compareEntries(a: Entries, b: Entries): PropertyChange[] {
  const changes: PropertyChange[] = [];
  const keys = [...a.values.keys()];
  for (const k of b.values.keys()) if (!a.values.has(k)) keys.push(k);
  for (const property of keys) {
    const before = a.values.get(property);
    const after = b.values.get(property);
    if (!sameLeaf(before, after)) changes.push(change(property, before, after));
  }
  const refKeys = [...a.refs.keys()];
  for (const k of b.refs.keys()) if (!a.refs.has(k)) refKeys.push(k);
  for (const property of refKeys) {
    const before = a.refs.get(property);
    const after = b.refs.get(property);
    if (before?.identity !== after?.identity) changes.push(change(property, before?.label(), after?.label()));
  }
  return changes;
}

function sameLeaf(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  // Empty containers are the only non-primitive leaves.
  return typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
}

function settingsEntries(tree: JourneyTree): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  flatten(tree.settings, '', out);
  return out;
}

/**
 * Compares two journeys tile by tile.
 *
 * @param a - the first (older) journey
 * @param b - the second (newer) journey
 * @returns every added, removed, moved and changed tile and every changed setting
 *
 * @example
 * ```ts
 * import { diffJourneys, formatDiff } from '@customer-journey/cli';
 * const diff = diffJourneys(before, after);
 * console.log(formatDiff(diff)); // "~ changed Customers > Invitation\n    name: \"Invite\" -> \"Invitation\"\n…"
 * process.exitCode = diff.equal ? 0 : 1;
 * ```
 */
export function diffJourneys(a: JourneyTree, b: JourneyTree): JourneyDiff {
  const sa = side(a);
  const sb = side(b);

  // Match: root to root, then by key where both tiles have one, then by ActivityId.
  const bToA = new Map<string, string>();
  const aToB = new Map<string, string>();
  const match = (aId: string, bId: string): void => {
    bToA.set(bId, aId);
    aToB.set(aId, bId);
  };
  match(a.root.id, b.root.id);
  const bByKey = new Map<string, Activity>();
  for (const { tile } of sb.nodes) if (tile.key !== undefined && !bByKey.has(tile.key)) bByKey.set(tile.key, tile);
  for (const { tile } of sa.nodes) {
    if (tile.key === undefined || aToB.has(tile.id)) continue;
    const other = bByKey.get(tile.key);
    if (other !== undefined && !bToA.has(other.id)) match(tile.id, other.id);
  }
  for (const { tile } of sa.nodes) {
    if (aToB.has(tile.id)) continue;
    const other = sb.byId.get(tile.id)?.tile;
    if (other === undefined || bToA.has(other.id)) continue;
    if (tile.key !== undefined && other.key !== undefined) continue;
    match(tile.id, other.id);
  }

  const label = (s: Side, tileId: string, slot: string): string => {
    const tile = s.byId.get(tileId)?.tile;
    const path = s.pathOf(tileId);
    if (slot === 'header' || tile === undefined) return path;
    const index = Number(/\d+/.exec(slot)?.[0] ?? -1);
    const item = tile.nested[index];
    return `${path}${PATH_SEPARATOR}${item?.name ?? item?.type ?? slot}`;
  };
  const resolveA: Resolve = (sourceItemId) => {
    const hit = sa.items.get(Number(sourceItemId));
    if (hit === undefined) return { identity: `?${sourceItemId}`, label: () => `(unknown item ${sourceItemId})` };
    return { identity: `${hit.tileId}#${hit.slot}`, label: () => label(sa, hit.tileId, hit.slot) };
  };
  const resolveB: Resolve = (sourceItemId) => {
    const hit = sb.items.get(Number(sourceItemId));
    if (hit === undefined) return { identity: `?${sourceItemId}`, label: () => `(unknown item ${sourceItemId})` };
    const matched = bToA.get(hit.tileId);
    const identity = matched === undefined ? `new:${hit.tileId}#${hit.slot}` : `${matched}#${hit.slot}`;
    return { identity, label: () => label(sb, hit.tileId, hit.slot) };
  };

  const tiles: TileChange[] = [];
  for (const node of sb.nodes) {
    const aId = bToA.get(node.tile.id);
    if (aId === undefined) {
      tiles.push({ kind: 'added', after: ref(sb, node.tile), placement: placement(sb, node) });
      continue;
    }
    const before = sa.byId.get(aId);
    if (before === undefined) continue;
    if (node.parent !== undefined && before.parent !== undefined) {
      const parentMatches = bToA.get(node.parent.id) === before.parent.id;
      if (!parentMatches || node.tile.branch !== before.tile.branch || node.tile.relation !== before.tile.relation) {
        tiles.push({
          kind: 'moved',
          before: ref(sa, before.tile),
          after: ref(sb, node.tile),
          from: placement(sa, before),
          to: placement(sb, node),
        });
      }
    }
    const properties = compareEntries(tileEntries(before.tile, resolveA), tileEntries(node.tile, resolveB));
    if (properties.length > 0) {
      tiles.push({ kind: 'changed', before: ref(sa, before.tile), after: ref(sb, node.tile), properties });
    }
  }
  for (const node of sa.nodes) {
    if (!aToB.has(node.tile.id)) tiles.push({ kind: 'removed', before: ref(sa, node.tile), placement: placement(sa, node) });
  }

  const settingsA = settingsEntries(a);
  const settingsB = settingsEntries(b);
  if (!settingsA.has('status') || !settingsB.has('status')) {
    settingsA.delete('status');
    settingsB.delete('status');
  }
  const settings = compareEntries({ values: settingsA, refs: new Map() }, { values: settingsB, refs: new Map() });

  const count = (kind: TileChange['kind']): number => tiles.filter((t) => t.kind === kind).length;
  const summary = {
    added: count('added'),
    removed: count('removed'),
    moved: count('moved'),
    changed: count('changed'),
    settings: settings.length,
  };
  return { equal: tiles.length === 0 && settings.length === 0, settings, tiles, summary };
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

function place(p: Placement): string {
  const branch = p.relation === 'YesBranch' ? 'yes branch' : p.relation === 'NoBranch' ? 'no branch' : `branch ${p.branch}`;
  return `${p.parent} (${branch})`;
}

function describe(t: TileRef): string {
  return `${t.path} [${t.type}${t.key === undefined ? '' : `, key ${t.key}`}]`;
}

/**
 * Formats a {@link JourneyDiff} for people: one line per tile change (`+` added, `-` removed,
 * `>` moved, `~` changed) with changed properties indented below, then a summary line.
 *
 * @example
 * ```ts
 * console.log(formatDiff(diffJourneys(before, after)));
 * // ~ changed Customers > Invitation [Email]
 * //     name: "Invite" -> "Invitation"
 * // 0 added, 0 removed, 0 moved, 1 changed, 0 settings changed
 * ```
 */
export function formatDiff(diff: JourneyDiff): string {
  if (diff.equal) return 'No differences.';
  const lines: string[] = [];
  for (const s of diff.settings) lines.push(`~ setting ${s.property}: ${show(s.before)} -> ${show(s.after)}`);
  for (const t of diff.tiles) {
    switch (t.kind) {
      case 'added':
        lines.push(`+ added ${describe(t.after)} under ${place(t.placement)}`);
        break;
      case 'removed':
        lines.push(`- removed ${describe(t.before)} under ${place(t.placement)}`);
        break;
      case 'moved':
        lines.push(`> moved ${describe(t.after)} from ${place(t.from)} to ${place(t.to)}`);
        break;
      case 'changed':
        lines.push(`~ changed ${describe(t.after)}`);
        for (const p of t.properties) lines.push(`    ${p.property}: ${show(p.before)} -> ${show(p.after)}`);
        break;
    }
  }
  const { added, removed, moved, changed, settings } = diff.summary;
  lines.push(`${added} added, ${removed} removed, ${moved} moved, ${changed} changed, ${settings} settings changed`);
  return lines.join('\n');
}
