/**
 * Compiling a journey for the simulation: one pre-order pass turns the tree into a flat table of
 * tiles with everything the walk needs precomputed (kinds, branches, waits, windows, trigger
 * conditions resolved to the ancestor that holds their source).
 *
 * @internal
 * @module
 */
import type { DurationUnit } from '../builder/types.js';
import { describeTile } from '../errors.js';
import { isGuid, normalizeGuid } from '../ids.js';
import { KNOWN_ACTIVITY_TYPES, SCHEDULER_WEEKDAY_FIELDS, type Activity, type Item, type JourneyTree } from '../model.js';
import { tileLabel } from '../render/labels.js';
import { tileName } from '../walk.js';
import { SimulationError } from './errors.js';
import { nominalMs, unitOf, type Window } from './time.js';
import type { SimulationWarning } from './types.js';

/** What the walk does at a tile. */
export const Kind = Object.freeze({
  /** Passes contacts on at once (emails, actions, content, branch tiles, unknown tiles). */
  pass: 0,
  /** A segment group under the root: its members enter at each iteration's start. */
  segmentEntry: 1,
  /** A page, form, event, survey, record-updated or unknown tile under the root: contacts enter when they interact with it. */
  interactionEntry: 2,
  /** Any other tile under the root: no contact enters there. */
  deadEntry: 3,
  /** A segment group further down: only its members go on. */
  segmentFilter: 4,
  /** A wait. */
  wait: 5,
  /** A trigger. */
  trigger: 6,
  /** A splitter. */
  split: 7,
  /** The `empty` placeholder: the path ends. */
  empty: 8,
});

/** One trigger condition, resolved. */
export interface PlanCondition {
  /** Index of the ancestor tile that holds the source item, or -1 when no ancestor does. */
  readonly sourceTile: number;
  /** The source's `ActivityItemId` (`NaN` when the condition names none). */
  readonly itemId: number;
  /** The condition's name in lower case. */
  readonly type: string;
  /** A stable hash of `type`, for the random draws. */
  readonly typeHash: number;
  /** How long after reaching the source a random interaction may happen (ms). */
  window: number;
}

/** One tile of the plan. Every field is set on every tile, so the walk reads monomorphic objects. */
export class PlanTile {
  kind: number = Kind.pass;
  children: number[] = [];
  yes: number[] = [];
  no: number[] = [];
  effect: string | undefined = undefined;
  /** Segment GUIDs (normalized) or raw ids of the included and excluded segments. */
  includes: string[] = [];
  excludes: string[] = [];
  intersection = false;
  /** Interaction entries: the header's item id and the interaction that admits random contacts. */
  entryItem = Number.NaN;
  entryType: string | undefined = undefined;
  /** Waits: the duration (`undefined` unit: no delay) and the window (`undefined`: always open). */
  waitValue = 0;
  waitUnit: DurationUnit | undefined = undefined;
  window: Window | undefined = undefined;
  /** Triggers: the timeout (`undefined` unit: none), the logic and the conditions. */
  timeoutValue = 0;
  timeoutUnit: DurationUnit | undefined = undefined;
  and = true;
  conditions: PlanCondition[] = [];
  /** Whether some contact could ever take the yes / no branch (before the scenario is known). */
  yesPossible = true;
  noPossible = true;
  /** Waits: whether contacts can ever leave (a window that allows no day keeps them forever). */
  passes = true;

  constructor(
    readonly index: number,
    readonly activity: Activity,
    readonly id: string,
    readonly type: string,
    readonly name: string,
    readonly key: string | undefined,
    readonly recordId: string | undefined,
    readonly depth: number,
    readonly parent: number,
  ) {}
}

/** A compiled journey. */
export interface Plan {
  readonly tree: JourneyTree;
  /** Every tile in pre-order; the root is tile 0. */
  readonly tiles: readonly PlanTile[];
  /** The tiles under the root. */
  readonly entries: readonly number[];
  /** `ActivityItemId` → index of the tile holding the item. */
  readonly items: ReadonlyMap<number, number>;
  /** Keys of tiles and nested items → `ActivityItemId`. */
  readonly keys: ReadonlyMap<string, number>;
  /** Segment keys and names (lower case) → the segment's id. */
  readonly segmentNames: ReadonlyMap<string, string>;
  /** Condition names the triggers use (lower case → as written). */
  readonly conditionNames: ReadonlyMap<string, string>;
  /** Splitters, in pre-order. */
  readonly splitters: readonly number[];
  /** Waits, in pre-order. */
  readonly waits: readonly number[];
  /** Warnings that follow from the journey alone. */
  readonly warnings: SimulationWarning[];
}

const KNOWN = new Set<string>(KNOWN_ACTIVITY_TYPES);
/** The interaction by which random contacts enter an entry tile, by tile type. */
const ENTRY_TYPES: Readonly<Record<string, string>> = Object.freeze({
  LandingPage: 'pagesubmitted',
  MarketingForm: 'formsubmitted',
  Event: 'eventregistered',
  Survey: 'surveysubmitted',
  RecordUpdate: 'recordupdated',
});

/** A stable 32-bit hash of a string (FNV-1a). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The segment id as the plan compares it: a normalized GUID, or the raw value. */
export function segmentId(value: string): string {
  return isGuid(value) ? normalizeGuid(value) : value;
}

const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');
const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** The names of the tiles from the root (excluded) down to `index` (included). */
export function pathOf(plan: Plan, index: number): string[] {
  const names: string[] = [];
  for (let i = index; i > 0; i = (plan.tiles[i] as PlanTile).parent) names.push((plan.tiles[i] as PlanTile).name);
  return names.reverse();
}

/** `Email "Invitation" (Customers › Invitation)`. */
export function describePlanTile(plan: Plan, index: number): string {
  const tile = plan.tiles[index] as PlanTile;
  return describeTile(tileLabel(tile.activity), tile.name, pathOf(plan, index));
}

/** A warning about a tile: its id, its path, and a message that names it. */
export function tileWarning(plan: Plan, index: number, code: SimulationWarning['code'], what: string, count?: number): SimulationWarning {
  return {
    code,
    activityId: (plan.tiles[index] as PlanTile).id,
    path: pathOf(plan, index),
    ...(count === undefined ? {} : { count }),
    message: `${describePlanTile(plan, index)}: ${what}`,
  };
}

interface Frame {
  readonly activity: Activity;
  readonly parent: number;
  readonly depth: number;
  readonly exit: number;
}

/** Compiles a journey; throws {@link SimulationError} when it is no journey tree. */
export function compile(tree: JourneyTree): Plan {
  if (tree === null || typeof tree !== 'object' || tree.root === null || typeof tree.root !== 'object' || !Array.isArray(tree.root.children)) {
    throw new SimulationError('simulate: the first argument is not a journey tree; pass what journey(…).build() or parseWorkflowDefinition returns', {
      path: '',
      code: 'invalid-journey',
    });
  }
  const tiles: PlanTile[] = [];
  const items = new Map<number, number>();
  const keys = new Map<string, number>();
  const segmentNames = new Map<string, string>();
  const conditionNames = new Map<string, string>();
  const splitters: number[] = [];
  const waits: number[] = [];
  const entries: number[] = [];
  const warnings: SimulationWarning[] = [];
  // Items of the tiles on the current path (item id → count), for trigger conditions.
  const ancestorItems = new Map<number, number[]>();
  const onPath = new Set<Activity>();
  const plan: Plan = { tree, tiles, entries, items, keys, segmentNames, conditionNames, splitters, waits, warnings };

  const itemsOf = (activity: Activity): Item[] => {
    const list: Item[] = [];
    if (activity.header !== undefined) list.push(activity.header);
    if (Array.isArray(activity.nested)) list.push(...activity.nested);
    return list;
  };
  const warn = (index: number, code: SimulationWarning['code'], what: string): void => {
    warnings.push(tileWarning(plan, index, code, what));
  };

  const stack: Frame[] = [{ activity: tree.root, parent: -1, depth: 0, exit: -1 }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.exit >= 0) {
      const done = tiles[frame.exit] as PlanTile;
      onPath.delete(done.activity);
      for (const item of itemsOf(done.activity)) {
        const holders = ancestorItems.get(item.itemId);
        holders?.pop();
        if (holders?.length === 0) ancestorItems.delete(item.itemId);
      }
      continue;
    }
    const activity = frame.activity;
    if (onPath.has(activity)) continue;
    const index = tiles.length;
    const header = activity.header;
    const recordId = typeof header?.recordId === 'string' ? header.recordId : undefined;
    const tile = new PlanTile(index, activity, String(activity.id), String(activity.type), tileName(activity), activity.key, recordId, frame.depth, frame.parent);
    tiles.push(tile);
    if (frame.parent >= 0) (tiles[frame.parent] as PlanTile).children.push(index);
    if (frame.parent === 0) entries.push(index);
    configure(tile, frame.parent === 0, ancestorItems, warn);

    if (activity.key !== undefined && header !== undefined && !keys.has(activity.key)) keys.set(activity.key, header.itemId);
    for (const item of itemsOf(activity)) {
      if (!items.has(item.itemId)) items.set(item.itemId, index);
      if (item.key !== undefined && !keys.has(item.key)) keys.set(item.key, item.itemId);
      if (item.type === 'SegmentItem' && typeof item.recordId === 'string') {
        const id = segmentId(item.recordId);
        const seg = item as Item<'SegmentItem'>;
        for (const name of [item.key, seg.segmentName, seg.displayName, item.name]) {
          if (typeof name === 'string' && name !== '' && !segmentNames.has(name.toLowerCase())) segmentNames.set(name.toLowerCase(), id);
        }
      }
    }
    if (tile.kind === Kind.split) splitters.push(index);
    if (tile.kind === Kind.wait) waits.push(index);
    for (const condition of tile.conditions) {
      const name = (header as Item<'Trigger'>).conditions?.find((c) => lower(c.condition) === condition.type)?.condition;
      if (name !== undefined && !conditionNames.has(condition.type)) conditionNames.set(condition.type, name);
    }

    const children = Array.isArray(activity.children) ? activity.children : [];
    if (children.length === 0) continue;
    onPath.add(activity);
    for (const item of itemsOf(activity)) {
      const holders = ancestorItems.get(item.itemId);
      if (holders === undefined) ancestorItems.set(item.itemId, [index]);
      else holders.push(index);
    }
    stack.push({ activity, parent: frame.parent, depth: frame.depth, exit: index });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ activity: children[i] as Activity, parent: index, depth: frame.depth + 1, exit: -1 });
  }

  // Trigger branches: children by relation (a Default child at branch 0 counts as yes).
  for (const tile of tiles) {
    if (tile.kind !== Kind.trigger) continue;
    for (const c of tile.children) {
      const child = (tiles[c] as PlanTile).activity;
      const relation = lower(child.relation);
      if (relation === 'yesbranch' || (relation !== 'nobranch' && child.branch === 0)) tile.yes.push(c);
      else tile.no.push(c);
    }
  }
  // Random interactions happen within the longest timeout of the triggers that wait for them.
  const windows = new Map<string, number>();
  for (const tile of tiles) {
    if (tile.kind !== Kind.trigger || tile.timeoutUnit === undefined) continue;
    const length = nominalMs(tile.timeoutValue, tile.timeoutUnit);
    for (const c of tile.conditions) {
      const id = `${c.itemId} ${c.type}`;
      windows.set(id, Math.max(windows.get(id) ?? 0, length));
    }
  }
  for (const tile of tiles) for (const c of tile.conditions) c.window = windows.get(`${c.itemId} ${c.type}`) ?? 0;
  return plan;
}

/** Sets a tile's kind and settings from its type and header. */
function configure(
  tile: PlanTile,
  isEntry: boolean,
  ancestorItems: ReadonlyMap<number, number[]>,
  warn: (index: number, code: SimulationWarning['code'], what: string) => void,
): void {
  const activity = tile.activity;
  const header = activity.header;
  const type = tile.type;
  if (tile.index === 0) return;
  const known = KNOWN.has(type) && type !== 'bpf_root';
  if (!known) {
    warn(tile.index, 'unknown-tile', `the simulation does not know tile type ${JSON.stringify(type)}; contacts pass through it`);
  }
  if (type === 'Segment') {
    tile.kind = isEntry ? Kind.segmentEntry : Kind.segmentFilter;
    for (const item of activity.nested ?? []) {
      if (item.type !== 'SegmentItem' || typeof item.recordId !== 'string') continue;
      const excluded = lower((item as Item<'SegmentItem'>).containment) === 'exclusion';
      (excluded ? tile.excludes : tile.includes).push(segmentId(item.recordId));
    }
    const merge = lower((header as Item<'Segment'> | undefined)?.mergeMethod);
    tile.intersection = merge === 'intersection';
    if (merge !== '' && merge !== 'union' && merge !== 'intersection') {
      const written = (header as Item<'Segment'>).mergeMethod;
      warn(tile.index, 'unknown-merge', `merge method ${JSON.stringify(written)} is not one the simulation knows (Union, Intersection); contacts in any included segment enter`);
    }
    return;
  }
  if (isEntry) {
    if (Object.prototype.hasOwnProperty.call(ENTRY_TYPES, type) || !known) {
      tile.kind = Kind.interactionEntry;
      tile.entryItem = header?.itemId ?? Number.NaN;
      tile.entryType = ENTRY_TYPES[type];
    } else {
      tile.kind = Kind.deadEntry;
    }
    if (type === 'RecordUpdate' || !known) return;
  }
  switch (type) {
    case 'Scheduler':
      configureWait(tile, header as Item<'Scheduler'> | undefined, warn);
      return;
    case 'Trigger':
      configureTrigger(tile, header as Item<'Trigger'> | undefined, ancestorItems, warn);
      return;
    case 'Splitter':
      tile.kind = Kind.split;
      return;
    case 'empty':
      tile.kind = Kind.empty;
      return;
    case 'Email':
      tile.effect = 'email sent';
      return;
    case 'CreateCrmActivity':
      tile.effect = `${(header as Item<'CreateCrmActivity'> | undefined)?.activityType ?? 'activity'} created`;
      return;
    case 'CreateLead':
      tile.effect = 'lead created';
      return;
    case 'InvokeWorkflow':
      tile.effect = 'workflow launched';
      return;
    case 'RecordUpdate':
      tile.effect = 'record update recorded';
      return;
    case 'LinkedInCampaign':
      tile.effect = 'added to the LinkedIn campaign';
      return;
    default:
      return;
  }
}

function configureWait(
  tile: PlanTile,
  header: Item<'Scheduler'> | undefined,
  warn: (index: number, code: SimulationWarning['code'], what: string) => void,
): void {
  tile.kind = Kind.wait;
  if (header === undefined) return;
  const offset = header.offsetType;
  if (offset !== undefined && lower(offset) !== 'duration') {
    warn(
      tile.index,
      'unknown-wait',
      `wait kind (OffsetType) ${JSON.stringify(offset)} is not documented; contacts wait only for its window (give the date it waits until in scenario.waitUntil)`,
    );
  } else {
    const value = Math.max(0, numberOr(header.durationValue, 0));
    const unit = unitOf(header.durationUnit);
    if (unit === undefined && value > 0) {
      warn(tile.index, 'unknown-wait', `unit ${JSON.stringify(header.durationUnit)} is not one the simulation knows (Minute, Hour, Day, Week, Month); contacts wait only for its window`);
    } else if (unit !== undefined) {
      tile.waitValue = value;
      tile.waitUnit = unit;
    }
  }
  const days = SCHEDULER_WEEKDAY_FIELDS.map((field) => header[field] !== false);
  const from = numberOr(header.waitUntilFromHour, 0) * 60 + numberOr(header.waitUntilFromMinute, 0);
  const to = numberOr(header.waitUntilToHour, 23) * 60 + numberOr(header.waitUntilToMinute, 59);
  const open = from <= 0 && to >= 23 * 60 + 59 && days.every((d) => d);
  tile.window = open ? undefined : { days, from, to };
  if (!days.some((d) => d)) tile.passes = false;
}

function configureTrigger(
  tile: PlanTile,
  header: Item<'Trigger'> | undefined,
  ancestorItems: ReadonlyMap<number, number[]>,
  warn: (index: number, code: SimulationWarning['code'], what: string) => void,
): void {
  tile.kind = Kind.trigger;
  tile.and = lower(header?.ruleLogic) !== 'or';
  for (const condition of header?.conditions ?? []) {
    const itemId = /^\d+$/.test(String(condition.sourceItemId)) ? Number(condition.sourceItemId) : Number.NaN;
    const holders = ancestorItems.get(itemId);
    const type = lower(condition.condition);
    tile.conditions.push({
      sourceTile: holders === undefined ? -1 : (holders[holders.length - 1] as number),
      itemId,
      type,
      typeHash: hashText(type),
      window: 0,
    });
  }
  const unit = unitOf(header?.timeoutUnit);
  if (unit === undefined) {
    const why = header?.timeoutUnit === undefined ? 'has no timeout' : `has a timeout unit ${JSON.stringify(header.timeoutUnit)} the simulation does not know (Minute, Hour, Day, Week, Month)`;
    warn(tile.index, 'no-timeout', `${why}; contacts wait for its conditions until the simulation ends and never take the no branch`);
    tile.noPossible = false;
  } else {
    tile.timeoutValue = Math.max(0, numberOr(header?.timeoutValue, 0));
    tile.timeoutUnit = unit;
  }
  const held = tile.conditions.map((c) => c.sourceTile >= 0);
  tile.yesPossible = held.length > 0 && (tile.and ? held.every((h) => h) : held.some((h) => h));
}
