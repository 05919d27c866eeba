/**
 * The pieces of archive and restore on their own: slugs, the raw record to writable body mapping,
 * what "equal" means for a restored record, and the status a restored record gets.
 */
import { describe, expect, it } from 'vitest';
import { SERVER_MANAGED_COLUMNS } from '@customer-journey/client';
import {
  assignSlugs,
  differingColumns,
  publicOrgUrl,
  restoredStatus,
  slugify,
  writableColumns,
} from '../src/index.js';

const A = '6628bbf7-c52a-e911-a9b7-000d3a1e6adc';
const B = '1922b1d8-0523-e911-a9ba-000d3a1e689f';
const C = '51d2115b-544a-e911-a873-000d3a1fe344';

describe('slugs', () => {
  it('are lower-case ASCII words joined by dashes, accents dropped, 60 characters at most', () => {
    expect(slugify('Événement: invitation (v2)')).toBe('evenement-invitation-v2');
    expect(slugify('  --Hello, World!--  ')).toBe('hello-world');
    expect(slugify('x'.repeat(59) + ' yz')).toBe('x'.repeat(59));
    expect(slugify('イベント')).toBe('journey');
    expect(slugify('')).toBe('journey');
    expect(slugify('CON')).toBe('con-journey'); // a device name on Windows
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
  });

  it('are unique: journeys sharing a name all get a short id suffix, whatever order they come in', () => {
    const journeys = [
      { id: A, name: 'Welcome' },
      { id: B, name: 'Welcome!' },
      { id: C, name: 'Newsletter' },
    ];
    const slugs = assignSlugs(journeys);
    expect(Object.fromEntries(slugs)).toEqual({ [A]: 'welcome-6628bbf7', [B]: 'welcome-1922b1d8', [C]: 'newsletter' });
    expect(Object.fromEntries(assignSlugs([...journeys].reverse()))).toEqual(Object.fromEntries(slugs));
  });

  it('grow the suffix until ids that start alike, and names that look like suffixed slugs, are told apart', () => {
    const x = 'aaaaaaaa-bbbb-4000-8000-000000000001';
    const y = 'aaaaaaaa-bbbb-4000-8000-000000000002';
    const slugs = assignSlugs([
      { id: x, name: 'Same' },
      { id: y, name: 'Same' },
      { id: C, name: 'Same aaaaaaaa' },
    ]);
    expect(new Set(slugs.values()).size).toBe(3);
    expect(slugs.get(x)).toMatch(/^same-aaaaaaaabbbb/);
    expect(slugs.get(y)).not.toBe(slugs.get(x));
  });
});

describe('publicOrgUrl', () => {
  it('drops credentials, query and fragment, and keeps other labels', () => {
    expect(publicOrgUrl('https://me:secret@contoso.crm4.dynamics.com/?token=abc#x')).toBe('https://contoso.crm4.dynamics.com');
    expect(publicOrgUrl('local emulator (.journey-emulator/data.json)')).toBe('local emulator (.journey-emulator/data.json)');
  });
});

const archived: Record<string, unknown> = {
  '@odata.etag': 'W/"1001"',
  msdyncrm_customerjourneyid: A,
  msdyncrm_name: 'Welcome',
  'msdyncrm_name@OData.Community.Display.V1.FormattedValue': 'Welcome',
  msdyncrm_workflowdefinition: '[\n {"ActivityTypeId":"bpf_root"}\n]',
  msdyncrm_description: null,
  statuscode: 192350001,
  statecode: 0,
  createdon: '2026-01-01T00:00:00Z',
  modifiedon: '2026-01-02T00:00:00Z',
  versionnumber: 1001,
  _createdby_value: C,
  _owningbusinessunit_value: C,
  _ownerid_value: B,
  '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'team',
  '_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'ownerid',
  _msdyncrm_contentsettingsid_value: C,
  '_msdyncrm_contentsettingsid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'msdyncrm_contentsettings',
  _msdyncrm_suppressionsegmentid_value: null,
  new_region: 'EMEA',
};

describe('writableColumns', () => {
  it('keeps every column a client may write as it was, turns lookups back into binds, and leaves out the rest', () => {
    const { columns, unrestorable } = writableColumns(archived);
    expect(columns).toEqual({
      msdyncrm_name: 'Welcome',
      msdyncrm_workflowdefinition: '[\n {"ActivityTypeId":"bpf_root"}\n]',
      msdyncrm_description: null,
      'ownerid@odata.bind': `/teams(${B})`,
      'msdyncrm_contentsettingsId@odata.bind': `/msdyncrm_contentsettingss(${C})`,
      new_region: 'EMEA',
    });
    expect(unrestorable).toEqual([]);
    for (const column of SERVER_MANAGED_COLUMNS) expect(columns).not.toHaveProperty(column);
  });

  it('names a lookup it cannot write, and why', () => {
    const { unrestorable } = writableColumns({
      _new_region_value: C,
      _ownerid_value: B,
      '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'businessunit',
    });
    expect(unrestorable).toEqual([
      { column: '_new_region_value', reason: expect.stringContaining('a lookup the journey table does not list') as unknown },
      { column: '_ownerid_value', reason: 'it points to the table businessunit, which ownerid does not accept (systemuser, team)' },
    ]);
  });
});

describe('differingColumns', () => {
  it('compares every restorable column of either record byte for byte (absent as null), and ignores server-managed ones, annotations and status', () => {
    const restored = { ...archived, createdon: '2027-01-01T00:00:00Z', versionnumber: 5, '@odata.etag': 'W/"5"', statuscode: 192350000, new_unset_column: null };
    expect(differingColumns(archived, restored)).toEqual([]);
    expect(differingColumns(archived, { ...restored, new_unset_column: 1 })).toEqual(['new_unset_column']);
    expect(differingColumns(archived, { ...restored, msdyncrm_workflowdefinition: '[ {"ActivityTypeId":"bpf_root"} ]' })).toEqual(['msdyncrm_workflowdefinition']);
    expect(differingColumns(archived, { ...restored, msdyncrm_description: '' })).toEqual(['msdyncrm_description']);
    expect(differingColumns(archived, { ...restored, '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'systemuser' })).toEqual(['_ownerid_value']);
    const withoutRegion: Record<string, unknown> = { ...restored };
    delete withoutRegion['new_region'];
    expect(differingColumns(archived, withoutRegion)).toEqual(['new_region']);
  });
});

describe('restoredStatus', () => {
  it('keeps Draft and Expired, and restores every status reached by going live as Draft, saying so', () => {
    expect(restoredStatus(192350000)).toEqual({ archived: 'Draft', restored: 'Draft', code: 192350000 });
    expect(restoredStatus(192350004)).toEqual({ archived: 'Expired', restored: 'Expired', code: 192350004 });
    expect(restoredStatus(undefined)).toEqual({ archived: null, restored: 'Draft', code: 192350000 });
    for (const [code, label] of [
      [192350001, 'Live'],
      [192350003, 'Live, editable'],
      [192350002, 'Stopped'],
      [192350005, 'Error'],
      [192350006, 'Going live'],
      [192350007, 'Stopping'],
    ] as const) {
      const status = restoredStatus(code);
      expect(status).toMatchObject({ archived: label, restored: 'Draft', code: 192350000 });
      expect(status.note).toBe(`was ${label}; restored as Draft: a journey becomes ${label} only by going live, which would run it; go live by hand when you mean it`);
    }
    expect(restoredStatus(42).note).toBe('statuscode 42 is not a known status; restored as Draft');
  });
});

describe('forEachConcurrent and readAhead', () => {
  it('works on at most `limit` items at once, and stops starting new ones after a failure', async () => {
    const { forEachConcurrent } = await import('../src/archive/pool.js');
    let inFlight = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const done: number[] = [];
    const run = forEachConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      done.push(n);
    });
    while (done.length < 7) {
      await Promise.resolve();
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await run;
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const started: number[] = [];
    const failing = forEachConcurrent([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(started.length).toBeLessThan(6);
  });

  it('reads ahead of the consumer, keeps the order, and gives an error where it happened', async () => {
    const { readAhead } = await import('../src/archive/pool.js');
    let pulled = 0;
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 10; i++) {
        pulled = i + 1;
        if (i === 7) throw new Error('connection lost');
        yield i;
      }
    }
    const seen: number[] = [];
    const iterator = readAhead(source(), 3)[Symbol.asyncIterator]();
    const first = await iterator.next();
    seen.push(first.value as number);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulled).toBeGreaterThanOrEqual(3); // more than the one item consumed so far
    await expect(
      (async () => {
        for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) seen.push(step.value);
      })(),
    ).rejects.toThrow('connection lost');
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
