/**
 * Time for the simulation: the journey's time zone (Dataverse time-zone codes mapped to IANA
 * names, offsets from `Intl`), calendar durations and the wait window. Everything works on
 * milliseconds since the epoch; nothing here reads the clock.
 *
 * @module
 */
import { parseIsoDateTime } from '../dates.js';
import type { Duration, DurationUnit } from '../builder/types.js';

/**
 * The Dataverse time-zone codes (`msdyncrm_customerjourneytimezone`, Microsoft's time zone index
 * values) the simulation knows, with the IANA zone whose rules it uses for each. The IANA zone is
 * the one the Unicode CLDR names for the Windows zone, or a city with the same rules.
 *
 * @example
 * ```ts
 * import { TIME_ZONE_CODES } from '@customer-journey/dsl';
 * TIME_ZONE_CODES[110]; // 'Europe/Berlin' (W. Europe Standard Time)
 * ```
 */
export const TIME_ZONE_CODES: Readonly<Record<number, string>> = Object.freeze({
  2: 'Pacific/Honolulu', // Hawaiian Standard Time
  3: 'America/Anchorage', // Alaskan Standard Time
  4: 'America/Los_Angeles', // Pacific Standard Time
  10: 'America/Denver', // Mountain Standard Time
  15: 'America/Phoenix', // US Mountain Standard Time
  20: 'America/Chicago', // Central Standard Time
  25: 'America/Regina', // Canada Central Standard Time
  35: 'America/New_York', // Eastern Standard Time
  50: 'America/Halifax', // Atlantic Standard Time
  60: 'America/St_Johns', // Newfoundland Standard Time
  65: 'America/Sao_Paulo', // E. South America Standard Time
  85: 'Europe/London', // GMT Standard Time
  90: 'Atlantic/Reykjavik', // Greenwich Standard Time
  92: 'UTC', // Coordinated Universal Time
  95: 'Europe/Budapest', // Central Europe Standard Time
  100: 'Europe/Warsaw', // Central European Standard Time
  105: 'Europe/Paris', // Romance Standard Time
  110: 'Europe/Berlin', // W. Europe Standard Time
  120: 'Africa/Cairo', // Egypt Standard Time
  125: 'Europe/Helsinki', // FLE Standard Time
  130: 'Europe/Bucharest', // GTB Standard Time
  135: 'Asia/Jerusalem', // Israel Standard Time
  140: 'Africa/Johannesburg', // South Africa Standard Time
  145: 'Europe/Moscow', // Russian Standard Time
  150: 'Asia/Riyadh', // Arab Standard Time
  155: 'Africa/Nairobi', // E. Africa Standard Time
  158: 'Asia/Baghdad', // Arabic Standard Time
  160: 'Asia/Tehran', // Iran Standard Time
  165: 'Asia/Dubai', // Arabian Standard Time
  190: 'Asia/Kolkata', // India Standard Time
  193: 'Asia/Kathmandu', // Nepal Standard Time
  205: 'Asia/Bangkok', // SE Asia Standard Time
  210: 'Asia/Shanghai', // China Standard Time
  215: 'Asia/Singapore', // Singapore Standard Time
  220: 'Asia/Taipei', // Taipei Standard Time
  225: 'Australia/Perth', // W. Australia Standard Time
  230: 'Asia/Seoul', // Korea Standard Time
  235: 'Asia/Tokyo', // Tokyo Standard Time
  245: 'Australia/Darwin', // AUS Central Standard Time
  250: 'Australia/Adelaide', // Cen. Australia Standard Time
  255: 'Australia/Sydney', // AUS Eastern Standard Time
  260: 'Australia/Brisbane', // E. Australia Standard Time
  265: 'Australia/Hobart', // Tasmania Standard Time
  290: 'Pacific/Auckland', // New Zealand Standard Time
});

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Offsets are cached per quarter hour: no zone changes its offset more often. */
const BUCKET = 15 * MINUTE;

/** A local date and time of day. */
export interface LocalTime {
  readonly year: number;
  /** 0 = January. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** Milliseconds into the minute. */
  readonly rest: number;
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
}

/** Local calendar arithmetic in one time zone. */
export class Zone {
  readonly name: string;
  readonly #utc: boolean;
  readonly #format: Intl.DateTimeFormat | undefined;
  readonly #offsets = new Map<number, number>();

  constructor(name: string) {
    this.name = name;
    this.#utc = name === 'UTC';
    this.#format = this.#utc
      ? undefined
      : new Intl.DateTimeFormat('en-US', {
          timeZone: name,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
  }

  /** `true` for UTC, where local time is UTC time. */
  get isUtc(): boolean {
    return this.#utc;
  }

  /** Local time minus UTC at the instant, in milliseconds. */
  offset(ms: number): number {
    if (this.#utc) return 0;
    const bucket = Math.floor(ms / BUCKET);
    let offset = this.#offsets.get(bucket);
    if (offset === undefined) {
      offset = this.#computeOffset(bucket * BUCKET);
      this.#offsets.set(bucket, offset);
    }
    return offset;
  }

  /** The offset at an instant on a whole minute (offsets are whole minutes). */
  #computeOffset(ms: number): number {
    const parts = (this.#format as Intl.DateTimeFormat).formatToParts(new Date(ms));
    const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const local = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
    return local - ms;
  }

  /** The local date and time at an instant. */
  local(ms: number): LocalTime {
    const d = new Date(ms + this.offset(ms));
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth(),
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      rest: d.getUTCSeconds() * 1000 + d.getUTCMilliseconds(),
      weekday: (d.getUTCDay() + 6) % 7,
    };
  }

  /**
   * The instant of a local wall time. A time that happens twice (the hour the clocks go back)
   * gives the first; a time that does not exist (the hour the clocks go forward) gives the
   * instant as far after the gap's start as the time is, so 02:30 in a one-hour gap is 03:30.
   */
  instant(year: number, month: number, day: number, hour: number, minute: number, rest = 0): number {
    const wall = Date.UTC(year, month, day, hour, minute, 0, rest);
    if (this.#utc) return wall;
    const before = this.offset(wall - DAY);
    const after = this.offset(wall + DAY);
    const first = Math.max(before, after);
    const second = Math.min(before, after);
    // The earlier offset when the wall time exists under it (the first of a repeated time), else
    // the later one (a time after the change, or one in its gap).
    return this.offset(wall - first) === first ? wall - first : wall - second;
  }
}

const zones = new Map<string, Zone>();

/** The zone for an IANA name (shared, so its offset cache is reused). */
export function zoneOf(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = new Zone(name);
    zones.set(name, zone);
  }
  return zone;
}

/** `true` when `Intl` knows the IANA zone name. */
function isZoneName(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The IANA zone a time-zone setting names: a Dataverse time-zone code (see {@link TIME_ZONE_CODES})
 * or an IANA name `Intl` knows; `undefined` for anything else.
 */
export function zoneNameOf(setting: unknown): string | undefined {
  if (typeof setting === 'number') return TIME_ZONE_CODES[setting];
  return typeof setting === 'string' && isZoneName(setting) ? setting : undefined;
}

/** The units the simulation knows, by lower-case name. */
const UNITS: ReadonlyMap<string, DurationUnit> = new Map(
  (['Minute', 'Hour', 'Day', 'Week', 'Month'] as const).map((u) => [u.toLowerCase(), u]),
);

/** A unit written in any case (`"day"`, `"Days"` is not one), or `undefined`. */
export function unitOf(value: unknown): DurationUnit | undefined {
  return typeof value === 'string' ? UNITS.get(value.toLowerCase()) : undefined;
}

/** Milliseconds of a duration counted with fixed lengths (a day of 24 hours, a month of 30 days). */
export function nominalMs(value: number, unit: DurationUnit): number {
  switch (unit) {
    case 'Minute':
      return value * MINUTE;
    case 'Hour':
      return value * HOUR;
    case 'Day':
      return value * DAY;
    case 'Week':
      return value * 7 * DAY;
    default:
      return value * 30 * DAY;
  }
}

/**
 * The instant `value` units after `ms`. Minutes and hours are exact lengths of time; days and
 * weeks keep the local time of day (a day across a daylight-saving change lasts 23 or 25 hours);
 * months keep the local day and time, and the last day of a shorter month stands in for a day it
 * lacks (31 January + 1 month = 28 or 29 February).
 */
export function addUnits(zone: Zone, ms: number, value: number, unit: DurationUnit): number {
  if (value === 0) return ms;
  if (unit === 'Minute' || unit === 'Hour') return ms + nominalMs(value, unit);
  if (zone.isUtc && unit !== 'Month') return ms + nominalMs(value, unit);
  const t = zone.local(ms);
  if (unit === 'Month') {
    const month = t.month + value;
    const last = new Date(Date.UTC(t.year, month + 1, 0)).getUTCDate();
    return zone.instant(t.year, month, Math.min(t.day, last), t.hour, t.minute, t.rest);
  }
  return zone.instant(t.year, t.month, t.day + (unit === 'Week' ? 7 * value : value), t.hour, t.minute, t.rest);
}

/**
 * Adds a duration to an instant in a time zone, the way the simulation counts waits and trigger
 * timeouts: minutes and hours are exact lengths of time; days and weeks keep the local time of
 * day across a daylight-saving change; months keep the local day (or take the month's last).
 *
 * @param at - the instant, as an ISO 8601 string or milliseconds since the epoch
 * @param duration - how much to add
 * @param timeZone - a Dataverse time-zone code (see {@link TIME_ZONE_CODES}) or an IANA name. @defaultValue `'UTC'`
 * @returns the instant as an ISO 8601 string in UTC
 * @throws RangeError when `at` is no date or the time zone is unknown
 *
 * @example
 * ```ts
 * import { addDuration } from '@customer-journey/dsl';
 * // Berlin moves its clocks forward on 29 March 2026: one day later is 23 hours later.
 * addDuration('2026-03-28T09:00:00Z', { value: 1, unit: 'Day' }, 110); // '2026-03-29T08:00:00.000Z'
 * ```
 */
export function addDuration(at: string | number, duration: Duration, timeZone: number | string = 'UTC'): string {
  const ms = typeof at === 'number' ? at : (parseIsoDateTime(at) ?? Number.NaN);
  if (!Number.isFinite(ms)) throw new RangeError(`${JSON.stringify(at)} is not a date; use an ISO 8601 date-time such as 2026-02-01T09:00:00Z`);
  const unit = unitOf(duration.unit);
  if (unit === undefined || !Number.isFinite(duration.value)) {
    throw new RangeError(`${JSON.stringify(duration)} is not a duration; give { value, unit } with unit one of Minute, Hour, Day, Week, Month`);
  }
  const name = zoneNameOf(timeZone);
  if (name === undefined) throw new RangeError(`time zone ${JSON.stringify(timeZone)} is not known; ${supportedZones()}`);
  return new Date(addUnits(zoneOf(name), ms, duration.value, unit)).toISOString();
}

/** The sentence listing the supported time-zone codes, for messages. */
export function supportedZones(): string {
  const codes = Object.keys(TIME_ZONE_CODES).map((c) => `${c} (${TIME_ZONE_CODES[Number(c)] as string})`);
  return `supported codes: ${codes.join(', ')}; or give scenario.timeZone as an IANA name such as "Europe/Berlin"`;
}

/** The days and the local time range in which a wait may end. */
export interface Window {
  /** Allowed days, Monday first. */
  readonly days: readonly boolean[];
  /** Start of the range, in minutes after midnight. */
  readonly from: number;
  /** End of the range (inclusive: the whole minute), in minutes after midnight. */
  readonly to: number;
}

/**
 * The first instant at or after `ms` inside the window: `ms` itself when it is inside, else the
 * start of the range on the next allowed day (today's, when the range has not begun yet).
 * Returns `Infinity` when the window allows no day.
 */
export function nextInWindow(zone: Zone, ms: number, window: Window): number {
  const t = zone.local(ms);
  const minuteOfDay = t.hour * 60 + t.minute;
  const fromHour = Math.floor(window.from / 60);
  const fromMinute = window.from % 60;
  if (window.days[t.weekday] === true) {
    if (minuteOfDay < window.from) return zone.instant(t.year, t.month, t.day, fromHour, fromMinute);
    if (minuteOfDay <= window.to) return ms;
  }
  for (let k = 1; k <= 7; k++) {
    if (window.days[(t.weekday + k) % 7] === true) return zone.instant(t.year, t.month, t.day + k, fromHour, fromMinute);
  }
  return Infinity;
}
