/**
 * Query options of a collection or record request (`$select`, `$filter`, `$orderby`, `$top`,
 * `$count`, `$skiptoken`), the `Prefer` header, and paging with `@odata.nextLink`.
 *
 * @module
 */
import { badRequest, ERROR_CODES } from './errors.js';
import { FilterSyntaxError, columnValue, evaluateFilter, filterProperties, parseFilter, type FilterExpression } from './filter.js';

/**
 * The largest page Dataverse serves, also its default page size.
 *
 * @example
 * ```ts
 * parsePrefer('odata.maxpagesize=10000').maxPageSize === MAX_PAGE_SIZE; // true
 * ```
 */
export const MAX_PAGE_SIZE = 5000;

/**
 * Parsed `Prefer` header preferences.
 *
 * @example
 * ```ts
 * const prefs: Preferences = parsePrefer('return=representation');
 * ```
 */
export interface Preferences {
  /** `return=representation`. */
  readonly returnRepresentation: boolean;
  /** `odata.maxpagesize=N`. */
  readonly maxPageSize?: number;
  /** The value of `odata.include-annotations`, quotes included. */
  readonly includeAnnotations?: string;
}

/**
 * Splits `Prefer` header(s) into preferences, keeping quoted values (which may hold commas) whole.
 *
 * @example
 * ```ts
 * parsePrefer('return=representation, odata.maxpagesize=2, odata.include-annotations="*"');
 * // { returnRepresentation: true, maxPageSize: 2, includeAnnotations: '"*"' }
 * ```
 */
export function parsePrefer(header: string | readonly string[] | undefined): Preferences {
  const text = header === undefined ? '' : typeof header === 'string' ? header : header.join(',');
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  let returnRepresentation = false;
  let maxPageSize: number | undefined;
  let includeAnnotations: string | undefined;
  for (const part of parts) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    const name = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : trimmed.slice(eq + 1).trim();
    if (name === 'return' && value.toLowerCase() === 'representation') returnRepresentation = true;
    else if (name === 'odata.maxpagesize') {
      const n = Number(value.replace(/"/g, ''));
      if (Number.isInteger(n) && n > 0) maxPageSize = Math.min(n, MAX_PAGE_SIZE);
    } else if (name === 'odata.include-annotations') includeAnnotations = value;
  }
  return {
    returnRepresentation,
    ...(maxPageSize === undefined ? {} : { maxPageSize }),
    ...(includeAnnotations === undefined ? {} : { includeAnnotations }),
  };
}

/**
 * One `$orderby` key.
 *
 * @example
 * ```ts
 * const key: OrderKey = { column: 'msdyncrm_name', descending: true };
 * ```
 */
export interface OrderKey {
  /** Column. */
  readonly column: string;
  /** Descending? */
  readonly descending: boolean;
}

/**
 * Parsed query options.
 *
 * @example
 * ```ts
 * const query: QueryOptions = parseQuery(new URLSearchParams('$top=5'), () => true);
 * ```
 */
export interface QueryOptions {
  /** `$select` columns. */
  readonly select?: readonly string[];
  /** `$filter`. */
  readonly filter?: FilterExpression;
  /** `$orderby`. */
  readonly orderBy?: readonly OrderKey[];
  /** `$top`. */
  readonly top?: number;
  /** `$count=true`. */
  readonly count: boolean;
  /** Offset decoded from `$skiptoken`. */
  readonly skip: number;
  /** The raw options other than `$skiptoken`, in order, for building the next link. */
  readonly carried: readonly (readonly [string, string])[];
}

const SUPPORTED = new Set(['$select', '$filter', '$orderby', '$top', '$count', '$skiptoken', '$expand']);

/**
 * Parses query options, checking every column named against `isKnownColumn`.
 *
 * @throws ODataError (400) for syntax errors, unknown columns or unsupported options (`$skip`).
 * @example
 * ```ts
 * const q = parseQuery(new URLSearchParams("$select=msdyncrm_name&$filter=statuscode eq 192350001"), () => true);
 * ```
 */
export function parseQuery(params: URLSearchParams, isKnownColumn: (name: string) => boolean): QueryOptions {
  const carried: [string, string][] = [];
  let select: string[] | undefined;
  let filter: FilterExpression | undefined;
  let orderBy: OrderKey[] | undefined;
  let top: number | undefined;
  let count = false;
  let skip = 0;
  const checkColumn = (name: string, option: string): void => {
    if (!isKnownColumn(name)) {
      throw badRequest(
        `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.msdyncrm_customerjourney' (in ${option}).`,
        ERROR_CODES.unknownProperty,
      );
    }
  };
  for (const [name, value] of params) {
    if (name.startsWith('$') && !SUPPORTED.has(name)) {
      if (name === '$skip') throw badRequest('The query parameter $skip is not supported. Use odata.maxpagesize and @odata.nextLink to page.');
      throw badRequest(`The query parameter '${name}' is not supported.`);
    }
    if (name !== '$skiptoken') carried.push([name, value]);
    switch (name) {
      case '$select':
        select = value
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== '');
        for (const c of select) checkColumn(c, '$select');
        break;
      case '$filter':
        try {
          filter = parseFilter(value);
        } catch (error) {
          if (error instanceof FilterSyntaxError) throw badRequest(`Syntax error in $filter '${value}': ${error.message}`);
          throw error;
        }
        for (const c of filterProperties(filter)) checkColumn(c, '$filter');
        break;
      case '$orderby':
        orderBy = value.split(',').map((part) => {
          const [column = '', direction = 'asc', ...rest] = part.trim().split(/\s+/);
          if (rest.length > 0 || !/^(asc|desc)$/i.test(direction) || column === '') throw badRequest(`Invalid $orderby '${value}'.`);
          checkColumn(column, '$orderby');
          return { column, descending: direction.toLowerCase() === 'desc' };
        });
        break;
      case '$top': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid value '${value}' for $top: a non-negative integer is expected.`);
        top = n;
        break;
      }
      case '$count':
        count = value.toLowerCase() === 'true';
        break;
      case '$skiptoken':
        skip = decodeSkipToken(value);
        break;
      default:
        break;
    }
  }
  return {
    ...(select ? { select } : {}),
    ...(filter ? { filter } : {}),
    ...(orderBy ? { orderBy } : {}),
    ...(top === undefined ? {} : { top }),
    count,
    skip,
    carried,
  };
}

/**
 * A `$skiptoken` in the shape of Dataverse's paging cookie, carrying the offset of the next page.
 *
 * @example
 * ```ts
 * encodeSkipToken(3, 10); // '<cookie pagenumber="3" skip="10" istracking="False" />'
 * ```
 */
export function encodeSkipToken(pageNumber: number, skip: number): string {
  return `<cookie pagenumber="${pageNumber}" skip="${skip}" istracking="False" />`;
}

/**
 * The offset carried by a `$skiptoken`.
 *
 * @throws ODataError (400) when the token is not one the emulator handed out.
 * @example
 * ```ts
 * decodeSkipToken('<cookie pagenumber="3" skip="10" istracking="False" />'); // 10
 * ```
 */
export function decodeSkipToken(token: string): number {
  const m = /\bskip="(\d+)"/.exec(token);
  if (!m) throw badRequest(`Invalid $skiptoken '${token}'. Use the @odata.nextLink of the previous page as given.`);
  return Number(m[1]);
}

function compareValues(a: unknown, b: unknown): number {
  const nullA = a === null || a === undefined;
  const nullB = b === null || b === undefined;
  if (nullA || nullB) return nullA === nullB ? 0 : nullA ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * One page of a collection query.
 *
 * @example
 * ```ts
 * const page: Page<StoredRecord> = runQuery(records, query, 100);
 * ```
 */
export interface Page<T> {
  /** Records of this page. */
  readonly items: readonly T[];
  /** Offset of the next page, when there is more. */
  readonly nextSkip?: number;
  /** Number of records matching the filter (for `$count`). */
  readonly total: number;
}

/**
 * Filters, orders and pages records. `$top` limits the result when no page size is asked for
 * (with `odata.maxpagesize` it is ignored, as the service does).
 *
 * @example
 * ```ts
 * const page = runQuery(records, parseQuery(params, () => true), 50);
 * ```
 */
export function runQuery<T extends Readonly<Record<string, unknown>>>(records: readonly T[], query: QueryOptions, maxPageSize: number | undefined): Page<T> {
  let rows = query.filter ? records.filter((r) => evaluateFilter(query.filter as FilterExpression, r)) : [...records];
  if (query.orderBy && query.orderBy.length > 0) {
    const keys = query.orderBy;
    const indexed = rows.map((row, index) => ({ row, index }));
    indexed.sort((x, y) => {
      for (const key of keys) {
        const c = compareValues(columnValue(x.row, key.column), columnValue(y.row, key.column));
        if (c !== 0) return key.descending ? -c : c;
      }
      return x.index - y.index;
    });
    rows = indexed.map((e) => e.row);
  }
  if (maxPageSize === undefined && query.top !== undefined) rows = rows.slice(0, query.top);
  const total = rows.length;
  const size = maxPageSize ?? MAX_PAGE_SIZE;
  const items = rows.slice(query.skip, query.skip + size);
  const end = query.skip + items.length;
  return end < total ? { items, nextSkip: end, total } : { items, total };
}

/**
 * Builds the `@odata.nextLink` for the next page: the same URL and options plus `$skiptoken`.
 *
 * @example
 * ```ts
 * nextLink('http://127.0.0.1:5885/api/data/v9.2/msdyncrm_customerjourneys', query, 2, 4);
 * ```
 */
export function nextLink(collectionUrl: string, query: QueryOptions, pageNumber: number, skip: number): string {
  const parts = query.carried.map(([k, v]) => `${encodeOptionName(k)}=${encodeURIComponent(v)}`);
  parts.push(`$skiptoken=${encodeURIComponent(encodeSkipToken(pageNumber, skip))}`);
  return `${collectionUrl}?${parts.join('&')}`;
}

function encodeOptionName(name: string): string {
  return name.startsWith('$') ? `$${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}
