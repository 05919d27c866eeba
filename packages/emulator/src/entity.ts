/**
 * The `msdyncrm_customerjourney` table as the emulator knows it: column types and limits, lookups
 * (navigation properties, read names and target entity sets), how a request payload becomes column
 * values, and how a stored record is shaped into a response body (`$select`, annotations).
 *
 * @module
 */
import { SERVER_MANAGED_COLUMNS } from '@customer-journey/client';
import { isGuid, isIsoDateTime, normalizeGuid as toCanonicalGuid } from '@customer-journey/dsl';
import { ERROR_CODES, ODataError, badRequest } from './errors.js';
import { columnValue } from './filter.js';
import { STATUS, STATUS_LABELS } from './lifecycle.js';

/**
 * Logical name of the journey table.
 *
 * @example
 * ```ts
 * recordNotFound(JOURNEY_LOGICAL_NAME, id);
 * ```
 */
export const JOURNEY_LOGICAL_NAME = 'msdyncrm_customerjourney';
/**
 * Primary key column.
 *
 * @example
 * ```ts
 * const id = emulator.records()[0]?.[JOURNEY_ID];
 * ```
 */
export const JOURNEY_ID = 'msdyncrm_customerjourneyid';
/**
 * Default entity set name.
 *
 * @example
 * ```ts
 * fetch(`${emulator.apiUrl}/${DEFAULT_ENTITY_SET}`, { headers: { Authorization: 'Bearer t' } });
 * ```
 */
export const DEFAULT_ENTITY_SET = 'msdyncrm_customerjourneys';
/**
 * The user the emulator acts as (owner, created by, modified by).
 *
 * @example
 * ```ts
 * emulator.records()[0]?._ownerid_value === EMULATOR_USER_ID; // true unless ownerid was bound
 * ```
 */
export const EMULATOR_USER_ID = '6f0a7b8e-0000-4000-8000-00000000e001';
/**
 * The business unit and organization the emulator reports.
 *
 * @example
 * ```ts
 * (await (await fetch(`${emulator.apiUrl}/WhoAmI`, init)).json()).BusinessUnitId === EMULATOR_BUSINESS_UNIT_ID;
 * ```
 */
export const EMULATOR_BUSINESS_UNIT_ID = '6f0a7b8e-0000-4000-8000-00000000b001';
/**
 * The organization id the emulator reports.
 *
 * @example
 * ```ts
 * (await (await fetch(`${emulator.apiUrl}/WhoAmI`, init)).json()).OrganizationId === EMULATOR_ORGANIZATION_ID;
 * ```
 */
export const EMULATOR_ORGANIZATION_ID = '6f0a7b8e-0000-4000-8000-00000000a001';

/**
 * Type and limits of a writable column.
 *
 * @example
 * ```ts
 * const name: ColumnSpec = { type: 'string', maxLength: 100 };
 * ```
 */
export interface ColumnSpec {
  /** Edm-ish type of the column. */
  readonly type: 'string' | 'integer' | 'bigint' | 'boolean' | 'datetime' | 'picklist';
  /** Maximum length for strings. */
  readonly maxLength?: number;
  /** Inclusive range for integers. */
  readonly min?: number;
  /** Inclusive range for integers. */
  readonly max?: number;
  /** Accepted values of a picklist, with their labels. */
  readonly options?: Readonly<Record<number, string>>;
}

const INT_MAX = 2_147_483_647;

/**
 * Writable columns of the journey table with their types and limits (reference §6.1).
 *
 * @example
 * ```ts
 * JOURNEY_COLUMNS.msdyncrm_name?.maxLength; // 100
 * ```
 */
export const JOURNEY_COLUMNS: Readonly<Record<string, ColumnSpec>> = Object.freeze({
  msdyncrm_name: { type: 'string', maxLength: 100 },
  msdyncrm_description: { type: 'string', maxLength: 5000 },
  msdyncrm_workflowdefinition: { type: 'string', maxLength: 1_048_576 },
  msdyncrm_customerjourneydesignerstate: { type: 'string', maxLength: 100_000 },
  msdyncrm_validationresults: { type: 'string', maxLength: 1_048_576 },
  msdyncrm_startdatetime: { type: 'datetime' },
  msdyncrm_enddatetime: { type: 'datetime' },
  msdyncrm_customerjourneytimezone: { type: 'integer', min: -1500, max: 1500 },
  msdyncrm_isrecurring: { type: 'boolean' },
  msdyncrm_recurrencecount: { type: 'integer', min: 0, max: INT_MAX },
  msdyncrm_recurrenceintervaldays: { type: 'integer', min: 0, max: INT_MAX },
  msdyncrm_entitytarget: { type: 'picklist', options: { 0: 'Contact', 1: 'Account' } },
  msdyncrm_type: { type: 'picklist', options: { 192350000: 'Automated', 192350001: 'LinkedIn' } },
  msgdpr_requiredconsent: {
    type: 'picklist',
    options: {
      587030001: '(1) Consent',
      587030002: '(2) Transactional',
      587030003: '(3) Subscriptions',
      587030004: '(4) Marketing',
      587030005: '(5) Profiling',
    },
  },
  msdyncrm_scope: { type: 'picklist', options: { 270100000: 'Organization', 270100001: 'Business unit' } },
  msdyncrm_purpose: { type: 'string', maxLength: 1000 },
  msdyncrm_insights_placeholder: { type: 'string', maxLength: 100 },
  msdyncrm_lockdowndateinmilliseconds: { type: 'bigint' },
  statecode: { type: 'picklist', options: { 0: 'Active', 1: 'Inactive' } },
  statuscode: { type: 'picklist', options: STATUS_LABELS },
  importsequencenumber: { type: 'integer', min: -INT_MAX - 1, max: INT_MAX },
  overriddencreatedon: { type: 'datetime' },
  timezoneruleversionnumber: { type: 'integer', min: -1, max: INT_MAX },
  utcconversiontimezonecode: { type: 'integer', min: -1, max: INT_MAX },
});

/**
 * Columns the service computes; values sent for them are ignored.
 *
 * @example
 * ```ts
 * READ_ONLY_COLUMNS.has('versionnumber'); // true
 * ```
 */
export const READ_ONLY_COLUMNS: ReadonlySet<string> = new Set(SERVER_MANAGED_COLUMNS);

/**
 * A lookup column: its navigation property for `@odata.bind` and its targets.
 *
 * @example
 * ```ts
 * const owner: LookupSpec = { nav: 'ownerid', attribute: 'ownerid', targets: { systemusers: 'systemuser', teams: 'team' } };
 * ```
 */
export interface LookupSpec {
  /** Navigation property (case-sensitive) used as `<nav>@odata.bind`. */
  readonly nav: string;
  /** Logical name of the lookup attribute. */
  readonly attribute: string;
  /** Entity sets it may point to, with the logical name of each target table. */
  readonly targets: Readonly<Record<string, string>>;
}

/**
 * Lookups of the journey table (reference §6.3).
 *
 * @example
 * ```ts
 * JOURNEY_LOOKUPS.find((l) => l.attribute === 'msdyncrm_contentsettingsid')?.nav; // 'msdyncrm_contentsettingsId'
 * ```
 */
export const JOURNEY_LOOKUPS: readonly LookupSpec[] = Object.freeze<LookupSpec[]>([
  { nav: 'msdyncrm_contentsettingsId', attribute: 'msdyncrm_contentsettingsid', targets: { msdyncrm_contentsettingss: 'msdyncrm_contentsettings' } },
  { nav: 'msdyncrm_SuppressionSegmentId', attribute: 'msdyncrm_suppressionsegmentid', targets: { msdyncrm_segments: 'msdyncrm_segment' } },
  {
    nav: 'msdyncrm_CustomerJourneyTemplate',
    attribute: 'msdyncrm_customerjourneytemplate',
    targets: { msdyncrm_customerjourneytemplates: 'msdyncrm_customerjourneytemplate' },
  },
  { nav: 'msdyncr2_LinkedInCampaign', attribute: 'msdyncr2_linkedincampaign', targets: { msdyncrm_linkedincampaigns: 'msdyncrm_linkedincampaign' } },
  { nav: 'msdyncrm_publishedby', attribute: 'msdyncrm_publishedby', targets: { systemusers: 'systemuser' } },
  { nav: 'ownerid', attribute: 'ownerid', targets: { systemusers: 'systemuser', teams: 'team' } },
]);

const LOOKUP_BY_NAV = new Map(JOURNEY_LOOKUPS.map((l) => [l.nav, l]));

/**
 * Annotation that names the table a lookup value points to.
 *
 * @example
 * ```ts
 * record['_ownerid_value' + LOOKUP_LOGICAL_NAME]; // 'systemuser'
 * ```
 */
export const LOOKUP_LOGICAL_NAME = '@Microsoft.Dynamics.CRM.lookuplogicalname';
/**
 * Annotation that names the navigation property of a lookup value.
 *
 * @example
 * ```ts
 * body['_ownerid_value' + ASSOCIATED_NAV]; // 'ownerid'
 * ```
 */
export const ASSOCIATED_NAV = '@Microsoft.Dynamics.CRM.associatednavigationproperty';
/**
 * Annotation with the display text of a value.
 *
 * @example
 * ```ts
 * body['statuscode' + FORMATTED_VALUE]; // 'Draft'
 * ```
 */
export const FORMATTED_VALUE = '@OData.Community.Display.V1.FormattedValue';

/**
 * The read name of a lookup attribute: `_<attribute>_value`.
 *
 * @example
 * ```ts
 * lookupValueName('ownerid'); // '_ownerid_value'
 * ```
 */
export function lookupValueName(attribute: string): string {
  return `_${attribute}_value`;
}

/**
 * Normalizes a GUID (braces dropped, lower case), or returns `undefined` if it is not one.
 *
 * @example
 * ```ts
 * normalizeGuid('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}'); // '6628bbf7-c52a-e911-a9b7-000d3a1e6adc'
 * ```
 */
export function normalizeGuid(value: string): string | undefined {
  const trimmed = value.trim();
  return isGuid(trimmed) ? toCanonicalGuid(trimmed) : undefined;
}

/**
 * Every column name the table knows, for checking `$select`, `$filter` and `$orderby`.
 *
 * @example
 * ```ts
 * KNOWN_COLUMNS.has('_ownerid_value'); // true
 * ```
 */
export const KNOWN_COLUMNS: ReadonlySet<string> = new Set([
  JOURNEY_ID,
  ...Object.keys(JOURNEY_COLUMNS),
  ...READ_ONLY_COLUMNS,
  ...JOURNEY_LOOKUPS.map((l) => lookupValueName(l.attribute)),
]);

/**
 * Column values parsed from a payload, ready to merge into a record.
 *
 * @example
 * ```ts
 * const { values, id }: PayloadChanges = readPayload({ msdyncrm_name: 'Welcome' });
 * ```
 */
export interface PayloadChanges {
  /** Values by column (lookups under their read name, with the lookup annotation). */
  readonly values: Record<string, unknown>;
  /** The primary key sent in the body, normalized, if any. */
  readonly id?: string;
}

function validationError(message: string): ODataError {
  return new ODataError(400, ERROR_CODES.validation, `A validation error occurred. ${message}`);
}

function checkColumn(name: string, spec: ColumnSpec, value: unknown): void {
  if (value === null) return;
  const edm: Record<ColumnSpec['type'], string> = {
    string: 'Edm.String',
    integer: 'Edm.Int32',
    bigint: 'Edm.Int64',
    boolean: 'Edm.Boolean',
    datetime: 'Edm.DateTimeOffset',
    picklist: 'Edm.Int32',
  };
  const mismatch = (): ODataError =>
    badRequest(`Cannot convert the literal '${String(JSON.stringify(value)).slice(0, 100)}' to the expected type '${edm[spec.type]}' of the property '${name}'.`);
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') throw mismatch();
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        throw validationError(
          `The length of the '${name}' attribute of the '${JOURNEY_LOGICAL_NAME}' entity exceeded the maximum allowed length of '${spec.maxLength}' (it is ${value.length}).`,
        );
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch();
      return;
    case 'datetime':
      if (typeof value !== 'string' || !isIsoDateTime(value)) throw mismatch();
      return;
    case 'bigint':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        if (!(typeof value === 'string' && /^-?\d+$/.test(value))) throw mismatch();
      }
      return;
    case 'integer':
    case 'picklist': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch();
      if (spec.options && !(value in spec.options)) {
        throw validationError(
          `The value ${value} of '${name}' on record of type '${JOURNEY_LOGICAL_NAME}' is outside the valid range. Accepted Values: ${Object.keys(spec.options).join(',')}`,
        );
      }
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        throw validationError(`The value ${value} of '${name}' is outside the valid range ${spec.min}..${spec.max}.`);
      }
      return;
    }
  }
}

function parseBind(nav: string, lookup: LookupSpec, value: unknown, values: Record<string, unknown>): void {
  const read = lookupValueName(lookup.attribute);
  if (value === null) {
    values[read] = null;
    values[read + LOOKUP_LOGICAL_NAME] = undefined;
    return;
  }
  if (typeof value !== 'string') throw badRequest(`The value of '${nav}@odata.bind' must be a string such as "/${Object.keys(lookup.targets)[0]}(<guid>)".`);
  const m = /(?:^|\/)([A-Za-z0-9_]+)\(([^)]*)\)$/.exec(value.trim());
  const set = m?.[1];
  const id = m?.[2] === undefined ? undefined : normalizeGuid(m[2]);
  if (set === undefined || id === undefined) {
    throw badRequest(`Invalid '${nav}@odata.bind' value '${value}': expected "/<entity set>(<guid>)", e.g. "/${Object.keys(lookup.targets)[0]}(00000000-0000-0000-0000-000000000000)".`);
  }
  const logical = lookup.targets[set];
  if (logical === undefined) {
    throw badRequest(`'${nav}' cannot point to the entity set '${set}'. It accepts: ${Object.keys(lookup.targets).join(', ')}.`);
  }
  values[read] = id;
  values[read + LOOKUP_LOGICAL_NAME] = logical;
}

/**
 * Turns a create or update body into column values: checks types and lengths of known columns,
 * resolves `<nav>@odata.bind` lookups, ignores read-only columns and instance annotations, and keeps
 * unknown columns as sent.
 *
 * @throws ODataError (400) naming the column and the rule it breaks.
 * @example
 * ```ts
 * const { values } = readPayload({ msdyncrm_name: 'Welcome', 'ownerid@odata.bind': '/systemusers(6f0a7b8e-0000-4000-8000-00000000e001)' });
 * values._ownerid_value; // '6f0a7b8e-0000-4000-8000-00000000e001'
 * ```
 */
export function readPayload(body: unknown): PayloadChanges {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object with the columns of the record.');
  }
  const values: Record<string, unknown> = {};
  let id: string | undefined;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.endsWith('@odata.bind')) {
      const nav = key.slice(0, -'@odata.bind'.length);
      const lookup = LOOKUP_BY_NAV.get(nav);
      if (!lookup) {
        const hint = JOURNEY_LOOKUPS.find((l) => l.nav.toLowerCase() === nav.toLowerCase());
        throw badRequest(
          `An undeclared property '${nav}' which only has property annotations in the payload but no property value was found in the payload. ` +
            (hint ? `Navigation property names are case-sensitive: use '${hint.nav}'.` : `Known navigation properties: ${JOURNEY_LOOKUPS.map((l) => l.nav).join(', ')}.`),
        );
      }
      parseBind(nav, lookup, value, values);
      continue;
    }
    if (key.includes('@') || key.startsWith('_')) continue;
    if (READ_ONLY_COLUMNS.has(key)) continue;
    if (key === JOURNEY_ID) {
      if (value === null) continue;
      const guid = typeof value === 'string' ? normalizeGuid(value) : undefined;
      if (guid === undefined) throw badRequest(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.Guid' of the property '${JOURNEY_ID}'.`);
      id = guid;
      continue;
    }
    const spec = JOURNEY_COLUMNS[key];
    if (spec) checkColumn(key, spec, value);
    else if (JOURNEY_LOOKUPS.some((l) => l.attribute === key)) {
      throw badRequest(`The lookup '${key}' cannot be set directly: use '${JOURNEY_LOOKUPS.find((l) => l.attribute === key)?.nav}@odata.bind'.`);
    }
    values[key] = value;
  }
  return id === undefined ? { values } : { values, id };
}

/**
 * Which instance annotations a `Prefer: odata.include-annotations` value asks for.
 *
 * @example
 * ```ts
 * const wants = annotationFilter('"Microsoft.Dynamics.CRM.*"');
 * wants('Microsoft.Dynamics.CRM.lookuplogicalname'); // true
 * ```
 */
export function annotationFilter(value: string | undefined): (annotation: string) => boolean {
  if (value === undefined) return () => false;
  const patterns = value
    .replace(/^"|"$/g, '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const includes = patterns.filter((p) => !p.startsWith('-'));
  const excludes = patterns.filter((p) => p.startsWith('-')).map((p) => p.slice(1));
  const match = (pattern: string, name: string): boolean =>
    pattern === '*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1)));
  return (annotation) => includes.some((p) => match(p, annotation)) && !excludes.some((p) => match(p, annotation));
}

/**
 * How to shape a record for a response.
 *
 * @example
 * ```ts
 * shapeRecord(record, { select: ['msdyncrm_name'], annotations: annotationFilter('"*"') });
 * ```
 */
export interface ShapeOptions {
  /** Columns to return (`$select`); all when absent. The primary key is always returned. */
  readonly select?: readonly string[];
  /** Which annotations to add. */
  readonly annotations?: (annotation: string) => boolean;
}

/**
 * The weak ETag of a record: `W/"<versionnumber>"`.
 *
 * @example
 * ```ts
 * etagOf({ versionnumber: 1042 }); // 'W/"1042"'
 * ```
 */
export function etagOf(record: Readonly<Record<string, unknown>>): string {
  return `W/"${String(record.versionnumber)}"`;
}

function formatted(column: string, value: unknown): string | undefined {
  if (typeof value === 'number') {
    const label = JOURNEY_COLUMNS[column]?.options?.[value];
    if (label !== undefined) return label;
  }
  if (typeof value === 'boolean' && JOURNEY_COLUMNS[column]?.type === 'boolean') return value ? 'Yes' : 'No';
  return undefined;
}

/**
 * Shapes a stored record into a response body: `@odata.etag`, then the columns (selected ones
 * only with `$select`), with lookup and formatted-value annotations when asked for.
 *
 * @example
 * ```ts
 * shapeRecord(record, { select: ['msdyncrm_name'] }); // { '@odata.etag': 'W/"…"', msdyncrm_name: '…', msdyncrm_customerjourneyid: '…' }
 * ```
 */
export function shapeRecord(record: Readonly<Record<string, unknown>>, options: ShapeOptions = {}): Record<string, unknown> {
  const wants = options.annotations ?? (() => false);
  const out: Record<string, unknown> = { '@odata.etag': etagOf(record) };
  const columns = options.select ? [...options.select.filter((c) => c !== JOURNEY_ID), JOURNEY_ID] : Object.keys(record).filter((k) => !k.includes('@'));
  for (const column of columns) {
    const value = columnValue(record, column);
    if (column.startsWith('_') && column.endsWith('_value')) {
      if (value !== null && value !== undefined) {
        const logical = record[column + LOOKUP_LOGICAL_NAME];
        const lookup = JOURNEY_LOOKUPS.find((l) => lookupValueName(l.attribute) === column);
        if (lookup && wants('Microsoft.Dynamics.CRM.associatednavigationproperty')) out[column + ASSOCIATED_NAV] = lookup.nav;
        if (typeof logical === 'string' && wants('Microsoft.Dynamics.CRM.lookuplogicalname')) out[column + LOOKUP_LOGICAL_NAME] = logical;
      }
    } else if (wants('OData.Community.Display.V1.FormattedValue')) {
      const text = formatted(column, value);
      if (text !== undefined) out[column + FORMATTED_VALUE] = text;
    }
    out[column] = value === undefined ? null : value;
  }
  return out;
}

/**
 * Default columns of a new record: Draft, Active, owned by the emulator's user.
 *
 * @example
 * ```ts
 * newRecordDefaults('2026-01-01T00:00:00Z').statuscode; // 192350000
 * ```
 */
export function newRecordDefaults(now: string): Record<string, unknown> {
  return {
    statecode: 0,
    statuscode: STATUS.draft,
    msdyncrm_entitytarget: 0,
    msdyncrm_type: 192350000,
    [lookupValueName('ownerid')]: EMULATOR_USER_ID,
    [lookupValueName('ownerid') + LOOKUP_LOGICAL_NAME]: 'systemuser',
    [lookupValueName('createdby')]: EMULATOR_USER_ID,
    [lookupValueName('createdby') + LOOKUP_LOGICAL_NAME]: 'systemuser',
    [lookupValueName('modifiedby')]: EMULATOR_USER_ID,
    [lookupValueName('modifiedby') + LOOKUP_LOGICAL_NAME]: 'systemuser',
    [lookupValueName('owningbusinessunit')]: EMULATOR_BUSINESS_UNIT_ID,
    [lookupValueName('owningbusinessunit') + LOOKUP_LOGICAL_NAME]: 'businessunit',
    createdon: now,
    modifiedon: now,
  };
}
