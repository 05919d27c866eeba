/**
 * A small, safe builder for OData `$filter` expressions. Values are always written as OData
 * literals (strings quoted with `'` doubled, numbers checked, dates in ISO 8601, GUIDs checked), and
 * field names are checked, so a journey named `O'Brien` cannot break or widen a query.
 *
 * @module
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A GUID value for a filter, written unquoted as OData expects (`_ownerid_value eq 1d…`).
 * Create it with {@link guid}.
 *
 * @example
 * ```ts
 * const owner: ODataGuid = guid('1d2e3f40-0000-0000-0000-000000000001');
 * ```
 */
export class ODataGuid {
  /** The GUID in lower case, without braces. */
  readonly value: string;
  /** @param value - a GUID, with or without braces. */
  constructor(value: string) {
    const bare = value.replace(/^\{(.*)\}$/, '$1');
    if (!GUID.test(bare)) throw new TypeError(`Not a GUID: ${JSON.stringify(value)}`);
    this.value = bare.toLowerCase();
  }
}

/**
 * Marks a string as a GUID for a filter (written unquoted).
 *
 * @example
 * ```ts
 * buildFilter({ _msdyncrm_contentsettingsid_value: guid('1922b1d8-0523-e911-a9ba-000d3a1e689f') });
 * // "_msdyncrm_contentsettingsid_value eq 1922b1d8-0523-e911-a9ba-000d3a1e689f"
 * ```
 */
export function guid(value: string): ODataGuid {
  return new ODataGuid(value);
}

/**
 * A value a filter can compare with.
 *
 * @example
 * ```ts
 * const values: ODataValue[] = ["O'Brien", 192350001, true, null, new Date(), guid('…')];
 * ```
 */
export type ODataValue = string | number | boolean | null | Date | ODataGuid;

/**
 * A finished filter expression, made by {@link odataFilter} or {@link buildFilter}; safe to
 * combine with other filters.
 *
 * @example
 * ```ts
 * const f: ODataFilter = odataFilter`msdyncrm_name eq ${"O'Brien"}`;
 * f.text; // "msdyncrm_name eq 'O''Brien'"
 * ```
 */
export class ODataFilter {
  /** The expression, ready for `$filter`. */
  readonly text: string;
  /** @internal use {@link odataFilter}. */
  constructor(text: string) {
    this.text = text;
  }
  /** The expression text. */
  toString(): string {
    return this.text;
  }
}

/**
 * Writes a value as an OData literal.
 *
 * @example
 * ```ts
 * odataLiteral("O'Brien");                  // "'O''Brien'"
 * odataLiteral(192350001);                  // '192350001'
 * odataLiteral(new Date('2026-02-01T09:00:00Z')); // '2026-02-01T09:00:00.000Z'
 * ```
 */
export function odataLiteral(value: ODataValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`A filter value must be a finite number, got ${String(value)}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('A filter value is an invalid Date');
    return value.toISOString();
  }
  if (value instanceof ODataGuid) return value.value;
  throw new TypeError(`Unsupported filter value: ${typeof value} (use a string, number, boolean, null, Date or guid())`);
}

/**
 * Tagged template: interpolated values become OData literals, the template text stays as written.
 *
 * @example
 * ```ts
 * const name = "O'Brien";
 * odataFilter`msdyncrm_name eq ${name} and statuscode eq ${192350000}`.text;
 * // "msdyncrm_name eq 'O''Brien' and statuscode eq 192350000"
 * ```
 */
export function odataFilter(strings: TemplateStringsArray, ...values: readonly (ODataValue | ODataFilter)[]): ODataFilter {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += value instanceof ODataFilter ? `(${value.text})` : odataLiteral(value);
    text += strings[i + 1] ?? '';
  });
  return new ODataFilter(text);
}

/**
 * Comparisons for one field; several are joined with `and`.
 *
 * @example
 * ```ts
 * const c: FieldCondition = { ge: new Date('2026-01-01T00:00:00Z'), lt: new Date('2027-01-01T00:00:00Z') };
 * ```
 */
export interface FieldCondition {
  /** `field eq value`. */
  readonly eq?: ODataValue;
  /** `field ne value`. */
  readonly ne?: ODataValue;
  /** `field gt value`. */
  readonly gt?: ODataValue;
  /** `field ge value`. */
  readonly ge?: ODataValue;
  /** `field lt value`. */
  readonly lt?: ODataValue;
  /** `field le value`. */
  readonly le?: ODataValue;
  /** Any of the values: `(field eq a or field eq b)`. Must not be empty. */
  readonly in?: readonly ODataValue[];
  /** `contains(field,'text')`. */
  readonly contains?: string;
  /** `startswith(field,'text')`. */
  readonly startswith?: string;
  /** `endswith(field,'text')`. */
  readonly endswith?: string;
}

/**
 * Field name to value (`eq`) or to {@link FieldCondition}; fields are joined with `and`.
 *
 * @example
 * ```ts
 * const f: FieldFilter = { msdyncrm_name: "O'Brien", statuscode: { in: [192350000, 192350002] } };
 * ```
 */
export interface FieldFilter {
  readonly [field: string]: ODataValue | FieldCondition;
}

/**
 * A structured filter: fields, `and`/`or` of filters, `not`, or a finished {@link ODataFilter}.
 *
 * @example
 * ```ts
 * const f: StructuredFilter = { or: [{ msdyncrm_name: "O'Brien" }, { msdyncrm_name: { startswith: 'Welcome' } }] };
 * ```
 */
export type StructuredFilter =
  | ODataFilter
  | FieldFilter
  | { readonly and: readonly StructuredFilter[] }
  | { readonly or: readonly StructuredFilter[] }
  | { readonly not: StructuredFilter };

const COMPARISONS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
const FUNCTIONS = ['contains', 'startswith', 'endswith'] as const;
const CONDITION_KEYS: ReadonlySet<string> = new Set<string>([...COMPARISONS, ...FUNCTIONS, 'in']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

const checkField = (field: string): string => {
  if (!FIELD.test(field)) throw new TypeError(`Not a field name for a filter: ${JSON.stringify(field)}`);
  return field;
};

function fieldExpression(field: string, spec: unknown): string {
  checkField(field);
  if (!isPlainObject(spec)) return `${field} eq ${odataLiteral(spec as ODataValue)}`;
  const parts: string[] = [];
  for (const [op, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    if (!CONDITION_KEYS.has(op)) {
      throw new TypeError(`Unknown filter operator ${JSON.stringify(op)} on ${field}; use one of ${[...CONDITION_KEYS].join(', ')}`);
    }
    if (op === 'in') {
      if (!Array.isArray(value) || value.length === 0) throw new RangeError(`filter: ${field}.in needs at least one value`);
      const alternatives = (value as ODataValue[]).map((v) => `${field} eq ${odataLiteral(v)}`);
      parts.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' or ')})`);
    } else if ((FUNCTIONS as readonly string[]).includes(op)) {
      if (typeof value !== 'string') throw new TypeError(`filter: ${field}.${op} needs a string`);
      parts.push(`${op}(${field},${odataLiteral(value)})`);
    } else {
      parts.push(`${field} ${op} ${odataLiteral(value as ODataValue)}`);
    }
  }
  if (parts.length === 0) throw new RangeError(`filter: no condition given for ${field}`);
  return parts.length === 1 ? parts[0]! : parts.join(' and ');
}

const group = (text: string, many: boolean): string => (many ? `(${text})` : text);

function build(filter: StructuredFilter, nested: boolean): string {
  if (filter instanceof ODataFilter) return nested ? `(${filter.text})` : filter.text;
  if (!isPlainObject(filter)) {
    throw new TypeError(
      'A structured filter must be an object of fields, { and }, { or }, { not } or an odataFilter`…` (plain strings are allowed only as the whole filter).',
    );
  }
  const object: Readonly<Record<string, unknown>> = filter;
  const keys = Object.keys(object);
  if (keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or') && Array.isArray(object[keys[0]])) {
    const items = object[keys[0]] as readonly StructuredFilter[];
    if (items.length === 0) throw new RangeError(`filter: "${keys[0]}" needs at least one filter`);
    const text = items.map((item) => build(item, true)).join(` ${keys[0]} `);
    return group(text, nested && items.length > 1);
  }
  if (keys.length === 1 && keys[0] === 'not') {
    const inner = object['not'];
    if (inner instanceof ODataFilter || isPlainObject(inner)) return `not (${build(inner as StructuredFilter, false)})`;
  }
  const parts = Object.entries(object)
    .filter(([, spec]) => spec !== undefined)
    .map(([field, spec]) => fieldExpression(field, spec));
  if (parts.length === 0) throw new RangeError('filter: the filter object is empty');
  const many = parts.length > 1 || parts.some((p) => p.includes(' or '));
  return group(parts.join(' and '), nested && many);
}

/**
 * Turns a {@link StructuredFilter} into `$filter` text; a string is passed through as written
 * (it is the caller's OData).
 *
 * @example
 * ```ts
 * buildFilter({ msdyncrm_name: "O'Brien", statuscode: 192350000 });
 * // "msdyncrm_name eq 'O''Brien' and statuscode eq 192350000"
 * buildFilter({ or: [{ statuscode: 192350001 }, { statuscode: 192350003 }] });
 * // "statuscode eq 192350001 or statuscode eq 192350003"
 * ```
 */
export function buildFilter(filter: string | StructuredFilter): string {
  if (typeof filter === 'string') return filter;
  return build(filter, false);
}
