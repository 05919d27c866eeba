/**
 * One reading of dates everywhere: an ISO 8601 date-time that names a real moment, read as UTC
 * when it has no offset, whatever the machine's time zone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isIsoDateTime, journey, parseIsoDateTime, simulate } from '@customer-journey/dsl';

const machineZone = process.env['TZ'];
afterEach(() => {
  if (machineZone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = machineZone;
});

describe('isIsoDateTime and parseIsoDateTime', () => {
  it('refuse what Date.parse would roll over into another day or month', () => {
    for (const bad of ['2026-02-30T09:00:00Z', '2026-02-29', '2026-04-31T00:00:00Z', '2026-02-01T24:00:00Z', '2026-02-01T09:60Z', '2026-13-01', 'Feb 1 2026', '']) {
      expect(isIsoDateTime(bad), bad).toBe(false);
      expect(parseIsoDateTime(bad), bad).toBeUndefined();
    }
    expect(Number.isNaN(Date.parse('2026-02-30T09:00:00Z'))).toBe(false); // what this guards against
  });

  it('read a date-time without an offset as UTC, in any time zone of the machine', () => {
    process.env['TZ'] = 'America/New_York';
    expect(parseIsoDateTime('2026-02-01T09:00')).toBe(Date.UTC(2026, 1, 1, 9));
    expect(parseIsoDateTime('2026-02-01t09:00')).toBe(Date.UTC(2026, 1, 1, 9)); // a lower-case t, which the pattern takes too
    expect(parseIsoDateTime('2026-02-01T09:00:30.5')).toBe(Date.UTC(2026, 1, 1, 9, 0, 30, 500));
    expect(parseIsoDateTime('2026-02-01T10:00+01:00')).toBe(Date.UTC(2026, 1, 1, 9));
    expect(parseIsoDateTime('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
  });
});

describe('the builder and the simulation use that reading', () => {
  it('journey() refuses 30 February instead of moving it to March', () => {
    expect(() => journey('J', { start: '2026-02-30T09:00:00Z' }).build()).toThrow(
      'Journey "J": start "2026-02-30T09:00:00Z" is not an ISO 8601 date-time; use e.g. 2026-02-01T09:00:00Z',
    );
  });

  it('journey() compares start and end without an offset as UTC', () => {
    process.env['TZ'] = 'Asia/Tokyo';
    expect(() => journey('J', { start: '2026-02-01T09:00', end: '2026-02-01T08:59Z' }).build()).toThrow(/end .* is not after start/);
    expect(() => journey('J', { start: '2026-02-01T09:00', end: '2026-02-01T09:01Z' }).build()).not.toThrow();
  });

  it('simulate() starts at the same moment on every machine', () => {
    const tree = journey('J', { start: '2026-02-01T09:00:00Z' })
      .segment('S', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
      .build();
    const run = (): string => simulate(tree, { start: '2026-02-01T09:00', until: '2026-02-02T09:00', contacts: 1 }).start;
    process.env['TZ'] = 'America/Los_Angeles';
    const west = run();
    process.env['TZ'] = 'Asia/Tokyo';
    expect(run()).toBe(west);
    expect(west).toBe('2026-02-01T09:00:00.000Z');
    expect(() => simulate(tree, { start: '2026-02-30T09:00:00Z', contacts: 1 })).toThrow(/start "2026-02-30T09:00:00Z" is not an ISO 8601 date-time/);
  });
});
