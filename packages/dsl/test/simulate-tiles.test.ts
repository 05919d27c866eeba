/**
 * What contacts experience at every tile type: entry, sends, waits, triggers, splits, parallel
 * branches, side effects, placeholders and unknown tiles.
 */
import { describe, expect, it } from 'vitest';
import { findTile, journey, simulate, type JourneyTree, type SimulationResult, type SimulationStep } from '@customer-journey/dsl';

const A = '51d2115b-544a-e911-a873-000d3a1fe344';
const B = '51d2115b-544a-e911-a873-000d3a1fe345';
const C = '51d2115b-544a-e911-a873-000d3a1fe346';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const EMAIL2 = '284e5a1a-464a-e911-a873-000d3a1fe344';
const EMAIL3 = '384e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const FORM = '7b1d2e33-464a-e911-a873-000d3a1fe344';
const START = '2026-02-02T09:00:00Z'; // a Monday
const END = '2026-03-02T09:00:00Z';
const day = (n: number, time = '09:00:00'): string => `2026-02-${String(2 + n).padStart(2, '0')}T${time}.000Z`;

const dates = { start: START, end: END, timeZone: 92 } as const;
const names = (steps: readonly SimulationStep[] | undefined): string[] => (steps ?? []).map((s) => s.name);
const idOf = (tree: JourneyTree, name: string): string => {
  const tile = findTile(tree, (a) => a.header?.name === name);
  if (tile === undefined) throw new Error(`no tile named ${name}`);
  return tile.id;
};
const countsOf = (run: SimulationResult, tree: JourneyTree, name: string) => run.tiles[idOf(tree, name)];

/** The event invitation of the design, on a Monday. */
const invitation = journey('Event invitation', dates)
  .segment('Customers', { include: [{ id: A, name: 'customers', displayName: 'Customers' }] })
  .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
    yes: (b) => b.email('Thank you', { emailId: EMAIL2 }).wait({ duration: { value: 1, unit: 'Day' } }).activity('Follow-up call', { activityType: 'phonecall' }),
    no: (b) => b.email('Reminder', { emailId: EMAIL3 }),
  })
  .build();

describe('segment groups', () => {
  const tree = journey('Segments', dates)
    .segment('Audience', {
      include: [{ id: A, name: 'customers', displayName: 'Customers', key: 'customers' }, { id: C, name: 'partners' }],
      exclude: [{ id: B, name: 'unsubscribed', displayName: 'Unsubscribed' }],
    })
    .email('Hello', { emailId: EMAIL })
    .build();

  it('admits members of any included segment, at the start, and keeps excluded ones out', () => {
    const run = simulate(tree, {
      contacts: [
        { id: 'in-a', segments: [A] },
        { id: 'in-c', segments: [C.toUpperCase()] },
        { id: 'excluded', segments: [A, B] },
        { id: 'outside', segments: [] },
        { id: 'only-excluded', segments: [B] },
      ],
    });
    expect(run.contacts['in-a']).toEqual([
      { at: day(0), activityId: '01_0', type: 'Segment', name: 'Audience' },
      { at: day(0), activityId: '01_0_1', type: 'Email', name: 'Hello', recordId: EMAIL, effect: 'email sent' },
    ]);
    expect(names(run.contacts['in-c'])).toEqual(['Audience', 'Hello']);
    expect(run.contacts['excluded']).toEqual([]);
    expect(run.contacts['outside']).toEqual([]);
    expect(run.contacts['only-excluded']).toEqual([]);
    expect(run.tiles['01_0']).toMatchObject({ entered: 2, exited: 2, waiting: 0 });
  });

  it('finds segments by key, unique name or display name, in any case', () => {
    const run = simulate(tree, {
      contacts: [
        { id: 'by-key', segments: ['customers'] },
        { id: 'by-name', segments: ['PARTNERS'] },
        { id: 'by-display-name', segments: ['Customers', 'unsubscribed'] },
      ],
    });
    expect(Object.values(run.contacts).map((steps) => steps.length)).toEqual([2, 2, 0]);
  });

  it('with the Intersection merge method admits only members of every included segment', () => {
    const both = journey('Both', dates)
      .segment('Both', { merge: 'Intersection', include: [{ id: A }, { id: C }] })
      .email('Hello', { emailId: EMAIL })
      .build();
    const run = simulate(both, { contacts: [{ id: 'a', segments: [A] }, { id: 'ac', segments: [A, C] }] });
    expect(run.contacts['a']).toEqual([]);
    expect(names(run.contacts['ac'])).toEqual(['Both', 'Hello']);
    expect(run.warnings).toEqual([]);
  });

  it('treats a merge method it does not know as a union, with a warning', () => {
    const odd = journey('Odd', dates).segment('Odd', { merge: 'Symmetric', include: [{ id: A }, { id: C }] }).build();
    const run = simulate(odd, { contacts: [{ id: 'c', segments: [C] }] });
    expect(names(run.contacts['c'])).toEqual(['Odd']);
    expect(run.warnings).toEqual([
      {
        code: 'unknown-merge',
        activityId: '01_0',
        path: ['Odd'],
        message: 'Segment group "Odd" (Odd): merge method "Symmetric" is not one the simulation knows (Union, Intersection); contacts in any included segment enter',
      },
    ]);
  });

  it('puts anonymous contacts in every included segment and in no excluded one', () => {
    const run = simulate(tree, { contacts: 3, timelines: true });
    expect(Object.keys(run.contacts)).toEqual(['contact-1', 'contact-2', 'contact-3']);
    expect(run.tiles['01_0']).toMatchObject({ entered: 3, exited: 3 });
  });

  it('walks a contact down every segment group it belongs to (swimlanes)', () => {
    const lanes = journey('Lanes', dates)
      .parallel(
        (b) => b.segment('Lane A', { include: [{ id: A }] }).email('To A', { emailId: EMAIL }),
        (b) => b.segment('Lane C', { include: [{ id: C }] }).email('To C', { emailId: EMAIL2 }),
      )
      .build();
    const run = simulate(lanes, { contacts: [{ id: 'both', segments: [A, C] }, { id: 'c', segments: [C] }] });
    expect(names(run.contacts['both'])).toEqual(['Lane A', 'To A', 'Lane C', 'To C']);
    expect(names(run.contacts['c'])).toEqual(['Lane C', 'To C']);
  });

  it('further down the journey lets only its members go on', () => {
    const filtered = journey('Filter', dates)
      .segment('Everyone', { include: [{ id: A }] })
      .email('Hello', { emailId: EMAIL })
      .segment('VIPs only', { include: [{ id: C }] })
      .email('VIP offer', { emailId: EMAIL2 })
      .build();
    const run = simulate(filtered, { contacts: [{ id: 'vip', segments: [A, C] }, { id: 'plain', segments: [A] }] });
    expect(names(run.contacts['vip'])).toEqual(['Everyone', 'Hello', 'VIPs only', 'VIP offer']);
    expect(names(run.contacts['plain'])).toEqual(['Everyone', 'Hello']);
    expect(countsOf(run, filtered, 'Hello')).toMatchObject({ entered: 2, exited: 2 });
    expect(countsOf(run, filtered, 'VIPs only')).toMatchObject({ entered: 1, exited: 1 });
  });

  it('admits no one to a group that only excludes, and says no contact can reach it', () => {
    const tree2 = journey('Exclude only', dates).segment('Nobody', { exclude: [{ id: B }] }).email('Hello', { emailId: EMAIL }).build();
    const run = simulate(tree2, { contacts: 5 });
    expect(run.tiles['01_0']?.entered).toBe(0);
    expect(run.warnings.map((w) => [w.code, w.message])).toEqual([
      ['unreachable', 'Segment group "Nobody" (Nobody): no contact can reach it: the segment group includes no segment'],
    ]);
  });
});

describe('emails', () => {
  it('send at the moment the contact arrives, and record the send', () => {
    const run = simulate(invitation, { contacts: [{ id: 'ann', segments: [A] }] });
    const steps = run.contacts['ann'] ?? [];
    expect(steps[1]).toEqual({
      at: day(0),
      activityId: '01_0_1',
      type: 'Email',
      name: 'Invitation',
      key: 'invite',
      recordId: EMAIL,
      effect: 'email sent',
    });
  });

  it('make their nested pages, forms, events and surveys sources of interactions', () => {
    const tree = journey('Nested', dates)
      .segment('All', { include: [{ id: A }] })
      .email('Invite', {
        emailId: EMAIL,
        nested: [
          { type: 'MarketingForm', id: FORM, name: 'Form', key: 'form' },
          { type: 'Event', id: PAGE, name: 'Summit', key: 'summit' },
        ],
      })
      .trigger('Attended?', { conditions: [{ source: 'summit', condition: 'EventAttended' }], timeout: { value: 3, unit: 'Day' } }, {
        yes: (b) => b.email('Slides', { emailId: EMAIL2 }),
      })
      .build();
    const run = simulate(tree, {
      contacts: [{ id: 'ann', segments: [A] }, { id: 'bob', segments: [A] }],
      interactions: [
        { contact: 'ann', at: day(1, '14:00:00'), source: 'summit', type: 'EventAttended' },
        { contact: 'bob', at: day(1, '14:00:00'), source: 'form', type: 'EventAttended' },
      ],
    });
    expect(names(run.contacts['ann'])).toEqual(['All', 'Invite', 'Attended?', 'Slides']);
    expect(run.contacts['ann']?.[3]?.at).toBe(day(1, '14:00:00'));
    expect(run.contacts['bob']?.[2]).toMatchObject({ outcome: 'no', exitedAt: day(3) });
  });
});

describe('waits', () => {
  const waitJourney = (value: number, unit: 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month', start = START) =>
    journey('Wait', { start, timeZone: 92 })
      .segment('All', { include: [{ id: A }] })
      .wait({ duration: { value, unit } })
      .email('After', { emailId: EMAIL })
      .build();
  const after = (tree: JourneyTree): string | undefined => simulate(tree, { contacts: 1, timelines: true }).contacts['contact-1']?.[2]?.at;

  it('count their duration in every unit', () => {
    expect(after(waitJourney(90, 'Minute'))).toBe('2026-02-02T10:30:00.000Z');
    expect(after(waitJourney(5, 'Hour'))).toBe('2026-02-02T14:00:00.000Z');
    expect(after(waitJourney(3, 'Day'))).toBe('2026-02-05T09:00:00.000Z');
    expect(after(waitJourney(2, 'Week'))).toBe('2026-02-16T09:00:00.000Z');
    expect(after(waitJourney(1, 'Month'))).toBe('2026-03-02T09:00:00.000Z');
    expect(after(waitJourney(0, 'Day'))).toBe('2026-02-02T09:00:00.000Z');
  });

  it('end a month later on the last day of a shorter month', () => {
    expect(after(waitJourney(1, 'Month', '2026-01-31T12:00:00Z'))).toBe('2026-02-28T12:00:00.000Z');
    expect(after(waitJourney(13, 'Month', '2026-01-31T12:00:00Z'))).toBe('2027-02-28T12:00:00.000Z');
  });

  it('record when the contact left, and hold contacts still waiting at the end', () => {
    const tree = journey('Long wait', { start: START, end: '2026-02-04T09:00:00Z', timeZone: 92 })
      .segment('All', { include: [{ id: A }] })
      .wait('A week', { duration: { value: 1, unit: 'Week' } })
      .email('After', { emailId: EMAIL })
      .build();
    const run = simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(run.contacts['ann']?.[1]).toEqual({ at: day(0), activityId: '01_0_1', type: 'Scheduler', name: 'A week', waiting: true });
    expect(run.tiles['01_0_1']).toMatchObject({ entered: 1, exited: 0, waiting: 1 });
    expect(run.tiles['01_0_1_2']).toMatchObject({ entered: 0 });
    expect(run.warnings).toEqual([
      {
        code: 'still-waiting',
        activityId: '01_0_1',
        path: ['All', 'A week'],
        count: 1,
        message: 'Wait "A week" (All › A week): 1 contact was still waiting there when the simulation ended at 2026-02-04T09:00:00.000Z',
      },
    ]);
  });

  it('end inside their window: later the same day, or on the next allowed day', () => {
    const officeHours = (start: string) =>
      journey('Office hours', { start, timeZone: 92 })
        .segment('All', { include: [{ id: A }] })
        .wait({ duration: { value: 1, unit: 'Hour' }, window: { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], from: '9:00', to: '17:00' } })
        .email('Call me', { emailId: EMAIL })
        .build();
    expect(after(officeHours('2026-02-02T05:00:00Z'))).toBe('2026-02-02T09:00:00.000Z'); // Monday 06:00 → 09:00
    expect(after(officeHours('2026-02-02T12:00:00Z'))).toBe('2026-02-02T13:00:00.000Z'); // inside: one hour later
    expect(after(officeHours('2026-02-02T16:59:00Z'))).toBe('2026-02-03T09:00:00.000Z'); // 17:59 is after the range: Tuesday 09:00
  });

  it('treat the end of the window as the whole minute it names', () => {
    const tree = journey('Until five', { start: '2026-02-02T16:00:30Z', timeZone: 92 })
      .segment('All', { include: [{ id: A }] })
      .wait({ duration: { value: 1, unit: 'Hour' }, window: { from: '9:00', to: '17:00' } })
      .email('Call me', { emailId: EMAIL })
      .build();
    // 17:00:30 is inside the minute 17:00.
    expect(after(tree)).toBe('2026-02-02T17:00:30.000Z');
    const late = journey('After five', { start: '2026-02-06T16:01:00Z', timeZone: 92 }) // Friday
      .segment('All', { include: [{ id: A }] })
      .wait({ duration: { value: 1, unit: 'Hour' }, window: { days: ['Monday', 'Friday'], from: '9:00', to: '17:00' } })
      .email('Call me', { emailId: EMAIL })
      .build();
    expect(after(late)).toBe('2026-02-09T09:00:00.000Z'); // Friday 17:01 → Monday 09:00
  });
});

describe('waits until a date', () => {
  const launch = journey('Launch', dates)
    .marketingForm('Sign-up', { formId: FORM, key: 'signup' })
    .custom('Scheduler', 'Until launch', { key: 'launch', fields: { offsetType: 'DateTime', waitUntilSaturday: false, waitUntilSunday: false } })
    .email('Launched', { emailId: EMAIL })
    .build();
  const interactions = [
    { contact: 'early', at: day(1), source: 'signup', type: 'FormSubmitted' },
    { contact: 'late', at: day(10, '12:00:00'), source: 'signup', type: 'FormSubmitted' },
  ];
  const contacts = [{ id: 'early' }, { id: 'late' }];

  it('hold contacts until the date the scenario gives, then until the window allows', () => {
    const run = simulate(launch, { contacts, interactions, waitUntil: { launch: day(3, '10:00:00') } }); // a Thursday
    expect(run.contacts['early']?.[1]).toMatchObject({ name: 'Until launch', at: day(1), exitedAt: day(3, '10:00:00') });
    // Arriving after the date, on a Thursday: at once.
    expect(run.contacts['late']?.[1]).toEqual({ at: day(10, '12:00:00'), activityId: '01_0_1', type: 'Scheduler', name: 'Until launch', key: 'launch' });
    const weekend = simulate(launch, { contacts, interactions, waitUntil: { 'Until launch': '2026-02-07T10:00:00Z' } }); // a Saturday
    expect(weekend.contacts['early']?.[1]?.exitedAt).toBe(day(7, '00:00:00')); // the window opens on Monday
    expect(weekend.warnings).toEqual([]);
  });

  it('without a date wait only for the window, with a warning', () => {
    const run = simulate(launch, { contacts, interactions });
    expect(run.contacts['early']?.[1]?.exitedAt).toBeUndefined();
    expect(run.warnings.map((w) => w.message)).toEqual([
      'Wait "Until launch" (Sign-up › Until launch): wait kind (OffsetType) "DateTime" is not documented; contacts wait only for its window (give the date it waits until in scenario.waitUntil)',
    ]);
  });

  it('refuse a wait the journey does not have, or a date that is none', () => {
    expect(() => simulate(launch, { contacts, waitUntil: { Launch: day(5) } })).toThrow(
      'Simulation of "Launch": waitUntil.Launch is not the key, name or ActivityId of a wait of the journey; waits: "Until launch" (01_0_1)',
    );
    expect(() => simulate(launch, { contacts, waitUntil: { launch: 'Friday' } })).toThrow(
      'waitUntil.launch "Friday" is not an ISO 8601 date-time; use e.g. 2026-02-01T09:00:00Z',
    );
  });
});

describe('triggers', () => {
  it('take the yes branch as soon as the conditions hold, the no branch at the timeout', () => {
    const run = simulate(invitation, {
      contacts: [{ id: 'ann', segments: [A] }, { id: 'bob', segments: [A] }],
      interactions: [{ contact: 'ann', at: day(1, '10:00:00'), source: 'page', type: 'UserRegistered' }],
    });
    expect(run.contacts['ann']?.[2]).toEqual({
      at: day(0),
      activityId: '01_0_1_2',
      type: 'Trigger',
      name: 'Registered?',
      outcome: 'yes',
      exitedAt: day(1, '10:00:00'),
    });
    expect(names(run.contacts['ann'])).toEqual(['Customers', 'Invitation', 'Registered?', 'Thank you', 'Wait 1 day', 'Follow-up call']);
    expect(run.contacts['ann']?.[5]).toMatchObject({ at: day(2, '10:00:00'), effect: 'phonecall created' });
    expect(run.contacts['bob']?.[2]).toMatchObject({ outcome: 'no', exitedAt: day(5) });
    expect(run.contacts['bob']?.[3]).toMatchObject({ name: 'Reminder', at: day(5) });
    expect(run.tiles['01_0_1_2']).toMatchObject({ entered: 2, exited: 2, waiting: 0, branches: { yes: 1, no: 1 } });
  });

  it('count only interactions after the contact entered the source, including those before the trigger', () => {
    const tree = journey('Later trigger', dates)
      .segment('All', { include: [{ id: A }] })
      .email('Invite', { emailId: EMAIL, nested: [{ type: 'LandingPage', id: PAGE, name: 'Page', key: 'page' }] })
      .wait({ duration: { value: 2, unit: 'Day' } })
      .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } }, {
        yes: (b) => b.email('Welcome', { emailId: EMAIL2 }),
      })
      .build();
    const run = simulate(tree, {
      contacts: [{ id: 'early', segments: [A] }, { id: 'between', segments: [A] }, { id: 'case', segments: [A] }],
      interactions: [
        { contact: 'early', at: '2026-02-01T09:00:00Z', source: 'page', type: 'UserRegistered' },
        { contact: 'between', at: day(1), source: 'page', type: 'UserRegistered' },
        { contact: 'case', at: day(2, '12:00:00'), source: 'page', type: 'userregistered' },
      ],
    });
    expect(run.contacts['early']?.[3]).toMatchObject({ outcome: 'no', exitedAt: day(3) });
    expect(run.contacts['between']?.[3]).toEqual({ at: day(2), activityId: '01_0_1_2_3', type: 'Trigger', name: 'Registered?', outcome: 'yes' });
    expect(run.contacts['case']?.[3]).toMatchObject({ outcome: 'yes', exitedAt: day(2, '12:00:00') });
  });

  const twoConditions = (logic: 'AND' | 'OR') =>
    journey(`Two ${logic}`, dates)
      .segment('All', { include: [{ id: A }] })
      .email('Invite', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Page', key: 'page' }] })
      .trigger(
        'Both?',
        { logic, conditions: [{ source: 'invite', condition: 'EmailOpened' }, { source: 'page', condition: 'UserRegistered' }], timeout: { value: 4, unit: 'Day' } },
        { yes: (b) => b.email('Yes', { emailId: EMAIL2 }), no: (b) => b.email('No', { emailId: EMAIL3 }) },
      )
      .build();
  const interactions = [
    { contact: 'ann', at: day(1), source: 'invite', type: 'EmailOpened' },
    { contact: 'ann', at: day(3), source: 'page', type: 'UserRegistered' },
    { contact: 'bob', at: day(1), source: 'invite', type: 'EmailOpened' },
  ] as const;
  const contacts = [{ id: 'ann', segments: [A] }, { id: 'bob', segments: [A] }];

  it('combine conditions with AND: yes once all of them hold', () => {
    const run = simulate(twoConditions('AND'), { contacts, interactions });
    expect(run.contacts['ann']?.[2]).toMatchObject({ outcome: 'yes', exitedAt: day(3) });
    expect(run.contacts['bob']?.[2]).toMatchObject({ outcome: 'no', exitedAt: day(4) });
  });

  it('combine conditions with OR: yes once any of them holds', () => {
    const run = simulate(twoConditions('OR'), { contacts, interactions });
    expect(run.contacts['ann']?.[2]).toMatchObject({ outcome: 'yes', exitedAt: day(1) });
    expect(run.contacts['bob']?.[2]).toMatchObject({ outcome: 'yes', exitedAt: day(1) });
  });

  it('time out in every unit; an interaction at the timeout still counts, one after it does not', () => {
    const timed = (value: number, unit: 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month') =>
      journey('Timed', { ...dates, end: '2026-04-01T00:00:00Z' })
        .segment('All', { include: [{ id: A }] })
        .email('Invite', { emailId: EMAIL, key: 'invite' })
        .trigger('Opened?', { conditions: [{ source: 'invite', condition: 'EmailOpened' }], timeout: { value, unit } })
        .build();
    const exitOf = (tree: JourneyTree, at?: string) =>
      simulate(tree, {
        contacts: [{ id: 'ann', segments: [A] }],
        interactions: at === undefined ? [] : [{ contact: 'ann', at, source: 'invite', type: 'EmailOpened' }],
      }).contacts['ann']?.[2];
    expect(exitOf(timed(30, 'Minute'))).toMatchObject({ outcome: 'no', exitedAt: day(0, '09:30:00') });
    expect(exitOf(timed(2, 'Hour'))).toMatchObject({ outcome: 'no', exitedAt: day(0, '11:00:00') });
    expect(exitOf(timed(1, 'Week'))).toMatchObject({ outcome: 'no', exitedAt: day(7) });
    expect(exitOf(timed(1, 'Month'))).toMatchObject({ outcome: 'no', exitedAt: '2026-03-02T09:00:00.000Z' });
    expect(exitOf(timed(2, 'Hour'), day(0, '11:00:00'))).toMatchObject({ outcome: 'yes', exitedAt: day(0, '11:00:00') });
    expect(exitOf(timed(2, 'Hour'), day(0, '11:00:01'))).toMatchObject({ outcome: 'no', exitedAt: day(0, '11:00:00') });
    expect(exitOf(timed(0, 'Day'))).toEqual({ at: day(0), activityId: '01_0_1_2', type: 'Trigger', name: 'Opened?', outcome: 'no' });
  });

  it('end the path at an empty branch', () => {
    const run = simulate(invitation, { contacts: 1, timelines: true });
    const noYes = journey('No yes', dates)
      .segment('All', { include: [{ id: A }] })
      .email('Invite', { emailId: EMAIL, key: 'invite' })
      .trigger('Opened?', { conditions: [{ source: 'invite', condition: 'EmailOpened' }], timeout: { value: 1, unit: 'Day' } }, {
        yes: (b) => b.email('Thanks', { emailId: EMAIL2 }),
      })
      .build();
    const quiet = simulate(noYes, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(names(quiet.contacts['ann'])).toEqual(['All', 'Invite', 'Opened?']);
    const placeholder = findTile(noYes, (a) => a.type === 'empty');
    expect(quiet.tiles[placeholder?.id ?? '']).toMatchObject({ type: 'empty', entered: 1, exited: 1, waiting: 0 });
    expect(run.tiles['01_0_1_2']?.branches).toEqual({ yes: 0, no: 1 });
  });

  it('say so when a condition can never hold: its source is not above the trigger', () => {
    const tree = journey('Wrong source', dates)
      .segment('All', { include: [{ id: A }] })
      .parallel(
        (b) => b.email('Left', { emailId: EMAIL, key: 'left' }),
        (b) =>
          b.email('Right', { emailId: EMAIL2 }).trigger('Opened left?', { conditions: [{ source: 'left', condition: 'EmailOpened' }], timeout: { value: 1, unit: 'Day' } }, {
            yes: (y) => y.email('Never', { emailId: EMAIL3 }),
            no: (n) => n.email('Always', { emailId: EMAIL3 }),
          }),
      )
      .build();
    const run = simulate(tree, {
      contacts: [{ id: 'ann', segments: [A] }],
      interactions: [{ contact: 'ann', at: day(0, '10:00:00'), source: 'left', type: 'EmailOpened' }],
    });
    expect(names(run.contacts['ann'])).toEqual(['All', 'Left', 'Right', 'Opened left?', 'Always']);
    expect(run.warnings.map((w) => w.message)).toEqual([
      `Email "Never" (All › Right › Opened left? › Never): no contact can reach it: the conditions of If/then "Opened left?" (All › Right › Opened left?) can never hold: a source item (${findTile(tree, 'left')?.header?.itemId}) is not on a tile above it`,
    ]);
  });

  it('without a timeout never take the no branch, with a warning', () => {
    const tree = journey('Forever', dates)
      .segment('All', { include: [{ id: A }] })
      .email('Invite', { emailId: EMAIL, key: 'invite' })
      .custom('Trigger', 'Opened?', { fields: { ruleLogic: 'AND', conditions: [{ sourceItemId: '3', condition: 'EmailOpened' }] } })
      .build();
    const run = simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(run.contacts['ann']?.[2]).toMatchObject({ name: 'Opened?', waiting: true });
    expect(run.warnings.map((w) => w.code)).toEqual(['no-timeout', 'still-waiting']);
    expect(run.warnings[0]?.message).toBe(
      'If/then "Opened?" (All › Invite › Opened?): has no timeout; contacts wait for its conditions until the simulation ends and never take the no branch',
    );
  });
});

describe('splits', () => {
  const split = journey('A/B', dates)
    .segment('All', { include: [{ id: A }] })
    .split('Test', [
      { name: 'A', then: (b) => b.email('Version A', { emailId: EMAIL }) },
      { name: 'B', then: (b) => b.email('Version B', { emailId: EMAIL2 }) },
      { name: 'Rest', then: (b) => b.email('Version C', { emailId: EMAIL3 }) },
    ], { key: 'ab' })
    .build();

  it('send the rest to the last branch, by percentages', () => {
    const run = simulate(split, { contacts: 10_000, seed: 3, splits: { ab: { percentages: [20, 30] } } });
    const taken = run.tiles[idOf(split, 'Test')]?.branches ?? {};
    const within = (n: number | undefined, p: number) => Math.abs((n ?? 0) - 10_000 * p) <= 4 * Math.sqrt(10_000 * p * (1 - p));
    expect(within(taken['0'], 0.2)).toBe(true);
    expect(within(taken['1'], 0.3)).toBe(true);
    expect(within(taken['2'], 0.5)).toBe(true);
    expect((taken['0'] ?? 0) + (taken['1'] ?? 0) + (taken['2'] ?? 0)).toBe(10_000);
    expect(countsOf(run, split, 'A')?.entered).toBe(taken['0']);
    expect(run.warnings).toEqual([]);
  });

  it('hand out counts to the first contacts to arrive, the rest to the last branch', () => {
    const run = simulate(split, { contacts: 1_000, splits: { Test: { counts: [100, 250] } } });
    expect(run.tiles[idOf(split, 'Test')]?.branches).toEqual({ 0: 100, 1: 250, 2: 650 });
    expect(countsOf(run, split, 'Version B')?.entered).toBe(250);
  });

  it('allocate counts in the order contacts arrive, not the order they are listed', () => {
    const tree = journey('First come', dates)
      .marketingForm('Sign-up', { formId: FORM, key: 'signup' })
      .split('Prize', [{ name: 'Winner', then: (b) => b.email('You won', { emailId: EMAIL }) }, { name: 'Others' }])
      .build();
    const run = simulate(tree, {
      contacts: [{ id: 'late' }, { id: 'early' }],
      interactions: [
        { contact: 'late', at: day(3), source: 'signup', type: 'FormSubmitted' },
        { contact: 'early', at: day(1), source: 'signup', type: 'FormSubmitted' },
      ],
      splits: { Prize: { counts: [1] } },
    });
    expect(names(run.contacts['early'])).toEqual(['Sign-up', 'Prize', 'Winner', 'You won']);
    expect(run.contacts['early']?.[1]).toMatchObject({ outcome: 0 });
    expect(run.contacts['late']?.[1]).toMatchObject({ outcome: 1 });
  });

  it('after a split by counts, triggers still see interactions on sources above it', () => {
    const tree = journey('Held', dates)
      .segment('All', { include: [{ id: A }] })
      .email('Invite', { emailId: EMAIL, key: 'invite' })
      .split('Pilot', [
        {
          name: 'Pilot',
          then: (b) =>
            b.trigger('Opened?', { conditions: [{ source: 'invite', condition: 'EmailOpened' }], timeout: { value: 2, unit: 'Day' } }, {
              yes: (y) => y.email('Pilot offer', { emailId: EMAIL2 }),
            }),
        },
        { name: 'Others' },
      ])
      .build();
    const run = simulate(tree, {
      contacts: [{ id: 'ann', segments: [A] }, { id: 'bob', segments: [A] }],
      interactions: [
        { contact: 'ann', at: day(1), source: 'invite', type: 'EmailOpened' },
        { contact: 'bob', at: day(1), source: 'invite', type: 'EmailOpened' },
      ],
      splits: { Pilot: { counts: [2] } },
    });
    for (const id of ['ann', 'bob']) {
      expect(names(run.contacts[id])).toEqual(['All', 'Invite', 'Pilot', 'Pilot', 'Opened?', 'Pilot offer']);
      expect(run.contacts[id]?.[4]).toMatchObject({ outcome: 'yes', exitedAt: day(1) });
    }
  });

  it('without settings split evenly, with a warning', () => {
    const run = simulate(split, { contacts: 3_000, seed: 11 });
    const taken = Object.values(run.tiles[idOf(split, 'Test')]?.branches ?? {});
    for (const n of taken) expect(Math.abs(n - 1_000)).toBeLessThanOrEqual(4 * Math.sqrt(3_000 * (1 / 3) * (2 / 3)));
    expect(run.warnings).toEqual([
      {
        code: 'even-split',
        activityId: idOf(split, 'Test'),
        path: ['All', 'Test'],
        message:
          'Split "Test" (All › Test): the format does not document where a split keeps its percentages or counts, so it splits evenly at random; give them in scenario.splits',
      },
    ]);
  });

  it('say which branch no contact can reach when the scenario gives it nothing', () => {
    const run = simulate(split, { contacts: 100, splits: { ab: { percentages: [0, 100] } } });
    expect(run.tiles[idOf(split, 'Test')]?.branches).toEqual({ 0: 0, 1: 100, 2: 0 });
    expect(run.warnings.map((w) => w.message)).toEqual([
      'Branch "A" (All › Test › A): no contact can reach it: the scenario gives branch 0 a share of 0 %',
      'Branch "Rest" (All › Test › Rest): no contact can reach it: the scenario gives branch 2 a share of 0 %',
    ]);
  });
});

describe('parallel branches, actions, entry tiles and unknown tiles', () => {
  it('send the contact down every parallel branch', () => {
    const tree = journey('Fan out', dates)
      .segment('All', { include: [{ id: A }] })
      .parallel(
        (b) => b.wait({ duration: { value: 1, unit: 'Day' } }).email('Later', { emailId: EMAIL }),
        (b) => b.email('Now', { emailId: EMAIL2 }),
      )
      .build();
    const run = simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(run.contacts['ann']?.map((s) => [s.name, s.at])).toEqual([
      ['All', day(0)],
      ['Wait 1 day', day(0)],
      ['Now', day(0)],
      ['Later', day(1)],
    ]);
  });

  it('record activities, leads, workflows, record updates and LinkedIn campaigns as side effects', () => {
    const tree = journey('Actions', dates)
      .segment('All', { include: [{ id: A }] })
      .activity('Call', { activityType: 'phonecall' })
      .activity('Task', { activityType: 'task' })
      .createLead('Lead')
      .launchWorkflow('Notify sales', { workflowId: '0a3e5b2c-464a-e911-a873-000d3a1fe344' })
      .recordUpdated('Flag contact')
      .linkedInCampaign('Spring', { campaignId: '6d3f4a55-464a-e911-a873-000d3a1fe344' })
      .build();
    const run = simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(run.contacts['ann']?.map((s) => s.effect)).toEqual([
      undefined,
      'phonecall created',
      'task created',
      'lead created',
      'workflow launched',
      'record update recorded',
      'added to the LinkedIn campaign',
    ]);
    expect(run.contacts['ann']?.[4]?.recordId).toBe('0a3e5b2c-464a-e911-a873-000d3a1fe344');
  });

  it('let contacts enter form, page, event, survey and record-updated tiles when they interact with them', () => {
    const entries = journey('Inbound', dates)
      .parallel(
        (b) => b.marketingForm('Form', { formId: FORM, key: 'form' }).email('After form', { emailId: EMAIL }),
        (b) => b.landingPage('Page', { pageId: PAGE, key: 'page' }),
        (b) => b.event('Summit', { eventId: EMAIL2, key: 'summit' }),
        (b) => b.survey('Survey', { surveyId: EMAIL3, key: 'survey' }),
        (b) => b.recordUpdated('Changed', { key: 'changed' }),
      )
      .build();
    const run = simulate(entries, {
      contacts: [{ id: 'ann' }, { id: 'bob' }],
      interactions: [
        { contact: 'ann', at: day(2, '10:00:00'), source: 'form', type: 'FormSubmitted' },
        { contact: 'ann', at: day(4), source: 'form', type: 'FormSubmitted' },
        { contact: 'ann', at: '2026-01-20T09:00:00Z', source: 'page', type: 'PageSubmitted' },
        { contact: 'bob', at: day(1), source: 'summit', type: 'EventRegistered' },
        { contact: 'bob', at: day(1), source: 'survey', type: 'SurveySubmitted' },
        { contact: 'bob', at: day(6), source: 'changed', type: 'RecordUpdated' },
      ],
    });
    expect(run.contacts['ann']?.map((s) => [s.name, s.at])).toEqual([
      ['Form', day(2, '10:00:00')],
      ['After form', day(2, '10:00:00')],
    ]);
    expect(run.contacts['bob']?.map((s) => [s.name, s.at])).toEqual([
      ['Summit', day(1)],
      ['Survey', day(1)],
      ['Changed', day(6)],
    ]);
    expect(run.warnings).toEqual([]);
  });

  it('admit random contacts to entry tiles at the rate given, at moments inside the run', () => {
    const tree = journey('Inbound', dates).marketingForm('Form', { formId: FORM }).email('After', { emailId: EMAIL }).build();
    const run = simulate(tree, { contacts: 2_000, rates: { FormSubmitted: 0.25 }, seed: 5, timelines: true });
    const entered = run.tiles['01_0']?.entered ?? 0;
    expect(Math.abs(entered - 500)).toBeLessThanOrEqual(4 * Math.sqrt(2_000 * 0.25 * 0.75));
    const times = Object.values(run.contacts).flatMap((steps) => steps.slice(0, 1).map((s) => Date.parse(s.at)));
    expect(times).toHaveLength(entered);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(START));
    expect(Math.max(...times)).toBeLessThan(Date.parse(END));
  });

  it('let contacts enter an unknown tile under the root by interacting with it, with a warning', () => {
    const tree = journey('Custom entry', dates).custom('contoso_Chat', 'Chat started', { key: 'chat' }).email('Follow-up', { emailId: EMAIL }).build();
    const run = simulate(tree, {
      contacts: [{ id: 'ann' }, { id: 'bob' }],
      interactions: [{ contact: 'ann', at: day(2), source: 'chat', type: 'FormSubmitted' }],
    });
    expect(run.contacts['ann']?.map((s) => [s.name, s.at])).toEqual([
      ['Chat started', day(2)],
      ['Follow-up', day(2)],
    ]);
    expect(run.contacts['bob']).toEqual([]);
    expect(run.warnings.map((w) => w.code)).toEqual(['unknown-tile']);
  });

  it('make a LinkedIn campaign the source of LinkedIn form submissions', () => {
    const tree = journey('LinkedIn', dates)
      .segment('All', { include: [{ id: A }] })
      .linkedInCampaign('Spring', { campaignId: '6d3f4a55-464a-e911-a873-000d3a1fe344', key: 'spring' })
      .trigger('Form sent?', { conditions: [{ source: 'spring', condition: 'LinkedInFormSubmitted' }], timeout: { value: 7, unit: 'Day' } }, {
        yes: (b) => b.createLead('Lead'),
      })
      .build();
    const run = simulate(tree, {
      contacts: [{ id: 'ann', segments: [A] }, { id: 'bob', segments: [A] }],
      interactions: [{ contact: 'ann', at: day(3), source: 'spring', type: 'LinkedInFormSubmitted' }],
    });
    expect(run.contacts['ann']?.at(-1)).toMatchObject({ name: 'Lead', at: day(3), effect: 'lead created' });
    expect(names(run.contacts['bob'])).toEqual(['All', 'Spring', 'Form sent?']);
  });

  it('admit no one to other tiles placed under the root, and say so', () => {
    const tree = journey('Headless', dates).email('Orphan', { emailId: EMAIL }).email('Next', { emailId: EMAIL2 }).build();
    const run = simulate(tree, { contacts: 10 });
    expect(run.tiles['01_0']?.entered).toBe(0);
    expect(run.warnings.map((w) => w.message)).toEqual([
      'Email "Orphan" (Orphan): no contact can reach it: under the root, contacts enter only at segment groups and at page, form, event, survey or record-updated tiles',
    ]);
  });

  it('pass contacts through custom and unknown tiles, with a warning', () => {
    const tree = journey('Custom', dates)
      .segment('All', { include: [{ id: A }] })
      .custom('contoso_Sms', 'Text message', { extra: { MessageTemplate: 'welcome' } })
      .email('After', { emailId: EMAIL })
      .build();
    const run = simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(run.contacts['ann']?.[1]).toEqual({ at: day(0), activityId: '01_0_1', type: 'contoso_Sms', name: 'Text message' });
    expect(names(run.contacts['ann'])).toEqual(['All', 'Text message', 'After']);
    expect(run.warnings).toEqual([
      {
        code: 'unknown-tile',
        activityId: '01_0_1',
        path: ['All', 'Text message'],
        message: 'contoso_Sms "Text message" (All › Text message): the simulation does not know tile type "contoso_Sms"; contacts pass through it',
      },
    ]);
  });
});

describe('journey dates and recurrence', () => {
  it('walks each iteration of a recurring journey, from each iteration start', () => {
    const tree = journey('Weekly', { start: START, end: '2026-02-20T09:00:00Z', timeZone: 92, recurrence: { intervalDays: 7, count: 3 } })
      .segment('All', { include: [{ id: A }] })
      .email('Digest', { emailId: EMAIL })
      .build();
    const run = simulate(tree, { contacts: [{ id: 'ann', segments: [A] }] });
    expect(run.contacts['ann']?.filter((s) => s.type === 'Email').map((s) => [s.at, s.iteration])).toEqual([
      [day(0), 0],
      [day(7), 1],
      [day(14), 2],
    ]);
    expect(run.tiles['01_0_1']?.entered).toBe(3);
  });

  it('stops iterations at the end, and starts from the scenario start when one is given', () => {
    const tree = journey('Weekly', { start: START, end: '2026-02-10T09:00:00Z', timeZone: 92, recurrence: { intervalDays: 7, count: 3 } })
      .segment('All', { include: [{ id: A }] })
      .email('Digest', { emailId: EMAIL })
      .build();
    expect(simulate(tree, { contacts: 1 }).tiles['01_0_1']?.entered).toBe(2);
    const later = simulate(tree, { contacts: 1, timelines: true, start: '2026-02-03T09:00:00Z', until: '2026-04-01T00:00:00Z' });
    expect(later.contacts['contact-1']?.filter((s) => s.type === 'Email').map((s) => s.at)).toEqual([day(1), day(8), day(15)]);
    expect(later.start).toBe(day(1));
    expect(later.until).toBe('2026-04-01T00:00:00.000Z');
  });

  it('lets a contact enter an entry tile once in each iteration it interacts in', () => {
    const tree = journey('Weekly form', { start: START, end: '2026-02-23T09:00:00Z', timeZone: 92, recurrence: { intervalDays: 7, count: 3 } })
      .marketingForm('Sign-up', { formId: FORM, key: 'signup' })
      .email('Thanks', { emailId: EMAIL })
      .build();
    const run = simulate(tree, {
      contacts: [{ id: 'ann' }],
      interactions: [
        { contact: 'ann', at: day(1), source: 'signup', type: 'FormSubmitted' },
        { contact: 'ann', at: day(2), source: 'signup', type: 'FormSubmitted' },
        { contact: 'ann', at: day(15), source: 'signup', type: 'FormSubmitted' },
      ],
    });
    expect(run.contacts['ann']?.filter((s) => s.name === 'Thanks').map((s) => [s.at, s.iteration])).toEqual([
      [day(1), 0],
      [day(15), 2],
    ]);
  });

  it('runs until every path ends when neither the journey nor the scenario has an end', () => {
    const tree = journey('Open', { start: START }).segment('All', { include: [{ id: A }] }).wait({ duration: { value: 400, unit: 'Day' } }).build();
    const run = simulate(tree, { contacts: 1 });
    expect(run.until).toBeNull();
    expect(run.tiles['01_0_1']).toMatchObject({ entered: 1, exited: 1, waiting: 0 });
  });
});
