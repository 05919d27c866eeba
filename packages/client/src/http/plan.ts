/**
 * Plans: what a push of a journey would do to the org's record, given the record's status.
 *
 * A plan reconciles the local journey with the stored one (tiles keep their stored ids, see
 * `reconcileIds`), lists every change (a setting, a tile's own settings, or the pipeline: which
 * tiles exist, their types and places), and decides by the journey's status (reference §8) whether
 * the record can simply be updated, needs a live edit (Live → Live, editable → update → Going live
 * → Live), needs a new version (a new record `"<name> (v2)"`), or is blocked, with the reason and
 * the way out. `planJourney` is the pure decision; `client.plan` reads the record and calls it, and
 * `client.push` follows the plan.
 *
 * @module
 */
import {
  canEdit,
  isSettling,
  lifecycleState,
  PIPELINE_EDIT_WINDOW,
  reconcileIds,
  sameJsonValue,
  SETTING_EDIT_WINDOWS,
  TILE_EDIT_WINDOW,
  tileName,
  type Activity,
  type EditWindow,
  type Item,
  type JourneySettings,
  type JourneyStatus,
  type JourneyTree,
  type LifecycleState,
  type SettingField,
} from '@customer-journey/dsl';
import { asWritten, canonicalSettings, checkJourney } from '../codec/index.js';
import { journeyVersionId } from './journey-id.js';
import type { JourneyRecord, RequestOptions } from './journey-client.js';

/**
 * One change a push would make.
 *
 * - `settings`: a journey setting (`field` is `name`, `end`, `timeZone`, `recurrence.count`, …;
 *   `path` is empty);
 * - `tile`: a tile's own settings (`field` is a header property such as `recordId` or
 *   `timeoutValue`, `nested[i]` for a nested item added or removed, `nested[i].recordId`, …);
 * - `pipeline`: which tiles exist, their types and places (`field` is `tile` for a tile added
 *   (`after` its type) or removed (`before` its type), `type`, or `place`).
 *
 * `path` names the tile by the names from the root (its header name, else its type).
 *
 * @example
 * ```ts
 * const change: JourneyChange = { kind: 'tile', path: ['Customers', 'Invitation'], field: 'recordId', before: 'a…', after: 'b…' };
 * ```
 */
export interface JourneyChange {
  /** What kind of change: a setting, a tile's settings, or the pipeline. */
  readonly kind: 'settings' | 'tile' | 'pipeline';
  /** The tile's path of names from the root; `[]` for a setting. */
  readonly path: readonly string[];
  /** The setting, property or aspect that changes. */
  readonly field?: string;
  /** The value on the org (absent for something added). */
  readonly before?: unknown;
  /** The value the push writes (absent for something removed). */
  readonly after?: unknown;
}

/**
 * What a push would do, and why.
 *
 * @example
 * ```ts
 * const plan: JourneyPlan = await client.plan(tree);
 * if (plan.action === 'blocked') console.error(`${plan.reason}. ${plan.remedy}`);
 * else console.log(plan.action, plan.steps.join(', '));
 * ```
 */
export interface JourneyPlan {
  /** The record the push writes to: the journey's record, its latest version, or a new version. */
  readonly id: string;
  /** The journey's name, as the push would write it (with ` (v2)` … for a version). */
  readonly name: string;
  /** The stored record's status; absent when there is none. */
  readonly status?: JourneyStatus;
  /**
   * `create` (no record yet, or a new version), `unchanged` (nothing to write), `update`, or
   * `blocked` (the status does not allow it: see `reason` and `remedy`).
   */
  readonly action: 'create' | 'unchanged' | 'update' | 'blocked';
  /** Every change against the stored record, in a stable order: settings, then tiles in pre-order, then removed tiles. */
  readonly changes: readonly JourneyChange[];
  /** The lifecycle steps the push takes, in order. */
  readonly steps: readonly string[];
  /** For `blocked`: why. */
  readonly reason?: string;
  /** For `blocked`: the way out. */
  readonly remedy?: string;
  /** The version the push writes to or creates (2, 3, …); absent for the journey's own record. */
  readonly version?: number;
  /** For a new version: the record it follows. */
  readonly previousId?: string;
  /** When the push renames the record: its name on the org. */
  readonly renamedFrom?: string;
}

/**
 * Options of `client.plan` and `client.push`: the record, and what to do when the journey's
 * status stands in the way.
 *
 * @example
 * ```ts
 * const options: PlanOptions = { live: 'edit', onPipelineChange: 'new-version', stopPrevious: true };
 * await client.plan(tree, options);
 * ```
 */
export interface PlanOptions extends RequestOptions {
  /**
   * The record id. Without it, the journey's own `settings.recordId`; without that, an id derived
   * from the journey name (`journeyIdFromName`).
   */
  readonly id?: string;
  /**
   * A Live journey: `'refuse'` to block, `'edit'` to go Live → Live, editable → update → Going
   * live → Live (for changes Live, editable allows: settings such as the name and end date, and
   * tile settings).
   * @defaultValue 'refuse'
   */
  readonly live?: 'refuse' | 'edit';
  /**
   * A change the status locks for good (the pipeline, or a setting such as the time zone, once the
   * journey has gone live; anything once it has expired): `'refuse'` to block, `'new-version'` to
   * create a new record `"<name> (v2)"` (then v3, …) with the stored settings copied, as a Draft.
   * @defaultValue 'refuse'
   */
  readonly onPipelineChange?: 'refuse' | 'new-version';
  /**
   * With a new version: stop the previous record when it is Live (or in Error).
   * @defaultValue false
   */
  readonly stopPrevious?: boolean;
}

/**
 * Where the stored record stands, for {@link planJourney}.
 *
 * @example
 * ```ts
 * const context: PlanContext = { baseId: id, version: 1, now: Date.now() };
 * ```
 */
export interface PlanContext {
  /** The journey's own record id (version 1); new versions derive their ids from it. */
  readonly baseId: string;
  /** The version the stored record is: 1 for the journey's own record, 2 for `"<name> (v2)"`, … */
  readonly version: number;
  /** The current time, for "has the journey started". */
  readonly now: number;
}

/**
 * A plan and, when it writes, the journey it writes (reconciled, with a version's name and copied
 * settings). Internal to the client: `push` follows it.
 *
 * @internal
 */
export interface PlannedPush {
  readonly plan: JourneyPlan;
  readonly write?: JourneyTree;
}

const SETTING_FIELDS = Object.keys(SETTING_EDIT_WINDOWS) as SettingField[];

/**
 * The name of version `n` of a journey: `"<name> (v<n>)"`, the name shortened to fit 100 characters.
 *
 * @example
 * ```ts
 * versionName('Welcome', 2); // 'Welcome (v2)'
 * versionName('Welcome', 1); // 'Welcome'
 * ```
 */
export function versionName(name: string, n: number): string {
  if (n <= 1) return name;
  const suffix = ` (v${n})`;
  return `${name.slice(0, Math.max(0, 100 - suffix.length))}${suffix}`;
}

/** The tree without a status (a push never writes one: going live and stopping are steps). */
function withoutStatus(tree: JourneyTree): JourneyTree {
  if (tree.settings.status === undefined) return tree;
  const { status: _status, ...settings } = tree.settings;
  return { ...tree, settings };
}

const withSettings = (tree: JourneyTree, settings: JourneySettings): JourneyTree => ({ ...tree, settings });

/**
 * The lifecycle facts of a stored record, read as being in `status`: gone live by its status or
 * its publisher (`_msdyncrm_publishedby_value`), started by its start date.
 *
 * @internal
 */
export function recordState(record: JourneyRecord, status: JourneyStatus, now: number): LifecycleState {
  return lifecycleState(status, { publishedBy: record.entity['_msdyncrm_publishedby_value'], start: record.journey.settings.start }, now);
}

// ------------------------------------------------------------------------------------- changes

/** A change, with `before` and `after` only where there is a value (added or removed things have one side). */
function changeOf(kind: JourneyChange['kind'], path: readonly string[], field: string, before: unknown, after: unknown): JourneyChange {
  return { kind, path, field, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}

interface Side {
  readonly byId: Map<string, { readonly tile: Activity; readonly parent: Activity | undefined }>;
  /** Pre-order. */
  readonly order: Activity[];
  readonly items: Map<number, Activity>;
}

function sideOf(tree: JourneyTree): Side {
  const byId = new Map<string, { tile: Activity; parent: Activity | undefined }>();
  const order: Activity[] = [];
  const items = new Map<number, Activity>();
  const stack: { tile: Activity; parent: Activity | undefined }[] = [{ tile: tree.root, parent: undefined }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { tile } = next;
    if (!byId.has(tile.id)) byId.set(tile.id, next);
    order.push(tile);
    if (tile.header !== undefined) items.set(tile.header.itemId, tile);
    for (const item of tile.nested) items.set(item.itemId, tile);
    for (let i = tile.children.length - 1; i >= 0; i--) stack.push({ tile: tile.children[i] as Activity, parent: tile });
  }
  return { byId, order, items };
}

function pathOf(side: Side, tile: Activity): string[] {
  const names: string[] = [];
  for (let at: Activity | undefined = tile; at !== undefined && at.type !== 'bpf_root'; at = side.byId.get(at.id)?.parent) names.push(tileName(at));
  return names.reverse();
}

function placeOf(side: Side, tile: Activity): string {
  const parent = side.byId.get(tile.id)?.parent;
  const where = parent === undefined || parent.type === 'bpf_root' ? '(root)' : pathOf(side, parent).join(' › ');
  const branch = tile.relation === 'YesBranch' ? 'yes branch' : tile.relation === 'NoBranch' ? 'no branch' : `branch ${tile.branch}`;
  return `${where}, ${branch}`;
}

/** A condition's source as a person reads it: the path of the tile holding the item, and the item's name. */
function sourceLabel(side: Side, sourceItemId: string): string {
  const tile = side.items.get(Number(sourceItemId));
  if (tile === undefined || !/^\d+$/.test(sourceItemId)) return `item ${sourceItemId}`;
  const path = pathOf(side, tile).join(' › ');
  const item = tile.nested.find((i) => i.itemId === Number(sourceItemId));
  return item === undefined ? path : `${path} › ${item.name ?? item.type}`;
}

const IGNORED_ITEM_FIELDS = new Set(['itemId', 'key', 'type', 'conditions']);

function itemSummary(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = { type: item.type };
  if (item.name !== undefined) out['name'] = item.name;
  if (item.recordId !== undefined && item.recordId !== null) out['recordId'] = item.recordId;
  return out;
}

/** The changed fields of one item, as `prefix + field`. */
function itemChanges(before: Item, after: Item, prefix: string, sidesOf: () => readonly [Side, Side], push: (field: string, b: unknown, a: unknown) => void): void {
  const fields = new Set<string>();
  for (const key in before) if (!IGNORED_ITEM_FIELDS.has(key)) fields.add(key);
  for (const key in after) if (!IGNORED_ITEM_FIELDS.has(key)) fields.add(key);
  for (const field of fields) {
    const b = (before as unknown as Record<string, unknown>)[field];
    const a = (after as unknown as Record<string, unknown>)[field];
    if (sameJsonValue(b, a)) continue;
    if (field === 'extra' && b !== null && a !== null && typeof b === 'object' && typeof a === 'object') {
      const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
      for (const k of keys) {
        const x = (b as Record<string, unknown>)[k];
        const y = (a as Record<string, unknown>)[k];
        if (!sameJsonValue(x, y)) push(`${prefix}extra.${k}`, x, y);
      }
      continue;
    }
    push(`${prefix}${field}`, b, a);
  }
  const bc = (before as Item<'Trigger'>).conditions ?? [];
  const ac = (after as Item<'Trigger'>).conditions ?? [];
  if (sameJsonValue(bc, ac)) return;
  const sides = sidesOf();
  for (let i = 0; i < Math.max(bc.length, ac.length); i++) {
    const x = bc[i];
    const y = ac[i];
    if (x === undefined || y === undefined) {
      push(`${prefix}conditions[${i}]`, x === undefined ? undefined : { source: sourceLabel(sides[0], x.sourceItemId), condition: x.condition }, y === undefined ? undefined : { source: sourceLabel(sides[1], y.sourceItemId), condition: y.condition });
      continue;
    }
    if (x.sourceItemId !== y.sourceItemId) push(`${prefix}conditions[${i}].source`, sourceLabel(sides[0], x.sourceItemId), sourceLabel(sides[1], y.sourceItemId));
    if (x.condition !== y.condition) push(`${prefix}conditions[${i}].condition`, x.condition, y.condition);
    if (!sameJsonValue(x.extra, y.extra)) push(`${prefix}conditions[${i}].extra`, x.extra, y.extra);
  }
}

function settingValue(settings: Readonly<Record<string, unknown>>, field: SettingField): unknown {
  if (field === 'recurrence.count') return (settings['recurrence'] as { count?: unknown } | undefined)?.count;
  if (field === 'recurrence.intervalDays') return (settings['recurrence'] as { intervalDays?: unknown } | undefined)?.intervalDays;
  return settings[field];
}

/**
 * Every change from the stored journey to the local one, tile by tile. Tiles are compared by
 * `ActivityId`, so reconcile the local tree first (`reconcileIds`); settings are compared in the
 * form the org stores them, and only those the local tree states (an update leaves the others as
 * they are). The status is the lifecycle's, not a change; the designer state is bookkeeping.
 *
 * @param stored - the journey on the org
 * @param local - the journey to write, reconciled with `stored`
 * @returns the changes: settings, then tiles in the local pre-order, then removed tiles
 *
 * @example
 * ```ts
 * import { reconcileIds } from '@customer-journey/dsl';
 * const changes = journeyChanges(record.journey, reconcileIds(tree, record.journey));
 * changes.filter((c) => c.kind === 'pipeline'); // tiles added, removed, moved or retyped
 * ```
 */
export function journeyChanges(stored: JourneyTree, local: JourneyTree): JourneyChange[] {
  const changes: JourneyChange[] = [];
  const before = canonicalSettings(asWritten(stored, local).settings);
  const after = canonicalSettings(local.settings);
  for (const field of SETTING_FIELDS) {
    const b = settingValue(before, field);
    const a = settingValue(after, field);
    if (sameJsonValue(b, a)) continue;
    changes.push(changeOf('settings', [], field, b, a));
  }
  if (stored.root === local.root) return changes;
  let sides: readonly [Side, Side] | undefined;
  const bothSides = (): readonly [Side, Side] => (sides ??= [sideOf(stored), sideOf(local)]);
  changes.push(...(samePlaceChanges(stored, local, bothSides) ?? movedChanges(bothSides())));
  return changes;
}

/** Whether two tiles have the same own settings. */
const sameContent = (a: Activity, b: Activity): boolean =>
  a.target === b.target && sameJsonValue(a.header, b.header) && sameJsonValue(a.nested, b.nested) && sameJsonValue(a.extra, b.extra) && sameJsonValue(a.propertiesExtra, b.propertiesExtra);

/** The changes of a tile's own settings, from `old` to `tile`. */
function settingsChanges(old: Activity, tile: Activity, sides: () => readonly [Side, Side], push: (field: string, b: unknown, a: unknown) => void): void {
  if (old.target !== tile.target) push('target', old.target, tile.target);
  if (!sameJsonValue(old.extra, tile.extra)) push('activity.extra', old.extra, tile.extra);
  if (!sameJsonValue(old.propertiesExtra, tile.propertiesExtra)) push('activity.properties', old.propertiesExtra, tile.propertiesExtra);
  if (old.header !== undefined && tile.header !== undefined) itemChanges(old.header, tile.header, '', sides, push);
  else if (!sameJsonValue(old.header, tile.header)) push('header', old.header === undefined ? undefined : itemSummary(old.header), tile.header === undefined ? undefined : itemSummary(tile.header));
  const oldNested = new Map(old.nested.map((item, i) => [item.itemId, { item, i }]));
  const kept = new Set<number>();
  tile.nested.forEach((item, i) => {
    const prior = oldNested.get(item.itemId);
    if (prior === undefined) {
      push(`nested[${i}]`, undefined, itemSummary(item));
      return;
    }
    kept.add(item.itemId);
    if (prior.i !== i) push(`nested[${i}].position`, prior.i, i);
    itemChanges(prior.item, item, `nested[${i}].`, sides, push);
  });
  old.nested.forEach((item, i) => {
    if (!kept.has(item.itemId)) push(`nested[${i}]`, itemSummary(item), undefined);
  });
}

/** A path of names being walked: the tile's name and the path above it. */
interface PathNode {
  readonly name: string;
  readonly up: PathNode | undefined;
}

const namesOf = (node: PathNode | undefined): string[] => {
  const names: string[] = [];
  for (let at = node; at !== undefined; at = at.up) names.push(at.name);
  return names.reverse();
};

/**
 * The common case, without an index: every tile in the same place on both sides (same id, type,
 * parent, branch and children). Then only tile settings can differ, and they are compared pair by
 * pair. `undefined` as soon as a place differs.
 */
function samePlaceChanges(stored: JourneyTree, local: JourneyTree, sides: () => readonly [Side, Side]): JourneyChange[] | undefined {
  const out: JourneyChange[] = [];
  const stack: [Activity, Activity, PathNode | undefined][] = [[local.root, stored.root, undefined]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [l, s, above] = next;
    if (l.id !== s.id || l.type !== s.type || l.relation !== s.relation || l.branch !== s.branch || l.children.length !== s.children.length) return undefined;
    const node = l.type === 'bpf_root' ? undefined : { name: tileName(l), up: above };
    if (l !== s && !sameContent(s, l)) {
      const path = namesOf(node);
      settingsChanges(s, l, sides, (field, b, a) => out.push(changeOf('tile', path, field, b, a)));
    }
    for (let i = l.children.length - 1; i >= 0; i--) stack.push([l.children[i] as Activity, s.children[i] as Activity, node]);
  }
  // Pre-order of the local tree, as the general comparison gives them.
  return out;
}

/** The general comparison, by `ActivityId`: tiles added, removed, moved, retyped, reconfigured. */
function movedChanges(sides: readonly [Side, Side]): JourneyChange[] {
  const [s, l] = sides;
  const out: JourneyChange[] = [];
  for (const tile of l.order) {
    if (tile.type === 'bpf_root') continue;
    const old = s.byId.get(tile.id)?.tile;
    if (old === tile) continue;
    let path: string[] | undefined;
    const change = (kind: JourneyChange['kind'], field: string, b: unknown, a: unknown): void => {
      path ??= pathOf(l, tile);
      out.push(changeOf(kind, path, field, b, a));
    };
    if (old === undefined) {
      change('pipeline', 'tile', undefined, tile.type);
      continue;
    }
    if (old.type !== tile.type) change('pipeline', 'type', old.type, tile.type);
    const oldParent = s.byId.get(old.id)?.parent?.id;
    const newParent = l.byId.get(tile.id)?.parent?.id;
    if (oldParent !== newParent || old.branch !== tile.branch || old.relation !== tile.relation) change('pipeline', 'place', placeOf(s, old), placeOf(l, tile));
    if (!sameContent(old, tile)) settingsChanges(old, tile, () => sides, (field, b, a) => change('tile', field, b, a));
  }
  for (const tile of s.order) {
    if (tile.type === 'bpf_root' || l.byId.has(tile.id)) continue;
    out.push(changeOf('pipeline', pathOf(s, tile), 'tile', tile.type, undefined));
  }
  return out;
}

// ---------------------------------------------------------------------------------------- plans

const windowOf = (change: JourneyChange): EditWindow =>
  change.kind === 'pipeline' ? PIPELINE_EDIT_WINDOW : change.kind === 'tile' ? TILE_EDIT_WINDOW : SETTING_EDIT_WINDOWS[change.field as SettingField];

const quote = (name: string): string => JSON.stringify(name);

function counted(changes: readonly JourneyChange[]): string {
  const count = (what: (c: JourneyChange) => boolean): number => changes.filter(what).length;
  const parts: string[] = [];
  const added = count((c) => c.field === 'tile' && c.before === undefined);
  const removed = count((c) => c.field === 'tile' && c.after === undefined);
  const moved = count((c) => c.field === 'place');
  const retyped = count((c) => c.field === 'type');
  if (added > 0) parts.push(`${added} tile${added === 1 ? '' : 's'} added`);
  if (removed > 0) parts.push(`${removed} removed`);
  if (moved > 0) parts.push(`${moved} moved`);
  if (retyped > 0) parts.push(`${retyped} retyped`);
  return parts.join(', ');
}

/** Why the locked changes cannot be made in place. */
function lockedReason(name: string, state: LifecycleState, locked: readonly JourneyChange[]): string {
  const who = `${quote(name)} is ${state.status}`;
  if (state.status === 'Expired') return `${who}: an expired journey is read-only`;
  if (state.status === 'Error') return `${who} after having gone live: its content is locked`;
  const reasons: string[] = [];
  const pipeline = locked.filter((c) => c.kind === 'pipeline');
  if (pipeline.length > 0) reasons.push(`its pipeline is locked once it has gone live (${counted(pipeline)})`);
  const start = locked.some((c) => c.kind === 'settings' && c.field === 'start');
  const settings = [...new Set(locked.filter((c) => c.kind === 'settings' && c.field !== 'start').map((c) => c.field as string))];
  if (settings.length > 0) reasons.push(`${settings.join(', ')} cannot change once it has gone live`);
  if (start) reasons.push('its start date cannot change once it has started');
  const tiles = locked.filter((c) => c.kind === 'tile').length;
  if (tiles > 0 && reasons.length === 0) reasons.push('its tiles cannot be reconfigured in this status');
  return `${who}: ${reasons.join('; ')}`;
}

/** The settings of a new version: the stored ones (but identity, status and name), under the local ones. */
function versionSettings(stored: JourneySettings, local: JourneySettings, name: string): JourneySettings {
  const { recordId: _r, status: _s, name: _n, ...copied } = stored;
  const { recordId: _lr, status: _ls, ...own } = local;
  const merged: Record<string, unknown> = { ...copied };
  for (const [key, value] of Object.entries(own)) if (value !== undefined) merged[key] = value;
  merged['name'] = name;
  return merged as unknown as JourneySettings;
}

/**
 * Plans a push of `tree` against the stored record (or none): the pure decision behind
 * `client.plan`. See {@link JourneyPlan} for the answer and {@link PlanOptions} for the choices.
 *
 * - No record: `create`.
 * - No change: `unchanged`.
 * - Draft (or Error after a failed first go-live): `update`, anything goes.
 * - Live, editable or Stopped: `update` for settings and tile settings; the pipeline, the settings
 *   locked once gone live, and the start date once started need a new version.
 * - Live: a live edit for what Live, editable allows (`live: 'edit'`), after Check for Errors.
 * - Going live, Stopping: `blocked` until the status settles.
 * - Expired: read-only; a new version for any change.
 * - Error after going live: `blocked` for tile and setting changes (go live again, or stop it and
 *   push while Stopped); a new version for locked ones.
 *
 * @param tree - the journey to push
 * @param record - the stored record (`client.get`), or `undefined` when there is none
 * @param options - the choices for Live journeys and locked changes
 * @param context - the journey's own record id, the stored record's version, the time
 *
 * @example
 * ```ts
 * const record = await client.get(id);
 * const plan = planJourney(tree, record, { live: 'edit' }, { baseId: id, version: 1, now: Date.now() });
 * plan.action; // 'update'
 * plan.steps;  // ['enter Live, editable (Live → Live, editable)', 'update the record', …]
 * ```
 */
export function planJourney(tree: JourneyTree, record: JourneyRecord | undefined, options: PlanOptions, context: PlanContext): JourneyPlan {
  return planPush(tree, record, options, context).plan;
}

/** {@link planJourney} with the journey it would write. @internal */
export function planPush(tree: JourneyTree, record: JourneyRecord | undefined, options: PlanOptions, context: PlanContext): PlannedPush {
  const local = withoutStatus(tree);
  const version = context.version;
  const name = versionName(local.settings.name, version);
  if (record === undefined) {
    return {
      plan: { id: context.baseId, name, action: 'create', changes: [], steps: [`create ${quote(name)} as a Draft`] },
      write: local,
    };
  }
  const named = name === local.settings.name ? local : withSettings(local, { ...local.settings, name });
  const reconciled = reconcileIds(named, record.journey);
  const changes = journeyChanges(record.journey, reconciled);
  const storedName = record.journey.settings.name;
  const renamed = changes.some((c) => c.kind === 'settings' && c.field === 'name');
  const base = {
    id: record.id,
    name,
    ...(record.status === undefined ? {} : { status: record.status }),
    changes,
    ...(version > 1 ? { version } : {}),
  };
  const renamedFrom = renamed ? { renamedFrom: storedName } : {};
  const blocked = (reason: string, remedy: string): PlannedPush => ({ plan: { ...base, action: 'blocked', steps: [], reason, remedy } });
  if (changes.length === 0) return { plan: { ...base, action: 'unchanged', steps: [] } };
  const status = record.status;
  if (status === undefined) {
    return blocked(
      `${quote(storedName)} has the status code ${String(record.statusCode)}, which is not a known status`,
      'check the journey on the org; nothing is written to a journey whose status is unknown',
    );
  }
  if (isSettling(status)) {
    return blocked(`${quote(storedName)} is ${status}`, `wait until it settles (${status === 'Going live' ? 'Live or Error' : 'Stopped'}), then plan again`);
  }
  const state = recordState(record, status, context.now);
  const update = (steps: string[]): PlannedPush => ({ plan: { ...base, action: 'update', steps, ...renamedFrom }, write: reconciled });

  if (changes.every((c) => canEdit(windowOf(c), state))) {
    if (status !== 'Live, editable') return update([status === 'Draft' ? 'update the record' : `update the record (it stays ${status})`]);
    return options.live === 'edit'
      ? update(['update the record', 'go live again (Live, editable → Going live)', 'wait until it is Live'])
      : update(['update the record (it stays Live, editable until it goes live again)']);
  }
  if (status === 'Live') {
    const editable: LifecycleState = { ...state, status: 'Live, editable' };
    if (changes.every((c) => canEdit(windowOf(c), editable))) {
      if (options.live !== 'edit') {
        return blocked(
          `${quote(storedName)} is Live, and a Live journey takes no edits except through Live, editable`,
          "push with live: 'edit' (journey push --live-edit) to go Live → Live, editable → update → Going live → Live",
        );
      }
      const check = checkJourney(reconciled);
      const errors = check.ActivityValidationResults.filter((r) => r.Result === 'Error');
      if (check.Result === 'Error' || errors.length > 0) {
        return blocked(
          `Check for Errors finds ${errors.length} error${errors.length === 1 ? '' : 's'} (${errors.map((e) => e.Fault).join(', ')}), and going live again would leave ${quote(storedName)} in Error`,
          'fix them first (journey validate lists them); the Live journey is left as it is',
        );
      }
      return update([
        'enter Live, editable (Live → Live, editable)',
        'update the record',
        'go live again (Live, editable → Going live)',
        'wait until it is Live',
      ]);
    }
  }
  // Some change is locked in place for good, or for this status.
  const route: LifecycleState = status === 'Live' ? { ...state, status: 'Live, editable' } : state;
  const locked = changes.filter((c) => !canEdit(windowOf(c), route));
  const lockedForGood = status === 'Expired' || locked.some((c) => windowOf(c) !== 'live-editable');
  if (!lockedForGood) {
    // Error after going live: tile and setting changes wait until it is Stopped or Live again.
    return blocked(
      lockedReason(storedName, state, locked),
      'go live again (journey go-live) and push with a live edit, or stop it (journey stop) and push while it is Stopped',
    );
  }
  const next = version + 1;
  const nextName = versionName(local.settings.name, next);
  if (options.onPipelineChange !== 'new-version') {
    return blocked(
      lockedReason(storedName, state, locked),
      `push with onPipelineChange: 'new-version' (journey push --new-version) to create ${quote(nextName)} as a new Draft record${
        status === 'Live' ? "; add stopPrevious (--stop-previous) to stop this one" : ''
      }`,
    );
  }
  const id = journeyVersionId(context.baseId, next);
  // Ids depend on the tiles only: the version keeps the ids the reconciled journey has.
  const write = withSettings(reconciled, versionSettings(record.journey.settings, local.settings, nextName));
  const steps = [`create ${quote(nextName)} (${id}) as a Draft, with the settings of ${record.id} copied`];
  if (options.stopPrevious === true) {
    if (status === 'Live' || status === 'Error') steps.push(`stop ${record.id} (${status} → Stopping → Stopped)`);
    else steps.push(`leave ${record.id} as it is (${status}: nothing to stop)`);
  }
  return {
    plan: { ...base, id, name: nextName, action: 'create', steps, version: next, previousId: record.id },
    write,
  };
}
