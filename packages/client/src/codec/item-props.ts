/**
 * The typed properties of items, by item type: wire name, model name and JSON type. Parsing
 * looks keys up in a table built once; serializing writes them with direct code per type.
 *
 * @module
 */
import type { Item, JsonObject, TriggerCondition } from '@customer-journey/dsl';
import { JourneyFormatError, describeValue, itemPath, setOwn, isObject } from './errors.js';
import { checkExtraNesting } from './nesting.js';

/** The JSON type a typed property must have. */
export type PropKind = 'string' | 'number' | 'boolean' | 'conditions';

/** One typed property: its wire name, its model name and its JSON type. */
export interface PropSpec {
  readonly wire: string;
  readonly model: string;
  readonly kind: PropKind;
}

const spec = (wire: string, model: string, kind: PropKind): PropSpec => ({ wire, model, kind });

/**
 * Typed properties by item type (`ActivityTypeId` of the item), in the order they are written.
 *
 * @example
 * ```ts
 * ITEM_PROPS.Trigger?.[0]; // { wire: 'TimeoutValue', model: 'timeoutValue', kind: 'number' }
 * ```
 */
export const ITEM_PROPS: Readonly<Record<string, readonly PropSpec[]>> = Object.freeze({
  Segment: [spec('SegmentMergeMethod', 'mergeMethod', 'string'), spec('ContainmentMethod', 'containment', 'string')],
  SegmentItem: [
    spec('ContainmentMethod', 'containment', 'string'),
    spec('SegmentSourceType', 'sourceType', 'string'),
    spec('DciSegmentName', 'segmentName', 'string'),
    spec('SegmentDisplayName', 'displayName', 'string'),
  ],
  Trigger: [
    spec('TimeoutValue', 'timeoutValue', 'number'),
    spec('TimeoutUnit', 'timeoutUnit', 'string'),
    spec('RuleLogic', 'ruleLogic', 'string'),
    spec('ConditionExpressions', 'conditions', 'conditions'),
  ],
  Scheduler: [
    spec('WaitUntilMonday', 'waitUntilMonday', 'boolean'),
    spec('WaitUntilTuesday', 'waitUntilTuesday', 'boolean'),
    spec('WaitUntilWednesday', 'waitUntilWednesday', 'boolean'),
    spec('WaitUntilThursday', 'waitUntilThursday', 'boolean'),
    spec('WaitUntilFriday', 'waitUntilFriday', 'boolean'),
    spec('WaitUntilSaturday', 'waitUntilSaturday', 'boolean'),
    spec('WaitUntilSunday', 'waitUntilSunday', 'boolean'),
    spec('WaitUntilFromHour', 'waitUntilFromHour', 'number'),
    spec('WaitUntilFromMinute', 'waitUntilFromMinute', 'number'),
    spec('WaitUntilToHour', 'waitUntilToHour', 'number'),
    spec('WaitUntilToMinute', 'waitUntilToMinute', 'number'),
    spec('OffsetType', 'offsetType', 'string'),
    spec('ScheduledDurationUnit', 'durationUnit', 'string'),
    spec('ScheduledDurationValue', 'durationValue', 'number'),
    spec('ScheduledHour', 'scheduledHour', 'number'),
    spec('ScheduledMinute', 'scheduledMinute', 'number'),
  ],
  CreateCrmActivity: [
    spec('TemplateEntityLogicalName', 'templateEntity', 'string'),
    spec('ActivityTypeName', 'activityType', 'string'),
    spec('Owner', 'owner', 'string'),
  ],
});

/** Wire keys every item may have, in the designer's order. */
export const ITEM_BASE_KEYS: readonly string[] = Object.freeze([
  'ActivityTypeId',
  'ItemId',
  'Name',
  'IsNameSystemDefined',
  'ActivityItemId',
  'Description',
  'Title',
]);

const KIND_TEXT: Readonly<Record<PropKind, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  conditions: 'an array of { SourceActivityItemId: string, Condition: string }',
};

function wrongKind(wire: string, kind: PropKind, value: unknown, i: number, j: number): JourneyFormatError {
  return new JourneyFormatError(`${itemPath(i, j)}.${wire}`, `${wire} is ${describeValue(value)}`, KIND_TEXT[kind]);
}

function str(value: unknown, wire: string, i: number, j: number): string {
  if (typeof value !== 'string') throw wrongKind(wire, 'string', value, i, j);
  return value;
}

function num(value: unknown, wire: string, i: number, j: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongKind(wire, 'number', value, i, j);
  return value;
}

function bool(value: unknown, wire: string, i: number, j: number): boolean {
  if (typeof value !== 'boolean') throw wrongKind(wire, 'boolean', value, i, j);
  return value;
}

/**
 * Reads one key of an item of a type with typed properties into the model item under
 * construction. Returns `false` when `key` is not a typed property of that type (the caller keeps
 * it as an unknown key); throws on a wrong type. The item is `$[i].Properties.Items[j]`; its path
 * is only formatted when there is an error.
 */
export type TypedPropReader = (
  key: string,
  value: unknown,
  out: Record<string, unknown>,
  i: number,
  j: number,
  deep: boolean,
) => boolean;

// One reader per type, with the wire and model names written out so that every store is a plain
// named-property store. They follow ITEM_PROPS exactly (a test checks every entry).

function readSegmentProp(key: string, v: unknown, o: Record<string, unknown>, i: number, j: number): boolean {
  switch (key) {
    case 'SegmentMergeMethod': o['mergeMethod'] = str(v, key, i, j); return true;
    case 'ContainmentMethod': o['containment'] = str(v, key, i, j); return true;
    default: return false;
  }
}

function readSegmentItemProp(key: string, v: unknown, o: Record<string, unknown>, i: number, j: number): boolean {
  switch (key) {
    case 'ContainmentMethod': o['containment'] = str(v, key, i, j); return true;
    case 'SegmentSourceType': o['sourceType'] = str(v, key, i, j); return true;
    case 'DciSegmentName': o['segmentName'] = str(v, key, i, j); return true;
    case 'SegmentDisplayName': o['displayName'] = str(v, key, i, j); return true;
    default: return false;
  }
}

function readTriggerProp(key: string, v: unknown, o: Record<string, unknown>, i: number, j: number, deep: boolean): boolean {
  switch (key) {
    case 'TimeoutValue': o['timeoutValue'] = num(v, key, i, j); return true;
    case 'TimeoutUnit': o['timeoutUnit'] = str(v, key, i, j); return true;
    case 'RuleLogic': o['ruleLogic'] = str(v, key, i, j); return true;
    case 'ConditionExpressions': o['conditions'] = readConditions(v, i, j, deep); return true;
    default: return false;
  }
}

function readSchedulerProp(key: string, v: unknown, o: Record<string, unknown>, i: number, j: number): boolean {
  switch (key) {
    case 'WaitUntilMonday': o['waitUntilMonday'] = bool(v, key, i, j); return true;
    case 'WaitUntilTuesday': o['waitUntilTuesday'] = bool(v, key, i, j); return true;
    case 'WaitUntilWednesday': o['waitUntilWednesday'] = bool(v, key, i, j); return true;
    case 'WaitUntilThursday': o['waitUntilThursday'] = bool(v, key, i, j); return true;
    case 'WaitUntilFriday': o['waitUntilFriday'] = bool(v, key, i, j); return true;
    case 'WaitUntilSaturday': o['waitUntilSaturday'] = bool(v, key, i, j); return true;
    case 'WaitUntilSunday': o['waitUntilSunday'] = bool(v, key, i, j); return true;
    case 'WaitUntilFromHour': o['waitUntilFromHour'] = num(v, key, i, j); return true;
    case 'WaitUntilFromMinute': o['waitUntilFromMinute'] = num(v, key, i, j); return true;
    case 'WaitUntilToHour': o['waitUntilToHour'] = num(v, key, i, j); return true;
    case 'WaitUntilToMinute': o['waitUntilToMinute'] = num(v, key, i, j); return true;
    case 'OffsetType': o['offsetType'] = str(v, key, i, j); return true;
    case 'ScheduledDurationUnit': o['durationUnit'] = str(v, key, i, j); return true;
    case 'ScheduledDurationValue': o['durationValue'] = num(v, key, i, j); return true;
    case 'ScheduledHour': o['scheduledHour'] = num(v, key, i, j); return true;
    case 'ScheduledMinute': o['scheduledMinute'] = num(v, key, i, j); return true;
    default: return false;
  }
}

function readCreateCrmActivityProp(key: string, v: unknown, o: Record<string, unknown>, i: number, j: number): boolean {
  switch (key) {
    case 'TemplateEntityLogicalName': o['templateEntity'] = str(v, key, i, j); return true;
    case 'ActivityTypeName': o['activityType'] = str(v, key, i, j); return true;
    case 'Owner': o['owner'] = str(v, key, i, j); return true;
    default: return false;
  }
}

/**
 * The reader of the typed properties of an item type (`undefined` for types without any).
 *
 * @example
 * ```ts
 * const out: Record<string, unknown> = {};
 * typedPropReaderOf('Trigger')?.('TimeoutValue', 5, out, 3, 0, false); // true; out.timeoutValue === 5
 * ```
 */
export function typedPropReaderOf(type: string): TypedPropReader | undefined {
  switch (type) {
    case 'Segment': return readSegmentProp;
    case 'SegmentItem': return readSegmentItemProp;
    case 'Trigger': return readTriggerProp;
    case 'Scheduler': return readSchedulerProp;
    case 'CreateCrmActivity': return readCreateCrmActivityProp;
    default: return undefined;
  }
}

function readConditions(value: unknown, i0: number, j0: number, deep: boolean): TriggerCondition[] {
  const at = (): string => `${itemPath(i0, j0)}.ConditionExpressions`;
  if (!Array.isArray(value)) {
    throw new JourneyFormatError(at(), `ConditionExpressions is ${describeValue(value)}`, KIND_TEXT.conditions);
  }
  const result: TriggerCondition[] = new Array<TriggerCondition>(value.length);
  for (let i = 0; i < value.length; i++) {
    const raw: unknown = value[i];
    if (!isObject(raw)) {
      const where = `${at()}[${i}]`;
      throw new JourneyFormatError(where, `condition is ${describeValue(raw)}`, 'an object { SourceActivityItemId: string, Condition: string }');
    }
    let source: unknown;
    let condition: unknown;
    let extra: Record<string, unknown> | undefined;
    for (const key in raw) {
      const v = raw[key];
      if (key === 'SourceActivityItemId') source = v;
      else if (key === 'Condition') condition = v;
      else setOwn((extra ??= {}), key, v);
    }
    if (typeof source !== 'string') {
      throw new JourneyFormatError(
        `${at()}[${i}].SourceActivityItemId`,
        source === undefined ? 'SourceActivityItemId is missing' : `SourceActivityItemId is ${describeValue(source)}`,
        'the ActivityItemId of the source item written as a string, e.g. "28"',
      );
    }
    if (typeof condition !== 'string') {
      throw new JourneyFormatError(
        `${at()}[${i}].Condition`,
        condition === undefined ? 'Condition is missing' : `Condition is ${describeValue(condition)}`,
        'a condition name string, e.g. "UserRegistered"',
      );
    }
    // A condition's values sit under the array, the activity, Properties, Items, the item,
    // ConditionExpressions and the condition.
    if (extra !== undefined) checkExtraNesting(extra, `${at()}[${i}]`, 7, 'the workflow definition', !deep);
    result[i] = Object.freeze(
      extra === undefined
        ? { sourceItemId: source, condition }
        : { sourceItemId: source, condition, extra: freezeExtra(extra, deep) },
    );
  }
  return Object.freeze(result) as TriggerCondition[];
}

/**
 * Freezes a container of unknown keys; with `deep`, also the JSON values in it (iteratively).
 * Values are only frozen deeply when the codec parsed them itself, never the caller's objects.
 */
export function freezeExtra(extra: Record<string, unknown>, deep: boolean): JsonObject {
  Object.freeze(extra);
  if (!deep) return extra as JsonObject;
  const stack: unknown[] = [];
  for (const key in extra) {
    const v = extra[key];
    if (typeof v === 'object' && v !== null) stack.push(v);
  }
  while (stack.length > 0) {
    const v = stack.pop() as Record<string, unknown>;
    if (Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const key in v) {
      const child = v[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return extra as JsonObject;
}

/** Writes a trigger's conditions in wire form. */
function writeConditions(conditions: readonly TriggerCondition[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = new Array<Record<string, unknown>>(conditions.length);
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    const o: Record<string, unknown> = { SourceActivityItemId: c.sourceItemId, Condition: c.condition };
    if (c.extra !== undefined) copyExtra(c.extra, o);
    out[i] = o;
  }
  return out;
}

/** Copies unknown keys after the known ones, never overwriting a key already written. */
export function copyExtra(extra: object, o: Record<string, unknown>): void {
  const e = extra as Record<string, unknown>;
  for (const key in e) {
    if (!Object.prototype.hasOwnProperty.call(o, key)) setOwn(o, key, e[key]);
  }
}

type AnyItem = Item & Record<string, unknown>;

/** Writes the typed properties of an item in the designer's order (direct code per type). */
export function writeTypedProps(item: Item, o: Record<string, unknown>): void {
  const it = item as AnyItem;
  switch (item.type) {
    case 'Segment':
      if (it['mergeMethod'] !== undefined) o['SegmentMergeMethod'] = it['mergeMethod'];
      if (it['containment'] !== undefined) o['ContainmentMethod'] = it['containment'];
      return;
    case 'SegmentItem':
      if (it['containment'] !== undefined) o['ContainmentMethod'] = it['containment'];
      if (it['sourceType'] !== undefined) o['SegmentSourceType'] = it['sourceType'];
      if (it['segmentName'] !== undefined) o['DciSegmentName'] = it['segmentName'];
      if (it['displayName'] !== undefined) o['SegmentDisplayName'] = it['displayName'];
      return;
    case 'Trigger': {
      if (it['timeoutValue'] !== undefined) o['TimeoutValue'] = it['timeoutValue'];
      if (it['timeoutUnit'] !== undefined) o['TimeoutUnit'] = it['timeoutUnit'];
      if (it['ruleLogic'] !== undefined) o['RuleLogic'] = it['ruleLogic'];
      const conditions = it['conditions'] as readonly TriggerCondition[] | undefined;
      if (conditions !== undefined) o['ConditionExpressions'] = writeConditions(conditions);
      return;
    }
    case 'Scheduler':
      if (it['waitUntilMonday'] !== undefined) o['WaitUntilMonday'] = it['waitUntilMonday'];
      if (it['waitUntilTuesday'] !== undefined) o['WaitUntilTuesday'] = it['waitUntilTuesday'];
      if (it['waitUntilWednesday'] !== undefined) o['WaitUntilWednesday'] = it['waitUntilWednesday'];
      if (it['waitUntilThursday'] !== undefined) o['WaitUntilThursday'] = it['waitUntilThursday'];
      if (it['waitUntilFriday'] !== undefined) o['WaitUntilFriday'] = it['waitUntilFriday'];
      if (it['waitUntilSaturday'] !== undefined) o['WaitUntilSaturday'] = it['waitUntilSaturday'];
      if (it['waitUntilSunday'] !== undefined) o['WaitUntilSunday'] = it['waitUntilSunday'];
      if (it['waitUntilFromHour'] !== undefined) o['WaitUntilFromHour'] = it['waitUntilFromHour'];
      if (it['waitUntilFromMinute'] !== undefined) o['WaitUntilFromMinute'] = it['waitUntilFromMinute'];
      if (it['waitUntilToHour'] !== undefined) o['WaitUntilToHour'] = it['waitUntilToHour'];
      if (it['waitUntilToMinute'] !== undefined) o['WaitUntilToMinute'] = it['waitUntilToMinute'];
      if (it['offsetType'] !== undefined) o['OffsetType'] = it['offsetType'];
      if (it['durationUnit'] !== undefined) o['ScheduledDurationUnit'] = it['durationUnit'];
      if (it['durationValue'] !== undefined) o['ScheduledDurationValue'] = it['durationValue'];
      if (it['scheduledHour'] !== undefined) o['ScheduledHour'] = it['scheduledHour'];
      if (it['scheduledMinute'] !== undefined) o['ScheduledMinute'] = it['scheduledMinute'];
      return;
    case 'CreateCrmActivity':
      if (it['templateEntity'] !== undefined) o['TemplateEntityLogicalName'] = it['templateEntity'];
      if (it['activityType'] !== undefined) o['ActivityTypeName'] = it['activityType'];
      if (it['owner'] !== undefined) o['Owner'] = it['owner'];
      return;
    default:
      return;
  }
}
