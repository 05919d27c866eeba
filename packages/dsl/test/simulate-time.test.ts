/**
 * Waits, windows and timeouts in the journey's time zone, across daylight-saving changes.
 */
import { describe, expect, it } from 'vitest';
import { addDuration, journey, simulate, SimulationError, TIME_ZONE_CODES, type WaitOptions } from '@customer-journey/dsl';

const A = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';

/** When the contact reaches the email after one wait, in a journey in `timeZone`. */
function afterWait(timeZone: number, start: string, wait: WaitOptions): string | undefined {
  const tree = journey('Zoned', { start, timeZone })
    .segment('All', { include: [{ id: A }] })
    .wait(wait)
    .email('After', { emailId: EMAIL })
    .build();
  return simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] }).contacts['ann']?.[2]?.at;
}

describe('waits in the journey time zone', () => {
  it('keep the local time of day for days across the spring change (Berlin, 110): 23 hours', () => {
    // Saturday 28 March 2026, 10:00 CET; clocks go forward on Sunday 29 March.
    expect(afterWait(110, '2026-03-28T09:00:00Z', { duration: { value: 1, unit: 'Day' } })).toBe('2026-03-29T08:00:00.000Z');
    expect(afterWait(110, '2026-03-28T09:00:00Z', { duration: { value: 1, unit: 'Week' } })).toBe('2026-04-04T08:00:00.000Z');
    // Hours are lengths of time: 24 hours later is 11:00 CEST.
    expect(afterWait(110, '2026-03-28T09:00:00Z', { duration: { value: 24, unit: 'Hour' } })).toBe('2026-03-29T09:00:00.000Z');
  });

  it('keep the local time of day for days across the autumn change (London, 85): 25 hours', () => {
    // Saturday 24 October 2026, 10:00 BST; clocks go back on Sunday 25 October.
    expect(afterWait(85, '2026-10-24T09:00:00Z', { duration: { value: 1, unit: 'Day' } })).toBe('2026-10-25T10:00:00.000Z');
    expect(afterWait(85, '2026-10-24T09:00:00Z', { duration: { value: 1, unit: 'Month' } })).toBe('2026-11-24T10:00:00.000Z');
  });

  it('open the window at its local time after the change (New York, 35)', () => {
    // Friday 6 March 2026, 16:30 EST = 21:30Z. The window is weekdays 9:00–17:00; after one hour
    // it is closed, so the wait ends on Monday 9 March at 9:00 EDT, which is 13:00Z (not 14:00Z).
    const window: WaitOptions = {
      duration: { value: 1, unit: 'Hour' },
      window: { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], from: '9:00', to: '17:00' },
    };
    expect(afterWait(35, '2026-03-06T21:30:00Z', window)).toBe('2026-03-09T13:00:00.000Z');
    // Before the change the same window opened at 14:00Z.
    expect(afterWait(35, '2026-02-27T21:30:00Z', window)).toBe('2026-03-02T14:00:00.000Z');
  });

  it('read the weekday in local time, not in UTC (Los Angeles, 4)', () => {
    // Monday 2 February 2026, 05:00Z is still Sunday 21:00 in Los Angeles.
    const mondays: WaitOptions = { duration: { value: 0, unit: 'Minute' }, window: { days: ['Monday'], from: '8:00', to: '10:00' } };
    expect(afterWait(4, '2026-02-02T05:00:00Z', mondays)).toBe('2026-02-02T16:00:00.000Z');
  });

  it('move a window start that falls in the spring gap to just after it', () => {
    // Sunday 29 March 2026 in Berlin: 02:00–03:00 does not exist. A window from 2:30 opens at
    // 03:30 CEST (01:30Z) for a contact arriving at 01:30 CET (00:30Z).
    const window: WaitOptions = { duration: { value: 0, unit: 'Minute' }, window: { from: '2:30', to: '23:59' } };
    expect(afterWait(110, '2026-03-29T00:30:00Z', window)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('take the first of the two moments a local time names in the autumn overlap', () => {
    // Sunday 25 October 2026 in Berlin: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    const window: WaitOptions = { duration: { value: 0, unit: 'Minute' }, window: { from: '2:30', to: '23:59' } };
    expect(afterWait(110, '2026-10-24T23:00:00Z', window)).toBe('2026-10-25T00:30:00.000Z');
  });

  it('time out a trigger by local days across the change', () => {
    const tree = journey('Zoned trigger', { start: '2026-03-27T09:00:00Z', timeZone: 110 })
      .segment('All', { include: [{ id: A }] })
      .email('Invite', { emailId: EMAIL, key: 'invite' })
      .trigger('Opened?', { conditions: [{ source: 'invite', condition: 'EmailOpened' }], timeout: { value: 3, unit: 'Day' } })
      .build();
    const run = simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(run.contacts['ann']?.[2]).toMatchObject({ outcome: 'no', exitedAt: '2026-03-30T08:00:00.000Z' });
    expect(run.timeZone).toBe('Europe/Berlin');
  });

  it('use the scenario time zone, a code or an IANA name, over the journey one', () => {
    const tree = journey('UTC journey', { start: '2026-03-28T09:00:00Z', timeZone: 92 })
      .segment('All', { include: [{ id: A }] })
      .wait({ duration: { value: 1, unit: 'Day' } })
      .build();
    const exit = (timeZone?: number | string) =>
      simulate(tree, { contacts: [{ id: 'ann', segments: [A] }], ...(timeZone === undefined ? {} : { timeZone }) }).contacts['ann']?.[1]?.exitedAt;
    expect(exit()).toBe('2026-03-29T09:00:00.000Z');
    expect(exit(110)).toBe('2026-03-29T08:00:00.000Z');
    expect(exit('Europe/Paris')).toBe('2026-03-29T08:00:00.000Z');
  });

  it('refuse a time-zone code it does not know, naming the code and the supported ones', () => {
    const tree = journey('Odd zone', { start: '2026-03-28T09:00:00Z', timeZone: 999 }).segment('All', { include: [{ id: A }] }).build();
    let error: unknown;
    try {
      simulate(tree, { contacts: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).code).toBe('unknown-time-zone');
    expect((error as SimulationError).path).toBe('journey timeZone');
    expect((error as SimulationError).message).toMatch(
      /^Simulation of "Odd zone": journey timeZone 999 is not a time zone the simulation knows; supported codes: 2 \(Pacific\/Honolulu\), .*92 \(UTC\), .*110 \(Europe\/Berlin\), .*; or give scenario\.timeZone as an IANA name such as "Europe\/Berlin"$/,
    );
    expect(() => simulate(tree, { contacts: 1, timeZone: 'Mars/Olympus_Mons' })).toThrow(
      /timeZone "Mars\/Olympus_Mons" is not a time zone the simulation knows/,
    );
  });

  it('maps every supported code to a zone Intl knows', () => {
    for (const name of Object.values(TIME_ZONE_CODES)) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: name })).not.toThrow();
    expect(TIME_ZONE_CODES[92]).toBe('UTC');
    expect(TIME_ZONE_CODES[85]).toBe('Europe/London');
    expect(TIME_ZONE_CODES[110]).toBe('Europe/Berlin');
    expect(TIME_ZONE_CODES[35]).toBe('America/New_York');
    expect(TIME_ZONE_CODES[4]).toBe('America/Los_Angeles');
  });
});

describe('addDuration', () => {
  it('adds calendar days in a zone and exact hours', () => {
    expect(addDuration('2026-03-28T09:00:00Z', { value: 1, unit: 'Day' }, 110)).toBe('2026-03-29T08:00:00.000Z');
    expect(addDuration('2026-03-28T09:00:00Z', { value: 1, unit: 'Day' })).toBe('2026-03-29T09:00:00.000Z');
    expect(addDuration(Date.parse('2026-01-31T00:00:00Z'), { value: 1, unit: 'Month' }, 'UTC')).toBe('2026-02-28T00:00:00.000Z');
  });

  it('says what is wrong with its input', () => {
    expect(() => addDuration('soon', { value: 1, unit: 'Day' })).toThrow('"soon" is not a date; use an ISO 8601 date-time such as 2026-02-01T09:00:00Z');
    expect(() => addDuration('2026-01-01T00:00:00Z', { value: 1, unit: 'Fortnight' as 'Day' })).toThrow(
      'is not a duration; give { value, unit } with unit one of Minute, Hour, Day, Week, Month',
    );
    expect(() => addDuration('2026-01-01T00:00:00Z', { value: 1, unit: 'Day' }, 7)).toThrow('time zone 7 is not known; supported codes:');
  });
});
