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

/** An item to write: its fields in output order (after `type` and `itemId`). */
export interface ItemSpec {
  readonly type: string;
  readonly itemId: number | undefined;
  readonly key: string | undefined;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly extra: JsonObject | undefined;
  /** For messages: how to name this item. */
  readonly label: string;
}

/** A tile to write. */
export interface TileSpec {
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
  readonly problems: readonly Problem[];
}

/** One recorded call. */
export type Step =
  | { readonly kind: 'tile'; readonly tile: TileSpec }
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
  | { readonly kind: 'parallel'; readonly branches: readonly (StepNode | undefined)[]; readonly problems: readonly Problem[] };

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

/** Collects the problems of one tile's options. */
class Checker {
  readonly problems: Problem[] = [];

  add(code: string, message: string): void {
    this.problems.push({ code, message });
  }

  name(name: unknown, what = 'name'): string {
    if (typeof name !== 'string' || name.trim() === '') {
      this.add('empty-name', `${what} is empty; give 1 to ${NAME_MAX} characters`);
      return typeof name === 'string' ? name : '';
    }
    if (name.length > NAME_MAX) {
      this.add('name-too-long', `${what} has ${name.length} characters; at most ${NAME_MAX} are allowed`);
    }
    return name;
  }

  /** The header name of a tile: the checked name, or `rawName` as given (the name must then be `''`). */
  tileName(name: unknown, options: TileOptions): string {
    if (options.rawName !== undefined) {
      if (typeof options.rawName !== 'string') {
        this.add('invalid-option', `rawName ${JSON.stringify(options.rawName) ?? 'undefined'} is not a string`);
      }
      if (name !== '') {
        this.add('invalid-option', `has both a name (${JSON.stringify(name) ?? 'undefined'}) and rawName; give the name as '' when rawName is used`);
      }
      return options.rawName;
    }
    if (options.omit?.includes('name') === true) return typeof name === 'string' ? name : '';
    return this.name(name);
  }

  placement(options: TileOptions): void {
    if (options.relation !== undefined && !RELATIONS.includes(options.relation)) {
      this.add('invalid-option', `relation ${JSON.stringify(options.relation)} is not valid; use one of ${RELATIONS.join(', ')}`);
    }
    if (options.branch !== undefined && (!Number.isSafeInteger(options.branch) || options.branch < 0)) {
      this.add('invalid-option', `branch ${String(options.branch)} is not valid; give a whole number, 0 or more`);
    }
  }

  guid(value: unknown, label: string): string {
    if (typeof value === 'string' && isGuid(value)) return normalizeGuid(value);
    this.add('malformed-guid', `${label} ${JSON.stringify(value) ?? 'undefined'} is not a GUID; expected 8-4-4-4-12 hex digits, e.g. ${GUID_EXAMPLE}`);
    return typeof value === 'string' ? value : '';
  }

  key(key: string | undefined, label = ''): void {
    if (key !== undefined && (typeof key !== 'string' || key === '')) {
      this.add('invalid-key', `${label}key ${JSON.stringify(key)} is not valid; a key is a non-empty string`);
    }
  }

  itemId(itemId: number | undefined, label = ''): void {
    if (itemId !== undefined && !isItemId(itemId)) {
      this.add('invalid-id', `${label}itemId ${String(itemId)} is not valid; an item id is a whole number, 0 or more`);
    }
  }

  id(id: string | undefined): void {
    if (id !== undefined && (typeof id !== 'string' || id === '')) {
      this.add('invalid-id', `id ${JSON.stringify(id)} is not valid; an activity id is a non-empty string such as "01_0_3"`);
    }
  }

  duration(duration: Duration | undefined, what: string): Duration {
    if (duration === undefined || typeof duration !== 'object') {
      this.add('invalid-duration', `${what} is missing; give { value, unit } with unit one of ${DURATION_UNITS.join(', ')}`);
      return { value: 0, unit: 'Minute' };
    }
    if (!Number.isSafeInteger(duration.value) || duration.value < 0) {
      this.add('invalid-duration', `${what} value ${String(duration.value)} is not valid; give a whole number, 0 or more`);
    }
    if (!DURATION_UNITS.includes(duration.unit)) {
      this.add('invalid-duration', `${what} unit ${JSON.stringify(duration.unit)} is not valid; use one of ${DURATION_UNITS.join(', ')}`);
    }
    return duration;
  }
}

const item = (
  type: string,
  options: NestedItemOptions | TileOptions,
  fields: Record<string, unknown>,
  label: string,
  key: string | undefined,
): ItemSpec => ({ type, itemId: options.itemId, key, fields, extra: options.extra, label });

/** Removes the omitted base fields. */
const omitFields = (fields: Record<string, unknown>, omit: readonly OmittableItemField[] | undefined): Record<string, unknown> => {
  if (omit !== undefined) for (const field of BASE_FIELDS) if (omit.includes(field)) delete fields[field];
  return fields;
};

const baseFields = (recordId: string | null, name: string | undefined, options: NestedItemOptions): Record<string, unknown> => {
  const fields: Record<string, unknown> = { recordId };
  if (name !== undefined) fields['name'] = name;
  fields['nameIsSystemDefined'] = options.nameIsSystemDefined ?? false;
  fields['description'] = options.description ?? '';
  fields['title'] = 'Undefined';
  return omitFields(fields, options.omit);
};

interface TileParts {
  readonly header?: Record<string, unknown>;
  readonly recordId?: string | null;
  readonly nested?: readonly ItemSpec[];
  readonly conditions?: readonly ConditionOptions[];
}

const tile = (type: string, name: string, options: TileOptions, check: Checker, parts: TileParts = {}): TileSpec => {
  check.key(options.key);
  check.itemId(options.itemId);
  check.id(options.id);
  check.placement(options);
  const header = item(type, options, { ...baseFields(parts.recordId ?? null, name, options), ...parts.header }, 'header', undefined);
  return {
    type,
    name,
    id: options.id,
    key: options.key,
    header,
    nested: parts.nested ?? [],
    conditions: parts.conditions,
    target: 'journey',
    relation: options.relation,
    branch: options.branch,
    activityExtra: undefined,
    propertiesExtra: undefined,
    problems: check.problems,
  };
};

/** A segment group. */
export function segmentSpec(name: string, options: SegmentOptions): TileSpec {
  const check = new Checker();
  name = check.tileName(name, options);
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  if (include.length === 0 && exclude.length === 0) {
    check.add('empty-segment-group', 'includes and excludes no segment; give at least one segment in include or exclude');
  }
  const ref = (segment: SegmentRef, containment: 'Inclusion' | 'Exclusion', index: number): ItemSpec => {
    const label = `${containment === 'Inclusion' ? 'include' : 'exclude'}[${index}]`;
    const recordId = check.guid(segment.id, `${label} segment id`);
    check.key(segment.key, `${label} `);
    check.itemId(segment.itemId, `${label} `);
    const fields = baseFields(recordId, segment.displayName ?? segment.name, segment);
    fields['containment'] = containment;
    fields['sourceType'] = segment.sourceType ?? 'Segment';
    if (segment.name !== undefined) fields['segmentName'] = segment.name;
    if (segment.displayName !== undefined) fields['displayName'] = segment.displayName;
    return item('SegmentItem', segment, fields, `segment ${label}`, segment.key);
  };
  const nested = [
    ...include.map((segment, i) => ref(segment, 'Inclusion', i)),
    ...exclude.map((segment, i) => ref(segment, 'Exclusion', i)),
  ];
  const header: Record<string, unknown> = { mergeMethod: options.merge ?? 'Union' };
  if (options.containment !== undefined) header['containment'] = options.containment;
  return tile('Segment', name, options, check, { header, nested });
}

/** An email. */
export function emailSpec(name: string, options: EmailOptions): TileSpec {
  const check = new Checker();
  name = check.tileName(name, options);
  let recordId: string | null = null;
  if (options.emailId === undefined || options.emailId === null || options.emailId === '') {
    check.add('missing-email', 'has no emailId; give the GUID of a marketing email (msdyncrm_marketingemail)');
  } else {
    recordId = check.guid(options.emailId, 'emailId');
  }
  const nested = (options.nested ?? []).map((content: EmailContent, i) => {
    const label = `nested[${i}]`;
    if (!EMAIL_CONTENT_TYPES.includes(content.type)) {
      check.add('invalid-option', `${label} type ${JSON.stringify(content.type)} is not valid; use one of ${EMAIL_CONTENT_TYPES.join(', ')}`);
    }
    const id = content.id === null ? null : check.guid(content.id, `${label} ${content.type} id`);
    if (content.name !== undefined) check.name(content.name, `${label} name`);
    check.key(content.key, `${label} `);
    check.itemId(content.itemId, `${label} `);
    return item(content.type, content, baseFields(id, content.name, content), `${content.type} ${label}`, content.key);
  });
  return tile('Email', name, options, check, { recordId, nested });
}

const CLOCK = /^(\d{1,2}):(\d{2})$/;

const clock = (check: Checker, value: string | undefined, fallback: readonly [number, number], what: string): readonly [number, number] => {
  if (value === undefined) return fallback;
  const match = CLOCK.exec(value);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) {
    check.add('invalid-window', `window ${what} ${JSON.stringify(value)} is not a time of day; use H:MM or HH:MM from 0:00 to 23:59`);
    return fallback;
  }
  return [hour, minute];
};

/** Default name of a wait: `Wait 1 day`, `Wait 3 hours`. */
export function waitName(duration: Duration | undefined): string {
  if (duration === undefined) return 'Wait';
  const unit = String(duration.unit).toLowerCase();
  return `Wait ${duration.value} ${unit}${duration.value === 1 ? '' : 's'}`;
}

/** A wait (`Scheduler`). */
export function waitSpec(name: string, options: WaitOptions): TileSpec {
  const check = new Checker();
  name = check.tileName(name, options);
  const duration = check.duration(options.duration, 'duration');
  const window: WaitWindow = options.window ?? {};
  const days = window.days ?? WEEKDAYS;
  for (const day of days) {
    if (!WEEKDAYS.includes(day)) check.add('invalid-window', `window day ${JSON.stringify(day)} is not valid; use ${WEEKDAYS.join(', ')}`);
  }
  if (days.length === 0) check.add('invalid-window', 'window has no day; give at least one day or leave days out for every day');
  const from = clock(check, window.from, [0, 0], 'from');
  const to = clock(check, window.to, [23, 59], 'to');
  if (from[0] * 60 + from[1] > to[0] * 60 + to[1]) {
    check.add('invalid-window', `window from ${window.from ?? '0:00'} is after to ${window.to ?? '23:59'}; the range must not be empty`);
  }
  const header: Record<string, unknown> = {};
  for (const day of WEEKDAYS) header[`waitUntil${day}`] = days.includes(day);
  header['waitUntilFromHour'] = from[0];
  header['waitUntilFromMinute'] = from[1];
  header['waitUntilToHour'] = to[0];
  header['waitUntilToMinute'] = to[1];
  header['offsetType'] = 'Duration';
  header['durationUnit'] = duration.unit;
  header['durationValue'] = duration.value;
  header['scheduledHour'] = 0;
  header['scheduledMinute'] = 0;
  return tile('Scheduler', name, options, check, { header });
}

/** A trigger's header. */
export function triggerSpec(name: string, options: TriggerOptions): TileSpec {
  const check = new Checker();
  name = check.tileName(name, options);
  const timeout = check.duration(options.timeout, 'timeout');
  const logic = options.logic ?? 'AND';
  if (logic !== 'AND' && logic !== 'OR') {
    check.add('invalid-option', `logic ${JSON.stringify(logic)} is not valid; use AND or OR`);
  }
  const conditions = options.conditions ?? [];
  conditions.forEach((condition, i) => {
    const hasSource = typeof condition.source === 'string' && condition.source !== '';
    const hasItemId = typeof condition.sourceItemId === 'string' && /^\d+$/.test(condition.sourceItemId);
    if (hasSource === hasItemId) {
      check.add(
        'invalid-condition',
        `condition ${i} needs exactly one of source (a key) or sourceItemId (an item id such as "28")`,
      );
    }
    if (typeof condition.condition !== 'string' || condition.condition === '') {
      check.add('invalid-condition', `condition ${i} has no condition name; give one such as "UserRegistered"`);
    }
  });
  return tile('Trigger', name, options, check, {
    header: { timeoutValue: timeout.value, timeoutUnit: timeout.unit, ruleLogic: logic },
    conditions,
  });
}

/** A plain tile whose header holds one record id (or none). */
export function recordTileSpec(type: string, name: string, options: TileOptions, record?: { readonly value: unknown; readonly label: string }): TileSpec {
  const check = new Checker();
  name = check.tileName(name, options);
  const recordId = record === undefined ? null : check.guid(record.value, record.label);
  return tile(type, name, options, check, { recordId });
}

/** A `SplitterBranch` or `Splitter` tile. */
export function splitTileSpec(type: 'Splitter' | 'SplitterBranch', name: string, options: TileOptions): TileSpec {
  return recordTileSpec(type, name, options);
}

/** An activity (`CreateCrmActivity`). */
export function activitySpec(name: string, options: ActivityOptions): TileSpec {
  const check = new Checker();
  name = check.tileName(name, options);
  const type = options.activityType;
  if (!CRM_ACTIVITY_TYPES.includes(type)) {
    check.add('invalid-option', `activityType ${JSON.stringify(type)} is not valid; use one of ${CRM_ACTIVITY_TYPES.join(', ')}`);
  }
  const recordId = options.templateId === undefined ? null : check.guid(options.templateId, 'templateId');
  return tile('CreateCrmActivity', name, options, check, {
    recordId,
    header: {
      templateEntity: options.templateEntity ?? `msdyncrm_${type}activitymarketingtemplate`,
      activityType: type,
      owner: options.owner ?? 'msdyncrm_customerjourney.ownerid',
    },
  });
}

/** Any tile, from raw parts. */
export function customSpec(type: string, name: string, options: CustomTileOptions): TileSpec {
  const check = new Checker();
  if (typeof type !== 'string' || type === '') {
    check.add('invalid-option', 'activityTypeId is empty; give the tile type, e.g. "Email" or a custom channel type');
  }
  name = check.tileName(name, options);
  check.key(options.key);
  check.itemId(options.itemId);
  check.id(options.id);
  check.placement(options);
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
    header = item(type, options, fields, 'header', undefined);
  }
  const nested = rawItems(options.nested, check, '');
  return {
    type,
    name,
    id: options.id,
    key: options.key,
    header,
    nested,
    conditions: undefined,
    target: options.target === undefined ? 'journey' : options.target,
    relation: options.relation,
    branch: options.branch,
    activityExtra: options.activityExtra,
    propertiesExtra: options.propertiesExtra,
    problems: check.problems,
  };
}

/** Copies own enumerable properties as own properties (a `__proto__` key stays a key). */
function assignOwn(target: Record<string, unknown>, source: object | undefined): void {
  if (source === undefined || source === null) return;
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, { value: (source as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
  }
}

/** Raw items (of a custom tile or the root), written as given. */
function rawItems(raws: readonly RawItem[] | undefined, check: Checker, prefix: string): ItemSpec[] {
  return (raws ?? []).map((raw: RawItem, i) => {
    const label = `${prefix}nested[${i}]`;
    check.key(raw.key, `${label} `);
    check.itemId(raw.itemId, `${label} `);
    const fields: Record<string, unknown> = {};
    for (const field of BASE_FIELDS) if (raw[field] !== undefined) fields[field] = raw[field];
    assignOwn(fields, raw.fields);
    return item(raw.type, raw, fields, `${raw.type} ${label}`, raw.key);
  });
}

/** The hidden root (`bpf_root`, id `01`): the default header, changed by the journey's `root` options. */
export function rootSpec(options: RootOptions): TileSpec {
  const check = new Checker();
  check.itemId(options.itemId, 'root ');
  const fields: Record<string, unknown> = { recordId: options.recordId ?? null, name: options.name ?? ROOT_NAME };
  if (options.nameIsSystemDefined !== undefined) fields['nameIsSystemDefined'] = options.nameIsSystemDefined;
  if (options.description !== undefined) fields['description'] = options.description;
  fields['title'] = options.title ?? 'Undefined';
  omitFields(fields, options.omit);
  const header: ItemSpec = { type: 'bpf_root', itemId: options.itemId ?? ROOT_ITEM_ID, key: undefined, fields, extra: options.extra, label: 'root header' };
  return {
    type: 'bpf_root',
    name: 'root',
    id: ROOT_ACTIVITY_ID,
    key: undefined,
    header,
    nested: rawItems(options.nested, check, 'root '),
    conditions: undefined,
    target: null,
    relation: undefined,
    branch: undefined,
    activityExtra: options.activityExtra,
    propertiesExtra: options.propertiesExtra,
    problems: check.problems,
  };
}

/** Problems of a branching call with too few branches. */
export function branchCountProblems(what: 'split' | 'parallel', count: number): Problem[] {
  return count < 2
    ? [{ code: 'too-few-branches', message: `${what} has ${count} branch${count === 1 ? '' : 'es'}; give at least two` }]
    : [];
}
