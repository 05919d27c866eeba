/**
 * Scenarios: random runs by seed, determinism, counting without timelines, progress, the text
 * views, and every bad input with its message.
 */
import { describe, expect, it } from 'vitest';
import {
  findItem,
  formatFunnel,
  formatInstant,
  formatSteps,
  journey,
  simulate,
  SimulationError,
  type JourneyTree,
  type Scenario,
} from '@customer-journey/dsl';

const A = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const EMAIL2 = '284e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';

const invitation: JourneyTree = journey('Event invitation', { start: '2026-02-01T09:00:00Z', end: '2026-03-01T09:00:00Z', timeZone: 92 })
  .segment('Customers', { include: [{ id: A, name: 'customers' }] })
  .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
    yes: (b) => b.email('Thank you', { emailId: EMAIL2 }),
    no: (b) => b.split('Reminder test', [{ name: 'Reminder', then: (r) => r.email('Reminder', { emailId: EMAIL2 }) }, { name: 'Silence' }]),
  })
  .build();

const errorOf = (fn: () => unknown): SimulationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SimulationError) return error;
    throw error;
  }
  throw new Error('expected a SimulationError');
};

describe('random runs', () => {
  it('send a share within statistical bounds of the rate down the yes branch', () => {
    const run = simulate(invitation, { contacts: 10_000, rates: { UserRegistered: 0.3 }, seed: 7 });
    const yes = run.tiles['01_0_1_2']?.branches?.['yes'] ?? 0;
    expect(Math.abs(yes - 3_000)).toBeLessThanOrEqual(4 * Math.sqrt(10_000 * 0.3 * 0.7));
    expect(run.tiles['01_0_1_2']).toMatchObject({ entered: 10_000, exited: 10_000, waiting: 0 });
  });

  it('let random interactions happen within the trigger timeout after the contact reached the source', () => {
    const run = simulate(invitation, { contacts: 500, rates: { UserRegistered: 1 }, seed: 2, timelines: true });
    for (const steps of Object.values(run.contacts)) {
      const trigger = steps[2];
      expect(trigger?.outcome).toBe('yes');
      const waited = Date.parse(trigger?.exitedAt ?? trigger?.at ?? '') - Date.parse(trigger?.at ?? '');
      expect(waited).toBeGreaterThanOrEqual(0);
      expect(waited).toBeLessThanOrEqual(5 * 86_400_000);
    }
  });

  it('give byte-equal JSON for the same seed, and another result for another seed', () => {
    const scenario: Scenario = { contacts: 2_000, rates: { UserRegistered: 0.4 }, seed: 42, timelines: true, splits: { 'Reminder test': { percentages: [60] } } };
    const first = JSON.stringify(simulate(invitation, scenario));
    const second = JSON.stringify(simulate(invitation, { ...scenario }));
    expect(second).toBe(first);
    const other = JSON.stringify(simulate(invitation, { ...scenario, seed: 43 }));
    expect(other).not.toBe(first);
  });

  it('draw each contact independently of the others: adding contacts does not change the first ones', () => {
    const few = simulate(invitation, { contacts: 50, rates: { UserRegistered: 0.5 }, seed: 9, timelines: true });
    const many = simulate(invitation, { contacts: 5_000, rates: { UserRegistered: 0.5 }, seed: 9, timelines: true });
    for (const id of Object.keys(few.contacts)) expect(many.contacts[id]).toEqual(few.contacts[id]);
  });

  it('take an interaction source as an ActivityItemId, a number or a string of digits', () => {
    const page = findItem(invitation, 'page')?.item.itemId as number;
    const run = simulate(invitation, {
      contacts: [{ id: 'ann', segments: [A] }, { id: 'bob', segments: [A] }],
      interactions: [
        { contact: 'ann', at: '2026-02-02T09:00:00Z', source: page, type: 'UserRegistered' },
        { contact: 'bob', at: '2026-02-03T09:00:00Z', source: String(page), type: 'UserRegistered' },
      ],
    });
    expect(run.contacts['ann']?.[2]).toMatchObject({ outcome: 'yes', exitedAt: '2026-02-02T09:00:00.000Z' });
    expect(run.contacts['bob']?.[2]).toMatchObject({ outcome: 'yes', exitedAt: '2026-02-03T09:00:00.000Z' });
  });

  it('apply rates to listed contacts too, with explicit interactions on top', () => {
    const run = simulate(invitation, {
      contacts: [{ id: 'ann', segments: [A] }, { id: 'bob', segments: ['customers'] }],
      interactions: [{ contact: 'bob', at: '2026-02-02T09:00:00Z', source: 'page', type: 'UserRegistered' }],
      rates: { UserRegistered: 0 },
    });
    expect(run.contacts['ann']?.[2]?.outcome).toBe('no');
    expect(run.contacts['bob']?.[2]?.outcome).toBe('yes');
  });
});

describe('counting without timelines', () => {
  it('keeps only counts for a number of contacts, and timelines when asked', () => {
    const counted = simulate(invitation, { contacts: 1_000 });
    expect(counted.contacts).toEqual({});
    expect(counted.contactCount).toBe(1_000);
    expect(counted.tiles['01_0']).toEqual({ type: 'Segment', name: 'Customers', depth: 1, entered: 1_000, exited: 1_000, waiting: 0 });
    const listed = simulate(invitation, { contacts: [{ id: 'ann', segments: [A] }], timelines: false });
    expect(listed.contacts).toEqual({});
    expect(listed.tiles['01_0']?.entered).toBe(1);
  });

  it('reports progress as contacts are done, ending with the total', () => {
    const seen: [number, number][] = [];
    simulate(invitation, { contacts: 1_000, progress: (done, total) => seen.push([done, total]) });
    expect(seen).toHaveLength(100);
    expect(seen[0]).toEqual([10, 1_000]);
    expect(seen.at(-1)).toEqual([1_000, 1_000]);
    expect(seen.every(([done], i) => i === 0 || done > (seen[i - 1]?.[0] ?? 0))).toBe(true);
    const none: [number, number][] = [];
    simulate(invitation, { contacts: 0, progress: (done, total) => none.push([done, total]) });
    expect(none).toEqual([[0, 0]]);
  });

  it('lists the tiles in tree order with their names, keys and depths', () => {
    const run = simulate(invitation, { contacts: 1 });
    expect(Object.entries(run.tiles).map(([id, t]) => [id, t.name, t.depth, t.key])).toEqual([
      ['01_0', 'Customers', 1, undefined],
      ['01_0_1', 'Invitation', 2, 'invite'],
      ['01_0_1_2', 'Registered?', 3, undefined],
      ['01_0_1_2_3', 'Thank you', 4, undefined],
      ['01_0_1_2_4', 'Reminder test', 4, undefined],
      ['01_0_1_2_4_5', 'Reminder', 5, undefined],
      ['01_0_1_2_4_5_6', 'Reminder', 6, undefined],
      ['01_0_1_2_4_7', 'Silence', 5, undefined],
    ]);
  });
});

describe('text views', () => {
  it('formats the funnel with counts, branch shares and warnings', () => {
    const run = simulate(invitation, { contacts: 1_000, rates: { UserRegistered: 0.3 }, seed: 7, until: '2026-02-04T09:00:00Z' });
    expect(formatFunnel(run)).toBe(
      [
        'Simulation of "Event invitation": 1000 contacts, 2026-02-01 09:00 UTC to 2026-02-04 09:00 UTC (UTC), seed 7',
        '',
        ' entered  waiting  tile',
        `    1000        0  Customers (Segment group)`,
        `    1000        0    Invitation (Email)`,
        `    1000      ${String(run.tiles['01_0_1_2']?.waiting).padStart(3)}      Registered? (If/then) → yes: ${run.tiles['01_0_1_2']?.branches?.['yes']} (100.0%), no: 0 (0.0%)`,
        `${String(run.tiles['01_0_1_2_3']?.entered).padStart(8)}        0        Thank you (Email)`,
        '       0        0        Reminder test (Split)',
        '       0        0          Reminder (Branch)',
        '       0        0            Reminder (Email)',
        '       0        0          Silence (Branch)',
        '',
        'Warnings (2):',
        '  - Split "Reminder test" (Customers › Invitation › Registered? › Reminder test): the format does not document where a split keeps its percentages or counts, so it splits evenly at random; give them in scenario.splits',
        `  - If/then "Registered?" (Customers › Invitation › Registered?): ${run.tiles['01_0_1_2']?.waiting} contacts were still waiting there when the simulation ended at 2026-02-04T09:00:00.000Z`,
        '',
      ].join('\n'),
    );
  });

  it('says when a run has no end, and leaves out placeholders', () => {
    const open = journey('Open', { start: '2026-02-01T09:00:00Z' })
      .segment('All', { include: [{ id: A }] })
      .email('Invite', { emailId: EMAIL, key: 'invite' })
      .trigger('Opened?', { conditions: [{ source: 'invite', condition: 'EmailOpened' }], timeout: { value: 1, unit: 'Day' } })
      .build();
    const text = formatFunnel(simulate(open, { contacts: 1 }));
    expect(text.split('\n')[0]).toBe('Simulation of "Open": 1 contact, 2026-02-01 09:00 UTC to the end of every path (UTC), seed 1');
    expect(text).not.toContain('empty');
    expect(text).toContain('       1        0      Opened? (If/then) → yes: 0 (0.0%), no: 1 (100.0%)\n');
  });

  it('formats a path with times, branches, waits and effects', () => {
    const run = simulate(invitation, {
      contacts: [{ id: 'ann', segments: [A] }],
      interactions: [{ contact: 'ann', at: '2026-02-03T10:00:30Z', source: 'page', type: 'UserRegistered' }],
    });
    expect(formatSteps(run.contacts['ann'] ?? [], '  ')).toBe(
      [
        '  2026-02-01 09:00 UTC  Customers',
        '  2026-02-01 09:00 UTC  Invitation (email sent)',
        '  2026-02-01 09:00 UTC  Registered? (yes at 2026-02-03 10:00:30 UTC)',
        '  2026-02-03 10:00:30 UTC  Thank you (email sent)',
      ].join('\n'),
    );
    expect(formatSteps([])).toBe('(no steps)');
    expect(formatInstant('2026-02-03T10:00:30.250Z')).toBe('2026-02-03 10:00:30.250 UTC');
    expect(formatInstant('not a date')).toBe('not a date');
  });
});

describe('bad scenarios', () => {
  const contacts = [{ id: 'ann', segments: [A] }];
  const cases: [string, () => unknown, string, string, string][] = [
    ['no scenario', () => simulate(invitation, undefined as unknown as Scenario), '', 'invalid-scenario', 'Simulation of "Event invitation": needs a scenario object such as { contacts: 100 }, not undefined'],
    ['no contacts', () => simulate(invitation, {} as Scenario), 'contacts', 'invalid-contacts', 'contacts is missing; give a number of anonymous contacts or a list of { id, segments }'],
    ['negative count', () => simulate(invitation, { contacts: -1 }), 'contacts', 'invalid-contacts', 'contacts -1 is not valid; give a whole number of contacts, 0 or more, or a list'],
    ['fractional count', () => simulate(invitation, { contacts: 2.5 }), 'contacts', 'invalid-contacts', 'contacts 2.5 is not valid'],
    ['empty id', () => simulate(invitation, { contacts: [{ id: '' }] }), 'contacts[0].id', 'invalid-contacts', 'contacts[0].id "" is not valid; a contact id is a non-empty string'],
    ['duplicate id', () => simulate(invitation, { contacts: [{ id: 'ann' }, { id: 'bob' }, { id: 'ann' }] }), 'contacts[2].id', 'duplicate-contact', 'contacts[2].id "ann" is also contacts[0]; every contact needs its own id'],
    ['segments not a list', () => simulate(invitation, { contacts: [{ id: 'ann', segments: A as unknown as string[] }] }), 'contacts[0].segments', 'invalid-contacts', 'is not a list of segment ids or names'],
    [
      'unknown segment',
      () => simulate(invitation, { contacts: [{ id: 'ann', segments: ['custmers'] }] }),
      'contacts[0].segments[0]',
      'unknown-segment',
      'contacts[0].segments[0] "custmers" is neither a segment GUID nor the key or name of a segment of the journey; segments: customers',
    ],
    [
      'unknown contact in an interaction',
      () => simulate(invitation, { contacts, interactions: [{ contact: 'bob', at: '2026-02-02T09:00:00Z', source: 'page', type: 'UserRegistered' }] }),
      'interactions[0].contact',
      'unknown-contact',
      'interactions[0].contact "bob" is not a contact of the scenario; known contacts: ann',
    ],
    [
      'anonymous contact out of range',
      () => simulate(invitation, { contacts: 3, interactions: [{ contact: 'contact-4', at: '2026-02-02T09:00:00Z', source: 'page', type: 'UserRegistered' }] }),
      'interactions[0].contact',
      'unknown-contact',
      'interactions[0].contact "contact-4" is not a contact of the scenario; the contacts are contact-1 … contact-3',
    ],
    [
      'not a date',
      () => simulate(invitation, { contacts, interactions: [{ contact: 'ann', at: 'next Tuesday', source: 'page', type: 'UserRegistered' }] }),
      'interactions[0].at',
      'invalid-date',
      'interactions[0].at "next Tuesday" is not an ISO 8601 date-time; use e.g. 2026-02-01T09:00:00Z',
    ],
    [
      'unknown source',
      () => simulate(invitation, { contacts, interactions: [{ contact: 'ann', at: '2026-02-02T09:00:00Z', source: 'pgae', type: 'UserRegistered' }] }),
      'interactions[0].source',
      'unknown-source',
      'interactions[0].source "pgae" is not the key or ActivityItemId of an item of the journey; keys: invite, page; or give an item id such as 1',
    ],
    [
      'unknown item id',
      () => simulate(invitation, { contacts, interactions: [{ contact: 'ann', at: '2026-02-02T09:00:00Z', source: 999, type: 'UserRegistered' }] }),
      'interactions[0].source',
      'unknown-source',
      'interactions[0].source 999 is not the key or ActivityItemId',
    ],
    [
      'unknown interaction',
      () => simulate(invitation, { contacts, interactions: [{ contact: 'ann', at: '2026-02-02T09:00:00Z', source: 'page', type: 'Registered' }] }),
      'interactions[0].type',
      'unknown-interaction',
      'interactions[0].type "Registered" is not an interaction the simulation knows; use one of UserRegistered, EmailDelivered, EmailOpened, EmailClicked, EmailHardBounced, EmailSoftBounced, PageSubmitted, FormSubmitted, EventRegistered, EventAttended, SurveySubmitted, LinkedInFormSubmitted, RecordUpdated',
    ],
    ['rate above 1', () => simulate(invitation, { contacts: 10, rates: { UserRegistered: 1.5 } }), 'rates.UserRegistered', 'invalid-rate', 'rates.UserRegistered 1.5 is not a probability; give a number from 0 to 1'],
    ['rate not a number', () => simulate(invitation, { contacts: 10, rates: { UserRegistered: '0.3' as unknown as number } }), 'rates.UserRegistered', 'invalid-rate', 'rates.UserRegistered "0.3" is not a probability'],
    ['unknown rate', () => simulate(invitation, { contacts: 10, rates: { 'Opened email': 0.3 } }), 'rates["Opened email"]', 'unknown-interaction', 'rates["Opened email"] "Opened email" is not an interaction'],
    ['fractional seed', () => simulate(invitation, { contacts: 10, seed: 1.5 }), 'seed', 'invalid-seed', 'seed 1.5 is not valid; give a whole number'],
    ['start not a date', () => simulate(invitation, { contacts: 10, start: '1 Feb' }), 'start', 'invalid-date', 'start "1 Feb" is not an ISO 8601 date-time'],
    [
      'until before start',
      () => simulate(invitation, { contacts: 10, until: '2026-01-01T00:00:00Z' }),
      'until',
      'until-before-start',
      'until 2026-01-01T00:00:00Z is not after the start 2026-02-01T09:00:00Z; the simulation must end after it starts',
    ],
    [
      'no start anywhere',
      () => simulate(journey('Undated').segment('All', { include: [{ id: A }] }).build(), { contacts: 1 }),
      'start',
      'missing-start',
      'Simulation of "Undated": start is missing and the journey has no start date; give scenario.start, e.g. 2026-02-01T09:00:00Z',
    ],
    [
      'unknown splitter',
      () => simulate(invitation, { contacts: 10, splits: { 'A/B': { percentages: [50] } } }),
      'splits["A/B"]',
      'unknown-split',
      'splits["A/B"] is not the key, name or ActivityId of a splitter of the journey; splitters: "Reminder test" (01_0_1_2_4)',
    ],
    [
      'too many shares',
      () => simulate(invitation, { contacts: 10, splits: { 'Reminder test': { percentages: [50, 50] } } }),
      'splits["Reminder test"].percentages',
      'invalid-split',
      'has 2 numbers for 2 branches; give 1 number, one per branch but the last, which takes the rest',
    ],
    [
      'shares above 100',
      () => simulate(invitation, { contacts: 10, splits: { '01_0_1_2_4': { percentages: [120] } } }),
      'splits["01_0_1_2_4"].percentages[0]',
      'invalid-split',
      'percentages[0] 120 is not a percentage; give a number from 0 to 100',
    ],
    [
      'both kinds',
      () => simulate(invitation, { contacts: 10, splits: { 'Reminder test': { percentages: [50], counts: [5] } as never } }),
      'splits["Reminder test"]',
      'invalid-split',
      'needs exactly one of percentages or counts',
    ],
    [
      'negative count',
      () => simulate(invitation, { contacts: 10, splits: { 'Reminder test': { counts: [-5] } } }),
      'splits["Reminder test"].counts[0]',
      'invalid-split',
      'counts[0] -5 is not a count; give a whole number, 0 or more',
    ],
    ['timelines not boolean', () => simulate(invitation, { contacts: 10, timelines: 'yes' as unknown as boolean }), 'timelines', 'invalid-option', 'timelines "yes" is not valid; give true or false'],
    ['not a journey', () => simulate({} as JourneyTree, { contacts: 1 }), '', 'invalid-journey', 'simulate: the first argument is not a journey tree'],
  ];

  it.each(cases)('%s', (_, run, path, code, message) => {
    const error = errorOf(run);
    expect(error.path).toBe(path);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('keeps a hostile contact id as an own key of the result', () => {
    const run = simulate(invitation, { contacts: [{ id: '__proto__', segments: [A] }, { id: 'constructor', segments: [A] }] });
    expect(Object.keys(run.contacts)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(run.contacts)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(run.contacts, '__proto__')?.value).toEqual(run.contacts['constructor']);
    expect(JSON.parse(JSON.stringify(run)).contacts['__proto__'][1]).toMatchObject({ name: 'Invitation' });
  });

  it('walks a thousand listed contacts with a thousand interactions', () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({ id: `c${i}`, segments: [A] }));
    const interactions = many
      .filter((_, i) => i % 4 === 0)
      .map((c, i) => ({ contact: c.id, at: new Date(Date.parse('2026-02-01T10:00:00Z') + i * 60_000).toISOString(), source: 'page', type: 'UserRegistered' }));
    const run = simulate(invitation, { contacts: many, interactions, splits: { 'Reminder test': { counts: [100] } } });
    expect(run.tiles['01_0_1_2']?.branches).toEqual({ yes: 250, no: 750 });
    expect(run.tiles['01_0_1_2_4']?.branches).toEqual({ 0: 100, 1: 650 });
    expect(Object.keys(run.contacts)).toHaveLength(1_000);
  });
});
