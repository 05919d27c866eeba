/**
 * Code generation round trips: for journeys made with the builder, for every codec fixture and
 * for hand-made odd definitions, the generated module type-checks, runs, and rebuilds a journey
 * whose definition, designer state and canonical JSON equal the original.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCode, journey } from '@customer-journey/dsl';
import type { BranchFn, ChainBuilder, JourneyBuilder, JourneyTree } from '@customer-journey/dsl';
import {
  parseWorkflowDefinition,
  serializeDesignerState,
  serializeWorkflowDefinition,
  toCanonicalJson,
} from '@customer-journey/client';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dslEntry = join(repo, 'packages/dsl/src/index.ts');
const fixtures = join(repo, 'packages/client/test/fixtures');

const G = (n: number): string => `184e5a1a-464a-e911-a873-${n.toString(16).padStart(12, '0')}`;
const SEG = '51d2115b-544a-e911-a873-000d3a1fe344';

interface Case {
  readonly name: string;
  readonly tree: JourneyTree;
  /** Made by the builder without explicit ids: the code must not need any. */
  readonly builderIds?: boolean;
  /** Skip the type check (very large modules are only run). */
  readonly runOnly?: boolean;
}

const cases: Case[] = [];
const add = (name: string, tree: JourneyTree, extra: Partial<Case> = {}): void => {
  cases.push({ name, tree, ...extra });
};

// --- journeys made with the builder ------------------------------------------------------------

add(
  'event invitation',
  journey('Event invitation', {
    target: 'contact',
    start: '2026-02-01T09:00:00Z',
    end: '2026-03-01T09:00:00Z',
    timeZone: 92,
    consent: 'Marketing',
    contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
    recurrence: { intervalDays: 30, count: 3 },
    description: 'Invites customers\nto the launch',
    owner: { id: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc', type: 'team' },
    type: 'Automated',
  })
    .segment('Customers', { include: [{ id: SEG, name: 'Demo_segment_09c58544', displayName: 'Demo segment' }] })
    .email('Invitation', {
      emailId: G(1),
      key: 'invite',
      nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }],
    })
    .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
      yes: (b) => b.activity('Follow-up call', { activityType: 'phonecall' }).wait({ duration: { value: 1, unit: 'Day' } }).email('Thank you', { emailId: G(2) }),
      no: (b) => b.email('Reminder', { emailId: G(3) }),
    })
    .build(),
  { builderIds: true },
);

add(
  'every tile type',
  journey('Every tile', { target: 'account', timeZone: 4, status: 'Draft', isRecurring: false, templateId: G(90), linkedInCampaignId: G(91) })
    .segment('Segments', {
      include: [{ id: SEG }, { id: G(10), name: 'Unique_name', key: 'seg', description: 'first', nameIsSystemDefined: true }],
      exclude: [{ id: G(11), displayName: 'Opted out', sourceType: 'MarketingList', extra: { Weight: 2 } }],
      merge: 'Intersection',
      description: 'all of them',
      nameIsSystemDefined: true,
      extra: { LayoutHint: 'wide' },
    })
    .email('Newsletter', {
      emailId: G(12),
      nested: [
        { type: 'LandingPage', id: G(13), name: 'Page' },
        { type: 'Event', id: null, name: 'Event' },
        { type: 'Survey', id: G(14) },
        { type: 'MarketingForm', id: G(15), name: 'Form', description: 'sign up', nameIsSystemDefined: true, extra: { Mode: 1 } },
      ],
    })
    .wait({ duration: { value: 3, unit: 'Hour' } })
    .wait('Office hours', { duration: { value: 1, unit: 'Week' }, window: { days: ['Monday', 'Friday'], from: '9:05', to: '17:30' } })
    .wait('Weekend', { duration: { value: 0, unit: 'Minute' }, window: { days: ['Saturday', 'Sunday'] } })
    .activity('Call', { activityType: 'task', templateId: G(16), owner: 'contact.ownerid', templateEntity: 'msdyncrm_custom' })
    .launchWorkflow('Notify', { workflowId: G(17) })
    .createLead('Lead')
    .createLead('Lead with text', { description: 'a lead' })
    .event('Summit', { eventId: G(18) })
    .landingPage('Sign-up', { pageId: G(19), key: 'signup' })
    .marketingForm('Contact form', { formId: G(20) })
    .survey('Feedback', { surveyId: G(21) })
    .recordUpdated('Contact changed', { extra: { EntityName: 'contact', Fields: ['emailaddress1'] } })
    .linkedInCampaign('Spring', { campaignId: G(22) })
    .custom('contoso_Sms', 'Text message', {
      recordId: G(23),
      extra: { MessageTemplate: 'welcome', Nested: { deep: [1, { x: null }] } },
      nested: [{ type: 'contoso_Part', name: 'Part', fields: { anything: true } }, { type: 'SegmentItem', recordId: SEG, fields: { containment: 'Inclusion' } }],
      activityExtra: { Position: { x: 1 } },
      propertiesExtra: { Version: '2' },
      omit: ['description'],
      title: 'Custom title',
    })
    .custom('contoso_Silent', 'No target', { target: null, header: true, key: 'silent' })
    .custom('contoso_Headerless', 'Headerless', { header: false })
    .trigger(
      'Anything?',
      {
        conditions: [
          { source: 'signup', condition: 'PageSubmitted' },
          { source: 'seg', condition: 'Member', extra: { Since: 3 } },
          { source: 'silent', condition: 'Sent' },
          { sourceItemId: '9999', condition: 'Missing' },
        ],
        logic: 'OR',
        timeout: { value: 2, unit: 'Month' },
        description: 'many conditions',
      },
      { yes: (b) => b.email('Yes', { emailId: G(24) }) },
    )
    .build(),
  { builderIds: true },
);

add(
  'trigger branches',
  journey('Triggers')
    .email('Start', { emailId: G(30), key: 'start' })
    .parallel(
      (p) => p.trigger('Only no', { conditions: [{ source: 'start', condition: 'Opened' }], timeout: { value: 1, unit: 'Day' } }, { no: (b) => b.email('No', { emailId: G(31) }) }),
      (p) => p.trigger('Neither', { conditions: [], timeout: { value: 1, unit: 'Day' } }),
      (p) =>
        p.email('Before', { emailId: G(32) }).trigger('Both', { conditions: [{ source: 'start', condition: 'Clicked' }], timeout: { value: 4, unit: 'Hour' } }, {
          yes: (b) =>
            b.trigger('Inner', { conditions: [{ source: 'start', condition: 'Opened' }], timeout: { value: 1, unit: 'Day' } }, {
              yes: (y) => y.email('Inner yes', { emailId: G(33) }).parallel((q) => q.createLead('A'), (q) => q.createLead('B')),
            }),
          no: (b) => b.wait({ duration: { value: 1, unit: 'Day' } }),
        }),
    )
    .build(),
  { builderIds: true },
);

add(
  'splits',
  journey('Splits')
    .segment('All', { include: [{ id: SEG }] })
    .split(
      'A/B/C',
      [
        { name: 'A', then: (a) => a.email('Version A', { emailId: G(40) }) },
        { name: 'B', key: 'b', description: 'second', then: (x) => x.email('B1', { emailId: G(41) }).parallel((p) => p.createLead('L1'), (p) => p.createLead('L2')) },
        { name: 'C' },
        {
          name: 'D',
          then: (d) =>
            d.split('Inner', [
              { name: 'D1', nameIsSystemDefined: true },
              { name: 'D2', extra: { Percentage: 50 } },
            ], { key: 'inner', description: 'nested split' }),
        },
      ],
      { description: 'three ways', extra: { SplitBy: 'Percentage' } },
    )
    .build(),
  { builderIds: true },
);

add('root parallel', journey('Two entries').parallel((a) => a.segment('A', { include: [{ id: SEG }] }), (b) => b.recordUpdated('B')).build(), { builderIds: true });
add('empty journey', journey('Nothing yet').build(), { builderIds: true });
add(
  'designer state ahead, keys kept',
  journey('Ahead', { designerState: { nextActivityId: 50, nextItemId: 70, extra: { Zoom: 2 } } })
    .createLead('Lead', { key: 'unused' })
    .email('Mail', { emailId: G(50), nested: [{ type: 'Event', id: G(51), key: 'alsoUnused' }] })
    .build(),
  { builderIds: true },
);

add(
  'explicit ids and raw places',
  journey('Explicit')
    .email('First', { emailId: G(60), id: '01_7', itemId: 30 })
    .email('Second', { emailId: G(61) })
    .custom('Email', 'Odd branch', { recordId: G(62), relation: 'YesBranch', branch: 4 })
    .parallel(
      (p) => p.custom('empty', 'Gap', { header: false, target: null, branch: 2 }).createLead('After gap'),
      (p) => p.custom('Trigger', 'Raw trigger', { fields: { timeoutValue: 1, timeoutUnit: 'Fortnight', conditions: [{ sourceItemId: '30', condition: 'Opened' }] }, branch: 7 }),
    )
    .build(),
);

const chainOf = (b: JourneyBuilder, n: number): JourneyBuilder => {
  let chainBuilder = b;
  for (let i = 0; i < n; i++) chainBuilder = chainBuilder.email(`Mail ${i}`, { emailId: G(1000 + i) });
  return chainBuilder;
};
const branchChain = (b: ChainBuilder, n: number): ChainBuilder => {
  let chainBuilder = b;
  for (let i = 0; i < n; i++) chainBuilder = chainBuilder.createLead(`Lead ${i}`);
  return chainBuilder;
};

add('long chain', chainOf(journey('Long'), 400).build(), { builderIds: true });
add('5,000-deep chain', chainOf(journey('Very long'), 5000).build(), { builderIds: true, runOnly: true });
add(
  'long branch chain',
  journey('Long branch')
    .email('Start', { emailId: G(70), key: 'start' })
    .trigger('Opened?', { conditions: [{ source: 'start', condition: 'Opened' }], timeout: { value: 1, unit: 'Day' } }, { yes: (b) => branchChain(b, 320) })
    .build(),
  { builderIds: true },
);

const nestedBranch = (depth: number): BranchFn =>
  depth === 0
    ? (b) => b.createLead('Leaf')
    : (b) =>
        b.email(`Level ${depth}`, { emailId: G(2000 + depth), key: `level${depth}` }).trigger(
          `Opened ${depth}?`,
          { conditions: [{ source: `level${depth}`, condition: 'Opened' }], timeout: { value: 1, unit: 'Day' } },
          { yes: nestedBranch(depth - 1), no: (n) => n.createLead(`No ${depth}`) },
        );
add(
  'deeply nested branches',
  journey('Deep branches')
    .email('Top', { emailId: G(1999), key: 'top' })
    .trigger('Top?', { conditions: [{ source: 'top', condition: 'Opened' }], timeout: { value: 1, unit: 'Day' } }, { yes: nestedBranch(30) })
    .build(),
  { builderIds: true },
);

// --- the codec's fixtures ------------------------------------------------------------------------

for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.json') && !f.includes('designer-state'))) {
  const base = file.replace(/\.json$/, '');
  const statePath = join(fixtures, `${base}.designer-state.json`);
  let state: string | undefined;
  try {
    state = readFileSync(statePath, 'utf8');
  } catch {
    state = undefined;
  }
  add(`fixture ${file}`, parseWorkflowDefinition(readFileSync(join(fixtures, file), 'utf8'), state, { name: `Fixture ${base}`, target: 'contact' }));
}

// --- hand-made odd definitions -------------------------------------------------------------------

const wire = (a: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify({ ParentBranchId: 0, ParentRelationshipType: 'Default', EntityTarget: 'contact', ...a })) as Record<string, unknown>;
const header = (type: string, itemId: number, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  ActivityTypeId: type,
  ItemId: null,
  Name: type,
  IsNameSystemDefined: false,
  ActivityItemId: itemId,
  Description: '',
  Title: 'Undefined',
  ...more,
});
const ROOT = { ActivityTypeId: 'bpf_root', ParentBranchId: 0, ParentRelationshipType: 'Default', ActivityId: '01', Properties: { Items: [{ ActivityTypeId: 'bpf_root', ItemId: null, Name: 'New ActivityTypeName_bpf_root_TitleText', ActivityItemId: 0, Title: 'Undefined' }] } };

add(
  'odd structure',
  parseWorkflowDefinition(
    [
      ROOT,
      wire({ ActivityTypeId: 'Email', ParentActivityId: '01', ActivityId: '01_0', Properties: { Items: [header('Email', 1, { ItemId: G(80), Name: 'Mail' })] } }),
      // A trigger with three children, gaps in the branch numbers and a lower-case relation.
      wire({ ActivityTypeId: 'Trigger', ParentActivityId: '01_0', ActivityId: '01_0_1', Properties: { Items: [header('Trigger', 2, { TimeoutValue: 1, TimeoutUnit: 'Day', RuleLogic: 'AND', ConditionExpressions: [{ SourceActivityItemId: '1', Condition: 'Opened' }] })] } }),
      wire({ ActivityTypeId: 'CreateLead', ParentActivityId: '01_0_1', ParentRelationshipType: 'yesbranch', ActivityId: '01_0_1_2', Properties: { Items: [header('CreateLead', 3)] } }),
      wire({ ActivityTypeId: 'CreateLead', ParentActivityId: '01_0_1', ParentBranchId: 2, ParentRelationshipType: 'NoBranch', ActivityId: '01_0_1_3', Properties: { Items: [header('CreateLead', 4)] } }),
      wire({ ActivityTypeId: 'empty', ParentActivityId: '01_0_1', ParentBranchId: 5, ActivityId: '01_0_1_4', Properties: { Items: [] }, EntityTarget: undefined }),
      // An empty placeholder with a child, a header of another type, odd names and targets.
      wire({ ActivityTypeId: 'empty', ParentActivityId: '01_0_1_3', ActivityId: '01_0_1_3_5', Properties: { Items: [] }, EntityTarget: undefined }),
      wire({ ActivityTypeId: 'Email', ParentActivityId: '01_0_1_3_5', ActivityId: '01_0_1_3_5_6', Properties: { Items: [header('LandingPage', 5, { ItemId: G(81) }), header('Event', 6)] } }),
      wire({ ActivityTypeId: 'CreateLead', ParentActivityId: '01_0_1_3_5_6', ActivityId: '01_0_1_3_5_6_7', EntityTarget: 'account', Properties: { Items: [header('CreateLead', 7, { Name: '' })] } }),
      wire({ ActivityTypeId: 'Segment', ParentActivityId: '01_0_1_3_5_6_7', ActivityId: '01_0_1_3_5_6_7_8', Properties: { Items: [header('Segment', 8, { Name: '   ', SegmentMergeMethod: 'Union' })] } }),
      wire({ ActivityTypeId: 'Email', ParentActivityId: '01_0_1_3_5_6_7_8', ActivityId: '01_0_1_3_5_6_7_8_9', Properties: { Items: [header('Email', 9, { Name: 'x'.repeat(150), ItemId: G(82).toUpperCase() })] } }),
      // Trigger with one child; ids of other forms; a counter used twice.
      wire({ ActivityTypeId: 'Trigger', ParentActivityId: '01_0_1_2', ActivityId: 'custom-id', Properties: { Items: [header('Trigger', 10, { TimeoutValue: 1, TimeoutUnit: 'Day', RuleLogic: 'AND', ConditionExpressions: [] })] } }),
      wire({ ActivityTypeId: 'CreateLead', ParentActivityId: 'custom-id', ParentRelationshipType: 'YesBranch', ActivityId: 'custom-id_011', Properties: { Items: [header('CreateLead', 11)] } }),
      wire({ ActivityTypeId: 'CreateLead', ParentActivityId: 'custom-id_011', ActivityId: '01_3', Properties: { Items: [header('CreateLead', 12)] } }),
    ],
    '{"NextActivityID":2,"NextActivityItemID":5,"Zoom":1}',
    { name: 'Odd', target: 'contact' },
  ),
);

add(
  'pulled root and designer tiles',
  journey('Pulled', {
    root: {
      itemId: 7,
      recordId: G(200),
      name: 'Root',
      nameIsSystemDefined: true,
      description: 'the root',
      title: 'Root title',
      extra: { new_Canvas: { zoom: 2 } },
      nested: [{ type: 'bpf_root', recordId: null, key: 'rootItem' }, { type: 'bpf_root', itemId: 40, title: 'Undefined' }],
      activityExtra: { new_DesignerBuild: '1' },
      propertiesExtra: { new_Version: '3' },
    },
    designerState: { nextActivityId: 0, nextItemId: 2, exact: true },
  })
    .segment('', {
      include: [{ id: SEG, displayName: 'Shown', omit: ['name', 'description'] }],
      omit: ['name', 'title'],
      containment: 'Exclusion',
    })
    .email('Mail', { emailId: G(201), omit: ['nameIsSystemDefined'], nested: [{ type: 'Survey', id: null, omit: ['recordId', 'title'] }] })
    .trigger('', { rawName: 'y'.repeat(120), conditions: [{ source: 'rootItem', condition: 'Seen' }], timeout: { value: 1, unit: 'Day' } }, {
      yes: (b) => b.createLead('Yes', { branch: 3 }),
      no: (b) =>
        b.split('Split', [
          { name: 'A', branch: 2, omit: ['title'] },
          { name: '', rawName: '', relation: 'YesBranch', then: (x) => x.createLead('Deep', { omit: ['recordId'] }) },
        ]),
    })
    .build(),
);

add(
  'odd root',
  parseWorkflowDefinition(
    [
      { ...ROOT, ActivityId: 'R', ParentBranchId: 3, Properties: { Items: [{ ...ROOT.Properties.Items[0], ActivityItemId: 4 }] } },
      wire({ ActivityTypeId: 'CreateLead', ParentActivityId: 'R', ActivityId: 'R_0', Properties: { Items: [header('CreateLead', 1)] } }),
    ],
    undefined,
    { name: 'Odd root', target: 'contact' },
  ),
);

const nasty = `It's "quoted" \\ back\\slash\nnew line \${x} \u2028 é 😀 */ @example \u202e`;
add(
  'nasty names',
  journey(nasty)
    .email(nasty, {
      emailId: G(100),
      description: nasty,
      nested: [{ type: 'LandingPage', id: G(101), name: "Page 'one'", key: 'p' }],
      extra: { [nasty]: nasty, 'with space': '\u0000\ud800', '1': 1, '': [] },
    })
    .trigger("Registered? 'yes'", { conditions: [{ source: 'p', condition: nasty }], timeout: { value: 1, unit: 'Day' } })
    .build(),
  { builderIds: true },
);

// --- the round trip ------------------------------------------------------------------------------

let dir = '';
const files = new Map<string, { file: string; code: string }>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'journey-codegen-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  cases.forEach((c, i) => {
    const code = generateCode(c.tree, { importFrom: dslEntry, exportName: 'generated' });
    const file = join(dir, `case${i}.ts`);
    writeFileSync(file, code);
    files.set(c.name, { file, code });
  });
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const same = (actual: JourneyTree, expected: JourneyTree): void => {
  expect(serializeWorkflowDefinition(actual)).toBe(serializeWorkflowDefinition(expected));
  expect(serializeDesignerState(actual)).toBe(serializeDesignerState(expected));
  expect(toCanonicalJson(actual)).toBe(toCanonicalJson(expected));
};

describe('generateCode round trip', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: runs and rebuilds the same journey', async (_name, c) => {
    const { file, code } = files.get(c.name)!;
    const module = (await import(pathToFileURL(file).href)) as { generated: JourneyTree };
    same(module.generated, c.tree);
    expect(generateCode(c.tree, { importFrom: dslEntry, exportName: 'generated' })).toBe(code);
    if (c.builderIds === true) {
      expect(code).not.toMatch(/\bitemId: \d/);
      expect(code).not.toMatch(/\bid: '01/);
    }
    if (c.builderIds === true && c.name !== 'designer state ahead, keys kept') expect(code).not.toContain('designerState');
  });

  it('every generated module type-checks with the repository settings', () => {
    const config = ts.readConfigFile(join(repo, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repo);
    const roots = cases.filter((c) => c.runOnly !== true).map((c) => files.get(c.name)!.file);
    const program = ts.createProgram(roots, { ...parsed.options, noEmit: true });
    const problems: string[] = [];
    for (const root of roots) {
      const source = program.getSourceFile(root)!;
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
        problems.push(`${root}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('generateCode output', () => {
  it('keeps a __proto__ key in the properties of a tile', async () => {
    const tree = parseWorkflowDefinition(
      [ROOT, wire({ ActivityTypeId: 'x_Tile', ParentActivityId: '01', ActivityId: '01_0', Properties: { Items: [header('x_Tile', 1)] } })].map((a, i) =>
        i === 1 ? JSON.parse(JSON.stringify(a).replace('"Title":"Undefined"', '"Title":"Undefined","__proto__":{"a":1}')) : a,
      ),
      undefined,
      { name: 'Proto', target: 'contact' },
    );
    const code = generateCode(tree, { importFrom: dslEntry, exportName: 'generated' });
    expect(code).toContain("extra: { ['__proto__']: { a: 1 } }");
    const file = join(dir, 'proto.ts');
    writeFileSync(file, code);
    const module = (await import(pathToFileURL(file).href)) as { generated: JourneyTree };
    same(module.generated, tree);
  });

  it('writes idiomatic calls for a journey made with the builder', () => {
    const code = files.get('event invitation')!.code;
    expect(code).toContain(`import { journey } from ${JSON.stringify(dslEntry).replace(/"/g, "'")};`);
    expect(code).toContain(".segment('Customers', {");
    expect(code).toContain("conditions: [{ source: 'page', condition: 'UserRegistered' }]");
    expect(code).toContain(".activity('Follow-up call', { activityType: 'phonecall' })");
    expect(code).toContain(".wait({ duration: { value: 1, unit: 'Day' } })");
    expect(code).toContain("no: (b) => b.email('Reminder', { emailId: '184e5a1a-464a-e911-a873-000000000003' }),");
    expect(code).not.toContain('custom(');
    expect(code).toMatch(/\n {2}\.build\(\);\n$/);
  });

  it('makes readable, unique keys for trigger sources and refers to missing ones by item id', () => {
    const tree = parseWorkflowDefinition(
      [
        ROOT,
        wire({ ActivityTypeId: 'Email', ParentActivityId: '01', ActivityId: '01_0', Properties: { Items: [header('Email', 1, { ItemId: G(1), Name: 'Registration page' }), header('LandingPage', 2, { Name: 'Registration page' })] } }),
        wire({ ActivityTypeId: 'Trigger', ParentActivityId: '01_0', ActivityId: '01_0_1', Properties: { Items: [header('Trigger', 3, { TimeoutValue: 1, TimeoutUnit: 'Day', RuleLogic: 'AND', ConditionExpressions: [{ SourceActivityItemId: '2', Condition: 'A' }, { SourceActivityItemId: '1', Condition: 'B' }, { SourceActivityItemId: '77', Condition: 'C' }, { SourceActivityItemId: '0', Condition: 'D' }] })] } }),
        wire({ ActivityTypeId: 'empty', ParentActivityId: '01_0_1', ParentRelationshipType: 'YesBranch', ActivityId: '01_0_1_2', Properties: { Items: [] }, EntityTarget: undefined }),
        wire({ ActivityTypeId: 'empty', ParentActivityId: '01_0_1', ParentBranchId: 1, ParentRelationshipType: 'NoBranch', ActivityId: '01_0_1_3', Properties: { Items: [] }, EntityTarget: undefined }),
      ],
      undefined,
      { name: 'Keys', target: 'contact' },
    );
    const code = generateCode(tree);
    expect(code).toContain("key: 'registrationPage'");
    expect(code).toContain("key: 'registrationPage2'");
    expect(code).toContain("{ source: 'registrationPage2', condition: 'A' }");
    expect(code).toContain("{ source: 'registrationPage', condition: 'B' }");
    expect(code.indexOf("key: 'registrationPage'")).toBeLessThan(code.indexOf("key: 'registrationPage2'"));
    expect(code).toContain("{ sourceItemId: '77', condition: 'C' }");
    expect(code).toContain("{ sourceItemId: '0', condition: 'D' }");
    // Both placeholders are what the builder adds by itself.
    expect(code).not.toContain('empty');
    expect(code).not.toContain("id: '01");
  });

  it('continues long chains and deep branches in fragments declared before the journey', () => {
    const code = files.get('long chain')!.code;
    expect(code).toMatch(/const generatedPart1 = \(b: JourneyBuilder\): JourneyEnd => b\n/);
    expect(code).toContain('.$call(generatedPart1)\n  .build();');
    expect(code.indexOf('const generatedPart1')).toBeLessThan(code.indexOf('export const generated'));
    const deep = files.get('deeply nested branches')!.code;
    expect(deep).toMatch(/yes: generatedPart\d+,/);
    expect(deep).toContain('(b: ChainBuilder): BranchResult => b');
    for (const line of deep.split('\n')) expect(line.length - line.trimStart().length).toBeLessThanOrEqual(64);
  });

  it('writes odd structure with explicit places, raw names and an exact designer state', () => {
    const code = files.get('odd structure')!.code;
    expect(code).toContain(".custom('Trigger', 'Trigger', {");
    expect(code).toContain(".createLead('CreateLead', { relation: 'YesBranch' })");
    expect(code).toContain(".createLead('CreateLead', { id: '01_0_1_3', relation: 'NoBranch', branch: 2 })");
    expect(code).toContain("{ header: false, id: '01_0_1_4', target: null, branch: 5 }");
    expect(code).toContain(".custom('CreateLead', '', { rawName: '', target: 'account' })");
    expect(code).toContain(".custom('Segment', '', { rawName: '   ', fields: { mergeMethod: 'Union' } })");
    expect(code).toContain("designerState: { nextActivityId: 2, nextItemId: 5, extra: { Zoom: 1 }, exact: true }");
    expect(code).toContain("id: 'custom-id'");
    expect(code).not.toContain('Object.freeze');
    expect(code).not.toContain('<string>');
  });

  it('writes pulled journeys with typed tiles, root options and no patches', () => {
    const fixture = (name: string): string => files.get(`fixture ${name}.json`)!.code;
    for (const name of ['blog', 'bo', 'messy', 'wd']) {
      expect(fixture(name)).not.toContain('Object.freeze');
      expect(fixture(name)).not.toContain('JourneyTree');
    }
    const customs = (code: string): number => code.split('.custom(').length - 1;
    expect(customs(fixture('bo'))).toBe(0);
    expect(customs(fixture('wd'))).toBe(0);
    expect(fixture('bo')).toContain("root: { nameIsSystemDefined: true },\n  designerState: { nextActivityId: 8, nextItemId: 42 },");
    expect(fixture('bo')).toContain(".segment('Segment group', {");
    // blog: every tile typed but an event without a record and an empty placeholder with its own id.
    const blog = fixture('blog');
    expect(customs(blog)).toBe(2);
    expect(blog).toContain("root: {\n    nested: [\n      {\n        type: 'bpf_root',");
    expect(blog).toContain("containment: 'Inclusion',");
    expect(blog).toContain("omit: ['nameIsSystemDefined', 'description'],");
    expect(blog).toContain(".trigger(\n    'Registered?',");
    expect(blog).toContain("conditions: [{ source: 'registrationPage', condition: 'UserRegistered' }],");
    expect(blog).toContain(".wait('Wait', {");
    expect(blog).toContain("no: (b) => b.custom('empty', 'empty', { header: false, id: '01_2_4_7_9', target: null }),");
    // messy: the split under a raw trigger keeps its place; the root's parts are options.
    const messy = fixture('messy');
    expect(customs(messy)).toBe(5);
    expect(messy).toContain("activityExtra: {\n      new_DesignerBuild: '9.0.1234',\n      ['__proto__']: { kept: true },");
    expect(messy).toContain(".split(\n            'Split',");
    expect(messy).toContain("relation: 'NoBranch',");
    expect(messy).toContain("omit: ['recordId', 'name', 'nameIsSystemDefined', 'description', 'title'],");
  });

  it('writes the record id of a pulled journey first among the options, so the code keeps its record', () => {
    const pulled = journey('Pulled', { recordId: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc', description: 'From the org' }).build();
    const code = generateCode(pulled);
    expect(code).toContain("journey('Pulled', {\n  recordId: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc',\n  description: 'From the org',\n})");
  });

  it('patches only a root that root options cannot describe', () => {
    const code = files.get('odd root')!.code;
    expect(code).toContain("root: Object.freeze<JourneyTree['root']>({");
    expect(code).toContain("id: 'R'");
    expect(code).not.toContain('designerState: Object.freeze');
  });

  it('names the export after the journey unless told, and avoids clashing with the import', () => {
    expect(generateCode(journey('Welcome back!').build())).toContain('export const welcomeBack = journey(');
    expect(generateCode(journey('2026 VIP offers').build())).toContain('export const journey2026VIPOffers = ');
    expect(generateCode(journey('New').build())).toContain('export const newJourney = ');
    const same = generateCode(journey('Journey').build());
    expect(same).toContain("import { journey as createJourney } from '@customer-journey/dsl';");
    expect(same).toContain("export const journey = createJourney('Journey')");
    expect(generateCode(journey('***').build())).toContain('export const journey = createJourney(');
    expect(generateCode(journey('Welcome').build(), { exportName: 'welcome2', importFrom: '../dsl.js' })).toContain(
      "import { journey } from '../dsl.js';\n",
    );
    expect(() => generateCode(journey('Welcome').build(), { exportName: 'not valid' })).toThrow(RangeError);
    expect(() => generateCode(journey('Welcome').build(), { exportName: 'JourneyTree' })).toThrow(/imported type/);
  });
});
