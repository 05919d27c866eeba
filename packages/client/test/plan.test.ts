/**
 * The pure parts of planning: the decision without I/O, the list of changes, version names and ids.
 */
import { describe, expect, it } from 'vitest';
import { journey, reconcileIds, type JourneyTree } from '@customer-journey/dsl';
import { fromEntity, journeyChanges, journeyVersionId, planJourney, toEntity, versionName, type JourneyRecord } from '../src/index.js';

const ID = '6628bbf7-c52a-e911-a9b7-000d3a1e6adc';
const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const OTHER = '284e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const context = { baseId: ID, version: 1, now: Date.parse('2026-02-15T09:00:00Z') };

function recordOf(tree: JourneyTree, statuscode: number, extra: Record<string, unknown> = {}): JourneyRecord {
  const entity = { ...toEntity(tree), msdyncrm_customerjourneyid: ID, statuscode, ...extra };
  const journeyTree = fromEntity({ ...entity, statuscode: 192350000 });
  const statuses: Record<number, JourneyRecord['status']> = { 192350000: 'Draft', 192350001: 'Live', 192350002: 'Stopped' };
  return { id: ID, etag: 'W/"1"', statusCode: statuscode, status: statuses[statuscode], journey: journeyTree, entity };
}

const invitation = (options: { page?: string; timeout?: number; moved?: boolean; retyped?: boolean } = {}) => {
  const b = journey('Invitation', { target: 'contact' }).segment('Customers', { include: [{ id: SEGMENT }] });
  const email = (c: typeof b) =>
    c.email('Invite', { emailId: EMAIL, nested: options.page === undefined ? [] : [{ type: 'LandingPage', id: options.page, name: 'Event page', key: 'page' }], key: 'invite' });
  const withEmail = options.moved === true ? email(b.email('Teaser', { emailId: OTHER })) : email(b);
  return withEmail
    .trigger('Opened?', { conditions: [{ source: options.page === undefined ? 'invite' : 'page', condition: 'EmailOpened' }], timeout: { value: options.timeout ?? 5, unit: 'Day' } }, {
      yes: (y) => (options.retyped === true ? y.activity('Follow-up', { activityType: 'phonecall' }) : y.email('Follow-up', { emailId: OTHER })),
    })
    .build();
};

describe('planJourney', () => {
  it('plans a create without a record, and blocks a record whose status it does not know', () => {
    expect(planJourney(invitation(), undefined, {}, context)).toEqual({ id: ID, name: 'Invitation', action: 'create', changes: [], steps: ['create "Invitation" as a Draft'] });
    const unknown = { ...recordOf(invitation(), 192350000), status: undefined, statusCode: 4242 };
    expect(planJourney(invitation({ timeout: 9 }), unknown, {}, context)).toMatchObject({
      action: 'blocked',
      reason: '"Invitation" has the status code 4242, which is not a known status',
      remedy: 'check the journey on the org; nothing is written to a journey whose status is unknown',
    });
  });

  it('never writes a status: a tree that states one plans as the same journey', () => {
    const stated: JourneyTree = { ...invitation(), settings: { ...invitation().settings, status: 'Draft' } };
    expect(planJourney(stated, recordOf(invitation(), 192350001, { _msdyncrm_publishedby_value: ID }), {}, context).action).toBe('unchanged');
  });

  it('a locked setting on a Stopped journey needs a new version, whose settings are copied', () => {
    const stored = recordOf(journey('Invitation', { target: 'contact', timeZone: 92, description: 'kept' }).build(), 192350002);
    const plan = planJourney(journey('Invitation', { target: 'contact', timeZone: 4 }).build(), stored, { onPipelineChange: 'new-version', stopPrevious: true }, context);
    expect(plan).toMatchObject({ action: 'create', id: journeyVersionId(ID, 2), name: 'Invitation (v2)', version: 2, previousId: ID, status: 'Stopped' });
    expect(plan.steps).toEqual([`create "Invitation (v2)" (${journeyVersionId(ID, 2)}) as a Draft, with the settings of ${ID} copied`, `leave ${ID} as it is (Stopped: nothing to stop)`]);
  });
});

describe('journeyChanges', () => {
  it('lists nested items added and removed, and a condition that points elsewhere, by the path of the item', () => {
    const stored = invitation({ page: PAGE });
    const local = reconcileIds(invitation(), stored);
    expect(journeyChanges(stored, local)).toEqual([
      { kind: 'tile', path: ['Customers', 'Invite'], field: 'nested[0]', before: { type: 'LandingPage', name: 'Event page', recordId: PAGE } },
      { kind: 'tile', path: ['Customers', 'Invite', 'Opened?'], field: 'conditions[0].source', before: 'Customers › Invite › Event page', after: 'Customers › Invite' },
    ]);
  });

  it('lists a tile moved below a new one, and a type changed in place', () => {
    const stored = invitation();
    const moved = reconcileIds(invitation({ moved: true }), stored);
    expect(journeyChanges(stored, moved).filter((c) => c.kind === 'pipeline')).toEqual([
      { kind: 'pipeline', path: ['Customers', 'Teaser'], field: 'tile', after: 'Email' },
      { kind: 'pipeline', path: ['Customers', 'Teaser', 'Invite'], field: 'place', before: 'Customers, branch 0', after: 'Customers › Teaser, branch 0' },
    ]);
    const retyped = reconcileIds(invitation({ retyped: true }), stored);
    expect(journeyChanges(stored, retyped).filter((c) => c.kind === 'pipeline')).toEqual([
      { kind: 'pipeline', path: ['Customers', 'Invite', 'Opened?', 'Follow-up'], field: 'type', before: 'Email', after: 'CreateCrmActivity' },
    ]);
  });

  it('compares only the settings the local tree states', () => {
    const stored = journey('A', { target: 'contact', description: 'on the org' }).build();
    expect(journeyChanges(stored, journey('A', { target: 'contact' }).build())).toEqual([]);
    expect(journeyChanges(stored, journey('A', { target: 'contact', description: 'new' }).build())).toEqual([
      { kind: 'settings', path: [], field: 'description', before: 'on the org', after: 'new' },
    ]);
  });
});

describe('versions', () => {
  it('names a version within 100 characters', () => {
    expect(versionName('Welcome', 3)).toBe('Welcome (v3)');
    const long = versionName('x'.repeat(100), 12);
    expect(long).toHaveLength(100);
    expect(long.endsWith('x (v12)')).toBe(true);
  });

  it('derives a version id from the base id and the number, the same every time', () => {
    expect(journeyVersionId(ID, 2)).toBe(journeyVersionId(ID.toUpperCase(), 2));
    expect(journeyVersionId(ID, 2)).not.toBe(journeyVersionId(ID, 3));
    expect(() => journeyVersionId(ID, 1)).toThrow(new RangeError('A version number is a whole number from 2 up, got 1'));
  });
});
