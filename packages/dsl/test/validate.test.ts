import { describe, expect, it } from 'vitest';
import type { Activity, ActivityValidationResult, Item, JourneyTree, Relation } from '../src/model.js';
import {
  VALIDATION_RULES,
  describeFault,
  formatValidationResult,
  ruleOf,
  validateJourney,
  type ValidationFaultCode,
} from '../src/validate/index.js';

// ---------------------------------------------------------------------------------------------
// Hand-built trees: the validator must catch mistakes the builder would refuse, so the fixtures
// are plain objects, deliberately mutable.
// ---------------------------------------------------------------------------------------------

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type MTree = Mutable<JourneyTree>;
type MActivity = Mutable<Activity>;
type MItem = Mutable<Item>;

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';

function item(type: string, itemId: number, props: Partial<MItem> & Record<string, unknown> = {}): MItem {
  return { type, itemId, recordId: null, name: type, ...props } as MItem;
}

interface TileSpec {
  relation?: Relation;
  header?: MItem | null;
  nested?: MItem[];
  children?: MActivity[];
}

/** A tile; its header is `item(type, itemId)` unless given. Children get branch 0, 1, … */
function tile(type: string, id: string, itemId: number, name: string, spec: TileSpec = {}): MActivity {
  const header = spec.header === null ? undefined : (spec.header ?? item(type, itemId, { name }));
  const children = spec.children ?? [];
  children.forEach((c, i) => {
    c.branch = i;
  });
  const a: MActivity = {
    type,
    id,
    relation: spec.relation ?? 'Default',
    branch: 0,
    target: 'contact',
    nested: spec.nested ?? [],
    children,
  };
  if (header !== undefined) a.header = header;
  return a;
}

/**
 * A realistic valid journey (the event invitation of the design, with a split on the no path):
 *
 * 01 root
 *   01_0 Segment "Customers" (1; SegmentItem 2)
 *     01_0_1 Email "Invitation" (3; LandingPage 4)
 *       01_0_1_2 Trigger "Registered?" (5) on item 4
 *         yes 01_0_1_2_3 CreateCrmActivity "Follow-up call" (6)
 *               01_0_1_2_3_4 Scheduler "Wait a day" (7)
 *                 01_0_1_2_3_4_5 Email "Thank you" (8)
 *         no  01_0_1_2_6 Email "Reminder" (9)
 *               01_0_1_2_6_7 Splitter "Split" (10)
 *                 01_0_1_2_6_7_8 SplitterBranch "Half A" (11)
 *                   01_0_1_2_6_7_8_10 Email "Offer" (13)
 *                 01_0_1_2_6_7_9 SplitterBranch "Half B" (12)
 *                   01_0_1_2_6_7_9_11 empty
 */
function valid(): MTree {
  const offer = tile('Email', '01_0_1_2_6_7_8_10', 13, 'Offer', { header: item('Email', 13, { name: 'Offer', recordId: EMAIL }) });
  const placeholder = tile('empty', '01_0_1_2_6_7_9_11', -1, '', { header: null });
  delete placeholder.target;
  const split = tile('Splitter', '01_0_1_2_6_7', 10, 'Split', {
    children: [
      tile('SplitterBranch', '01_0_1_2_6_7_8', 11, 'Half A', { children: [offer] }),
      tile('SplitterBranch', '01_0_1_2_6_7_9', 12, 'Half B', { children: [placeholder] }),
    ],
  });
  const reminder = tile('Email', '01_0_1_2_6', 9, 'Reminder', {
    relation: 'NoBranch',
    header: item('Email', 9, { name: 'Reminder', recordId: EMAIL }),
    children: [split],
  });
  const thanks = tile('Email', '01_0_1_2_3_4_5', 8, 'Thank you', { header: item('Email', 8, { name: 'Thank you', recordId: EMAIL }) });
  const wait = tile('Scheduler', '01_0_1_2_3_4', 7, 'Wait a day', {
    header: item('Scheduler', 7, { name: 'Wait a day', offsetType: 'Duration', durationUnit: 'Day', durationValue: 1 }),
    children: [thanks],
  });
  const call = tile('CreateCrmActivity', '01_0_1_2_3', 6, 'Follow-up call', {
    relation: 'YesBranch',
    header: item('CreateCrmActivity', 6, { name: 'Follow-up call', activityType: 'phonecall' }),
    children: [wait],
  });
  const trigger = tile('Trigger', '01_0_1_2', 5, 'Registered?', {
    header: item('Trigger', 5, {
      name: 'Registered?',
      timeoutValue: 5,
      timeoutUnit: 'Day',
      ruleLogic: 'AND',
      conditions: [{ sourceItemId: '4', condition: 'UserRegistered' }],
    }),
    children: [call, reminder],
  });
  const invitation = tile('Email', '01_0_1', 3, 'Invitation', {
    header: item('Email', 3, { name: 'Invitation', recordId: EMAIL }),
    nested: [item('LandingPage', 4, { name: 'Event page', recordId: PAGE })],
    children: [trigger],
  });
  const customers = tile('Segment', '01_0', 1, 'Customers', {
    header: item('Segment', 1, { name: 'Customers', mergeMethod: 'Union' }),
    nested: [item('SegmentItem', 2, { recordId: SEGMENT, containment: 'Inclusion', sourceType: 'Segment' })],
    children: [invitation],
  });
  const root = tile('bpf_root', '01', 0, 'New ActivityTypeName_bpf_root_TitleText', { children: [customers] });
  delete root.target;
  return {
    settings: {
      name: 'Event invitation',
      target: 'contact',
      start: '2026-02-01T09:00:00Z',
      end: '2026-06-01T09:00:00Z',
      timeZone: 92,
      consent: 'Marketing',
      recurrence: { intervalDays: 30, count: 3 },
    },
    root: root as MTree['root'],
    designerState: { nextActivityId: 12, nextItemId: 14 },
  };
}

/** The tile with this ActivityId (first found). */
function at(t: MTree, id: string): MActivity {
  const stack: MActivity[] = [t.root];
  while (stack.length > 0) {
    const a = stack.pop() as MActivity;
    if (a.id === id) return a;
    stack.push(...a.children);
  }
  throw new Error(`no tile ${id}`);
}

function check(t: MTree, options?: Parameters<typeof validateJourney>[1]) {
  return validateJourney(t as JourneyTree, options);
}

function finding(
  ActivityId: string,
  Fault: ValidationFaultCode,
  ErrorMessageArguments: string[] = [],
  Result: 'Error' | 'Warning' = Fault.startsWith('Warning') ? 'Warning' : 'Error',
): ActivityValidationResult {
  return { ActivityId, Fault, Result, ErrorMessageArguments };
}

const TRIGGER = '01_0_1_2';

// ---------------------------------------------------------------------------------------------
// One case per rule: a journey that breaks it (the exact findings) and one that keeps it.
// ---------------------------------------------------------------------------------------------

interface RuleCase {
  readonly code: ValidationFaultCode;
  readonly what: string;
  readonly breaks: (t: MTree) => void;
  readonly options?: Parameters<typeof validateJourney>[1];
  readonly expected: readonly ActivityValidationResult[];
  /** A near miss that stays valid. */
  readonly keeps: (t: MTree) => void;
  readonly keepOptions?: Parameters<typeof validateJourney>[1];
}

const CASES: readonly RuleCase[] = [
  {
    code: 'ErrorNameEmpty',
    what: 'a blank name',
    breaks: (t) => void (t.settings.name = '   '),
    expected: [finding('', 'ErrorNameEmpty')],
    keeps: (t) => void (t.settings.name = 'x'),
  },
  {
    code: 'ErrorNameTooLong',
    what: 'a name of 101 characters',
    breaks: (t) => void (t.settings.name = 'n'.repeat(101)),
    expected: [finding('', 'ErrorNameTooLong', ['101', '100'])],
    keeps: (t) => void (t.settings.name = 'n'.repeat(100)),
  },
  {
    code: 'ErrorDescriptionTooLong',
    what: 'a description of 5,001 characters',
    breaks: (t) => void (t.settings.description = 'd'.repeat(5001)),
    expected: [finding('', 'ErrorDescriptionTooLong', ['5001', '5000'])],
    keeps: (t) => void (t.settings.description = 'd'.repeat(5000)),
  },
  {
    code: 'ErrorDefinitionTooLong',
    what: 'a definition one character over the memo limit',
    breaks: () => {},
    options: { definitionLength: 1_048_577 },
    expected: [finding('', 'ErrorDefinitionTooLong', ['1048577', '1048576'])],
    keeps: () => {},
    keepOptions: { definitionLength: 1_048_576 },
  },
  {
    code: 'ErrorInvalidDate',
    what: 'a start date that is not a date',
    breaks: (t) => void (t.settings.start = 'next tuesday'),
    expected: [finding('', 'ErrorInvalidDate', ['start', 'next tuesday'])],
    keeps: (t) => void (t.settings.start = '2026-02-01'),
  },
  {
    code: 'ErrorEndDateNotAfterStartDate',
    what: 'an end date before the start date',
    breaks: (t) => void (t.settings.end = '2026-01-31T09:00:00Z'),
    expected: [finding('', 'ErrorEndDateNotAfterStartDate', ['2026-02-01T09:00:00Z', '2026-01-31T09:00:00Z'])],
    keeps: (t) => {
      t.settings.end = '2026-02-01T09:01:00Z';
      delete t.settings.recurrence;
    },
  },
  {
    code: 'WarningEndDateInPast',
    what: 'an end date that has passed',
    breaks: () => {},
    options: { now: new Date('2026-06-01T09:00:00Z') },
    expected: [finding('', 'WarningEndDateInPast', ['2026-06-01T09:00:00Z', '2026-06-01T09:00:00.000Z'])],
    keeps: () => {},
    keepOptions: { now: new Date('2026-06-01T08:59:59Z') },
  },
  {
    code: 'ErrorRecurrenceMissing',
    what: 'a recurring journey without recurrence',
    breaks: (t) => {
      delete t.settings.recurrence;
      t.settings.isRecurring = true;
    },
    expected: [finding('', 'ErrorRecurrenceMissing')],
    keeps: (t) => {
      delete t.settings.recurrence;
      t.settings.isRecurring = false;
    },
  },
  {
    code: 'ErrorRecurrenceIntervalInvalid',
    what: 'an interval of 0 days',
    breaks: (t) => void (t.settings.recurrence = { intervalDays: 0, count: 3 }),
    expected: [finding('', 'ErrorRecurrenceIntervalInvalid', ['0'])],
    keeps: (t) => void (t.settings.recurrence = { intervalDays: 1, count: 3 }),
  },
  {
    code: 'ErrorRecurrenceCountInvalid',
    what: 'a count of 1.5 iterations',
    breaks: (t) => void (t.settings.recurrence = { intervalDays: 30, count: 1.5 }),
    expected: [finding('', 'ErrorRecurrenceCountInvalid', ['1.5'])],
    keeps: (t) => void (t.settings.recurrence = { intervalDays: 30, count: 1 }),
  },
  {
    code: 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations',
    what: "the service's sample: 28 days cannot hold 3 × 30 days",
    breaks: (t) => {
      t.settings.start = '2019-02-08T11:48:00.000Z';
      t.settings.end = '2019-03-08T11:48:00.000Z';
      t.settings.isRecurring = true;
      t.settings.recurrence = { intervalDays: 30, count: 3 };
    },
    expected: [finding('', 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations')],
    keeps: (t) => {
      t.settings.start = '2019-02-08T11:48:00.000Z';
      t.settings.end = '2019-05-09T11:48:00.000Z'; // exactly 90 days
      t.settings.recurrence = { intervalDays: 30, count: 3 };
    },
  },
  {
    code: 'ErrorJourneyWithoutEntryTile',
    what: 'nothing under the root',
    breaks: (t) => void (t.root.children = []),
    expected: [finding('', 'ErrorJourneyWithoutEntryTile')],
    keeps: (t) => {
      const seg = at(t, '01_0');
      seg.children = [];
      t.root.children = [seg];
    },
  },
  {
    code: 'ErrorDesignerStateActivityCounterBehind',
    what: 'NextActivityID equal to the highest n used',
    breaks: (t) => void (t.designerState.nextActivityId = 11),
    expected: [finding('', 'ErrorDesignerStateActivityCounterBehind', ['11', '11'])],
    keeps: (t) => void (t.designerState.nextActivityId = 12),
  },
  {
    code: 'ErrorDesignerStateItemCounterBehind',
    what: 'NextActivityItemID equal to the highest item id used',
    breaks: (t) => void (t.designerState.nextItemId = 13),
    expected: [finding('', 'ErrorDesignerStateItemCounterBehind', ['13', '13'])],
    keeps: (t) => void (t.designerState.nextItemId = 14),
  },
  {
    code: 'ErrorInvalidRoot',
    what: 'a root with ActivityId "00"',
    breaks: (t) => void (t.root.id = '00'),
    expected: [finding('00', 'ErrorInvalidRoot', ['bpf_root', '00'])],
    keeps: () => {},
  },
  {
    code: 'ErrorMisplacedRoot',
    what: 'a bpf_root below the root',
    breaks: (t) => {
      const branch = at(t, '01_0_1_2_6_7_9');
      branch.children = [tile('bpf_root', '01_0_1_2_6_7_9_11', 12, 'root again')];
      branch.header = item('SplitterBranch', 14, { name: 'Half B' });
      t.designerState.nextItemId = 15;
    },
    expected: [finding('01_0_1_2_6_7_9_11', 'ErrorMisplacedRoot')],
    keeps: () => {},
  },
  {
    code: 'ErrorDuplicateActivityId',
    what: 'two tiles with ActivityId 01_0_1_2_6',
    breaks: (t) => void (at(t, '01_0_1_2_6_7_8_10').id = '01_0_1_2_6'),
    expected: [finding('01_0_1_2_6', 'ErrorDuplicateActivityId', ['01_0_1_2_6'])],
    keeps: (t) => void (at(t, '01_0_1_2_6_7_8_10').id = '01_0_1_2_6_7_8_11'),
  },
  {
    code: 'ErrorDuplicateActivityItemId',
    what: 'two items with ActivityItemId 9',
    breaks: (t) => void ((at(t, '01_0_1_2_6_7_8_10').header as MItem).itemId = 9),
    expected: [finding('01_0_1_2_6_7_8_10', 'ErrorDuplicateActivityItemId', ['9', '01_0_1_2_6'])],
    keeps: () => {},
  },
  {
    code: 'ErrorMissingHeader',
    what: 'a scheduler without its header item',
    breaks: (t) => void delete at(t, '01_0_1_2_3_4').header,
    expected: [finding('01_0_1_2_3_4', 'ErrorMissingHeader', ['Scheduler'])],
    keeps: () => {},
  },
  {
    code: 'ErrorHeaderTypeMismatch',
    what: 'a scheduler whose header says Trigger',
    breaks: (t) => void ((at(t, '01_0_1_2_3_4').header as MItem).type = 'Trigger'),
    expected: [finding('01_0_1_2_3_4', 'ErrorHeaderTypeMismatch', ['Scheduler', 'Trigger'])],
    keeps: () => {},
  },
  {
    code: 'WarningUnknownActivityType',
    what: 'a custom-channel tile with nested items',
    breaks: (t) => {
      const sms = tile('cr123_SmsTile', '01_0_1_2_3_4_5_12', 14, 'Text message', {
        nested: [item('cr123_SmsReply', 15, { recordId: null })],
      });
      at(t, '01_0_1_2_3_4_5').children = [sms];
      t.designerState = { nextActivityId: 13, nextItemId: 16 };
    },
    expected: [finding('01_0_1_2_3_4_5_12', 'WarningUnknownActivityType', ['cr123_SmsTile'])],
    keeps: () => {},
  },
  {
    code: 'ErrorSegmentGroupWithoutSegments',
    what: 'a segment group with no segment',
    breaks: (t) => void (at(t, '01_0').nested = []),
    expected: [finding('01_0', 'ErrorSegmentGroupWithoutSegments')],
    keeps: (t) => {
      at(t, '01_0').nested.push(item('SegmentItem', 14, { recordId: SEGMENT, containment: 'Exclusion' }));
      t.designerState.nextItemId = 15;
    },
  },
  {
    code: 'ErrorContentTileWithoutRecord',
    what: 'an email without its marketing email id',
    breaks: (t) => void ((at(t, '01_0_1_2_6').header as MItem).recordId = null),
    expected: [finding('01_0_1_2_6', 'ErrorContentTileWithoutRecord', ['Email', '9'])],
    keeps: () => {},
  },
  {
    code: 'ErrorNestedItemWithoutRecord',
    what: 'a nested landing page without its page id',
    breaks: (t) => void ((at(t, '01_0_1').nested[0] as MItem).recordId = ''),
    expected: [finding('01_0_1', 'ErrorNestedItemWithoutRecord', ['LandingPage', '4'])],
    keeps: () => {},
  },
  {
    code: 'WarningUnexpectedNestedItem',
    what: 'a segment nested in an email',
    breaks: (t) => {
      at(t, '01_0_1').nested.push(item('SegmentItem', 14, { recordId: SEGMENT }));
      t.designerState.nextItemId = 15;
    },
    expected: [finding('01_0_1', 'WarningUnexpectedNestedItem', ['SegmentItem', '14', 'LandingPage,Event,Survey,MarketingForm'])],
    keeps: (t) => {
      at(t, '01_0_1').nested.push(item('MarketingForm', 14, { recordId: PAGE }));
      t.designerState.nextItemId = 15;
    },
  },
  {
    code: 'WarningStandAloneTileWithNestedItems',
    what: 'a scheduler carrying a landing page',
    breaks: (t) => {
      at(t, '01_0_1_2_3_4').nested.push(item('LandingPage', 14, { recordId: PAGE }));
      t.designerState.nextItemId = 15;
    },
    expected: [finding('01_0_1_2_3_4', 'WarningStandAloneTileWithNestedItems', ['Scheduler', '14'])],
    keeps: () => {},
  },
  {
    code: 'ErrorTriggerWithoutConditions',
    what: 'a trigger with no condition',
    breaks: (t) => void ((at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = []),
    expected: [finding(TRIGGER, 'ErrorTriggerWithoutConditions')],
    keeps: () => {},
  },
  {
    code: 'ErrorTriggerWithoutSource',
    what: 'a trigger right after the segment group',
    breaks: (t) => {
      const seg = at(t, '01_0');
      const trigger = at(t, TRIGGER);
      seg.children = [trigger];
      (trigger.header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '2', condition: 'UserRegistered' }];
    },
    expected: [
      finding(TRIGGER, 'ErrorTriggerWithoutSource'),
      finding(TRIGGER, 'WarningTriggerSourceNotInteractive', ['2', 'SegmentItem', 'UserRegistered']),
    ],
    keeps: (t) => void ((at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '3', condition: 'UserRegistered' }]),
  },
  {
    code: 'ErrorTriggerSourceNotFound',
    what: 'a condition on item 99',
    breaks: (t) => void ((at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '99', condition: 'UserRegistered' }]),
    expected: [finding(TRIGGER, 'ErrorTriggerSourceNotFound', ['99', 'UserRegistered', '3,4'])],
    keeps: (t) => void ((at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '4', condition: 'UserRegistered' }]),
  },
  {
    code: 'ErrorTriggerSourceNotEarlier',
    what: 'a condition on an email further down',
    breaks: (t) => void ((at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '13', condition: 'UserRegistered' }]),
    expected: [finding(TRIGGER, 'ErrorTriggerSourceNotEarlier', ['13', '01_0_1_2_6_7_8_10', 'UserRegistered'])],
    keeps: (t) => void ((at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '3', condition: 'UserRegistered' }]),
  },
  {
    code: 'WarningTriggerSourceNotInteractive',
    what: 'a condition on the segment',
    breaks: (t) => void ((at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '2', condition: 'UserRegistered' }]),
    expected: [finding(TRIGGER, 'WarningTriggerSourceNotInteractive', ['2', 'SegmentItem', 'UserRegistered'])],
    keeps: () => {},
  },
  {
    code: 'ErrorTriggerBranchInvalid',
    what: 'a yes child hanging on Default',
    breaks: (t) => void (at(t, '01_0_1_2_3').relation = 'Default'),
    expected: [
      finding(TRIGGER, 'ErrorTriggerBranchInvalid', ['01_0_1_2_3', 'Default']),
      finding(TRIGGER, 'WarningTriggerBranchMissing', ['YesBranch']),
    ],
    keeps: () => {},
  },
  {
    code: 'ErrorTriggerDuplicateBranch',
    what: 'two yes children',
    breaks: (t) => void (at(t, '01_0_1_2_6').relation = 'YesBranch'),
    expected: [
      finding(TRIGGER, 'ErrorTriggerDuplicateBranch', ['YesBranch', '01_0_1_2_6', '01_0_1_2_3']),
      finding(TRIGGER, 'WarningTriggerBranchMissing', ['NoBranch']),
    ],
    keeps: () => {},
  },
  {
    code: 'WarningTriggerBranchMissing',
    what: 'a trigger without a no child',
    breaks: (t) => void (at(t, TRIGGER).children = [at(t, '01_0_1_2_3')]),
    expected: [finding(TRIGGER, 'WarningTriggerBranchMissing', ['NoBranch'])],
    keeps: (t) => {
      const no = tile('empty', '01_0_1_2_6', -1, '', { header: null, relation: 'NoBranch' });
      delete no.target;
      const trigger = at(t, TRIGGER);
      trigger.children = [trigger.children[0] as MActivity, no];
      no.branch = 1;
    },
  },
  {
    code: 'ErrorBranchRelationOutsideTrigger',
    what: 'a scheduler hanging on YesBranch under an activity tile',
    breaks: (t) => void (at(t, '01_0_1_2_3_4').relation = 'YesBranch'),
    expected: [finding('01_0_1_2_3_4', 'ErrorBranchRelationOutsideTrigger', ['YesBranch', 'CreateCrmActivity'])],
    keeps: () => {},
  },
  {
    code: 'ErrorSplitterTooFewBranches',
    what: 'a splitter with one branch',
    breaks: (t) => {
      const split = at(t, '01_0_1_2_6_7');
      split.children = [split.children[0] as MActivity];
    },
    expected: [finding('01_0_1_2_6_7', 'ErrorSplitterTooFewBranches', ['1'])],
    keeps: (t) => {
      const split = at(t, '01_0_1_2_6_7');
      split.children.push(tile('SplitterBranch', '01_0_1_2_6_7_12', 14, 'Rest'));
      (split.children[2] as MActivity).branch = 2;
      t.designerState = { nextActivityId: 13, nextItemId: 15 };
    },
  },
  {
    code: 'ErrorSplitterChildNotBranch',
    what: 'an email directly under a splitter',
    breaks: (t) => {
      at(t, '01_0_1_2_6_7').children.push(
        tile('Email', '01_0_1_2_6_7_12', 14, 'Stray', { header: item('Email', 14, { name: 'Stray', recordId: EMAIL }) }),
      );
      t.designerState = { nextActivityId: 13, nextItemId: 15 };
    },
    expected: [finding('01_0_1_2_6_7', 'ErrorSplitterChildNotBranch', ['01_0_1_2_6_7_12', 'Email'])],
    keeps: () => {},
  },
  {
    code: 'ErrorSplitterBranchOutsideSplitter',
    what: 'a splitter branch under a scheduler',
    breaks: (t) => {
      const wait = at(t, '01_0_1_2_3_4');
      wait.children = [tile('SplitterBranch', '01_0_1_2_3_4_5', 8, 'Lost branch')];
    },
    expected: [finding('01_0_1_2_3_4_5', 'ErrorSplitterBranchOutsideSplitter', ['Scheduler'])],
    keeps: () => {},
  },
];

describe('validateJourney', () => {
  it('finds nothing in a fully valid realistic journey', () => {
    expect(check(valid())).toStrictEqual({ Result: 'Valid', ActivityValidationResults: [] });
  });

  it('has a case for every rule in VALIDATION_RULES', () => {
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(VALIDATION_RULES.map((r) => r.code)));
  });

  describe.each(CASES)('$code', (c) => {
    it(`reports ${c.what}`, () => {
      const t = valid();
      c.breaks(t);
      const result = check(t, c.options);
      expect(result.ActivityValidationResults).toStrictEqual(c.expected);
      const worst = c.expected.some((f) => f.Result === 'Error') ? 'Error' : 'Warning';
      expect(result.Result).toBe(worst);
      expect(result.ActivityValidationResults.map((f) => f.Fault)).toContain(c.code);
    });

    it('stays quiet on a near miss', () => {
      const t = valid();
      c.keeps(t);
      expect(check(t, c.keepOptions)).toStrictEqual({ Result: 'Valid', ActivityValidationResults: [] });
    });
  });

  it.each(['Email', 'LandingPage', 'MarketingForm', 'Event', 'Survey', 'LinkedInCampaign', 'InvokeWorkflow'])(
    'requires the record id of a %s tile, and accepts one that has it',
    (type) => {
      const t = valid();
      const thanks = at(t, '01_0_1_2_3_4_5');
      thanks.type = type;
      thanks.header = item(type, 8, { name: 'Content', recordId: null });
      expect(check(t).ActivityValidationResults).toStrictEqual([finding('01_0_1_2_3_4_5', 'ErrorContentTileWithoutRecord', [type, '8'])]);
      (thanks.header as MItem).recordId = EMAIL;
      expect(check(t).Result).toBe('Valid');
    },
  );

  it('requires the record id of a segment inside a segment group', () => {
    const t = valid();
    (at(t, '01_0').nested[0] as MItem).recordId = null;
    expect(check(t).ActivityValidationResults).toStrictEqual([finding('01_0', 'ErrorNestedItemWithoutRecord', ['SegmentItem', '2'])]);
  });

  it('reports nested items of a non-container content tile with no allowed types', () => {
    const t = valid();
    const thanks = at(t, '01_0_1_2_3_4_5');
    thanks.type = 'LandingPage';
    thanks.header = item('LandingPage', 8, { name: 'Page', recordId: PAGE });
    thanks.nested = [item('Event', 14, { recordId: PAGE })];
    t.designerState.nextItemId = 15;
    const result = check(t);
    expect(result.ActivityValidationResults).toStrictEqual([finding('01_0_1_2_3_4_5', 'WarningUnexpectedNestedItem', ['Event', '14', ''])]);
    expect(describeFault(result.ActivityValidationResults[0] as ActivityValidationResult)).toContain('holds no nested items');
  });

  it('counts a root whose only child is an empty placeholder as having no entry tile', () => {
    const t = valid();
    const placeholder = tile('empty', '01_1', -1, '', { header: null });
    t.root.children = [placeholder];
    expect(check(t).ActivityValidationResults).toStrictEqual([finding('', 'ErrorJourneyWithoutEntryTile')]);
  });

  it('reports a condition whose source is not a number as not found', () => {
    const t = valid();
    (at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: 'page', condition: 'UserRegistered' }];
    expect(check(t).ActivityValidationResults).toStrictEqual([finding(TRIGGER, 'ErrorTriggerSourceNotFound', ['page', 'UserRegistered', '3,4'])]);
  });

  it('does not count a source on a sibling branch as earlier', () => {
    const t = valid();
    // A second trigger on the no path that reacts to the "Thank you" email of the yes path.
    const offer = at(t, '01_0_1_2_6_7_8_10');
    const second = tile('Trigger', '01_0_1_2_6_7_8_10_12', 14, 'Opened thanks?', {
      header: item('Trigger', 14, { name: 'Opened thanks?', conditions: [{ sourceItemId: '8', condition: 'UserRegistered' }] }),
      children: [
        tile('empty', '01_0_1_2_6_7_8_10_12_13', -1, '', { header: null, relation: 'YesBranch' }),
        tile('empty', '01_0_1_2_6_7_8_10_12_14', -1, '', { header: null, relation: 'NoBranch' }),
      ],
    });
    offer.children = [second];
    t.designerState = { nextActivityId: 15, nextItemId: 15 };
    expect(check(t).ActivityValidationResults).toStrictEqual([
      finding('01_0_1_2_6_7_8_10_12', 'ErrorTriggerSourceNotEarlier', ['8', '01_0_1_2_3_4_5', 'UserRegistered']),
    ]);
    // Reacting to its own ancestors (the offer email, 13; the invitation page, 4) is fine.
    (second.header as Mutable<Item<'Trigger'>>).conditions = [
      { sourceItemId: '13', condition: 'UserRegistered' },
      { sourceItemId: '4', condition: 'UserRegistered' },
    ];
    expect(check(t).Result).toBe('Valid');
  });

  it("does not count the trigger's own items as earlier", () => {
    const t = valid();
    (at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '5', condition: 'UserRegistered' }];
    expect(check(t).ActivityValidationResults).toStrictEqual([finding(TRIGGER, 'ErrorTriggerSourceNotEarlier', ['5', TRIGGER, 'UserRegistered'])]);
  });

  it('treats a custom-channel tile as a possible trigger source', () => {
    const t = valid();
    const sms = tile('cr123_SmsTile', '01_0_12', 14, 'Text message', { children: [at(t, '01_0_1')] });
    at(t, '01_0').children = [sms];
    (at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '14', condition: 'cr123_Replied' }];
    t.designerState = { nextActivityId: 13, nextItemId: 15 };
    expect(check(t)).toStrictEqual({
      Result: 'Warning',
      ActivityValidationResults: [finding('01_0_12', 'WarningUnknownActivityType', ['cr123_SmsTile'])],
    });
  });

  it('reports the same tile object hanging in two places once, and survives a cycle', () => {
    const t = valid();
    const split = at(t, '01_0_1_2_6_7');
    at(t, '01_0_1_2_6_7_8_10').children = [split]; // split -> branch -> offer -> split
    const result = check(t);
    expect(result.ActivityValidationResults).toStrictEqual([finding('01_0_1_2_6_7', 'ErrorDuplicateActivityId', ['01_0_1_2_6_7'])]);
    expect(formatValidationResult(t as JourneyTree, result)).toContain('at Customers › Invitation › Registered? › Reminder › Split:');
  });

  it('treats a journey with recurrence and no isRecurring flag as recurring, and one with isRecurring false as not', () => {
    const t = valid();
    t.settings.recurrence = { intervalDays: 60, count: 3 };
    expect(check(t).ActivityValidationResults).toStrictEqual([finding('', 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations')]);
    t.settings.isRecurring = false;
    expect(check(t).Result).toBe('Valid');
  });

  it('reports an end date equal to the start date', () => {
    const t = valid();
    delete t.settings.recurrence;
    t.settings.end = t.settings.start as string;
    expect(check(t).ActivityValidationResults).toStrictEqual([
      finding('', 'ErrorEndDateNotAfterStartDate', ['2026-02-01T09:00:00Z', '2026-02-01T09:00:00Z']),
    ]);
  });

  it('reports a designer state counter that is not a number', () => {
    const t = valid();
    (t.designerState as { nextActivityId: unknown }).nextActivityId = undefined;
    expect(check(t).ActivityValidationResults).toStrictEqual([finding('', 'ErrorDesignerStateActivityCounterBehind', ['undefined', '11'])]);
  });

  it('ignores ActivityIds that do not end in a number when checking the counter', () => {
    const t = valid();
    at(t, '01_0_1_2_6_7_8_10').id = '01_0_1_2_6_7_8_offer';
    t.designerState.nextActivityId = 12;
    expect(check(t).Result).toBe('Valid');
  });

  describe('result severity', () => {
    it('is Error when errors and warnings mix, and lists journey findings first, then tiles in pre-order', () => {
      const t = valid();
      t.settings.name = '';
      at(t, '01_0_1_2_3_4').nested.push(item('LandingPage', 14, { recordId: PAGE })); // warning
      (at(t, '01_0_1_2_6_7_8_10').header as MItem).recordId = null; // error, deeper
      at(t, '01_0').nested = []; // error, shallower
      t.designerState.nextItemId = 15;
      const result = check(t);
      expect(result.Result).toBe('Error');
      expect(result.ActivityValidationResults).toStrictEqual([
        finding('', 'ErrorNameEmpty'),
        finding('01_0', 'ErrorSegmentGroupWithoutSegments'),
        finding('01_0_1_2_3_4', 'WarningStandAloneTileWithNestedItems', ['Scheduler', '14']),
        finding('01_0_1_2_6_7_8_10', 'ErrorContentTileWithoutRecord', ['Email', '13']),
      ]);
    });

    it('reports how a tile hangs in pre-order, after the findings of its earlier siblings', () => {
      const t = valid();
      (at(t, '01_0_1_2_3_4_5').header as MItem).recordId = null;
      const stray = tile('Email', '01_0_1_2_3_12', 14, 'Stray', { relation: 'NoBranch', header: item('Email', 14, { name: 'Stray', recordId: EMAIL }) });
      at(t, '01_0_1_2_3').children.push(stray);
      stray.branch = 1;
      t.designerState = { nextActivityId: 13, nextItemId: 15 };
      expect(check(t).ActivityValidationResults).toStrictEqual([
        finding('01_0_1_2_3_4_5', 'ErrorContentTileWithoutRecord', ['Email', '8']),
        finding('01_0_1_2_3_12', 'ErrorBranchRelationOutsideTrigger', ['NoBranch', 'CreateCrmActivity']),
      ]);
    });

    it('is Warning when only warnings are found', () => {
      const t = valid();
      at(t, '01_0_1_2_3_4').nested.push(item('LandingPage', 14, { recordId: PAGE }));
      t.designerState.nextItemId = 15;
      expect(check(t).Result).toBe('Warning');
    });

    it('never reports an unknown tile type as an error', () => {
      const t = valid();
      const thanks = at(t, '01_0_1_2_3_4_5');
      thanks.type = 'new_WhatsAppTile';
      thanks.header = item('new_WhatsAppTile', 8, { recordId: null });
      thanks.nested = [item('whatever', 14)];
      t.designerState.nextItemId = 15;
      expect(check(t)).toStrictEqual({
        Result: 'Warning',
        ActivityValidationResults: [finding('01_0_1_2_3_4_5', 'WarningUnknownActivityType', ['new_WhatsAppTile'])],
      });
    });
  });

  it('does not change the tree it checks', () => {
    const t = valid();
    (at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '99', condition: 'UserRegistered' }];
    const before = JSON.stringify(t);
    check(t, { definitionLength: 10, now: new Date('2020-01-01T00:00:00Z') });
    expect(JSON.stringify(t)).toBe(before);
  });
});

describe('VALIDATION_RULES', () => {
  it('has unique codes named Error… or Warning… after their severity, with a description', () => {
    const codes = VALIDATION_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of VALIDATION_RULES) {
      expect(r.code.startsWith(r.severity)).toBe(true);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.description).not.toContain('\n');
    }
  });

  it('agrees with the severity and scope of every finding in the cases', () => {
    for (const c of CASES) {
      for (const f of c.expected) {
        const r = ruleOf(f.Fault);
        expect(r?.severity).toBe(f.Result);
        expect(r?.scope).toBe(f.ActivityId === '' ? 'journey' : 'tile');
        expect(f.ErrorMessageArguments.length).toBe(r?.arguments.length);
      }
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(VALIDATION_RULES)).toBe(true);
    expect(Object.isFrozen(VALIDATION_RULES[0])).toBe(true);
  });
});

describe('describeFault', () => {
  it('gives every rule a message of its own that uses its arguments', () => {
    for (const c of CASES) {
      for (const f of c.expected) {
        const message = describeFault(f);
        expect(message).not.toContain(f.Fault);
        expect(message).not.toContain('?');
        for (const arg of f.ErrorMessageArguments) {
          for (const part of arg.split(',')) if (part !== '') expect(message).toContain(part);
        }
      }
    }
  });

  it('says what would be valid', () => {
    expect(describeFault(finding('', 'ErrorNameTooLong', ['120', '100']))).toBe('The journey name has 120 characters; at most 100 are allowed.');
    expect(describeFault(finding('', 'ErrorDesignerStateItemCounterBehind', ['13', '13']))).toContain('at least 14');
  });

  it('falls back to the code and arguments for faults it does not know', () => {
    expect(describeFault({ ActivityId: '01_0', Fault: 'ErrorSomethingNew', Result: 'Error', ErrorMessageArguments: ['a', 'b'] })).toBe(
      'ErrorSomethingNew: a, b.',
    );
    expect(describeFault({ ActivityId: '', Fault: 'WarningOther', Result: 'Warning', ErrorMessageArguments: [] })).toBe('WarningOther.');
  });
});

describe('formatValidationResult', () => {
  it('says a valid journey has no findings', () => {
    const t = valid();
    expect(formatValidationResult(t as JourneyTree, check(t))).toBe('Valid: no findings in journey "Event invitation"');
  });

  it('lists every finding with the path of names from the root', () => {
    const t = valid();
    t.settings.name = 'n'.repeat(101);
    (at(t, TRIGGER).header as Mutable<Item<'Trigger'>>).conditions = [{ sourceItemId: '13', condition: 'UserRegistered' }];
    delete at(t, '01_0_1_2_6_7_8').header;
    at(t, '01_0_1_2_3_4').nested.push(item('LandingPage', 14, { recordId: PAGE }));
    t.designerState.nextItemId = 15;
    const text = formatValidationResult(t as JourneyTree, check(t));
    const name = JSON.stringify(`${'n'.repeat(79)}…`); // names in messages are cut to 80 characters
    expect(text.split('\n')).toStrictEqual([
      `Error: 3 errors, 1 warning in journey ${name}`,
      `Error ErrorNameTooLong at journey ${name}: The journey name has 101 characters; at most 100 are allowed.`,
      'Error ErrorTriggerSourceNotEarlier at Customers › Invitation › Registered?: The condition "UserRegistered" refers to the Email "Offer", which is not above the trigger on its path from the root; a trigger can only react to earlier tiles.',
      'Warning WarningStandAloneTileWithNestedItems at Customers › Invitation › Registered? › Follow-up call › Wait a day: The Scheduler tile is stand-alone but carries nested items (14); remove them.',
      'Error ErrorMissingHeader at Customers › Invitation › Registered? › Reminder › Split › [SplitterBranch]: The SplitterBranch tile has no header item (Items[0]); only the empty placeholder may have none.',
    ]);
  });

  it('formats results from the service, including ids it does not know', () => {
    const t = valid();
    const text = formatValidationResult(t as JourneyTree, {
      Result: 'Error',
      ActivityValidationResults: [
        { ActivityId: '', Fault: 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations', Result: 'Error', ErrorMessageArguments: [] },
        { ActivityId: '01_0_1', Fault: 'ErrorEmailNotLive', Result: 'Error', ErrorMessageArguments: [EMAIL] },
        { ActivityId: '01_9', Fault: 'WarningSomething', Result: 'Warning', ErrorMessageArguments: [] },
        { ActivityId: '01', Fault: 'WarningRoot', Result: 'Warning', ErrorMessageArguments: [] },
      ],
    });
    expect(text.split('\n')).toStrictEqual([
      'Error: 2 errors, 2 warnings in journey "Event invitation"',
      expect.stringMatching(/^Error ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations at journey "Event invitation": The end date leaves no room/),
      `Error ErrorEmailNotLive at Customers › Invitation: ErrorEmailNotLive: ${EMAIL}.`,
      'Warning WarningSomething at tile "01_9": WarningSomething.',
      'Warning WarningRoot at (root): WarningRoot.',
    ]);
  });
});
