/**
 * The journey record (`msdyncrm_customerjourney`): the create/update body written from a tree,
 * and a tree read back from a retrieved record or from such a body.
 *
 * @module
 */
import { DATE_TIME_EXPECTED, ENTITY_TARGET_CODES, isIsoDateTime, type EntityTarget, type JourneySettings, type JourneyTree, type Owner } from '@customer-journey/dsl';
import { JourneyFormatError, describeValue } from './errors.js';
import { serializeWorkflowDefinition } from './definition-serialize.js';
import { serializeDesignerState } from './designer-state.js';
import { parseWorkflowDefinition } from './definition-parse.js';
import { writing } from './nesting.js';
import {
  consentCode,
  consentLabel,
  guidOf,
  minuteIso,
  statusCode,
  statusLabel,
  typeCode,
  typeLabel,
} from './fields.js';

/**
 * The create/update body of a journey (`msdyncrm_customerjourney`), as {@link toEntity} writes it.
 * Lookups are `<NavProperty>@odata.bind` references; absent settings are not written.
 *
 * @example
 * ```ts
 * const body: JourneyEntity = {
 *   msdyncrm_name: 'Welcome', msdyncrm_entitytarget: 0,
 *   msdyncrm_workflowdefinition: '[…]', msdyncrm_customerjourneydesignerstate: '{"NextActivityID":3,"NextActivityItemID":5}',
 *   'msdyncrm_contentsettingsId@odata.bind': '/msdyncrm_contentsettingss(1922b1d8-0523-e911-a9ba-000d3a1e689f)',
 * };
 * ```
 */
export interface JourneyEntity {
  /** Primary key, when the client chooses it (see {@link ToEntityOptions.id}). */
  readonly msdyncrm_customerjourneyid?: string;
  readonly msdyncrm_name: string;
  readonly msdyncrm_description?: string;
  /** 0 contact, 1 account. */
  readonly msdyncrm_entitytarget: number;
  readonly msdyncrm_workflowdefinition: string;
  readonly msdyncrm_customerjourneydesignerstate: string;
  readonly statuscode?: number;
  /** 0 Active, 1 Inactive (Expired). */
  readonly statecode?: number;
  /** UTC, to the minute: `2026-02-01T09:00:00Z`. */
  readonly msdyncrm_startdatetime?: string;
  readonly msdyncrm_enddatetime?: string;
  readonly msdyncrm_customerjourneytimezone?: number;
  readonly msgdpr_requiredconsent?: number;
  readonly msdyncrm_isrecurring?: boolean;
  readonly msdyncrm_recurrenceintervaldays?: number;
  readonly msdyncrm_recurrencecount?: number;
  readonly msdyncrm_type?: number;
  /** `/msdyncrm_contentsettingss(<guid>)` */
  readonly 'msdyncrm_contentsettingsId@odata.bind'?: string;
  /** `/msdyncrm_segments(<guid>)` */
  readonly 'msdyncrm_SuppressionSegmentId@odata.bind'?: string;
  /** `/msdyncrm_customerjourneytemplates(<guid>)` */
  readonly 'msdyncrm_CustomerJourneyTemplate@odata.bind'?: string;
  /** `/msdyncrm_linkedincampaigns(<guid>)` */
  readonly 'msdyncr2_LinkedInCampaign@odata.bind'?: string;
  /** `/systemusers(<guid>)` or `/teams(<guid>)` */
  readonly 'ownerid@odata.bind'?: string;
  /** Other columns of the table. */
  readonly [column: string]: unknown;
}

/**
 * Columns the org manages itself and a client cannot write (format reference §6.1: the read-only
 * columns, by logical name and by the `_<attribute>_value` name reads use). An update or an
 * archive's restore never sends them, and never compares them.
 *
 * @example
 * ```ts
 * SERVER_MANAGED_COLUMNS.includes('modifiedon'); // true
 * ```
 */
export const SERVER_MANAGED_COLUMNS: readonly string[] = Object.freeze([
  'createdon',
  'modifiedon',
  'versionnumber',
  'msdyncrm_formtosave',
  'owneridname',
  'owneridyominame',
  ...['createdby', 'createdonbehalfby', 'modifiedby', 'modifiedonbehalfby', 'owningbusinessunit', 'owningteam', 'owninguser'].flatMap((a) => [a, `_${a}_value`]),
]);

/**
 * Options of {@link toEntity}.
 *
 * @example
 * ```ts
 * toEntity(tree, { id: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc' });
 * ```
 */
export interface ToEntityOptions {
  /**
   * Write `msdyncrm_customerjourneyid` (a client-chosen primary key, so a retried create is an upsert).
   * The tree's own `settings.recordId` is not written unless given here: the record's id travels in
   * the request URL.
   */
  readonly id?: string;
}

/**
 * A lookup column of the journey table (format reference §6.3): the navigation property a write
 * binds (`<nav>@odata.bind`), the attribute a read returns as `_<attribute>_value`, and the tables
 * it may point to.
 *
 * @example
 * ```ts
 * const owner: JourneyLookup = { attribute: 'ownerid', nav: 'ownerid', targets: { systemuser: 'systemusers', team: 'teams' } };
 * ```
 */
export interface JourneyLookup {
  /** Logical name of the lookup attribute (`ownerid`). */
  readonly attribute: string;
  /** Navigation property for `@odata.bind` (case-sensitive). */
  readonly nav: string;
  /** Target tables by logical name (as `@Microsoft.Dynamics.CRM.lookuplogicalname` names them), with their entity sets; the first is the usual one. */
  readonly targets: Readonly<Record<string, string>>;
  /** The journey setting holding the referenced id, when the model has one. */
  readonly setting?: 'contentSettingsId' | 'suppressionSegmentId' | 'templateId' | 'linkedInCampaignId' | 'owner';
}

/**
 * Every lookup of the journey table, from the format reference §6.3.
 *
 * @example
 * ```ts
 * const lookup = JOURNEY_LOOKUPS.find((l) => l.attribute === 'msdyncrm_contentsettingsid');
 * lookup?.nav; // 'msdyncrm_contentsettingsId'
 * ```
 */
export const JOURNEY_LOOKUPS: readonly JourneyLookup[] = Object.freeze<JourneyLookup[]>([
  { attribute: 'msdyncrm_contentsettingsid', nav: 'msdyncrm_contentsettingsId', targets: { msdyncrm_contentsettings: 'msdyncrm_contentsettingss' }, setting: 'contentSettingsId' },
  { attribute: 'msdyncrm_suppressionsegmentid', nav: 'msdyncrm_SuppressionSegmentId', targets: { msdyncrm_segment: 'msdyncrm_segments' }, setting: 'suppressionSegmentId' },
  {
    attribute: 'msdyncrm_customerjourneytemplate',
    nav: 'msdyncrm_CustomerJourneyTemplate',
    targets: { msdyncrm_customerjourneytemplate: 'msdyncrm_customerjourneytemplates' },
    setting: 'templateId',
  },
  { attribute: 'msdyncr2_linkedincampaign', nav: 'msdyncr2_LinkedInCampaign', targets: { msdyncrm_linkedincampaign: 'msdyncrm_linkedincampaigns' }, setting: 'linkedInCampaignId' },
  { attribute: 'msdyncrm_publishedby', nav: 'msdyncrm_publishedby', targets: { systemuser: 'systemusers' } },
  { attribute: 'ownerid', nav: 'ownerid', targets: { systemuser: 'systemusers', team: 'teams' }, setting: 'owner' },
]);

type IdSetting = 'contentSettingsId' | 'suppressionSegmentId' | 'templateId' | 'linkedInCampaignId';

/** Lookups held by a plain id setting: settings field, navigation property, lookup attribute, target entity set. */
const LOOKUPS: readonly (readonly [IdSetting, string, string, string])[] = JOURNEY_LOOKUPS.flatMap((l) =>
  l.setting === undefined || l.setting === 'owner' ? [] : [[l.setting, l.nav, l.attribute, Object.values(l.targets)[0] as string] as const],
);

/**
 * The create/update body of a journey: `msdyncrm_name`, `msdyncrm_description`,
 * `msdyncrm_entitytarget`, `msdyncrm_workflowdefinition`, `msdyncrm_customerjourneydesignerstate`,
 * `statuscode` + `statecode` (when `status` is set), start and end (UTC, to the minute), time zone,
 * required consent, recurrence, type, and the lookups as `@odata.bind` (content settings,
 * suppression segment, template, LinkedIn campaign, owner). Absent settings are not written;
 * `msdyncrm_isrecurring` defaults to `true` when `recurrence` is set.
 *
 * @throws {@link JourneyFormatError} for a setting that cannot be written (a date that is not a
 * date, a lookup that is not a GUID, an unknown label).
 * @example
 * ```ts
 * import { toEntity } from '@customer-journey/client';
 * const body = toEntity(tree);
 * await fetch(`${org}/api/data/v9.2/msdyncrm_customerjourneys`, { method: 'POST', body: JSON.stringify(body) });
 * ```
 */
export function toEntity(tree: JourneyTree, options?: ToEntityOptions): JourneyEntity {
  return writing('a journey tree', tree, 'tree', () => entityOf(tree, options));
}

function entityOf(tree: JourneyTree, options: ToEntityOptions | undefined): JourneyEntity {
  const s = tree.settings;
  const e: Record<string, unknown> = {};
  if (options?.id !== undefined) e['msdyncrm_customerjourneyid'] = guidOf(options.id, '$.id');
  e['msdyncrm_name'] = s.name;
  if (s.description !== undefined) e['msdyncrm_description'] = s.description;
  const target = ENTITY_TARGET_CODES[s.target];
  if (target === undefined) throw new JourneyFormatError('$.settings.target', `target is ${describeValue(s.target)}`, 'contact or account');
  e['msdyncrm_entitytarget'] = target;
  e['msdyncrm_workflowdefinition'] = serializeWorkflowDefinition(tree);
  e['msdyncrm_customerjourneydesignerstate'] = serializeDesignerState(tree);
  if (s.status !== undefined) {
    e['statuscode'] = statusCode(s.status, '$.settings.status');
    e['statecode'] = s.status === 'Expired' ? 1 : 0;
  }
  if (s.start !== undefined) e['msdyncrm_startdatetime'] = minuteIso(s.start, '$.settings.start');
  if (s.end !== undefined) e['msdyncrm_enddatetime'] = minuteIso(s.end, '$.settings.end');
  if (s.timeZone !== undefined) e['msdyncrm_customerjourneytimezone'] = s.timeZone;
  if (s.consent !== undefined) e['msgdpr_requiredconsent'] = consentCode(s.consent, '$.settings.consent');
  const recurring = s.isRecurring ?? (s.recurrence !== undefined ? true : undefined);
  if (recurring !== undefined) e['msdyncrm_isrecurring'] = recurring;
  if (s.recurrence !== undefined) {
    e['msdyncrm_recurrenceintervaldays'] = s.recurrence.intervalDays;
    e['msdyncrm_recurrencecount'] = s.recurrence.count;
  }
  if (s.type !== undefined) e['msdyncrm_type'] = typeCode(s.type, '$.settings.type');
  for (const [field, nav, , set] of LOOKUPS) {
    const id = s[field];
    if (id !== undefined) e[`${nav}@odata.bind`] = `/${set}(${guidOf(id, `$.settings.${field}`)})`;
  }
  if (s.owner !== undefined) {
    const set = s.owner.type === 'team' ? 'teams' : 'systemusers';
    e['ownerid@odata.bind'] = `/${set}(${guidOf(s.owner.id, '$.settings.owner.id')})`;
  }
  return e as JourneyEntity;
}

const BIND = /\/?([A-Za-z0-9_]+)\(([^()]*)\)$/;

function present(record: Readonly<Record<string, unknown>>, key: string): unknown {
  const v = record[key];
  return v === null ? undefined : v;
}

function readBind(record: Readonly<Record<string, unknown>>, nav: string): { set: string; id: string } | undefined {
  const key = `${nav}@odata.bind`;
  const v = present(record, key);
  if (v === undefined) return undefined;
  const m = typeof v === 'string' ? BIND.exec(v) : null;
  if (m === null) {
    throw new JourneyFormatError(`$[${JSON.stringify(key)}]`, `${describeValue(v)} is not an entity reference`, 'a reference such as "/<entityset>(<guid>)"');
  }
  return { set: m[1]!, id: guidOf(m[2], `$[${JSON.stringify(key)}]`) };
}

function readLookup(record: Readonly<Record<string, unknown>>, nav: string, attribute: string): string | undefined {
  const bound = readBind(record, nav);
  if (bound !== undefined) return bound.id;
  const key = `_${attribute}_value`;
  const v = present(record, key);
  return v === undefined ? undefined : guidOf(v, `$.${key}`);
}

function typed<T>(record: Readonly<Record<string, unknown>>, key: string, type: 'string' | 'number' | 'boolean', expected: string): T | undefined {
  const v = present(record, key);
  if (v === undefined) return undefined;
  if (typeof v !== type || (type === 'number' && !Number.isFinite(v))) {
    throw new JourneyFormatError(`$.${key}`, `${key} is ${describeValue(v)}`, expected);
  }
  return v as T;
}

/**
 * A date-time field: an ISO 8601 string, or a `Date` (clients such as dynamics-web-api turn
 * date strings of a response into `Date` objects).
 */
function dateTime(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = present(record, key);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().replace(/\.000Z$/, 'Z');
  const text = typed<string>(record, key, 'string', `${DATE_TIME_EXPECTED} (or a Date)`);
  // Refused here rather than kept: toEntity could not write it back.
  if (text !== undefined && !isIsoDateTime(text)) {
    throw new JourneyFormatError(`$.${key}`, `${key} is ${describeValue(text)}, which is not a date-time`, DATE_TIME_EXPECTED);
  }
  return text;
}

const EMPTY_DEFINITION =
  '[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01","Properties":{"Items":[{"ActivityTypeId":"bpf_root","ItemId":null,"Name":"New ActivityTypeName_bpf_root_TitleText","IsNameSystemDefined":true,"ActivityItemId":0,"Description":"","Title":"Undefined"}]}}]';

/**
 * Reads a journey record back into a tree: a record retrieved from the Web API (lookups as
 * `_<attribute>_value`, the owner's table from `_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname`)
 * or a body written by {@link toEntity} (lookups as `@odata.bind`). The definition is parsed with
 * its designer state; a record without a definition gives a journey with only the root.
 *
 * `toEntity` then `fromEntity` gives back the same settings, with two defaults left out:
 * `isRecurring: true` next to `recurrence`, and owner `type: 'systemuser'`.
 *
 * @throws {@link JourneyFormatError} for a malformed field or definition, with its JSON path: a
 * start or end that is not an ISO 8601 date-time of a real moment (`$.msdyncrm_startdatetime`), a
 * code that is not known, a lookup that is not a GUID, a definition or designer state that
 * {@link parseWorkflowDefinition} refuses.
 * @example
 * ```ts
 * import { fromEntity } from '@customer-journey/client';
 * const record = await (await fetch(`${org}/api/data/v9.2/msdyncrm_customerjourneys(${id})`)).json();
 * const tree = fromEntity(record);
 * tree.settings.name; // 'Event invitation'
 * ```
 */
export function fromEntity(record: Readonly<Record<string, unknown>>): JourneyTree {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new JourneyFormatError('$', `the record is ${describeValue(record)}`, 'a journey record object');
  }
  const settings: Record<string, unknown> = {};
  const recordId = present(record, 'msdyncrm_customerjourneyid');
  if (recordId !== undefined) settings['recordId'] = guidOf(recordId, '$.msdyncrm_customerjourneyid').toLowerCase();
  settings['name'] = typed<string>(record, 'msdyncrm_name', 'string', 'a string (the journey name)') ?? '';
  const targetCode = present(record, 'msdyncrm_entitytarget');
  let target: EntityTarget | undefined;
  if (targetCode === 0) target = 'contact';
  else if (targetCode === 1) target = 'account';
  else if (targetCode !== undefined) {
    throw new JourneyFormatError('$.msdyncrm_entitytarget', `msdyncrm_entitytarget is ${describeValue(targetCode)}`, '0 (contact) or 1 (account)');
  }
  settings['target'] = target;
  const description = typed<string>(record, 'msdyncrm_description', 'string', 'a string');
  if (description !== undefined) settings['description'] = description;
  const status = present(record, 'statuscode');
  if (status !== undefined) settings['status'] = statusLabel(status, '$.statuscode');
  const start = dateTime(record, 'msdyncrm_startdatetime');
  if (start !== undefined) settings['start'] = start;
  const end = dateTime(record, 'msdyncrm_enddatetime');
  if (end !== undefined) settings['end'] = end;
  const timeZone = typed<number>(record, 'msdyncrm_customerjourneytimezone', 'number', 'a Dataverse time-zone code (an integer)');
  if (timeZone !== undefined) settings['timeZone'] = timeZone;
  const consent = present(record, 'msgdpr_requiredconsent');
  if (consent !== undefined) settings['consent'] = consentLabel(consent, '$.msgdpr_requiredconsent');
  const interval = typed<number>(record, 'msdyncrm_recurrenceintervaldays', 'number', 'a number of days');
  const count = typed<number>(record, 'msdyncrm_recurrencecount', 'number', 'a number of iterations');
  const hasRecurrence = interval !== undefined && count !== undefined;
  if (hasRecurrence) settings['recurrence'] = { intervalDays: interval, count };
  const recurring = typed<boolean>(record, 'msdyncrm_isrecurring', 'boolean', 'a boolean');
  if (recurring !== undefined && !(recurring && hasRecurrence)) settings['isRecurring'] = recurring;
  const type = present(record, 'msdyncrm_type');
  if (type !== undefined) settings['type'] = typeLabel(type, '$.msdyncrm_type');
  const ownerBind = readBind(record, 'ownerid');
  let owner: Owner | undefined;
  if (ownerBind !== undefined) {
    owner = ownerBind.set === 'teams' ? { id: ownerBind.id, type: 'team' } : { id: ownerBind.id };
  } else {
    const ownerId = present(record, '_ownerid_value');
    if (ownerId !== undefined) {
      const id = guidOf(ownerId, '$._ownerid_value');
      const table = present(record, '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname');
      owner = table === 'team' ? { id, type: 'team' } : { id };
    }
  }
  for (const [field, nav, attribute] of LOOKUPS) {
    const id = readLookup(record, nav, attribute);
    if (id !== undefined) settings[field] = id;
  }
  if (owner !== undefined) settings['owner'] = owner;

  const definition = typed<string>(record, 'msdyncrm_workflowdefinition', 'string', 'the workflow definition as a JSON string');
  const state = typed<string>(record, 'msdyncrm_customerjourneydesignerstate', 'string', 'the designer state as a JSON string');
  const tree = parseWorkflowDefinition(definition === undefined || definition === '' ? EMPTY_DEFINITION : definition, state);
  if (target === undefined) settings['target'] = tree.settings.target;
  return Object.freeze({ ...tree, settings: Object.freeze(settings as unknown as JourneySettings) });
}
