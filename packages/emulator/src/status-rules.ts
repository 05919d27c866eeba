/**
 * The status rules of a journey (reference §8): what a write may change in each status, when a
 * journey may be deleted, and the moves the service makes by itself on its clock (Live to Stopped
 * at the end date, Stopped to Expired 30 days later).
 *
 * Pure functions of a stored record, the record a write would leave, and the time: they know
 * nothing about the store or about HTTP, so storage and the rules change independently. The field
 * locks themselves come from `@customer-journey/dsl` (`SETTING_EDIT_WINDOWS`, `canEdit`), the table
 * the client's plan reads too.
 *
 * Where the reference is unsure whether the service enforces a lock or only its designer does, the
 * emulator enforces it: a write that would need the designer's help is refused.
 *
 * @module
 */
import {
  canEdit,
  lifecycleState,
  parseIsoDateTime,
  PIPELINE_EDIT_WINDOW,
  sameJsonValue,
  SETTING_EDIT_WINDOWS,
  TILE_EDIT_WINDOW,
  walk,
  type Activity,
  type EditWindow,
  type JourneySettings,
  type JourneyStatus,
  type JourneyTree,
  type LifecycleState,
  type SettingField,
} from '@customer-journey/dsl';
import { settingsFromRecord } from './codec.js';
import { JOURNEY_ID, JOURNEY_LOOKUPS, READ_ONLY_COLUMNS, lookupValueName } from './entity.js';
import { STATUS, STATUS_LABELS, statusLabel } from './lifecycle.js';
import type { StoredRecord } from './store.js';

/**
 * Days from the end date to the automatic move from Stopped to Expired.
 *
 * @example
 * ```ts
 * const expires = Date.parse(end) + EXPIRY_DAYS * 86_400_000;
 * ```
 */
export const EXPIRY_DAYS = 30;

/**
 * One thing a write changes, with the edit window that governs it.
 *
 * @example
 * ```ts
 * const change: ContentChange = { part: 'pipeline', window: 'draft', detail: 'tile 01_0_5 added' };
 * ```
 */
export interface ContentChange {
  /** `pipeline`, `tile`, or `setting`. */
  readonly part: 'pipeline' | 'tile' | 'setting';
  /** When this part may change. */
  readonly window: EditWindow;
  /** What changed, for the message: `tile 01_0_5 added`, `msdyncrm_customerjourneytimezone`. */
  readonly detail: string;
}

/**
 * A write or delete the status rules refuse.
 *
 * @example
 * ```ts
 * const refusal: StatusRefusal = { rule: 'pipeline locked after go-live', message: '…' };
 * ```
 */
export interface StatusRefusal {
  /** The rule's name, as the message gives it. */
  readonly rule: string;
  /** The whole message: the rule, the status, what the write changed and what would be allowed. */
  readonly message: string;
}

/** The column behind each settings field, for messages. */
const SETTING_COLUMNS: Readonly<Record<SettingField, string>> = {
  name: 'msdyncrm_name',
  target: 'msdyncrm_entitytarget',
  description: 'msdyncrm_description',
  start: 'msdyncrm_startdatetime',
  end: 'msdyncrm_enddatetime',
  timeZone: 'msdyncrm_customerjourneytimezone',
  consent: 'msgdpr_requiredconsent',
  contentSettingsId: 'msdyncrm_contentsettingsid',
  suppressionSegmentId: 'msdyncrm_suppressionsegmentid',
  'recurrence.intervalDays': 'msdyncrm_recurrenceintervaldays',
  'recurrence.count': 'msdyncrm_recurrencecount',
  isRecurring: 'msdyncrm_isrecurring',
  type: 'msdyncrm_type',
  owner: 'ownerid',
  templateId: 'msdyncrm_customerjourneytemplate',
  linkedInCampaignId: 'msdyncr2_linkedincampaign',
};

/** The lookup attributes, whose columns read back as `_<attribute>_value`. */
const LOOKUP_ATTRIBUTES: ReadonlySet<string> = new Set(JOURNEY_LOOKUPS.map((l) => l.attribute));

/** Columns the settings cover (compared as settings), and columns that are not content. */
const NOT_OTHER = new Set<string>([
  JOURNEY_ID,
  'statuscode',
  'statecode',
  'msdyncrm_workflowdefinition',
  'msdyncrm_customerjourneydesignerstate',
  '_msdyncrm_publishedby_value',
  ...Object.values(SETTING_COLUMNS).map((column) => (LOOKUP_ATTRIBUTES.has(column) ? lookupValueName(column) : column)),
  ...READ_ONLY_COLUMNS,
]);

function settingValue(record: StoredRecord, settings: JourneySettings, field: SettingField): unknown {
  // The two recurrence columns are separate settings (the settings fill a missing one with 0).
  if (field === 'recurrence.count') return record.msdyncrm_recurrencecount ?? undefined;
  if (field === 'recurrence.intervalDays') return record.msdyncrm_recurrenceintervaldays ?? undefined;
  const value = settings[field];
  // The service ignores seconds and milliseconds of the dates.
  if ((field === 'start' || field === 'end') && typeof value === 'string') {
    const time = parseIsoDateTime(value);
    return time === undefined ? value : Math.floor(time / 60_000);
  }
  return value;
}

interface Placed {
  readonly tile: Activity;
  readonly parent: string;
}

function placed(tree: JourneyTree): Map<string, Placed> {
  const out = new Map<string, Placed>();
  walk(tree, (tile, { parent }) => {
    if (!out.has(tile.id)) out.set(tile.id, { tile, parent: parent?.id ?? '' });
  });
  return out;
}

/** A tile's own settings: everything but its place, its type and its children. */
function content(tile: Activity): unknown {
  return { target: tile.target, header: tile.header, nested: tile.nested, extra: tile.extra, propertiesExtra: tile.propertiesExtra };
}

/**
 * What a write changes, as the service can see it: tiles by `ActivityId` (added, removed, moved,
 * retyped: the pipeline; reconfigured: a tile's settings), the journey's settings, and any other
 * column (governed like the settings the reference does not list). The designer state is the
 * designer's bookkeeping and no change of its own.
 *
 * @param before - the stored record
 * @param after - the record the write would leave
 * @param parse - reads a record's definition; `undefined` when it has none
 *
 * @example
 * ```ts
 * contentChanges(stored, next, (r) => parse(r)); // [{ part: 'pipeline', window: 'draft', detail: 'tile 01_0_5 added' }]
 * ```
 */
export function contentChanges(
  before: StoredRecord,
  after: StoredRecord,
  parse: (record: StoredRecord) => JourneyTree | undefined,
): ContentChange[] {
  const changes: ContentChange[] = [];
  const a = settingsFromRecord(before);
  const b = settingsFromRecord(after);
  for (const field of Object.keys(SETTING_EDIT_WINDOWS) as SettingField[]) {
    if (!sameJsonValue(settingValue(before, a, field), settingValue(after, b, field))) {
      changes.push({ part: 'setting', window: SETTING_EDIT_WINDOWS[field], detail: SETTING_COLUMNS[field] });
    }
  }
  for (const column of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (NOT_OTHER.has(column) || column.includes('@')) continue;
    if (!sameJsonValue(before[column], after[column])) changes.push({ part: 'setting', window: 'draft', detail: column });
  }
  if (before.msdyncrm_workflowdefinition !== after.msdyncrm_workflowdefinition) {
    const old = parse(before);
    const next = parse(after);
    const was = old === undefined ? new Map<string, Placed>() : placed(old);
    const now = next === undefined ? new Map<string, Placed>() : placed(next);
    for (const [id, { tile, parent }] of now) {
      const prior = was.get(id);
      if (prior === undefined) {
        changes.push({ part: 'pipeline', window: PIPELINE_EDIT_WINDOW, detail: `tile ${id} (${tile.type}) added` });
        continue;
      }
      if (prior.tile.type !== tile.type) {
        changes.push({ part: 'pipeline', window: PIPELINE_EDIT_WINDOW, detail: `tile ${id} changed type from ${prior.tile.type} to ${tile.type}` });
      } else if (prior.parent !== parent || prior.tile.branch !== tile.branch || prior.tile.relation !== tile.relation) {
        changes.push({ part: 'pipeline', window: PIPELINE_EDIT_WINDOW, detail: `tile ${id} moved` });
      }
      if (!sameJsonValue(content(prior.tile), content(tile))) changes.push({ part: 'tile', window: TILE_EDIT_WINDOW, detail: `tile ${id} reconfigured` });
    }
    for (const [id, { tile }] of was) {
      if (!now.has(id)) changes.push({ part: 'pipeline', window: PIPELINE_EDIT_WINDOW, detail: `tile ${id} (${tile.type}) removed` });
    }
  }
  return changes;
}

/**
 * The lifecycle facts of a stored record: its status, whether it has gone live (its publisher, or
 * a status only going live reaches) and whether it has started.
 *
 * @example
 * ```ts
 * recordState({ statuscode: 192350002 }, new Date()); // { status: 'Stopped', goneLive: true, started: true }
 * ```
 */
export function recordState(record: StoredRecord, now: Date): LifecycleState {
  const code = typeof record.statuscode === 'number' ? record.statuscode : STATUS.draft;
  const status = (STATUS_LABELS[code] ?? 'Draft') as JourneyStatus;
  const start = typeof record.msdyncrm_startdatetime === 'string' ? record.msdyncrm_startdatetime : undefined;
  return lifecycleState(status, { publishedBy: record._msdyncrm_publishedby_value, start }, now);
}

function listed(changes: readonly ContentChange[]): string {
  const shown = changes.slice(0, 3).map((c) => c.detail);
  return changes.length > 3 ? `${shown.join(', ')} and ${changes.length - 3} more` : shown.join(', ');
}

/**
 * Whether the status rules allow a write: `undefined` when they do, else the refusal naming the
 * rule, the status, what the write changes and what would be allowed.
 *
 * @param current - the stored record
 * @param changes - what the write changes ({@link contentChanges})
 * @param now - the emulator's time (for "before the journey has started")
 *
 * @example
 * ```ts
 * const refusal = writeRefusal(stored, contentChanges(stored, next, parse), new Date());
 * if (refusal) throw new ODataError(400, ERROR_CODES.refused, refusal.message);
 * ```
 */
export function writeRefusal(current: StoredRecord, changes: readonly ContentChange[], now: Date): StatusRefusal | undefined {
  const state = recordState(current, now);
  const refused = changes.filter((c) => !canEdit(c.window, state));
  if (refused.length === 0) return undefined;
  const code = typeof current.statuscode === 'number' ? current.statuscode : STATUS.draft;
  const status = statusLabel(code);
  const what = `the write changes ${listed(refused)}`;
  const refuse = (rule: string, reason: string, remedy: string): StatusRefusal => ({
    rule,
    message: `Refused by the rule "${rule}": the customer journey is ${status}${reason}; ${what}. ${remedy}`,
  });
  switch (state.status) {
    case 'Live':
      return refuse(
        'live journeys take no plain update',
        ', and a Live journey takes no edits except through Live, editable',
        `Set statuscode to Live, editable (${STATUS.liveEditable}) first: settings and tile settings can then change, the pipeline cannot. Then set it to Going live (${STATUS.goingLive}).`,
      );
    case 'Going live':
    case 'Stopping':
      return refuse('no edits while the status settles', ', which the service completes by itself', 'Wait until it settles, then write again.');
    case 'Expired':
      return refuse('expired journeys are read-only', '', 'An expired journey can only be deleted; create a new journey instead.');
    case 'Error':
      return refuse(
        'a journey in Error after going live is locked',
        ' after having gone live',
        `Go live again (statuscode ${STATUS.goingLive}), or stop it (${STATUS.stopping}) and edit it once it is Stopped.`,
      );
    default: {
      const pipeline = refused.filter((c) => c.part === 'pipeline');
      if (pipeline.length > 0) {
        return refuse(
          'pipeline locked after go-live',
          ' and has gone live, so its tiles cannot be added, removed, moved or change type',
          'Tiles can still be reconfigured; to change the pipeline, create a new journey.',
        );
      }
      if (refused.every((c) => c.detail === SETTING_COLUMNS.start)) {
        return refuse('start date locked once started', ' and has started, so its start date cannot change', 'The end date can still change.');
      }
      return refuse(
        'setting locked after go-live',
        ' and has gone live',
        'The name, end date, recurrence count, template and tile settings can still change; the other settings only in a Draft.',
      );
    }
  }
}

/**
 * Whether the status rules allow deleting a journey: Live and Live, editable journeys cannot be
 * deleted (reference §8.4), nor, by the safe reading, journeys whose status is still settling.
 *
 * @example
 * ```ts
 * deleteRefusal({ statuscode: 192350001 })?.rule; // 'live journeys cannot be deleted'
 * ```
 */
export function deleteRefusal(current: StoredRecord): StatusRefusal | undefined {
  const code = current.statuscode;
  if (code === STATUS.live || code === STATUS.liveEditable) {
    return {
      rule: 'live journeys cannot be deleted',
      message: `Refused by the rule "live journeys cannot be deleted": the customer journey is ${statusLabel(code)} and cannot be deleted. Stop it first (set statuscode to Stopping (${STATUS.stopping})), wait until it is Stopped (${STATUS.stopped}), then delete it.`,
    };
  }
  if (code === STATUS.goingLive || code === STATUS.stopping) {
    return {
      rule: 'no delete while the status settles',
      message: `Refused by the rule "no delete while the status settles": the customer journey is ${statusLabel(code)}, which the service completes by itself. Wait until it settles, then delete it.`,
    };
  }
  return undefined;
}

/**
 * The status a journey has moved to by itself by `now`, or `undefined` when none is due: a Live
 * journey stops at its end date, and a Stopped one expires {@link EXPIRY_DAYS} days after it.
 *
 * @example
 * ```ts
 * dueStatus({ statuscode: 192350001, msdyncrm_enddatetime: '2026-03-01T09:00:00Z' }, new Date('2026-03-02T00:00:00Z')); // 192350002 (Stopped)
 * ```
 */
export function dueStatus(record: StoredRecord, now: Date): number | undefined {
  // Only Live and Stopped journeys move by themselves; the others need no date read.
  let status = record.statuscode;
  if (status !== STATUS.live && status !== STATUS.stopped) return undefined;
  const end = typeof record.msdyncrm_enddatetime === 'string' ? parseIsoDateTime(record.msdyncrm_enddatetime) : undefined;
  if (end === undefined) return undefined;
  const t = now.getTime();
  if (status === STATUS.live && end <= t) status = STATUS.stopped;
  if (status === STATUS.stopped && end + EXPIRY_DAYS * 86_400_000 <= t) status = STATUS.expired;
  return status === record.statuscode ? undefined : (status as number);
}
