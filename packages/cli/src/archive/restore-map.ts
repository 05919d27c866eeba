/**
 * From an archived raw record to the body that recreates it, and what "the same record" means.
 *
 * **Byte-equal.** A restored record equals its archived copy when every column the Web API lets a
 * client write has the same value: for each column of the archived record other than
 * annotations, the primary key, the columns the org manages itself
 * ({@link SERVER_MANAGED_COLUMNS}) and the status pair (`statecode`, `statuscode`), the restored
 * record holds the same JSON value (strings, such as the definition and the designer state, byte
 * for byte), and each lookup (`_<attribute>_value`) points to the same id in the same table. The
 * status follows {@link restoredStatus}. A column one of the two records lacks counts as empty
 * (`null`), as Dataverse reads an unset column.
 *
 * @module
 */
import { JOURNEY_LOOKUPS, SERVER_MANAGED_COLUMNS } from '@customer-journey/client';
import { JOURNEY_STATUS_CODES, type JourneyStatus } from '@customer-journey/dsl';
import { statusOfCode } from './manifest.js';

/** The primary key: it travels in the request URL, never in the body. */
const ID_COLUMN = 'msdyncrm_customerjourneyid';
/** Annotation naming the table a lookup points to. */
const LOGICAL_NAME = '@Microsoft.Dynamics.CRM.lookuplogicalname';
/** Annotation naming a lookup's navigation property. */
const NAVIGATION = '@Microsoft.Dynamics.CRM.associatednavigationproperty';

const MANAGED = new Set(SERVER_MANAGED_COLUMNS);
/** The status pair, set by the status rules rather than copied. */
const STATUS_COLUMNS = new Set(['statecode', 'statuscode']);
const LOOKUP_BY_READ_NAME = new Map(JOURNEY_LOOKUPS.map((l) => [`_${l.attribute}_value`, l]));

/**
 * A column of an archived record that restore cannot write, and why.
 *
 * @example
 * ```ts
 * const skipped: UnrestorableColumn = { column: '_new_region_value', reason: 'a lookup the journey table does not list (format reference §6.3)' };
 * ```
 */
export interface UnrestorableColumn {
  readonly column: string;
  readonly reason: string;
}

/**
 * The body that recreates an archived record, and the columns that cannot be written.
 *
 * @example
 * ```ts
 * const { columns, unrestorable }: WritableRecord = writableColumns(raw);
 * ```
 */
export interface WritableRecord {
  /** Columns as the Web API takes them: lookups as `<nav>@odata.bind`. */
  readonly columns: Readonly<Record<string, unknown>>;
  /** Columns of the archived record left out, with the reason. */
  readonly unrestorable: readonly UnrestorableColumn[];
}

const isAnnotation = (key: string): boolean => key.includes('@');
const isLookupValue = (key: string): boolean => key.startsWith('_') && key.endsWith('_value');

/** Whether restore writes and compares this column of a raw record. */
function restorable(key: string): boolean {
  return !isAnnotation(key) && key !== ID_COLUMN && !MANAGED.has(key) && !STATUS_COLUMNS.has(key);
}

/** The `@odata.bind` of one lookup value, or why there is none. */
function bindOf(raw: Readonly<Record<string, unknown>>, key: string): { nav: string; value: string } | { reason: string } {
  const lookup = LOOKUP_BY_READ_NAME.get(key);
  if (lookup === undefined) return { reason: 'a lookup the journey table does not list (format reference §6.3), so its navigation property and table are unknown' };
  const value = raw[key];
  if (typeof value !== 'string') return { reason: `its value is ${JSON.stringify(value)}, not an id` };
  const table = raw[key + LOGICAL_NAME];
  const logical = typeof table === 'string' ? table : Object.keys(lookup.targets)[0]!;
  const set = lookup.targets[logical];
  if (set === undefined) return { reason: `it points to the table ${logical}, which ${lookup.nav} does not accept (${Object.keys(lookup.targets).join(', ')})` };
  const nav = raw[key + NAVIGATION];
  return { nav: typeof nav === 'string' ? nav : lookup.nav, value: `/${set}(${value})` };
}

/**
 * The body that recreates an archived record: every column the API lets a client write, as it was
 * (strings byte for byte), lookups turned back into `<nav>@odata.bind` from the table their
 * annotation names. Annotations, the primary key, server-managed columns and the status pair are
 * left out; an empty lookup is left out (a new record has none).
 *
 * @example
 * ```ts
 * writableColumns({ msdyncrm_name: 'Welcome', _ownerid_value: '6f0a…', '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'team', createdon: '…' });
 * // { columns: { msdyncrm_name: 'Welcome', 'ownerid@odata.bind': '/teams(6f0a…)' }, unrestorable: [] }
 * ```
 */
export function writableColumns(raw: Readonly<Record<string, unknown>>): WritableRecord {
  const columns: Record<string, unknown> = {};
  const unrestorable: UnrestorableColumn[] = [];
  for (const key of Object.keys(raw)) {
    if (!restorable(key)) continue;
    if (!isLookupValue(key)) {
      columns[key] = raw[key];
      continue;
    }
    if (raw[key] === null || raw[key] === undefined) continue;
    const bind = bindOf(raw, key);
    if ('reason' in bind) unrestorable.push({ column: key, reason: bind.reason });
    else columns[`${bind.nav}@odata.bind`] = bind.value;
  }
  return { columns, unrestorable };
}

/**
 * What empties the columns a record holds and its archived copy does not (for overwriting): the
 * column set to `null`, a lookup unbound (`<nav>@odata.bind: null`).
 *
 * @example
 * ```ts
 * clearedColumns(archived, current); // { msdyncrm_description: null, 'msdyncrm_SuppressionSegmentId@odata.bind': null }
 * ```
 */
export function clearedColumns(archived: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>): Record<string, null> {
  const cleared: Record<string, null> = {};
  for (const key of Object.keys(current)) {
    if (!restorable(key) || current[key] === null || current[key] === undefined) continue;
    if (!isLookupValue(key)) {
      if (!(key in archived)) cleared[key] = null;
      continue;
    }
    if (archived[key] !== null && archived[key] !== undefined) continue;
    const lookup = LOOKUP_BY_READ_NAME.get(key);
    if (lookup !== undefined) cleared[`${lookup.nav}@odata.bind`] = null;
  }
  return cleared;
}

/** How one column compares: its JSON text (a lookup: its id and table). */
function comparable(raw: Readonly<Record<string, unknown>>, key: string): string {
  const value = raw[key] ?? null;
  if (isLookupValue(key) && value !== null) return JSON.stringify([value, raw[key + LOGICAL_NAME] ?? null]);
  return JSON.stringify(value);
}

/**
 * The columns in which a record differs from its archived copy (see the module description for
 * what is compared); `[]` when they are the same. The status is not compared here.
 *
 * @example
 * ```ts
 * differingColumns(archived, await client.getRaw(id).then((r) => r.entity)); // ['msdyncrm_description']
 * ```
 */
export function differingColumns(archived: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>): string[] {
  const differ: string[] = [];
  for (const key of new Set([...Object.keys(archived), ...Object.keys(current)])) {
    if (!restorable(key)) continue;
    if (comparable(archived, key) !== comparable(current, key)) differ.push(key);
  }
  return differ;
}

/**
 * What restore does with an archived status (format reference §8): a record is created as Draft,
 * the only status a new journey starts in. Draft stays Draft; Expired is reached from Draft
 * (Draft → Expired is an allowed transition) and kept. Every other status (Going live, Live,
 * Live, editable, Stopping, Stopped, Error) is reached only by going live, which would run the
 * journey: those records are restored as Draft, and the note says so.
 *
 * @example
 * ```ts
 * restoredStatus(192350001); // { archived: 'Live', restored: 'Draft', code: 192350000, note: 'was Live; restored as Draft: …' }
 * ```
 */
export function restoredStatus(statusCode: unknown): {
  readonly archived: JourneyStatus | null;
  readonly restored: 'Draft' | 'Expired';
  readonly code: number;
  readonly note?: string;
} {
  const draft = JOURNEY_STATUS_CODES.Draft;
  if (statusCode === null || statusCode === undefined) return { archived: null, restored: 'Draft', code: draft };
  const archived = statusOfCode(statusCode);
  if (archived === 'Draft') return { archived, restored: 'Draft', code: draft };
  if (archived === 'Expired') return { archived, restored: 'Expired', code: JOURNEY_STATUS_CODES.Expired };
  if (archived === null) {
    return { archived, restored: 'Draft', code: draft, note: `statuscode ${JSON.stringify(statusCode)} is not a known status; restored as Draft` };
  }
  return {
    archived,
    restored: 'Draft',
    code: draft,
    note: `was ${archived}; restored as Draft: a journey becomes ${archived} only by going live, which would run it; go live by hand when you mean it`,
  };
}
