/**
 * Dates as the journey table holds them: ISO 8601 date-times that name a real moment.
 *
 * @module
 */

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-](\d{2}):(\d{2}))?)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** What a date-time column may hold, for messages. */
export const DATE_TIME_EXPECTED =
  'an ISO 8601 date-time such as 2026-02-01T09:00:00Z (month 01-12, a day the month has, hours 00-23, minutes and seconds 00-59, offset up to ±23:59)';

/**
 * Whether `text` is an ISO 8601 date or date-time that names a real moment: the pattern
 * `YYYY-MM-DD[THH:MM[:SS[.fff]][Z|±HH:MM]]` with every field in range and the day in its month
 * (leap years included). Unlike `Date.parse`, it refuses `2026-02-30` instead of moving it to March.
 *
 * @example
 * ```ts
 * isIsoDateTime('2026-02-01T09:00:00Z');  // true
 * isIsoDateTime('2026-13-45T99:99:99Z');  // false
 * isIsoDateTime('not a date');            // false
 * ```
 */
export function isIsoDateTime(text: string): boolean {
  return realMoment(text) !== undefined;
}

/** The match of `ISO_DATE_TIME` when every field is in range and the day is in its month. */
function realMoment(text: string): RegExpExecArray | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return undefined;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59)) return undefined;
  if (m[6] !== undefined && Number(m[6]) > 59) return undefined;
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return undefined;
  return m;
}

/**
 * The moment an ISO 8601 date-time names, in milliseconds since the epoch, or `undefined` when
 * {@link isIsoDateTime} refuses it. A date-time without an offset is read as UTC, as the journey
 * table reads it, so the answer is the same on every machine (`Date.parse` would read it in the
 * machine's time zone).
 *
 * @example
 * ```ts
 * parseIsoDateTime('2026-02-01T09:00');        // Date.UTC(2026, 1, 1, 9)
 * parseIsoDateTime('2026-02-01T10:00+01:00');  // the same moment
 * parseIsoDateTime('2026-02-30T09:00:00Z');    // undefined
 * ```
 */
export function parseIsoDateTime(text: string): number | undefined {
  const m = realMoment(text);
  if (m === undefined) return undefined;
  // A time (group 4) without an offset (group 7); a date alone is UTC for Date.parse already.
  return Date.parse(m[4] !== undefined && m[7] === undefined ? `${text}Z` : text);
}
