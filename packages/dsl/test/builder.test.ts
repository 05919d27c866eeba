import { describe, expect, it } from 'vitest';
import { JourneyBuildError, countTiles, findDuplicateIds, journey, walk } from '@customer-journey/dsl';
import type { Activity, ChainBuilder, Item, JourneyTree } from '@customer-journey/dsl';

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const EMAIL2 = '184e5a1a-464a-e911-a873-000d3a1fe345';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';

const ROOT_HEADER = { type: 'bpf_root', itemId: 0, recordId: null, name: 'New ActivityTypeName_bpf_root_TitleText', title: 'Undefined' };
const root = (children: Activity[]) => ({ type: 'bpf_root', id: '01', relation: 'Default', branch: 0, header: ROOT_HEADER, nested: [], children });
const base = (type: string, itemId: number, name: string | undefined, recordId: string | null = null) => ({
  type,
  itemId,
  recordId,
  ...(name === undefined ? {} : { name }),
  nameIsSystemDefined: false,
  description: '',
  title: 'Undefined',
});
const tile = (
  type: string,
  id: string,
  header: object,
  children: Activity[] = [],
  more: { relation?: 'Default' | 'YesBranch' | 'NoBranch'; branch?: number; nested?: object[]; key?: string } = {},
): Activity => ({
  type,
  id,
  relation: more.relation ?? 'Default',
  branch: more.branch ?? 0,
  target: 'contact',
  header: header as Item,
  nested: (more.nested ?? []) as Item[],
  children,
  ...(more.key === undefined ? {} : { key: more.key }),
});
const empty = (id: string, relation: 'YesBranch' | 'NoBranch', branch: number): Activity => ({
  type: 'empty', id, relation, branch, nested: [], children: [],
});
const WAIT_DEFAULTS = {
  waitUntilMonday: true, waitUntilTuesday: true, waitUntilWednesday: true, waitUntilThursday: true,
  waitUntilFriday: true, waitUntilSaturday: true, waitUntilSunday: true,
  waitUntilFromHour: 0, waitUntilFromMinute: 0, waitUntilToHour: 23, waitUntilToMinute: 59, offsetType: 'Duration',
};

const errorOf = (fn: () => unknown): JourneyBuildError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof JourneyBuildError) return error;
    throw error;
  }
  throw new Error('expected a JourneyBuildError');
};

const eventInvite = () =>
  journey('Event invitation', {
    target: 'contact',
    start: '2026-02-01T09:00:00Z',
    end: '2026-03-01T09:00:00Z',
    timeZone: 92,
    consent: 'Marketing',
    contentSettingsId: '1922B1D8-0523-E911-A9BA-000D3A1E689F',
    recurrence: { intervalDays: 30, count: 3 },
  })
    .segment('Customers', { include: [{ id: SEGMENT, name: 'Demo_segment_09c58544', displayName: 'Demo segment' }] })
    .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
    .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
      yes: (b) =>
        b.activity('Follow-up call', { activityType: 'phonecall' })
          .wait({ duration: { value: 1, unit: 'Day' } })
          .email('Thank you', { emailId: EMAIL2 }),
      no: (b) => b.email('Reminder', { emailId: EMAIL2 }),
    });

describe('journey().build()', () => {
  it('keeps a declared recordId in the settings, braces dropped and in lower case', () => {
    const tree = journey('Identified', { recordId: '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}' }).build();
    expect(tree.settings.recordId).toBe('6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
    expect(journey('Anonymous').build().settings).not.toHaveProperty('recordId');
  });

  it('writes the design example as a whole tree', () => {
    // given the journey of the design document
    // when it is built
    const tree = eventInvite().build();
    // then every activity, item, id, setting and the designer state are as the format prescribes
    expect(tree).toStrictEqual({
      settings: {
        name: 'Event invitation',
        target: 'contact',
        start: '2026-02-01T09:00:00Z',
        end: '2026-03-01T09:00:00Z',
        timeZone: 92,
        consent: 'Marketing',
        contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
        recurrence: { intervalDays: 30, count: 3 },
      },
      root: root([
        tile('Segment', '01_0', { ...base('Segment', 1, 'Customers'), mergeMethod: 'Union' }, [
          tile('Email', '01_0_1', base('Email', 3, 'Invitation', EMAIL), [
            tile(
              'Trigger',
              '01_0_1_2',
              {
                ...base('Trigger', 5, 'Registered?'),
                timeoutValue: 5,
                timeoutUnit: 'Day',
                ruleLogic: 'AND',
                conditions: [{ sourceItemId: '4', condition: 'UserRegistered' }],
              },
              [
                tile(
                  'CreateCrmActivity',
                  '01_0_1_2_3',
                  {
                    ...base('CreateCrmActivity', 6, 'Follow-up call'),
                    templateEntity: 'msdyncrm_phonecallactivitymarketingtemplate',
                    activityType: 'phonecall',
                    owner: 'msdyncrm_customerjourney.ownerid',
                  },
                  [
                    tile(
                      'Scheduler',
                      '01_0_1_2_3_4',
                      { ...base('Scheduler', 7, 'Wait 1 day'), ...WAIT_DEFAULTS, durationUnit: 'Day', durationValue: 1, scheduledHour: 0, scheduledMinute: 0 },
                      [tile('Email', '01_0_1_2_3_4_5', base('Email', 8, 'Thank you', EMAIL2))],
                    ),
                  ],
                  { relation: 'YesBranch', branch: 0 },
                ),
                tile('Email', '01_0_1_2_6', base('Email', 9, 'Reminder', EMAIL2), [], { relation: 'NoBranch', branch: 1 }),
              ],
            ),
          ], {
            key: 'invite',
            nested: [{ ...base('LandingPage', 4, 'Event page', PAGE), key: 'page' }],
          }),
        ], {
          nested: [
            {
              ...base('SegmentItem', 2, 'Demo segment', SEGMENT),
              containment: 'Inclusion',
              sourceType: 'Segment',
              segmentName: 'Demo_segment_09c58544',
              displayName: 'Demo segment',
            },
          ],
        }),
      ]),
      designerState: { nextActivityId: 7, nextItemId: 10 },
    });
  });

  it('builds an empty journey as the root alone', () => {
    expect(journey('Nothing yet').build()).toStrictEqual({
      settings: { name: 'Nothing yet', target: 'contact' },
      root: root([]),
      designerState: { nextActivityId: 0, nextItemId: 1 },
    });
  });

  it('turns missing trigger branches and branches without tiles into empty placeholders', () => {
    // given a trigger without a yes branch and a no branch that adds nothing
    const tree = journey('T', { target: 'account' })
      .segment('S', { exclude: [{ id: SEGMENT }] })
      .trigger('Opened?', { conditions: [{ sourceItemId: '2', condition: 'UserRegistered' }], logic: 'OR', timeout: { value: 2, unit: 'Hour' } }, { no: (b) => b })
      .build();
    // then both branches are placeholders without target or items
    const segment = tree.root.children[0];
    expect(segment?.target).toBe('account');
    expect(segment?.nested).toStrictEqual([
      { ...base('SegmentItem', 2, undefined, SEGMENT), containment: 'Exclusion', sourceType: 'Segment' },
    ]);
    expect(segment?.children[0]?.header).toStrictEqual({
      ...base('Trigger', 3, 'Opened?'), timeoutValue: 2, timeoutUnit: 'Hour', ruleLogic: 'OR',
      conditions: [{ sourceItemId: '2', condition: 'UserRegistered' }],
    });
    expect(segment?.children[0]?.children).toStrictEqual([empty('01_0_1_2', 'YesBranch', 0), empty('01_0_1_3', 'NoBranch', 1)]);
    expect(tree.designerState).toStrictEqual({ nextActivityId: 4, nextItemId: 4 });
  });

  it('writes a split with its branches, each followed by its chain', () => {
    const tree = journey('Split')
      .segment('S', { include: [{ id: SEGMENT }] })
      .split('A/B', [
        { name: 'A', then: (b) => b.email('Version A', { emailId: EMAIL }) },
        { name: 'B', key: 'b' },
        { name: 'C', then: (b) => b.createLead('Lead') },
      ], { description: 'three ways' })
      .build();
    expect(tree.root.children[0]?.children).toStrictEqual([
      tile('Splitter', '01_0_1', { ...base('Splitter', 3, 'A/B'), description: 'three ways' }, [
        tile('SplitterBranch', '01_0_1_2', base('SplitterBranch', 4, 'A'), [tile('Email', '01_0_1_2_3', base('Email', 5, 'Version A', EMAIL))]),
        tile('SplitterBranch', '01_0_1_4', base('SplitterBranch', 6, 'B'), [], { branch: 1, key: 'b' }),
        tile('SplitterBranch', '01_0_1_5', base('SplitterBranch', 7, 'C'), [tile('CreateLead', '01_0_1_5_6', base('CreateLead', 8, 'Lead'))], { branch: 2 }),
      ]),
    ]);
  });

  it('writes parallel branches as children of the current tile, and of the root at the start', () => {
    const tree = journey('Parallel')
      .parallel(
        (b) => b.segment('S1', { include: [{ id: SEGMENT }] }).email('E1', { emailId: EMAIL }),
        (b) => b.recordUpdated('Changed').parallel(
          (c) => c.launchWorkflow('Flow', { workflowId: EMAIL }),
          (c) => c.linkedInCampaign('LinkedIn', { campaignId: EMAIL2 }),
        ),
      )
      .build();
    expect(tree.root.children).toStrictEqual([
      tile('Segment', '01_0', { ...base('Segment', 1, 'S1'), mergeMethod: 'Union' }, [tile('Email', '01_0_1', base('Email', 3, 'E1', EMAIL))], {
        nested: [{ ...base('SegmentItem', 2, undefined, SEGMENT), containment: 'Inclusion', sourceType: 'Segment' }],
      }),
      tile('RecordUpdate', '01_2', base('RecordUpdate', 4, 'Changed'), [
        tile('InvokeWorkflow', '01_2_3', base('InvokeWorkflow', 5, 'Flow', EMAIL)),
        tile('LinkedInCampaign', '01_2_4', base('LinkedInCampaign', 6, 'LinkedIn', EMAIL2), [], { branch: 1 }),
      ], { branch: 1 }),
    ]);
  });

  it('writes every record tile with its record id, and wait windows and activity defaults', () => {
    const tree = journey('All')
      .event('Event', { eventId: EMAIL })
      .landingPage('Page', { pageId: PAGE })
      .marketingForm('Form', { formId: EMAIL2 })
      .survey('Survey', { surveyId: SEGMENT })
      .wait('Office hours', { duration: { value: 3, unit: 'Week' }, window: { days: ['Monday', 'Friday'], from: '9:30', to: '17:05' } })
      .activity('Task', { activityType: 'task', templateId: '{' + EMAIL.toUpperCase() + '}', owner: 'someone' })
      .build();
    const chain: Item[] = [];
    walk(tree, (a) => {
      if (a.header !== undefined && a.type !== 'bpf_root') chain.push(a.header);
    });
    expect(chain).toStrictEqual([
      base('Event', 1, 'Event', EMAIL),
      base('LandingPage', 2, 'Page', PAGE),
      base('MarketingForm', 3, 'Form', EMAIL2),
      base('Survey', 4, 'Survey', SEGMENT),
      {
        ...base('Scheduler', 5, 'Office hours'),
        waitUntilMonday: true, waitUntilTuesday: false, waitUntilWednesday: false, waitUntilThursday: false,
        waitUntilFriday: true, waitUntilSaturday: false, waitUntilSunday: false,
        waitUntilFromHour: 9, waitUntilFromMinute: 30, waitUntilToHour: 17, waitUntilToMinute: 5,
        offsetType: 'Duration', durationUnit: 'Week', durationValue: 3, scheduledHour: 0, scheduledMinute: 0,
      },
      { ...base('CreateCrmActivity', 6, 'Task', EMAIL), templateEntity: 'msdyncrm_taskactivitymarketingtemplate', activityType: 'task', owner: 'someone' },
    ]);
  });

  it('honours explicit ids, item ids and escape hatches, and skips them for automatic ids', () => {
    // given tiles with explicit ids among automatic ones
    const tree = journey('Pulled', { designerState: { nextActivityId: 40, nextItemId: 3, extra: { Zoom: 1 } } })
      .segment('S', { id: '01_1', itemId: 1, include: [{ id: SEGMENT, itemId: 3, key: 'seg', extra: { Extra: true } }] })
      .email('E', { emailId: EMAIL, nameIsSystemDefined: true, description: 'd', extra: { Custom: [1, { a: 'b' }] } })
      .custom('contoso_Sms', 'Text', {
        recordId: EMAIL2,
        fields: {},
        omit: ['description'],
        title: 'T',
        target: null,
        relation: 'YesBranch',
        branch: 3,
        activityExtra: { Layout: { x: 1 } },
        propertiesExtra: { Version: 2 },
        nested: [{ type: 'Thing', name: 'raw', key: 'thing', extra: { Q: null } }],
      })
      .custom('empty', '', { header: false, target: null, omit: ['name'] })
      .trigger('T', { conditions: [{ source: 'seg', condition: 'UserRegistered' }, { source: 'thing', condition: 'X', extra: { Y: 1 } }], timeout: { value: 1, unit: 'Month' } })
      .build();
    const segment = tree.root.children[0] as Activity;
    const email = segment.children[0] as Activity;
    const sms = email.children[0] as Activity;
    const placeholder = sms.children[0] as Activity;
    const trigger = placeholder.children[0] as Activity;
    // then explicit ids stay, automatic ones skip 1 (activity) and 1, 3 (items)
    expect([segment.id, email.id, sms.id, placeholder.id, trigger.id]).toStrictEqual(['01_1', '01_1_0', '01_1_0_2', '01_1_0_2_3', '01_1_0_2_3_4']);
    expect(email.header).toStrictEqual({ ...base('Email', 2, 'E', EMAIL), nameIsSystemDefined: true, description: 'd', extra: { Custom: [1, { a: 'b' }] } });
    expect(segment.nested[0]).toStrictEqual({
      ...base('SegmentItem', 3, undefined, SEGMENT), containment: 'Inclusion', sourceType: 'Segment', key: 'seg', extra: { Extra: true },
    });
    expect(sms).toStrictEqual({
      type: 'contoso_Sms', id: '01_1_0_2', relation: 'YesBranch', branch: 3,
      header: { type: 'contoso_Sms', itemId: 4, recordId: EMAIL2, name: 'Text', nameIsSystemDefined: false, title: 'T' },
      nested: [{ type: 'Thing', itemId: 5, name: 'raw', key: 'thing', extra: { Q: null } }],
      children: [placeholder],
      extra: { Layout: { x: 1 } },
      propertiesExtra: { Version: 2 },
    });
    expect(placeholder).toStrictEqual({ type: 'empty', id: '01_1_0_2_3', relation: 'Default', branch: 0, nested: [], children: [trigger] });
    expect(trigger.header).toMatchObject({ itemId: 6, conditions: [{ sourceItemId: '3', condition: 'UserRegistered' }, { sourceItemId: '5', condition: 'X', extra: { Y: 1 } }] });
    // and the designer state stays above the override and everything used
    expect(tree.designerState).toStrictEqual({ nextActivityId: 40, nextItemId: 7, extra: { Zoom: 1 } });
    expect(findDuplicateIds(tree)).toStrictEqual({ activityIds: [], itemIds: [] });
  });

  it('resolves keys defined after the trigger that uses them', () => {
    const tree = journey('Later')
      .segment('S', { include: [{ id: SEGMENT }] })
      .trigger('T', { conditions: [{ source: 'late', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } }, {
        no: (b) => b.email('Late', { emailId: EMAIL, key: 'late' }),
      })
      .build();
    const trigger = tree.root.children[0]?.children[0];
    expect(trigger?.header).toMatchObject({ conditions: [{ sourceItemId: '4', condition: 'UserRegistered' }] });
    expect(trigger?.children[1]?.header?.itemId).toBe(4);
  });
});

describe('immutability and determinism', () => {
  it('returns deeply frozen trees', () => {
    const tree = eventInvite().build();
    const unfrozen: unknown[] = [];
    const stack: unknown[] = [tree];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next === null || typeof next !== 'object') continue;
      if (!Object.isFrozen(next)) unfrozen.push(next);
      stack.push(...Object.values(next));
    }
    expect(unfrozen).toStrictEqual([]);
  });

  it('builds the same tree twice, and never changes a builder', () => {
    // given a prefix
    const prefix = journey('Shared').segment('S', { include: [{ id: SEGMENT }] });
    // when two journeys continue it differently
    const a = prefix.email('A', { emailId: EMAIL }).build();
    const b = prefix.wait({ duration: { value: 2, unit: 'Minute' } }).trigger('T', { conditions: [], timeout: { value: 1, unit: 'Day' } }).build();
    // then each has only its own tiles, and the prefix builds as before
    expect(a.root.children[0]?.children.map((t) => t.type)).toStrictEqual(['Email']);
    expect(b.root.children[0]?.children.map((t) => t.type)).toStrictEqual(['Scheduler']);
    expect(prefix.build()).toStrictEqual(prefix.build());
    expect(prefix.build().root.children[0]?.children).toStrictEqual([]);
    expect(eventInvite().build()).toStrictEqual(eventInvite().build());
    expect(JSON.stringify(eventInvite().build())).toBe(JSON.stringify(eventInvite().build()));
  });

  it('does not let later changes to the given options reach a built tree', () => {
    const extra: Record<string, unknown> = { A: 1 };
    const tree = journey('Copy').email('E', { emailId: EMAIL, extra: extra as { A: number } }).build();
    extra['A'] = 2;
    expect(tree.root.children[0]?.header?.extra).toStrictEqual({ A: 1 });
  });

  it('builds a chain 5,000 tiles deep and a journey of 10,000 tiles', () => {
    let deep = journey('Deep');
    for (let i = 0; i < 5000; i++) deep = deep.email(`E${i}`, { emailId: EMAIL });
    const deepTree = deep.build();
    expect(countTiles(deepTree)).toBe(5000);
    expect(deepTree.designerState).toStrictEqual({ nextActivityId: 5000, nextItemId: 5001 });

    const branch = (b: ChainBuilder) => {
      let chain = b;
      for (let i = 0; i < 100; i++) chain = chain.email(`E${i}`, { emailId: EMAIL });
      return chain;
    };
    const branches = Array.from({ length: 100 }, () => branch) as [typeof branch, typeof branch, ...(typeof branch)[]];
    const wide = journey('Wide').parallel(...branches).build();
    expect(countTiles(wide)).toBe(10000);
    expect(findDuplicateIds(wide)).toStrictEqual({ activityIds: [], itemIds: [] });
  });
});

describe('errors', () => {
  const message = (fn: () => unknown) => {
    const error = errorOf(fn);
    return { message: error.message, code: error.code, path: error.path, name: error.name };
  };

  it('names the trigger and the known keys for an unknown condition source', () => {
    const tree = () =>
      journey('X')
        .segment('Customers', { include: [{ id: SEGMENT }] })
        .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
        .trigger('Registered?', { conditions: [{ source: 'pgae', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } })
        .build();
    expect(message(tree)).toStrictEqual({
      name: 'JourneyBuildError',
      code: 'unknown-key',
      path: ['Customers', 'Invitation', 'Registered?'],
      message:
        'Trigger "Registered?" (Customers › Invitation › Registered?): condition source "pgae" is not a key of this journey; known keys: invite, page',
    });
    expect(errorOf(tree)).toBeInstanceOf(Error);
  });

  const cases: [string, () => unknown, string, string][] = [
    ['duplicate key', () => journey('J').email('A', { emailId: EMAIL, key: 'k' }).email('B', { emailId: EMAIL, nested: [{ type: 'Event', id: PAGE, key: 'k' }] }).build(),
      'duplicate-key', 'Email "B" (A › B): key "k" is already used by Email "A" (A); keys must be unique in a journey'],
    ['unknown key without keys', () => journey('J').trigger('T', { conditions: [{ source: 'x', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } }).build(),
      'unknown-key', 'Trigger "T" (T): condition source "x" is not a key of this journey; known keys: (none)'],
    ['empty tile name', () => journey('J').email(' ', { emailId: EMAIL }).build(),
      'empty-name', 'Email " " ( ): name is empty; give 1 to 100 characters'],
    ['long tile name', () => journey('J').createLead('x'.repeat(101)).build(),
      // Names in messages are cut to 80 characters.
      'name-too-long', `CreateLead "${'x'.repeat(79)}…" (${'x'.repeat(79)}…): name has 101 characters; at most 100 are allowed`],
    ['empty journey name', () => journey('').build(), 'empty-name', 'Journey "": name is empty; give 1 to 100 characters'],
    ['long journey name', () => journey('j'.repeat(101)).build(), 'name-too-long', `Journey "${'j'.repeat(79)}…": name has 101 characters; at most 100 are allowed`],
    ['email without emailId', () => journey('J').segment('S', { include: [{ id: SEGMENT }] }).email('E', { emailId: '' }).build(),
      'missing-email', 'Email "E" (S › E): has no emailId; give the GUID of a marketing email (msdyncrm_marketingemail)'],
    ['segment group without segments', () => journey('J').segment('S', { include: [] }).build(),
      'empty-segment-group', 'Segment "S" (S): includes and excludes no segment; give at least one segment in include or exclude'],
    ['malformed segment GUID', () => journey('J').segment('S', { include: [{ id: '51d2115b' }] }).build(),
      'malformed-guid', 'Segment "S" (S): include[0] segment id "51d2115b" is not a GUID; expected 8-4-4-4-12 hex digits, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344'],
    ['malformed nested GUID', () => journey('J').email('E', { emailId: EMAIL, nested: [{ type: 'Survey', id: 'nope' }] }).build(),
      'malformed-guid', 'Email "E" (E): nested[0] Survey id "nope" is not a GUID; expected 8-4-4-4-12 hex digits, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344'],
    ['malformed record id', () => journey('J', { recordId: '6628bbf7' }).build(),
      'malformed-guid', 'Journey "J": recordId "6628bbf7" is not a GUID; expected 8-4-4-4-12 hex digits, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344'],
    ['malformed journey GUID', () => journey('J', { contentSettingsId: 'abc' }).build(),
      'malformed-guid', 'Journey "J": contentSettingsId "abc" is not a GUID; expected 8-4-4-4-12 hex digits, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344'],
    ['end before start', () => journey('J', { start: '2026-03-01T09:00:00Z', end: '2026-02-01T09:00:00Z' }).build(),
      'end-before-start', 'Journey "J": end 2026-02-01T09:00:00Z is not after start 2026-03-01T09:00:00Z; the journey must end after it starts'],
    ['bad date', () => journey('J', { start: 'soon' }).build(),
      'invalid-date', 'Journey "J": start "soon" is not an ISO 8601 date-time; use e.g. 2026-02-01T09:00:00Z'],
    ['invalid recurrence', () => journey('J', { recurrence: { intervalDays: 0, count: 3 } }).build(),
      'invalid-recurrence', 'Journey "J": recurrence { intervalDays: 0, count: 3 } is not valid; both must be whole numbers of 1 or more'],
    ['split with one branch', () => journey('J').split('Only', [{ name: 'A' }] as never).build(),
      'too-few-branches', 'Splitter "Only" (Only): split has 1 branch; give at least two'],
    ['parallel with one branch', () => journey('J').segment('S', { include: [{ id: SEGMENT }] }).parallel(...([(b: ChainBuilder) => b.createLead('L')] as never as [never, never])).build(),
      'too-few-branches', 'Segment "S" (S): parallel has 1 branch; give at least two'],
    ['parallel branch without tiles', () => journey('J').parallel((b) => b.createLead('L'), (b) => b).build(),
      'empty-branch', 'Journey "J": parallel branch 1 adds no tile; each parallel branch needs at least one tile'],
    ['parallel at the start of a trigger branch', () => journey('J').trigger('T', { conditions: [], timeout: { value: 1, unit: 'Day' } }, {
      yes: (b) => b.parallel((c) => c.createLead('A'), (c) => c.createLead('B')),
    }).build(), 'parallel-needs-tile', 'Trigger "T" (T): a branch cannot start with parallel; put a tile before it, and the parallel branches after that tile'],
    ['duplicate explicit id', () => journey('J').createLead('A', { id: '01_5' }).createLead('B', { id: '01_5' }).build(),
      'duplicate-id', 'CreateLead "B" (A › B): id "01_5" is already used by CreateLead "A" (A); activity ids must be unique'],
    ['duplicate explicit item id', () => journey('J').createLead('A', { itemId: 0 }).build(),
      'duplicate-id', 'CreateLead "A" (A): header itemId 0 is already used by the root; item ids must be unique'],
    ['duplicate nested item id', () => journey('J').segment('S', { itemId: 7, include: [{ id: SEGMENT, itemId: 7 }] }).build(),
      'duplicate-id', 'Segment "S" (S): segment include[0] itemId 7 is already used by Segment "S" (S); item ids must be unique'],
    ['bad duration', () => journey('J').wait({ duration: { value: -1, unit: 'Fortnight' as never } }).build(),
      'invalid-duration', 'Scheduler "Wait -1 fortnights" (Wait -1 fortnights): duration value -1 is not valid; give a whole number, 0 or more'],
    ['bad window', () => journey('J').wait({ duration: { value: 1, unit: 'Day' }, window: { from: '25:00' } }).build(),
      'invalid-window', 'Scheduler "Wait 1 day" (Wait 1 day): window from "25:00" is not a time of day; use H:MM or HH:MM from 0:00 to 23:59'],
    ['empty window', () => journey('J').wait({ duration: { value: 1, unit: 'Day' }, window: { from: '18:00', to: '9:00' } }).build(),
      'invalid-window', 'Scheduler "Wait 1 day" (Wait 1 day): window from 18:00 is after to 9:00; the range must not be empty'],
    ['condition with neither source', () => journey('J').trigger('T', { conditions: [{ condition: 'UserRegistered' } as never], timeout: { value: 1, unit: 'Day' } }).build(),
      'invalid-condition', 'Trigger "T" (T): condition 0 needs exactly one of source (a key) or sourceItemId (an item id such as "28")'],
    ['bad activity type', () => journey('J').activity('A', { activityType: 'fax' as never }).build(),
      'invalid-option', 'CreateCrmActivity "A" (A): activityType "fax" is not valid; use one of phonecall, task, appointment'],
  ];
  it.each(cases)('%s', (_name, fn, code, text) => {
    const error = errorOf(fn);
    expect({ code: error.code, message: error.message }).toStrictEqual({ code, message: text });
  });

  it('refuses a tile after a branching call at run time too', () => {
    const ended = journey('J').split('S', [{ name: 'A' }, { name: 'B' }]) as unknown as { email: (n: string, o: object) => unknown };
    expect(message(() => ended.email('E', { emailId: EMAIL }))).toStrictEqual({
      name: 'JourneyBuildError',
      code: 'chain-ended',
      path: [],
      message: 'the chain ended with split "S"; no tile can follow a trigger, split or parallel: add tiles inside its branches',
    });
  });

  it('refuses a branch callback that returns something else than its chain', () => {
    const other = journey('Other');
    expect(message(() => journey('J').split('S', [{ name: 'A', then: () => other as never }, { name: 'B' }]))).toStrictEqual({
      name: 'JourneyBuildError',
      code: 'invalid-branch',
      path: [],
      message: 'branch 0 of split "S" must return the chain it was given (or one made from it), not a journey builder',
    });
  });
});

export type { JourneyTree };
