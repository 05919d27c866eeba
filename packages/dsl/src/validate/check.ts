/**
 * The local Check for Errors: one iterative depth-first pass over the activity tree.
 *
 * @module
 */
import { parseIsoDateTime } from '../dates.js';
import type {
  Activity,
  ActivityValidationResult,
  Item,
  JourneyTree,
  ValidationLevel,
  ValidationResult,
} from '../model.js';
import { KNOWN_ACTIVITY_TYPES } from '../model.js';
import { activityCounterOf } from '../ids.js';
import {
  MAX_DEFINITION_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  type ValidationFaultCode,
} from './rules.js';

/**
 * Options of {@link validateJourney}.
 *
 * @example
 * ```ts
 * import { validateJourney, type ValidateOptions } from '@customer-journey/dsl';
 * const options: ValidateOptions = { definitionLength: 2_000_000, now: new Date('2026-01-15T00:00:00Z') };
 * validateJourney(tree, options).Result; // 'Error' (ErrorDefinitionTooLong)
 * ```
 */
export interface ValidateOptions {
  /**
   * Length of the serialized `msdyncrm_workflowdefinition` (the codec passes it). The length
   * limit is checked only when this is given.
   */
  readonly definitionLength?: number;
  /**
   * The current time. When given, an end date that has passed is reported
   * (`WarningEndDateInPast`); without it the check never reads the clock, so it stays deterministic.
   */
  readonly now?: Date;
}

const DAY_MS = 86_400_000;
const KNOWN_TYPES: ReadonlySet<string> = new Set(KNOWN_ACTIVITY_TYPES);
/** Tiles that name a record in their header's `ItemId`. */
const CONTENT_TILES: ReadonlySet<string> = new Set([
  'Email',
  'LandingPage',
  'MarketingForm',
  'Event',
  'Survey',
  'LinkedInCampaign',
  'InvokeWorkflow',
]);
/** Tiles that neither contain nor are nested in other tiles. */
const STAND_ALONE_TILES: ReadonlySet<string> = new Set([
  'CreateCrmActivity',
  'InvokeWorkflow',
  'RecordUpdate',
  'Scheduler',
  'Trigger',
  'Splitter',
]);
/** Item types a contact interacts with, so that a trigger can react to them. */
const INTERACTIVE_TYPES: ReadonlySet<string> = new Set([
  'Email',
  'LandingPage',
  'MarketingForm',
  'Event',
  'Survey',
  'LinkedInCampaign',
]);
const EMAIL_NESTED = ['LandingPage', 'Event', 'Survey', 'MarketingForm'] as const;
const EMAIL_NESTED_SET: ReadonlySet<string> = new Set(EMAIL_NESTED);
const EMAIL_NESTED_LIST = EMAIL_NESTED.join(',');
/** How many earlier item ids an `ErrorTriggerSourceNotFound` lists at most. */
const MAX_LISTED_SOURCES = 20;
const EMPTY: readonly never[] = [];

/** Tile and item types the format lists. */
const KNOWN_ITEM_OR_TILE_TYPES: ReadonlySet<string> = new Set([...KNOWN_ACTIVITY_TYPES, 'SegmentItem']);

/** Whether an item of this type can be a trigger's source; unknown types (custom channels) can. */
function isInteractive(type: string): boolean {
  return INTERACTIVE_TYPES.has(type) || !KNOWN_ITEM_OR_TILE_TYPES.has(type);
}

function hasRecord(item: Item): boolean {
  const id = item.recordId;
  return typeof id === 'string' && id.trim() !== '';
}

/** A timestamp as ISO 8601 UTC without milliseconds. */
const isoDate = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1;
}

/** How far past the ids seen so far an item id may be and still go to the array. */
const DENSE_SLACK = 4096;

/**
 * A map keyed by item id: a plain array for the usual small whole numbers that come roughly in
 * order, a `Map` (same key semantics) for anything else. The array wins when both hold a key.
 */
class ItemTable<V> {
  readonly #dense: (V | undefined)[] = [];
  #other: Map<unknown, V> | undefined;

  get(key: unknown): V | undefined {
    if (typeof key === 'number' && key >= 0 && key < this.#dense.length && Number.isInteger(key)) {
      const value = this.#dense[key];
      if (value !== undefined) return value;
    }
    return this.#other?.get(key);
  }

  set(key: unknown, value: V): void {
    const dense = this.#dense;
    if (typeof key === 'number' && key >= 0 && key < dense.length + DENSE_SLACK && Number.isInteger(key)) {
      // Fill up to the key, so the array stays packed.
      while (dense.length < key) dense.push(undefined);
      dense[key] = value;
    } else {
      (this.#other ??= new Map()).set(key, value);
    }
  }

  delete(key: unknown): void {
    if (typeof key === 'number' && key >= 0 && key < this.#dense.length && Number.isInteger(key)) this.#dense[key] = undefined;
    this.#other?.delete(key);
  }
}

/** Results of `see`: a tile not seen before, another tile with the same id, the same tile again. */
const NEW_TILE = 0;
const SAME_ID = 1;
const SAME_TILE = 2;

/** Whether two ids are the same key of a `Set` (SameValueZero). */
const sameId = (x: unknown, y: unknown): boolean => x === y || (x !== x && y !== y);

interface Finding {
  ActivityId: string;
  Fault: string;
  Result: ValidationLevel;
  ErrorMessageArguments: string[];
}

interface PendingSource {
  readonly finding: Finding;
  readonly sourceItemId: string;
  readonly condition: string;
  readonly earlier: string;
}

/**
 * Checks a journey locally, as Check for Errors (`msdyncrm_CustomerJourneyValidate`) would, and
 * returns the result in the service's shape: `Result` is the worst finding, and
 * `ActivityValidationResults` lists every finding (journey-level ones first, with `ActivityId`
 * `""`, then tiles in pre-order). See `VALIDATION_RULES` for the rules and `describeFault` for
 * messages.
 *
 * The check works on any tree, including parsed or hand-edited ones the builder would refuse.
 * It is iterative (no recursion, so any depth is fine) and linear in the size of the tree.
 *
 * "Earlier" for a trigger's condition means an item of an *ancestor* tile: a tile on the path
 * from the root down to the trigger, not the trigger itself and not a tile on another branch.
 *
 * @example
 * ```ts
 * import { journey, validateJourney } from '@customer-journey/dsl';
 * const tree = journey('Welcome', { target: 'contact' })
 *   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
 *   .build();
 * validateJourney(tree); // { Result: 'Valid', ActivityValidationResults: [] }
 * ```
 */
export function validateJourney(tree: JourneyTree, options: ValidateOptions = {}): ValidationResult {
  const journeyFindings: Finding[] = [];
  const tileFindings: Finding[] = [];
  let worst: ValidationLevel = 'Valid';
  const add = (
    into: Finding[],
    activityId: string,
    fault: ValidationFaultCode,
    result: 'Error' | 'Warning',
    args: string[] = [],
  ): Finding => {
    const f: Finding = { ActivityId: activityId, Fault: fault, Result: result, ErrorMessageArguments: args };
    into.push(f);
    if (result === 'Error') worst = 'Error';
    else if (worst === 'Valid') worst = 'Warning';
    return f;
  };
  const journey = (fault: ValidationFaultCode, result: 'Error' | 'Warning', args?: string[]): void => {
    add(journeyFindings, '', fault, result, args);
  };
  const tile = (id: string, fault: ValidationFaultCode, result: 'Error' | 'Warning', args?: string[]): Finding =>
    add(tileFindings, id, fault, result, args);

  checkSettings(tree, options, journey);

  // --- one iterative pre-order pass over the tiles --------------------------------------------
  const root = tree.root;
  /**
   * Tiles seen so far, by the counter their id ends in (the usual case: no string hashing), or
   * else by id. Tells a repeated id from the same tile object hanging in two places.
   */
  const byCounter = new ItemTable<Activity | Activity[]>();
  let byOtherId: Map<unknown, Activity[]> | undefined;
  /** ActivityItemId -> the first item with it and its tile. */
  const items = new ItemTable<Item>();
  /** ActivityItemId -> the tile of the first item with it. */
  const itemActivities = new ItemTable<string>();
  /** ActivityItemId -> how many tiles on the current path from the root hold it. */
  const ancestorItems = new ItemTable<number>();
  /** Interactive item ids of the tiles on the current path, in path order (for messages). */
  const ancestorSources: number[] = [];
  const pending: PendingSource[] = [];
  let maxCounter = -1;
  let maxItemId = -1;

  // A frame is a tile to enter, or (exit === true) a tile whose subtree is done.
  const stack: Activity[] = [root];
  const exits: boolean[] = [false];
  const parentTypes: (string | undefined)[] = [undefined];

  while (stack.length > 0) {
    const a = stack.pop() as Activity;
    const exit = exits.pop() as boolean;
    const parentType = parentTypes.pop();
    const header = a.header;
    const nested = a.nested ?? EMPTY;

    if (exit) {
      if (header !== undefined) leave(header);
      for (let i = 0; i < nested.length; i++) leave(nested[i] as Item);
      continue;
    }

    const id = a.id;
    const counter = a !== root ? activityCounterOf(id) : typeof id === 'string' ? activityCounterOf(id) : undefined;
    const seen = see(a, id, counter);
    if (seen === SAME_TILE) {
      // The same tile object hangs in two places: report it as the duplicate it is.
      tile(id, 'ErrorDuplicateActivityId', 'Error', [id]);
      continue;
    }

    // Identity.
    if (a === root) {
      if (a.type !== 'bpf_root' || id !== '01') tile(id, 'ErrorInvalidRoot', 'Error', [String(a.type), String(id)]);
    } else if (a.type === 'bpf_root') {
      tile(id, 'ErrorMisplacedRoot', 'Error');
    }
    if (seen === SAME_ID) tile(id, 'ErrorDuplicateActivityId', 'Error', [id]);
    if (a !== root && counter !== undefined && counter > maxCounter) maxCounter = counter;
    if (header !== undefined) register(header, id);
    for (let i = 0; i < nested.length; i++) register(nested[i] as Item, id);

    checkPlacement(a, id, parentType);
    checkTile(a, id, header, nested);

    // Trigger conditions, against the items of the ancestors (entered before this tile's own).
    if (a.type === 'Trigger' && header !== undefined) {
      const conditions = (header as Item<'Trigger'>).conditions;
      if (!Array.isArray(conditions) || conditions.length === 0) {
        tile(id, 'ErrorTriggerWithoutConditions', 'Error');
      }
      if (ancestorSources.length === 0) tile(id, 'ErrorTriggerWithoutSource', 'Error');
      if (Array.isArray(conditions)) {
        for (const c of conditions as readonly { sourceItemId?: unknown; condition?: unknown }[]) {
          const source = String(c.sourceItemId);
          const condition = typeof c.condition === 'string' ? c.condition : String(c.condition);
          const n = /^(0|[1-9][0-9]*)$/.test(source) ? Number(source) : NaN;
          if ((ancestorItems.get(n) ?? 0) > 0) {
            const owner = items.get(n);
            if (owner !== undefined && !isInteractive(owner.type)) {
              tile(id, 'WarningTriggerSourceNotInteractive', 'Warning', [
                source,
                String(owner.type),
                condition,
              ]);
            }
          } else {
            // Not an ancestor's item: whether it exists at all is known only after the pass.
            const finding = tile(id, 'ErrorTriggerSourceNotFound', 'Error');
            const earlier = ancestorSources.slice(-MAX_LISTED_SOURCES).join(',');
            pending.push({ finding, sourceItemId: source, condition, earlier });
          }
        }
      }
    }

    // Children: how they hang under this tile.
    const children = a.children ?? EMPTY;
    checkChildren(a, id, children);

    // Enter: this tile's items become ancestors of its subtree.
    if (header !== undefined) enter(header);
    for (let i = 0; i < nested.length; i++) enter(nested[i] as Item);
    stack.push(a);
    exits.push(true);
    parentTypes.push(parentType);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i] as Activity);
      exits.push(false);
      parentTypes.push(a.type);
    }
  }

  // Conditions whose source was not an ancestor's item: missing, or on another path.
  for (const p of pending) {
    const n = /^(0|[1-9][0-9]*)$/.test(p.sourceItemId) ? Number(p.sourceItemId) : NaN;
    if (items.get(n) === undefined) {
      p.finding.ErrorMessageArguments = [p.sourceItemId, p.condition, p.earlier];
    } else {
      p.finding.Fault = 'ErrorTriggerSourceNotEarlier';
      p.finding.ErrorMessageArguments = [p.sourceItemId, itemActivities.get(n) as string, p.condition];
    }
  }

  // Entry tiles and designer state (journey level).
  if (!(root.children ?? EMPTY).some((c) => c.type !== 'empty')) journey('ErrorJourneyWithoutEntryTile', 'Error');
  const state = tree.designerState;
  if (maxCounter >= 0 && !(state?.nextActivityId > maxCounter)) {
    journey('ErrorDesignerStateActivityCounterBehind', 'Error', [String(state?.nextActivityId), String(maxCounter)]);
  }
  if (maxItemId >= 0 && !(state?.nextItemId > maxItemId)) {
    journey('ErrorDesignerStateItemCounterBehind', 'Error', [String(state?.nextItemId), String(maxItemId)]);
  }

  const all = journeyFindings.length === 0 ? tileFindings : journeyFindings.concat(tileFindings);
  return { Result: worst, ActivityValidationResults: all };

  // --- helpers sharing the pass's state ------------------------------------------------------
  /** Records a tile about to be checked: {@link NEW_TILE}, {@link SAME_ID} or {@link SAME_TILE}. */
  function see(a: Activity, id: unknown, counter: number | undefined): number {
    let seen: Activity | Activity[] | undefined;
    if (counter === undefined) {
      byOtherId ??= new Map();
      seen = byOtherId.get(id);
      if (seen === undefined) {
        byOtherId.set(id, [a]);
        return NEW_TILE;
      }
    } else {
      seen = byCounter.get(counter);
      if (seen === undefined) {
        byCounter.set(counter, a);
        return NEW_TILE;
      }
    }
    let result = NEW_TILE;
    if (Array.isArray(seen)) {
      for (const other of seen) {
        if (other === a) return SAME_TILE;
        if (sameId(other.id, id)) result = SAME_ID;
      }
      seen.push(a);
    } else {
      if (seen === a) return SAME_TILE;
      if (sameId(seen.id, id)) result = SAME_ID;
      byCounter.set(counter as number, [seen, a]);
    }
    return result;
  }

  function register(it: Item, activityId: string): void {
    const itemId = it.itemId;
    if (items.get(itemId) !== undefined) {
      tile(activityId, 'ErrorDuplicateActivityItemId', 'Error', [String(itemId), itemActivities.get(itemId) as string]);
    } else {
      items.set(itemId, it);
      itemActivities.set(itemId, activityId);
    }
    if (itemId > maxItemId) maxItemId = itemId;
  }

  function enter(it: Item): void {
    ancestorItems.set(it.itemId, (ancestorItems.get(it.itemId) ?? 0) + 1);
    if (isInteractive(it.type)) ancestorSources.push(it.itemId);
  }

  function leave(it: Item): void {
    const n = (ancestorItems.get(it.itemId) ?? 1) - 1;
    if (n === 0) ancestorItems.delete(it.itemId);
    else ancestorItems.set(it.itemId, n);
    if (isInteractive(it.type)) ancestorSources.pop();
  }

  function checkTile(a: Activity, id: string, header: Item | undefined, nested: readonly Item[]): void {
    const type = a.type;
    const known = KNOWN_TYPES.has(type);
    if (!known) tile(id, 'WarningUnknownActivityType', 'Warning', [String(type)]);
    if (header === undefined) {
      if (known && type !== 'empty') tile(id, 'ErrorMissingHeader', 'Error', [type]);
    } else if (header.type !== type) {
      tile(id, 'ErrorHeaderTypeMismatch', 'Error', [String(type), String(header.type)]);
    }
    if (!known || type === 'bpf_root') return;

    if (header !== undefined && CONTENT_TILES.has(type) && !hasRecord(header)) {
      tile(id, 'ErrorContentTileWithoutRecord', 'Error', [type, String(header.itemId)]);
    }
    if (type === 'Segment') {
      let segments = 0;
      for (const it of nested) {
        if (it.type === 'SegmentItem') {
          segments++;
          if (!hasRecord(it)) tile(id, 'ErrorNestedItemWithoutRecord', 'Error', [it.type, String(it.itemId)]);
        } else {
          tile(id, 'WarningUnexpectedNestedItem', 'Warning', [String(it.type), String(it.itemId), 'SegmentItem']);
        }
      }
      if (segments === 0) tile(id, 'ErrorSegmentGroupWithoutSegments', 'Error');
    } else if (type === 'Email') {
      for (const it of nested) {
        if (EMAIL_NESTED_SET.has(it.type)) {
          if (!hasRecord(it)) tile(id, 'ErrorNestedItemWithoutRecord', 'Error', [it.type, String(it.itemId)]);
        } else {
          tile(id, 'WarningUnexpectedNestedItem', 'Warning', [String(it.type), String(it.itemId), EMAIL_NESTED_LIST]);
        }
      }
    } else if (nested.length > 0) {
      if (STAND_ALONE_TILES.has(type)) {
        tile(id, 'WarningStandAloneTileWithNestedItems', 'Warning', [type, nested.map((it) => String(it.itemId)).join(',')]);
      } else {
        for (const it of nested) {
          tile(id, 'WarningUnexpectedNestedItem', 'Warning', [String(it.type), String(it.itemId), '']);
        }
      }
    }
  }

  function checkChildren(a: Activity, id: string, children: readonly Activity[]): void {
    const type = a.type;
    if (type === 'Trigger') {
      let yes: Activity | undefined;
      let no: Activity | undefined;
      for (const c of children) {
        if (c.relation === 'YesBranch' || c.relation === 'NoBranch') {
          const first = c.relation === 'YesBranch' ? yes : no;
          if (first !== undefined) tile(id, 'ErrorTriggerDuplicateBranch', 'Error', [c.relation, c.id, first.id]);
          else if (c.relation === 'YesBranch') yes = c;
          else no = c;
        } else {
          tile(id, 'ErrorTriggerBranchInvalid', 'Error', [c.id, String(c.relation)]);
        }
      }
      if (yes === undefined) tile(id, 'WarningTriggerBranchMissing', 'Warning', ['YesBranch']);
      if (no === undefined) tile(id, 'WarningTriggerBranchMissing', 'Warning', ['NoBranch']);
      return;
    }
    if (type !== 'Splitter') return;
    let branches = 0;
    for (const c of children) {
      if (c.type === 'SplitterBranch') branches++;
      else tile(id, 'ErrorSplitterChildNotBranch', 'Error', [c.id, String(c.type)]);
    }
    if (branches < 2) tile(id, 'ErrorSplitterTooFewBranches', 'Error', [String(branches)]);
  }

  /** How a tile hangs under its parent (reported on the tile itself). */
  function checkPlacement(a: Activity, id: string, parentType: string | undefined): void {
    if (parentType === undefined || parentType === 'Trigger') return;
    if (a.relation === 'YesBranch' || a.relation === 'NoBranch') {
      tile(id, 'ErrorBranchRelationOutsideTrigger', 'Error', [a.relation, parentType]);
    }
    if (a.type === 'SplitterBranch' && parentType !== 'Splitter') {
      tile(id, 'ErrorSplitterBranchOutsideSplitter', 'Error', [parentType]);
    }
  }
}

/** The journey-level rules: name, description, size, dates and recurrence. */
function checkSettings(
  tree: JourneyTree,
  options: ValidateOptions,
  report: (fault: ValidationFaultCode, result: 'Error' | 'Warning', args?: string[]) => void,
): void {
  const s = tree.settings;
  const name: unknown = s?.name;
  if (typeof name !== 'string' || name.trim() === '') report('ErrorNameEmpty', 'Error');
  else if (name.length > MAX_NAME_LENGTH) report('ErrorNameTooLong', 'Error', [String(name.length), String(MAX_NAME_LENGTH)]);
  const description: unknown = s?.description;
  if (typeof description === 'string' && description.length > MAX_DESCRIPTION_LENGTH) {
    report('ErrorDescriptionTooLong', 'Error', [String(description.length), String(MAX_DESCRIPTION_LENGTH)]);
  }
  const length = options.definitionLength;
  if (length !== undefined && length > MAX_DEFINITION_LENGTH) {
    report('ErrorDefinitionTooLong', 'Error', [String(length), String(MAX_DEFINITION_LENGTH)]);
  }

  const date = (field: 'start' | 'end'): number | undefined => {
    const v: unknown = s?.[field];
    if (v === undefined || v === null) return undefined;
    const t = typeof v === 'string' ? parseIsoDateTime(v) : undefined;
    if (t === undefined) {
      report('ErrorInvalidDate', 'Error', [field, String(v)]);
      return undefined;
    }
    return t;
  };
  const start = date('start');
  const end = date('end');
  const ordered = start === undefined || end === undefined || end > start;
  // Arguments in one form (UTC, no milliseconds), whatever form the dates were given in, so that
  // the local check and the service's answer agree.
  if (!ordered) report('ErrorEndDateNotAfterStartDate', 'Error', [isoDate(start), isoDate(end)]);
  const now = options.now?.getTime();
  if (end !== undefined && now !== undefined && !Number.isNaN(now) && end <= now) {
    report('WarningEndDateInPast', 'Warning', [String(s.end), new Date(now).toISOString()]);
  }

  const recurrence = s?.recurrence;
  const recurring = s?.isRecurring ?? recurrence !== undefined;
  if (!recurring) return;
  if (recurrence === undefined || recurrence === null) {
    report('ErrorRecurrenceMissing', 'Error');
    return;
  }
  const interval: unknown = recurrence.intervalDays;
  const count: unknown = recurrence.count;
  if (!isPositiveInteger(interval)) report('ErrorRecurrenceIntervalInvalid', 'Error', [String(interval)]);
  if (!isPositiveInteger(count)) report('ErrorRecurrenceCountInvalid', 'Error', [String(count)]);
  if (
    isPositiveInteger(interval) &&
    isPositiveInteger(count) &&
    start !== undefined &&
    end !== undefined &&
    ordered &&
    (end - start) / DAY_MS < count * interval
  ) {
    // The service's own fault; like its sample, it carries no arguments.
    report('ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations', 'Error', []);
  }
}
