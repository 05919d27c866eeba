/**
 * What the codec refuses at its edges, each with a JourneyFormatError that names the JSON path
 * and says what is valid: values nested too deep, designer states that are not their JSON text or
 * hold impossible counters, dates that name no moment, and item ids beyond 2^53 - 1. And what it
 * must still take: deep journeys (long chains of tiles), values at the nesting limit.
 */
import { describe, expect, it } from 'vitest';
import {
  asWritten,
  canonicalSettings,
  checkJourney,
  fromEntity,
  JourneyFormatError,
  MAX_NESTING_DEPTH,
  parseDesignerState,
  parseWorkflowDefinition,
  sameJourney,
  serializeDesignerState,
  serializeWorkflowDefinition,
  toCanonicalJson,
  toEntity,
  toValidateRequest,
  toWireDefinition,
  toWireDesignerState,
  toWireItem,
} from '@customer-journey/client';
import { journey, type JourneyTree, type JsonObject } from '@customer-journey/dsl';
import { fixture } from './codec-arbitraries.js';

function formatError(run: () => unknown): JourneyFormatError {
  try {
    run();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(JourneyFormatError);
    return error as JourneyFormatError;
  }
  throw new Error('expected a JourneyFormatError');
}

/** `n` arrays nested in one another, as JSON text. */
const nestedText = (n: number): string => '['.repeat(n) + ']'.repeat(n);
/** `n` arrays nested in one another. */
function nestedValue(n: number): unknown[] {
  let v: unknown[] = [];
  for (let k = 1; k < n; k++) v = [v];
  return v;
}

const ROOT_ITEM = '{"ActivityTypeId":"bpf_root","ItemId":null,"ActivityItemId":0';
/** A definition with only the root, whose header carries `itemTail` (a `,"Key":value` text). */
const rootOnly = (itemTail = '', activityTail = '', propertiesTail = ''): string =>
  `[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01"${activityTail},"Properties":{"Items":[${ROOT_ITEM}${itemTail}}]${propertiesTail}}}]`;

describe('values nested too deep', () => {
  it('exports the limit', () => {
    expect(MAX_NESTING_DEPTH).toBe(512);
  });

  it('takes an unknown item value right at the limit and refuses one a level deeper, with its path', () => {
    // An item's values start under 5 containers (the array, the activity, Properties, Items, the item).
    const atLimit = rootOnly(`,"Custom":${nestedText(MAX_NESTING_DEPTH - 5)}`);
    const tree = parseWorkflowDefinition(atLimit);
    expect(serializeWorkflowDefinition(tree)).toBe(JSON.stringify(JSON.parse(atLimit)));
    expect(() => toEntity(tree)).not.toThrow();
    expect(() => toCanonicalJson(tree)).not.toThrow();

    const error = formatError(() => parseWorkflowDefinition(rootOnly(`,"Custom":${nestedText(MAX_NESTING_DEPTH - 4)}`)));
    expect(error.path).toBe(`$[0].Properties.Items[0].Custom${'[0]'.repeat(MAX_NESTING_DEPTH - 5)}`);
    expect(error.reason).toMatch(/nests arrays and objects more than 512 levels deep/);
    expect(error.message).toContain('expected at most 512 levels of nesting (MAX_NESTING_DEPTH)');
  });

  it('refuses deep values under activity, Properties and condition keys, and in the designer state', () => {
    const deep = nestedText(5_000);
    expect(formatError(() => parseWorkflowDefinition(rootOnly('', `,"Layout":${deep}`))).path).toMatch(/^\$\[0\]\.Layout\[0\]\[0\]/);
    expect(formatError(() => parseWorkflowDefinition(rootOnly('', '', `,"Zoom":{"a b":${deep}}`))).path).toMatch(/^\$\[0\]\.Properties\.Zoom\["a b"\]\[0\]/);
    const trigger = `,{"ActivityTypeId":"Trigger","ParentActivityId":"01","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01_1","EntityTarget":"contact","Properties":{"Items":[{"ActivityTypeId":"Trigger","ActivityItemId":1,"ConditionExpressions":[{"SourceActivityItemId":"0","Condition":"UserRegistered","Link":${deep}}]}]}}]`;
    const withTrigger = rootOnly().slice(0, -1) + trigger;
    expect(formatError(() => parseWorkflowDefinition(withTrigger)).path).toMatch(/^\$\[1\]\.Properties\.Items\[0\]\.ConditionExpressions\[0\]\.Link\[0\]/);
    const state = formatError(() => parseWorkflowDefinition(rootOnly(), `{"NextActivityID":1,"NextActivityItemID":1,"Canvas":${deep}}`));
    expect(state.path).toMatch(/^\$\.Canvas\[0\]/);
    expect(state.reason).toMatch(/^the designer state nests/);
  });

  it('refuses deep, self-containing and non-JSON values in a parsed array; shared values are walked in linear time', () => {
    const data = JSON.parse(rootOnly()) as { Properties: { Items: Record<string, unknown>[] } }[];
    const item = data[0]!.Properties.Items[0]!;
    item['Deep'] = nestedValue(600);
    expect(formatError(() => parseWorkflowDefinition(data)).path).toMatch(/^\$\[0\]\.Properties\.Items\[0\]\.Deep(\[0\])+$/);

    const loop: Record<string, unknown> = { name: 'loop' };
    loop['self'] = loop;
    item['Deep'] = loop;
    expect(formatError(() => parseWorkflowDefinition(data)).reason).toMatch(/or a value contains itself/);

    item['Deep'] = { big: 10n };
    expect(formatError(() => parseWorkflowDefinition(data))).toMatchObject({ path: '$[0].Properties.Items[0].Deep.big', reason: expect.stringMatching(/holds a bigint/) });

    // 2^80 paths through 80 levels of shared pairs: walked once per node, not once per path.
    let shared: unknown = [];
    for (let k = 0; k < 80; k++) shared = [shared, shared];
    item['Deep'] = shared;
    const tree = parseWorkflowDefinition(data);
    expect(tree.root.header?.extra?.['Deep']).toBe(shared);
  });

  it('refuses to write a tree holding a value too deep to parse again, naming where it would be written', () => {
    const tree = journey('Deep custom', { target: 'contact' })
      .email('Hello', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
      .custom('new_Channel', 'Custom', { extra: { Payload: nestedValue(5_000) as unknown as JsonObject[string] } })
      .build();
    for (const write of [
      () => serializeWorkflowDefinition(tree),
      () => toEntity(tree),
      () => toCanonicalJson(tree),
      () => sameJourney(tree, { ...tree }),
      () => toValidateRequest(tree),
      () => checkJourney(tree),
    ]) {
      const error = formatError(write);
      expect(error.path).toMatch(/^\$\[2\]\.Properties\.Items\[0\]\.Payload(\[0\])+$/);
    }
  });

  it('a hand-made tree with a value that contains itself or a bigint gives JourneyFormatError, not TypeError', () => {
    const base = journey('Hand made', { target: 'contact' }).email('Hello', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }).build();
    const loop: Record<string, unknown> = {};
    loop['again'] = loop;
    const looped = { ...base, root: { ...base.root, extra: { Loop: loop } } } as unknown as JourneyTree;
    expect(formatError(() => serializeWorkflowDefinition(looped)).path).toMatch(/^\$\[0\]\.Loop(\.again)+$/);
    expect(formatError(() => toCanonicalJson(looped)).reason).toMatch(/contains itself/);
    const big = { ...base, designerState: { ...base.designerState, extra: { Zoom: 2n } } } as unknown as JourneyTree;
    expect(formatError(() => serializeDesignerState(big))).toMatchObject({ path: '$.Zoom', reason: expect.stringMatching(/bigint/) });
    expect(formatError(() => toEntity(big)).path).toBe('$.Zoom');
  });

  it('a chain of 5,000 tiles built by the builder serializes, canonicalizes and parses back the same', () => {
    let chain = journey('Long chain', { target: 'contact' }).segment('All', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] });
    for (let n = 0; n < 5_000; n++) chain = chain.email(`Email ${n}`, { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' });
    const tree = chain.build();
    const definition = serializeWorkflowDefinition(tree);
    const parsed = parseWorkflowDefinition(definition, serializeDesignerState(tree), tree.settings);
    expect(serializeWorkflowDefinition(parsed)).toBe(definition);
    expect(toCanonicalJson(parsed)).toBe(toCanonicalJson(tree));
    expect(toEntity(parsed).msdyncrm_workflowdefinition).toBe(definition);
  });
});

describe('designer state', () => {
  const definition = fixture('bo.json');

  it('takes only the JSON text: an object, a number or an array is refused with what is valid', () => {
    for (const state of [{ NextActivityID: 8, NextActivityItemID: 42 }, { nextActivityId: 8, nextItemId: 42 }, 5, [1, 2], true]) {
      const error = formatError(() => parseWorkflowDefinition(definition, state as unknown as string));
      expect(error.path).toBe('$');
      expect(error.reason).toMatch(/^the designer state is .*, not its JSON text$/);
      expect(error.expected).toContain('{"NextActivityID":8,"NextActivityItemID":42}');
      expect(formatError(() => parseDesignerState(state as unknown as string)).reason).toBe(error.reason);
    }
  });

  it('refuses text of anything but an object', () => {
    for (const text of ['5', '[1,2]', '"{}"', 'null']) {
      const error = formatError(() => parseWorkflowDefinition(definition, text));
      expect(error.path).toBe('$');
      expect(error.reason).toMatch(/^the designer state is /);
    }
  });

  it('refuses counters that are negative, fractional, unsafe or not numbers, naming the counter', () => {
    const cases: [string, string, RegExp][] = [
      ['{"NextActivityID":-1,"NextActivityItemID":42}', '$.NextActivityID', /the number -1/],
      ['{"NextActivityID":8,"NextActivityItemID":4.5}', '$.NextActivityItemID', /the number 4\.5/],
      ['{"NextActivityID":9007199254740993,"NextActivityItemID":42}', '$.NextActivityID', /above 9007199254740991/],
      ['{"NextActivityID":"8","NextActivityItemID":42}', '$.NextActivityID', /the string "8"/],
      ['{"NextActivityItemID":42}', '$.NextActivityID', /is missing/],
    ];
    for (const [text, path, reason] of cases) {
      const error = formatError(() => parseWorkflowDefinition(definition, text));
      expect(error.path, text).toBe(path);
      expect(error.reason, text).toMatch(reason);
      expect(error.expected).toMatch(/non-negative integer of at most 9007199254740991/);
    }
    expect(parseDesignerState(`{"NextActivityID":${Number.MAX_SAFE_INTEGER},"NextActivityItemID":0}`)).toEqual({
      nextActivityId: Number.MAX_SAFE_INTEGER,
      nextItemId: 0,
    });
  });

  it('what it takes is written back as it was read', () => {
    const tree = parseWorkflowDefinition(definition, '{"NextActivityID":8,"NextActivityItemID":42,"Zoom":1}');
    expect(toEntity(tree).msdyncrm_customerjourneydesignerstate).toBe('{"NextActivityID":8,"NextActivityItemID":42,"Zoom":1}');
  });
});

describe('dates read from a record', () => {
  const record = (start: unknown): Record<string, unknown> => ({
    msdyncrm_customerjourneyid: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc',
    msdyncrm_name: 'Dated',
    msdyncrm_entitytarget: 0,
    msdyncrm_startdatetime: start,
  });

  it('refuses strings that name no moment, with the column path and the valid form', () => {
    for (const bad of ['not a date', '2026-13-45T99:99:99Z', '2026-02-30T09:00:00Z', '2026-02-29T09:00:00Z', '2026-02-01T24:00:00Z', '2026-02-01T09:60:00Z', '2026-02-01T09:00:00+24:00', 'Feb 1 2026', '']) {
      const error = formatError(() => fromEntity(record(bad)));
      expect(error.path, bad).toBe('$.msdyncrm_startdatetime');
      expect(error.reason, bad).toMatch(/is not a date-time$/);
      expect(error.expected).toMatch(/ISO 8601 date-time such as 2026-02-01T09:00:00Z/);
    }
    expect(formatError(() => fromEntity({ ...record(undefined), msdyncrm_enddatetime: '2026-04-31T00:00:00Z' })).path).toBe('$.msdyncrm_enddatetime');
  });

  it('toEntity refuses a setting that Date.parse would roll over, naming the setting', () => {
    const tree = fromEntity(record('2026-02-01T09:00:00Z'));
    const rolled = { ...tree, settings: { ...tree.settings, end: '2026-02-30T09:00:00Z' } };
    const error = formatError(() => toEntity(rolled));
    expect(error.path).toBe('$.settings.end');
    expect(error.reason).toBe('the string "2026-02-30T09:00:00Z" is not a date-time');
  });

  it('reads real moments as written, and toEntity takes every one of them', () => {
    for (const good of ['2026-02-01T09:00:00Z', '2028-02-29T23:59:59.123Z', '2026-02-01T10:00+01:00', '2026-02-01', '2000-02-29T00:00:00-05:30']) {
      const tree = fromEntity(record(good));
      expect(tree.settings.start).toBe(good);
      expect(() => toEntity(tree)).not.toThrow();
    }
    expect(fromEntity(record(new Date('2026-02-01T09:00:00Z'))).settings.start).toBe('2026-02-01T09:00:00Z');
  });
});

describe('item ids', () => {
  it('refuses an ActivityItemId above 2^53 - 1 instead of rounding it, naming the path', () => {
    const error = formatError(() => parseWorkflowDefinition(rootOnly().replace('"ActivityItemId":0', '"ActivityItemId":9007199254740993')));
    expect(error.path).toBe('$[0].Properties.Items[0].ActivityItemId');
    expect(error.reason).toMatch(/above 9007199254740991 \(2\^53 - 1\)/);
    expect(error.expected).toMatch(/at most 9007199254740991/);
  });

  it('takes the largest safe id and writes it back exactly', () => {
    const text = rootOnly().replace('"ActivityItemId":0', `"ActivityItemId":${Number.MAX_SAFE_INTEGER}`);
    expect(serializeWorkflowDefinition(parseWorkflowDefinition(text))).toBe(text);
  });

  it('refuses a ParentBranchId above 2^53 - 1', () => {
    const error = formatError(() => parseWorkflowDefinition(rootOnly().replace('"ParentBranchId":0', '"ParentBranchId":1e300')));
    expect(error.path).toBe('$[0].ParentBranchId');
  });
});

describe('writers given something that is not a journey', () => {
  const tree = journey('Shape', { target: 'contact' }).email('Hello', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }).build();
  const inputs: [string, unknown, RegExp][] = [
    ['nothing', undefined, /^the value given is nothing$/],
    ['null', null, /^the value given is null$/],
    ['a number', 5, /^the value given is a number$/],
    ['a string', '[]', /^the value given is a string$/],
    ['a tree without settings', { root: tree.root, designerState: tree.designerState }, /^its settings is missing$|^its settings is/],
    ['a tree whose root has no children', { ...tree, root: { ...tree.root, children: null } }, /./],
    ['a tree without a designer state', { ...tree, designerState: null }, /./],
  ];
  const writers: [string, (x: never) => unknown][] = [
    ['serializeWorkflowDefinition', serializeWorkflowDefinition],
    ['toWireDefinition', toWireDefinition],
    ['serializeDesignerState', serializeDesignerState],
    ['toEntity', (x) => toEntity(x)],
    ['toCanonicalJson', toCanonicalJson],
    ['sameJourney', (x) => sameJourney(x, tree)],
    ['asWritten', (x) => asWritten(tree, x)],
    ['toValidateRequest', (x) => toValidateRequest(x)],
    ['checkJourney', checkJourney],
  ];

  it.each(writers)('%s gives JourneyFormatError at $, never a bare TypeError', (_name, write) => {
    for (const [label, input, reason] of inputs) {
      let thrown: unknown;
      try {
        write(input as never);
      } catch (error) {
        thrown = error;
      }
      if (thrown === undefined) continue; // some writers need less than a whole tree
      expect(thrown, label).toBeInstanceOf(JourneyFormatError);
      expect((thrown as JourneyFormatError).path).toBe('$');
      expect((thrown as JourneyFormatError).expected, label).toMatch(/as journey\(\), parseWorkflowDefinition or fromEntity make it$/);
      if (label !== 'a tree whose root has no children' && label !== 'a tree without a designer state') expect((thrown as JourneyFormatError).reason, label).toMatch(reason);
    }
  });

  it('a designer state whose counters would not read back is refused when written', () => {
    for (const nextItemId of [-1, 1.5, 2 ** 53, Number.NaN]) {
      const error = formatError(() => serializeDesignerState({ ...tree, designerState: { ...tree.designerState, nextItemId } }));
      expect(error.path).toBe('$.designerState.nextItemId');
      expect(error.expected).toMatch(/non-negative integer of at most 9007199254740991/);
    }
  });

  it('the small writers too: an item, a designer state, settings', () => {
    for (const [write, input] of [
      [toWireItem, null],
      [toWireDesignerState, 7],
      [canonicalSettings, undefined],
    ] as [(x: never) => unknown, unknown][]) {
      expect(formatError(() => write(input as never)).path).toMatch(/^\$/);
    }
  });
});
