/**
 * Steps: what each builder call records. A call turns its options into a {@link TileSpec} (header
 * and nested items with every default applied, plus the problems found in the options) and links
 * one step node to the previous one. Problems are reported by `build()`, which knows the tile's
 * path.
 *
 * @internal
 * @module
 */
import { ROOT_ACTIVITY_ID, ROOT_ITEM_ID, isGuid, isItemId, normalizeGuid } from '../ids.js';
import type { EntityTarget, JsonObject, Relation } from '../model.js';
import type {
  ActivityOptions,
  ConditionOptions,
  CustomTileOptions,
  Duration,
  EmailContent,
  EmailOptions,
  NestedItemOptions,
  OmittableItemField,
  RawItem,
  RootOptions,
  SegmentOptions,
  SegmentRef,
  TileOptions,
  TriggerOptions,
  WaitOptions,
  WaitWindow,
  Weekday,
} from './types.js';

/** A problem in a tile's options, reported by `build()` with the tile's path. */
export interface Problem {
  readonly code: string;
  readonly message: string;
}

/**
 * An item to write. For a plain item, `fields` is the whole item in output order (`type`, then
 * `itemId`, filled in by `build()`, then the fields), holding only defined primitive values, so
 * `build()` copies it in one step. For a raw item (`raw`), `fields` holds the fields after `type`
 * and `itemId` as given: JSON values to copy, `undefined` ones to drop.
 */
export interface ItemSpec {
  readonly type: string;
  readonly itemId: number | undefined;
  readonly key: string | undefined;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly raw: boolean;
  readonly extra: JsonObject | undefined;
  /** For messages: how to name this item (see {@link itemLabel}). */
  readonly label: string;
  /** Position in its list, or -1 when `label` alone names the item. */
  readonly index: number;
  /** The label starts with the item's type. */
  readonly typed: boolean;
}

/** How messages name an item: `header`, `segment include[0]`, `LandingPage nested[1]`. */
export function itemLabel(spec: ItemSpec): string {
  if (spec.index < 0) return spec.label;
  return `${spec.typed ? `${spec.type} ` : ''}${spec.label}[${spec.index}]`;
}

/** A tile to write; it is also the step of a plain tile call. */
export interface TileSpec {
  readonly kind: 'tile';
  readonly type: string;
  readonly name: string;
  readonly id: string | undefined;
  readonly key: string | undefined;
  readonly header: ItemSpec | undefined;
  readonly nested: readonly ItemSpec[];
  /** Trigger conditions, resolved against keys by `build()`. */
  readonly conditions: readonly ConditionOptions[] | undefined;
  /** `'journey'`: the journey's target; `null`: none. */
  readonly target: EntityTarget | 'journey' | null;
  readonly relation: Relation | undefined;
  readonly branch: number | undefined;
  readonly activityExtra: JsonObject | undefined;
  readonly propertiesExtra: JsonObject | undefined;
  /** The first problem found in the options, if any. */
  readonly problem: Problem | undefined;
}

/** One recorded call. */
export type Step =
  | TileSpec
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'trigger';
      readonly tile: TileSpec;
      readonly yes: StepNode | undefined;
      readonly no: StepNode | undefined;
    }
  | {
      readonly kind: 'split';
      readonly tile: TileSpec;
      readonly branches: readonly { readonly tile: TileSpec; readonly steps: StepNode | undefined }[];
    }
  | { readonly kind: 'parallel'; readonly branches: readonly (StepNode | undefined)[]; readonly problem: Problem | undefined };

/** A node of the persistent list of steps: the last step, linked to the ones before. */
export interface StepNode {
  readonly step: Step;
  readonly prev: StepNode | undefined;
  readonly length: number;
}

/** The steps of a list, first to last. */
export function stepsOf(last: StepNode | undefined): Step[] {
  const steps = new Array<Step>(last?.length ?? 0);
  for (let node = last; node !== undefined; node = node.prev) steps[node.length - 1] = node.step;
  return steps;
}

const GUID_EXAMPLE = '184e5a1a-464a-e911-a873-000d3a1fe344';
const DURATION_UNITS: readonly string[] = ['Minute', 'Hour', 'Day', 'Week', 'Month'];
const WEEKDAYS: readonly Weekday[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const CRM_ACTIVITY_TYPES: readonly string[] = ['phonecall', 'task', 'appointment'];
const EMAIL_CONTENT_TYPES: readonly string[] = ['LandingPage', 'Event', 'Survey', 'MarketingForm'];
const NAME_MAX = 100;
const RELATIONS: readonly string[] = ['Default', 'YesBranch', 'NoBranch'];
const BASE_FIELDS = ['recordId', 'name', 'nameIsSystemDefined', 'description', 'title'] as const;
/** The root header's default `Name`, as the designer writes it. */
export const ROOT_NAME = 'New ActivityTypeName_bpf_root_TitleText';

/** The shared, frozen empty list of nested items. */
const NO_ITEMS: readonly ItemSpec[] = Object.freeze([]);

// Checks. Each returns the problem it finds, or `undefined`; messages are made only on failure.
// A spec keeps the first problem of its options (`problem ??= check(...)`), in the order the
// options are listed below.

const problemOf = (code: string, message: string): Problem => ({ code, message });

function nameProblem(name: unknown, what: string): Problem | undefined {
  if (typeof name !== 'string' || name.trim() === '') return problemOf('empty-name', `${what} is empty; give 1 to ${NAME_MAX} characters`);
  if (name.length > NAME_MAX) return problemOf('name-too-long', `${what} has ${name.length} characters; at most ${NAME_MAX} are allowed`);
  return undefined;
}

/** The header name of a tile: the name, or `rawName` as given (the name must then be `''`). */
function tileName(name: unknown, options: TileOptions): string {
  if (options.rawName !== undefined) return options.rawName;
  return typeof name === 'string' ? name : '';
}

function tileNameProblem(name: unknown, options: TileOptions): Problem | undefined {
  if (options.rawName !== undefined) {
    if (typeof options.rawName !== 'string') {
      return problemOf('invalid-option', `rawName ${JSON.stringify(options.rawName) ?? 'undefined'} is not a string`);
    }
    if (name !== '') {
      return problemOf('invalid-option', `has both a name (${JSON.stringify(name) ?? 'undefined'}) and rawName; give the name as '' when rawName is used`);
    }
    return undefined;
  }
  if (options.omit?.includes('name') === true) return undefined;
  return nameProblem(name, 'name');
}

function placementProblem(options: TileOptions): Problem | undefined {
  if (options.relation !== undefined && !RELATIONS.includes(options.relation)) {
    return problemOf('invalid-option', `relation ${JSON.stringify(options.relation)} is not valid; use one of ${RELATIONS.join(', ')}`);
  }
  if (options.branch !== undefined && (!Number.isSafeInteger(options.branch) || options.branch < 0)) {
    return problemOf('invalid-option', `branch ${String(options.branch)} is not valid; give a whole number, 0 or more`);
  }
  return undefined;
}

/** Whether the character code is a lower-case hex digit. */
const isLowerHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/**
 * The GUID in the form the definition uses (lower case, without braces), or `undefined` when the
 * string is no GUID. A GUID already in that form is returned as it is, without a regular expression.
 */
function normalizedGuid(s: string): string | undefined {
  if (s.length === 36) {
    let i = 0;
    for (; i < 36; i++) {
      const c = s.charCodeAt(i);
      if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== 45 : !isLowerHex(c)) break;
    }
    if (i === 36) return s;
  }
  return isGuid(s) ? normalizeGuid(s) : undefined;
}

/** The normalized GUID, or `undefined` when `value` is none. */
const guidOf = (value: unknown): string | undefined => (typeof value === 'string' ? normalizedGuid(value) : undefined);

const malformedGuid = (value: unknown, label: string): Problem =>
  problemOf('malformed-guid', `${label} ${JSON.stringify(value) ?? 'undefined'} is not a GUID; expected 8-4-4-4-12 hex digits, e.g. ${GUID_EXAMPLE}`);

/** A checked GUID, normalized (as given when it is none: the spec then has a problem). */
const guidValue = (value: unknown, normalized: string | undefined): string =>
  normalized ?? (typeof value === 'string' ? value : '');

function keyProblem(key: string | undefined, label: string): Problem | undefined {
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    return problemOf('invalid-key', `${label}key ${JSON.stringify(key)} is not valid; a key is a non-empty string`);
  }
  return undefined;
}

function itemIdProblem(itemId: number | undefined, label: string): Problem | undefined {
  if (itemId !== undefined && !isItemId(itemId)) {
    return problemOf('invalid-id', `${label}itemId ${String(itemId)} is not valid; an item id is a whole number, 0 or more`);
  }
  return undefined;
}

function idProblem(id: string | undefined): Problem | undefined {
  if (id !== undefined && (typeof id !== 'string' || id === '')) {
    return problemOf('invalid-id', `id ${JSON.stringify(id)} is not valid; an activity id is a non-empty string such as "01_0_3"`);
  }
  return undefined;
}

/** The problems every tile checks last: key, item id, id, placement. */
const tileProblem = (options: TileOptions): Problem | undefined =>
  keyProblem(options.key, '') ?? itemIdProblem(options.itemId, '') ?? idProblem(options.id) ?? placementProblem(options);

const NO_DURATION: Duration = Object.freeze({ value: 0, unit: 'Minute' });

function durationProblem(duration: Duration | undefined, what: string): Problem | undefined {
  if (duration === undefined || typeof duration !== 'object') {
    return problemOf('invalid-duration', `${what} is missing; give { value, unit } with unit one of ${DURATION_UNITS.join(', ')}`);
  }
  if (!Number.isSafeInteger(duration.value) || duration.value < 0) {
    return problemOf('invalid-duration', `${what} value ${String(duration.value)} is not valid; give a whole number, 0 or more`);
  }
  if (!DURATION_UNITS.includes(duration.unit)) {
    return problemOf('invalid-duration', `${what} unit ${JSON.stringify(duration.unit)} is not valid; use one of ${DURATION_UNITS.join(', ')}`);
  }
  return undefined;
}

const durationValue = (duration: Duration | undefined): Duration =>
  duration === undefined || typeof duration !== 'object' ? NO_DURATION : duration;

/** Removes the omitted base fields. */
function omitFields(fields: Record<string, unknown>, omit: readonly OmittableItemField[] | undefined): void {
  if (omit !== undefined) for (const field of BASE_FIELDS) if (omit.includes(field)) delete fields[field];
}

/** A plain item: `fields` is the whole item (see {@link ItemSpec}). */
const plainItem = (
  fields: Record<string, unknown>,
  options: NestedItemOptions | TileOptions,
  key: string | undefined,
  label: string,
  index: number,
  typed: boolean,
): ItemSpec => ({
  type: fields['type'] as string,
  itemId: options.itemId,
  key,
  fields,
  raw: false,
  extra: options.extra,
  label,
  index,
  typed,
});

/** A plain item with the base fields (`name` only when given), less the omitted ones. */
function baseItem(type: string, recordId: string | null, name: string | undefined, options: NestedItemOptions): Record<string, unknown> {
  const fields: Record<string, unknown> =
    name === undefined
      ? { type, itemId: undefined, recordId, nameIsSystemDefined: options.nameIsSystemDefined ?? false, description: options.description ?? '', title: 'Undefined' }
      : { type, itemId: undefined, recordId, name, nameIsSystemDefined: options.nameIsSystemDefined ?? false, description: options.description ?? '', title: 'Undefined' };
  omitFields(fields, options.omit);
  return fields;
}

const baseHeader = (type: string, recordId: string | null, name: string, options: TileOptions): Record<string, unknown> =>
  baseItem(type, recordId, name, options);

const tileSpec = (
  type: string,
  name: string,
  options: TileOptions,
  header: Record<string, unknown>,
  nested: readonly ItemSpec[],
  conditions: readonly ConditionOptions[] | undefined,
  problem: Problem | undefined,
): TileSpec => ({
  kind: 'tile',
  type,
  name,
  id: options.id,
  key: options.key,
  header: plainItem(header, options, undefined, 'header', -1, false),
  nested,
  conditions,
  target: 'journey',
  relation: options.relation,
  branch: options.branch,
  activityExtra: undefined,
  propertiesExtra: undefined,
  problem,
});

/** A segment group. */
export function segmentSpec(name: string, options: SegmentOptions): TileSpec {
  let problem = tileNameProblem(name, options);
  name = tileName(name, options);
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  if (include.length === 0 && exclude.length === 0) {
    problem ??= problemOf('empty-segment-group', 'includes and excludes no segment; give at least one segment in include or exclude');
  }
  const nested = new Array<ItemSpec>(include.length + exclude.length);
  for (let k = 0; k < nested.length; k++) {
    const inclusion = k < include.length;
    const index = inclusion ? k : k - include.length;
    const segment = (inclusion ? include[index] : exclude[index]) as SegmentRef;
    const normalized = guidOf(segment.id);
    if (problem === undefined) {
      if (normalized === undefined) {
        problem = malformedGuid(segment.id, `${inclusion ? 'include' : 'exclude'}[${index}] segment id`);
      } else if (segment.key !== undefined || segment.itemId !== undefined) {
        const label = `${inclusion ? 'include' : 'exclude'}[${index}] `;
        problem = keyProblem(segment.key, label) ?? itemIdProblem(segment.itemId, label);
      }
    }
    const fields = baseItem('SegmentItem', guidValue(segment.id, normalized), segment.displayName ?? segment.name, segment);
    fields['containment'] = inclusion ? 'Inclusion' : 'Exclusion';
    fields['sourceType'] = segment.sourceType ?? 'Segment';
    if (segment.name !== undefined) fields['segmentName'] = segment.name;
    if (segment.displayName !== undefined) fields['displayName'] = segment.displayName;
    nested[k] = plainItem(fields, segment, segment.key, inclusion ? 'segment include' : 'segment exclude', index, false);
  }
  const header = baseHeader('Segment', null, name, options);
  header['mergeMethod'] = options.merge ?? 'Union';
  if (options.containment !== undefined) header['containment'] = options.containment;
  problem ??= tileProblem(options);
  return tileSpec('Segment', name, options, header, nested, undefined, problem);
}

/** An email. */
export function emailSpec(name: string, options: EmailOptions): TileSpec {
  let problem = tileNameProblem(name, options);
  name = tileName(name, options);
  let recordId: string | null = null;
  if (options.emailId === undefined || options.emailId === null || options.emailId === '') {
    problem ??= problemOf('missing-email', 'has no emailId; give the GUID of a marketing email (msdyncrm_marketingemail)');
  } else {
    const normalized = guidOf(options.emailId);
    if (normalized === undefined) problem ??= malformedGuid(options.emailId, 'emailId');
    recordId = guidValue(options.emailId, normalized);
  }
  const contents = options.nested;
  let nested = NO_ITEMS;
  if (contents !== undefined && contents.length > 0) {
    const made = new Array<ItemSpec>(contents.length);
    for (let i = 0; i < contents.length; i++) {
      const content = contents[i] as EmailContent;
      const normalized = content.id === null ? undefined : guidOf(content.id);
      problem ??= contentProblem(content, i, normalized);
      const fields = baseItem(content.type, content.id === null ? null : guidValue(content.id, normalized), content.name, content);
      made[i] = plainItem(fields, content, content.key, 'nested', i, true);
    }
    nested = made;
  }
  problem ??= tileProblem(options);
  return tileSpec('Email', name, options, baseHeader('Email', recordId, name, options), nested, undefined, problem);
}

/**
 * The first problem of an email's nested content, in the order: type, id (`normalized` is the
 * normalized id), name, key, item id.
 */
function contentProblem(content: EmailContent, i: number, normalized: string | undefined): Problem | undefined {
  if (!EMAIL_CONTENT_TYPES.includes(content.type)) {
    return problemOf('invalid-option', `nested[${i}] type ${JSON.stringify(content.type)} is not valid; use one of ${EMAIL_CONTENT_TYPES.join(', ')}`);
  }
  if (content.id !== null && normalized === undefined) return malformedGuid(content.id, `nested[${i}] ${content.type} id`);
  if (content.name !== undefined) {
    const problem = nameProblem(content.name, `nested[${i}] name`);
    if (problem !== undefined) return problem;
  }
  if (content.key !== undefined || content.itemId !== undefined) {
    return keyProblem(content.key, `nested[${i}] `) ?? itemIdProblem(content.itemId, `nested[${i}] `);
  }
  return undefined;
}

const CLOCK = /^(\d{1,2}):(\d{2})$/;

/** A time of day, or `undefined` when `value` is none. */
function clockOf(value: string): readonly [number, number] | undefined {
  const match = CLOCK.exec(value);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) return undefined;
  return [hour, minute];
}

const clockProblem = (value: string, what: string): Problem =>
  problemOf('invalid-window', `window ${what} ${JSON.stringify(value)} is not a time of day; use H:MM or HH:MM from 0:00 to 23:59`);

/** Default name of a wait: `Wait 1 day`, `Wait 3 hours`. */
export function waitName(duration: Duration | undefined): string {
  if (duration === undefined) return 'Wait';
  const unit = String(duration.unit).toLowerCase();
  return `Wait ${duration.value} ${unit}${duration.value === 1 ? '' : 's'}`;
}

/** A wait (`Scheduler`). */
export function waitSpec(name: string, options: WaitOptions): TileSpec {
  let problem = tileNameProblem(name, options);
  name = tileName(name, options);
  problem ??= durationProblem(options.duration, 'duration');
  const duration = durationValue(options.duration);
  const window: WaitWindow | undefined = options.window;
  let fromHour = 0;
  let fromMinute = 0;
  let toHour = 23;
  let toMinute = 59;
  let days: readonly Weekday[] = WEEKDAYS;
  if (window !== undefined) {
    days = window.days ?? WEEKDAYS;
    for (const day of days) {
      if (!WEEKDAYS.includes(day)) problem ??= problemOf('invalid-window', `window day ${JSON.stringify(day)} is not valid; use ${WEEKDAYS.join(', ')}`);
    }
    if (days.length === 0) problem ??= problemOf('invalid-window', 'window has no day; give at least one day or leave days out for every day');
    if (window.from !== undefined) {
      const from = clockOf(window.from);
      if (from === undefined) problem ??= clockProblem(window.from, 'from');
      else [fromHour, fromMinute] = from;
    }
    if (window.to !== undefined) {
      const to = clockOf(window.to);
      if (to === undefined) problem ??= clockProblem(window.to, 'to');
      else [toHour, toMinute] = to;
    }
    if (fromHour * 60 + fromMinute > toHour * 60 + toMinute) {
      problem ??= problemOf('invalid-window', `window from ${window.from ?? '0:00'} is after to ${window.to ?? '23:59'}; the range must not be empty`);
    }
  }
  const every = days === WEEKDAYS;
  const header: Record<string, unknown> = {
    type: 'Scheduler',
    itemId: undefined,
    recordId: null,
    name,
    nameIsSystemDefined: options.nameIsSystemDefined ?? false,
    description: options.description ?? '',
    title: 'Undefined',
    waitUntilMonday: every || days.includes('Monday'),
    waitUntilTuesday: every || days.includes('Tuesday'),
    waitUntilWednesday: every || days.includes('Wednesday'),
    waitUntilThursday: every || days.includes('Thursday'),
    waitUntilFriday: every || days.includes('Friday'),
    waitUntilSaturday: every || days.includes('Saturday'),
    waitUntilSunday: every || days.includes('Sunday'),
    waitUntilFromHour: fromHour,
    waitUntilFromMinute: fromMinute,
    waitUntilToHour: toHour,
    waitUntilToMinute: toMinute,
    offsetType: 'Duration',
    durationUnit: duration.unit,
    durationValue: duration.value,
    scheduledHour: 0,
    scheduledMinute: 0,
  };
  omitFields(header, options.omit);
  problem ??= tileProblem(options);
  return tileSpec('Scheduler', name, options, header, NO_ITEMS, undefined, problem);
}

const EMPTY_CONDITIONS: readonly ConditionOptions[] = Object.freeze([]);

/** A trigger's header. */
export function triggerSpec(name: string, options: TriggerOptions): TileSpec {
  let problem = tileNameProblem(name, options);
  name = tileName(name, options);
  problem ??= durationProblem(options.timeout, 'timeout');
  const timeout = durationValue(options.timeout);
  const logic = options.logic ?? 'AND';
  if (logic !== 'AND' && logic !== 'OR') {
    problem ??= problemOf('invalid-option', `logic ${JSON.stringify(logic)} is not valid; use AND or OR`);
  }
  const conditions = options.conditions ?? EMPTY_CONDITIONS;
  if (problem === undefined) {
    conditions.forEach((condition, i) => {
      const hasSource = typeof condition.source === 'string' && condition.source !== '';
      const hasItemId = typeof condition.sourceItemId === 'string' && /^\d+$/.test(condition.sourceItemId);
      if (hasSource === hasItemId) {
        problem ??= problemOf('invalid-condition', `condition ${i} needs exactly one of source (a key) or sourceItemId (an item id such as "28")`);
      }
      if (typeof condition.condition !== 'string' || condition.condition === '') {
        problem ??= problemOf('invalid-condition', `condition ${i} has no condition name; give one such as "UserRegistered"`);
      }
    });
  }
  const header = baseHeader('Trigger', null, name, options);
  header['timeoutValue'] = timeout.value;
  header['timeoutUnit'] = timeout.unit;
  header['ruleLogic'] = logic;
  problem ??= tileProblem(options);
  return tileSpec('Trigger', name, options, header, NO_ITEMS, conditions, problem);
}

/** A plain tile whose header holds one record id (or none). */
export function recordTileSpec(type: string, name: string, options: TileOptions, record?: { readonly value: unknown; readonly label: string }): TileSpec {
  let problem = tileNameProblem(name, options);
  name = tileName(name, options);
  let recordId: string | null = null;
  if (record !== undefined) {
    const normalized = guidOf(record.value);
    if (normalized === undefined) problem ??= malformedGuid(record.value, record.label);
    recordId = guidValue(record.value, normalized);
  }
  problem ??= tileProblem(options);
  return tileSpec(type, name, options, baseHeader(type, recordId, name, options), NO_ITEMS, undefined, problem);
}

/** A `SplitterBranch` or `Splitter` tile. */
export function splitTileSpec(type: 'Splitter' | 'SplitterBranch', name: string, options: TileOptions): TileSpec {
  return recordTileSpec(type, name, options);
}

/** An activity (`CreateCrmActivity`). */
export function activitySpec(name: string, options: ActivityOptions): TileSpec {
  let problem = tileNameProblem(name, options);
  name = tileName(name, options);
  const type = options.activityType;
  if (!CRM_ACTIVITY_TYPES.includes(type)) {
    problem ??= problemOf('invalid-option', `activityType ${JSON.stringify(type)} is not valid; use one of ${CRM_ACTIVITY_TYPES.join(', ')}`);
  }
  let recordId: string | null = null;
  if (options.templateId !== undefined) {
    const normalized = guidOf(options.templateId);
    if (normalized === undefined) problem ??= malformedGuid(options.templateId, 'templateId');
    recordId = guidValue(options.templateId, normalized);
  }
  const header = baseHeader('CreateCrmActivity', recordId, name, options);
  header['templateEntity'] = options.templateEntity ?? `msdyncrm_${type}activitymarketingtemplate`;
  header['activityType'] = type;
  header['owner'] = options.owner ?? 'msdyncrm_customerjourney.ownerid';
  problem ??= tileProblem(options);
  return tileSpec('CreateCrmActivity', name, options, header, NO_ITEMS, undefined, problem);
}

/** Any tile, from raw parts. */
export function customSpec(type: string, name: string, options: CustomTileOptions): TileSpec {
  let problem: Problem | undefined;
  if (typeof type !== 'string' || type === '') {
    problem = problemOf('invalid-option', 'activityTypeId is empty; give the tile type, e.g. "Email" or a custom channel type');
  }
  problem ??= tileNameProblem(name, options);
  name = tileName(name, options);
  problem ??= tileProblem(options);
  let header: ItemSpec | undefined;
  if (options.header !== false) {
    const fields: Record<string, unknown> = {
      recordId: options.recordId ?? null,
      name,
      nameIsSystemDefined: options.nameIsSystemDefined ?? false,
      description: options.description ?? '',
      title: options.title ?? 'Undefined',
    };
    omitFields(fields, options.omit);
    assignOwn(fields, options.fields);
    header = { type, itemId: options.itemId, key: undefined, fields, raw: true, extra: options.extra, label: 'header', index: -1, typed: false };
  }
  const raws = rawItems(options.nested, '');
  problem ??= raws.problem;
  return {
    kind: 'tile',
    type,
    name,
    id: options.id,
    key: options.key,
    header,
    nested: raws.items,
    conditions: undefined,
    target: options.target === undefined ? 'journey' : options.target,
    relation: options.relation,
    branch: options.branch,
    activityExtra: options.activityExtra,
    propertiesExtra: options.propertiesExtra,
    problem,
  };
}

/** Copies own enumerable properties as own properties (a `__proto__` key stays a key). */
function assignOwn(target: Record<string, unknown>, source: object | undefined): void {
  if (source === undefined || source === null) return;
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, { value: (source as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
  }
}

/** Raw items (of a custom tile or the root), written as given, and their first problem. */
function rawItems(raws: readonly RawItem[] | undefined, prefix: '' | 'root '): { items: readonly ItemSpec[]; problem: Problem | undefined } {
  let problem: Problem | undefined;
  const items = (raws ?? []).map((raw: RawItem, i): ItemSpec => {
    problem ??= keyProblem(raw.key, `${prefix}nested[${i}] `) ?? itemIdProblem(raw.itemId, `${prefix}nested[${i}] `);
    const fields: Record<string, unknown> = {};
    for (const field of BASE_FIELDS) if (raw[field] !== undefined) fields[field] = raw[field];
    assignOwn(fields, raw.fields);
    return { type: raw.type, itemId: raw.itemId, key: raw.key, fields, raw: true, extra: raw.extra, label: `${prefix}nested`, index: i, typed: true };
  });
  return { items, problem };
}

/** The hidden root (`bpf_root`, id `01`): the default header, changed by the journey's `root` options. */
export function rootSpec(options: RootOptions): TileSpec {
  let problem = itemIdProblem(options.itemId, 'root ');
  const fields: Record<string, unknown> = { recordId: options.recordId ?? null, name: options.name ?? ROOT_NAME };
  if (options.nameIsSystemDefined !== undefined) fields['nameIsSystemDefined'] = options.nameIsSystemDefined;
  if (options.description !== undefined) fields['description'] = options.description;
  fields['title'] = options.title ?? 'Undefined';
  omitFields(fields, options.omit);
  const header: ItemSpec = {
    type: 'bpf_root',
    itemId: options.itemId ?? ROOT_ITEM_ID,
    key: undefined,
    fields,
    raw: true,
    extra: options.extra,
    label: 'root header',
    index: -1,
    typed: false,
  };
  const raws = rawItems(options.nested, 'root ');
  problem ??= raws.problem;
  return {
    kind: 'tile',
    type: 'bpf_root',
    name: 'root',
    id: ROOT_ACTIVITY_ID,
    key: undefined,
    header,
    nested: raws.items,
    conditions: undefined,
    target: null,
    relation: undefined,
    branch: undefined,
    activityExtra: options.activityExtra,
    propertiesExtra: options.propertiesExtra,
    problem,
  };
}

/** The problem of a branching call with too few branches. */
export function branchCountProblem(what: 'split' | 'parallel', count: number): Problem | undefined {
  return count < 2 ? problemOf('too-few-branches', `${what} has ${count} branch${count === 1 ? '' : 'es'}; give at least two`) : undefined;
}
