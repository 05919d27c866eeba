/**
 * Field values shared by the entity body, the validate request and the canonical form: dates to
 * the minute in UTC, GUIDs, and the option-set codes of the journey table by label.
 *
 * @module
 */
import {
  CONSENT_CODES,
  DATE_TIME_EXPECTED,
  parseIsoDateTime,
  JOURNEY_STATUS_CODES,
  JOURNEY_TYPE_CODES,
  type ConsentLevel,
  type JourneyStatus,
  type JourneyType,
} from '@customer-journey/dsl';
import { JourneyFormatError, describeValue } from './errors.js';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A GUID without braces, as given (letter case kept). Throws for anything that is not a GUID.
 *
 * @example
 * ```ts
 * guidOf('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}', '$.id'); // '6628BBF7-C52A-E911-A9B7-000D3A1E6ADC'
 * ```
 */
export function guidOf(value: unknown, path: string): string {
  let v = value;
  if (typeof v === 'string' && v.startsWith('{') && v.endsWith('}')) v = v.slice(1, -1);
  if (typeof v !== 'string' || !GUID.test(v)) {
    throw new JourneyFormatError(path, `${describeValue(value)} is not a GUID`, 'a GUID such as 1922b1d8-0523-e911-a9ba-000d3a1e689f');
  }
  return v;
}

/**
 * A GUID braced and in upper case, as the validate action wants it.
 *
 * @example
 * ```ts
 * bracedGuid('6628bbf7-c52a-e911-a9b7-000d3a1e6adc', '$.id'); // '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}'
 * ```
 */
export function bracedGuid(value: unknown, path: string): string {
  return `{${guidOf(value, path).toUpperCase()}}`;
}

/**
 * A date-time in UTC ISO 8601 with seconds and milliseconds dropped (`2026-02-01T09:00:00Z`): the
 * service ignores them. A value without an offset is read as UTC.
 *
 * @example
 * ```ts
 * minuteIso('2026-02-01T10:00:59.123+01:00', '$.settings.start'); // '2026-02-01T09:00:00Z'
 * ```
 */
export function minuteIso(value: unknown, path: string): string {
  const ms = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
  if (ms === undefined) {
    throw new JourneyFormatError(path, `${describeValue(value)} is not a date-time`, DATE_TIME_EXPECTED);
  }
  return `${new Date(ms).toISOString().slice(0, 16)}:00Z`;
}

function reverse<L extends string>(codes: Readonly<Record<L, number>>): ReadonlyMap<number, L> {
  return new Map(Object.entries(codes).map(([label, code]) => [code as number, label as L]));
}

const STATUS_BY_CODE = reverse<JourneyStatus>(JOURNEY_STATUS_CODES);
const CONSENT_BY_CODE = reverse<ConsentLevel>(CONSENT_CODES);
const TYPE_BY_CODE = reverse<JourneyType>(JOURNEY_TYPE_CODES);

function label<L extends string>(map: ReadonlyMap<number, L>, codes: Readonly<Record<L, number>>, value: unknown, path: string): L {
  const l = typeof value === 'number' ? map.get(value) : undefined;
  if (l === undefined) {
    const list = Object.entries(codes).map(([k, v]) => `${String(v)} (${k})`).join(', ');
    throw new JourneyFormatError(path, `${describeValue(value)} is not a known code`, `one of ${list}`);
  }
  return l;
}

/** The status label of a `statuscode`. */
export const statusLabel = (value: unknown, path: string): JourneyStatus => label(STATUS_BY_CODE, JOURNEY_STATUS_CODES, value, path);
/** The consent label of a `msgdpr_requiredconsent` code. */
export const consentLabel = (value: unknown, path: string): ConsentLevel => label(CONSENT_BY_CODE, CONSENT_CODES, value, path);
/** The journey type label of a `msdyncrm_type` code. */
export const typeLabel = (value: unknown, path: string): JourneyType => label(TYPE_BY_CODE, JOURNEY_TYPE_CODES, value, path);

function code<L extends string>(codes: Readonly<Record<L, number>>, value: L, path: string): number {
  const c = Object.prototype.hasOwnProperty.call(codes, value) ? codes[value] : undefined;
  if (c === undefined) {
    throw new JourneyFormatError(path, `${describeValue(value)} is not a known label`, `one of ${Object.keys(codes).join(', ')}`);
  }
  return c;
}

/** The `statuscode` of a status label. */
export const statusCode = (value: JourneyStatus, path: string): number => code(JOURNEY_STATUS_CODES, value, path);
/** The `msgdpr_requiredconsent` code of a consent label. */
export const consentCode = (value: ConsentLevel, path: string): number => code(CONSENT_CODES, value, path);
/** The `msdyncrm_type` code of a journey type label. */
export const typeCode = (value: JourneyType, path: string): number => code(JOURNEY_TYPE_CODES, value, path);
