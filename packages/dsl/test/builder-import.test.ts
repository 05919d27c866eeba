/**
 * The builder's options for re-creating pulled journeys: the root's parts, an exact designer
 * state, omitted base fields, explicit places, raw names, and `__proto__` keys kept as keys.
 */
import { describe, expect, it } from 'vitest';
import { JourneyBuildError, journey, validateJourney } from '@customer-journey/dsl';
import type { Activity, Item, JourneyTree, JsonObject } from '@customer-journey/dsl';

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const EMAIL2 = '184e5a1a-464a-e911-a873-000d3a1fe345';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const ROOT_NAME = 'New ActivityTypeName_bpf_root_TitleText';
const ROOT_HEADER = { type: 'bpf_root', itemId: 0, recordId: null, name: ROOT_NAME, title: 'Undefined' };
const timeout = { value: 1, unit: 'Day' } as const;

const base = (type: string, itemId: number, name: string, recordId: string | null = null) => ({
  type,
  itemId,
  recordId,
  name,
  nameIsSystemDefined: false,
  description: '',
  title: 'Undefined',
});
const tile = (
  type: string,
  id: string,
  header: object | undefined,
  children: Activity[] = [],
  more: { relation?: 'Default' | 'YesBranch' | 'NoBranch'; branch?: number; nested?: object[]; target?: 'contact' | null } = {},
): Activity =>
  ({
    type,
    id,
    relation: more.relation ?? 'Default',
    branch: more.branch ?? 0,
    ...(more.target === null ? {} : { target: more.target ?? 'contact' }),
    ...(header === undefined ? {} : { header: header as Item }),
    nested: (more.nested ?? []) as Item[],
    children,
  }) as Activity;
const tree = (name: string, root: object, designerState: object, settings: object = {}): JourneyTree =>
  ({ settings: { name, target: 'contact', ...settings }, root, designerState }) as JourneyTree;
const rootOf = (children: Activity[], header: object = ROOT_HEADER, more: object = {}) => ({
  type: 'bpf_root',
  id: '01',
  relation: 'Default',
  branch: 0,
  header,
  nested: [],
  children,
  ...more,
});

const errorOf = (fn: () => unknown): JourneyBuildError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof JourneyBuildError) return error;
    throw error;
  }
  throw new Error('expected a JourneyBuildError');
};

describe('root options', () => {
  it('writes the root header fields, extra properties and further items', () => {
    const built = journey('Pulled', {
      root: {
        itemId: 5,
        nameIsSystemDefined: true,
        description: 'root',
        title: 'Root title',
        extra: { new_Canvas: { zoom: 1.25 } },
        nested: [{ type: 'bpf_root', recordId: null, name: 'Second' }, { type: 'bpf_root', itemId: 1, key: 'second' }],
        activityExtra: { new_DesignerBuild: '9.0' },
        propertiesExtra: { new_Version: '2.1' },
      },
    })
      .createLead('Lead', { itemId: 2 })
      .build();
    expect(built).toStrictEqual(
      tree(
        'Pulled',
        rootOf(
          [tile('CreateLead', '01_0', base('CreateLead', 2, 'Lead'))],
          {
            type: 'bpf_root',
            itemId: 5,
            recordId: null,
            name: ROOT_NAME,
            nameIsSystemDefined: true,
            description: 'root',
            title: 'Root title',
            extra: { new_Canvas: { zoom: 1.25 } },
          },
          {
            // Automatic item ids skip the explicit ones (1, 2, 5), the root's items coming first.
            nested: [
              { type: 'bpf_root', itemId: 3, recordId: null, name: 'Second' },
              { type: 'bpf_root', itemId: 1, key: 'second' },
            ],
            extra: { new_DesignerBuild: '9.0' },
            propertiesExtra: { new_Version: '2.1' },
          },
        ),
        { nextActivityId: 1, nextItemId: 6 },
      ),
    );
    expect(Object.isFrozen(built.root.nested[0])).toBe(true);
    expect(Object.isFrozen(built.root.extra)).toBe(true);
  });

  it('leaves out omitted header fields, gives a raw name, and lets triggers refer to root items', () => {
    const built = journey('Bare root', {
      root: { omit: ['recordId', 'title'], name: '', recordId: 'ignored', nested: [{ type: 'x_Item', key: 'rootItem' }] },
    })
      .email('Mail', { emailId: EMAIL })
      .trigger('Seen?', { conditions: [{ source: 'rootItem', condition: 'Seen' }], timeout })
      .build();
    expect(built).toStrictEqual(
      tree(
        'Bare root',
        rootOf(
          [
            tile('Email', '01_0', base('Email', 2, 'Mail', EMAIL), [
              tile(
                'Trigger',
                '01_0_1',
                { ...base('Trigger', 3, 'Seen?'), timeoutValue: 1, timeoutUnit: 'Day', ruleLogic: 'AND', conditions: [{ sourceItemId: '1', condition: 'Seen' }] },
                [
                  tile('empty', '01_0_1_2', undefined, [], { relation: 'YesBranch', target: null }),
                  tile('empty', '01_0_1_3', undefined, [], { relation: 'NoBranch', branch: 1, target: null }),
                ],
              ),
            ]),
          ],
          { type: 'bpf_root', itemId: 0, name: '' },
          { nested: [{ type: 'x_Item', itemId: 1, key: 'rootItem' }] },
        ),
        { nextActivityId: 4, nextItemId: 4 },
      ),
    );
  });

  it('is the default root without options, and does not become a journey setting', () => {
    const built = journey('Plain', { root: {} }).build();
    expect(built).toStrictEqual(journey('Plain').build());
    expect(built.settings).toStrictEqual({ name: 'Plain', target: 'contact' });
  });

  it('reports bad root ids with the journey name', () => {
    const invalid = errorOf(() => journey('J', { root: { itemId: -1 } }).build());
    expect(invalid.code).toBe('invalid-id');
    expect(invalid.message).toBe('Journey "J": root itemId -1 is not valid; an item id is a whole number, 0 or more');
    const duplicate = errorOf(() => journey('J', { root: { nested: [{ type: 'bpf_root', itemId: 1 }] } }).createLead('L', { itemId: 1 }).build());
    expect(duplicate.code).toBe('duplicate-id');
    expect(duplicate.message).toContain('itemId 1 is already used by the root');
    const key = errorOf(() => journey('J', { root: { nested: [{ type: 'bpf_root', key: 'k' }] } }).createLead('L', { key: 'k' }).build());
    expect(key.code).toBe('duplicate-key');
  });
});

describe('designerState exact', () => {
  const lagging = (exact: boolean): JourneyTree =>
    journey('Lagging', { designerState: { nextActivityId: 0, nextItemId: 1, extra: { Zoom: 2 }, ...(exact ? { exact: true } : {}) } })
      .createLead('A')
      .createLead('B')
      .build();

  it('keeps a lagging designer state as given, which the local check reports', () => {
    const built = lagging(true);
    expect(built).toStrictEqual(
      tree(
        'Lagging',
        rootOf([tile('CreateLead', '01_0', base('CreateLead', 1, 'A'), [tile('CreateLead', '01_0_1', base('CreateLead', 2, 'B'))])]),
        { nextActivityId: 0, nextItemId: 1, extra: { Zoom: 2 } },
      ),
    );
    const faults = validateJourney(built).ActivityValidationResults.map((r) => r.Fault);
    expect(faults).toContain('ErrorDesignerStateActivityCounterBehind');
    expect(faults).toContain('ErrorDesignerStateItemCounterBehind');
  });

  it('raises a lagging state without exact', () => {
    expect(lagging(false).designerState).toStrictEqual({ nextActivityId: 2, nextItemId: 3, extra: { Zoom: 2 } });
  });

  it('refuses an exact other than true', () => {
    const error = errorOf(() => journey('J', { designerState: { nextActivityId: 1, nextItemId: 1, exact: false as unknown as true } }).build());
    expect(error.code).toBe('invalid-option');
    expect(error.message).toBe('Journey "J": designerState exact false is not valid; give true or leave it out');
  });
});

describe('omit on tiles and nested items', () => {
  it('leaves out the base fields a pulled tile lacked, and skips the name check for an omitted name', () => {
    const built = journey('Designer tiles')
      .segment('Group', {
        include: [{ id: SEGMENT, name: 'Unique', omit: ['nameIsSystemDefined', 'description'] }],
        omit: ['description', 'title'],
        containment: 'Inclusion',
      })
      .email('Mail', { emailId: EMAIL, omit: ['nameIsSystemDefined'], nested: [{ type: 'LandingPage', id: PAGE, name: 'Page', omit: ['description', 'title'] }] })
      .createLead('', { omit: ['name', 'recordId'] })
      .build();
    expect(built).toStrictEqual(
      tree(
        'Designer tiles',
        rootOf([
          tile(
            'Segment',
            '01_0',
            { type: 'Segment', itemId: 1, recordId: null, name: 'Group', nameIsSystemDefined: false, mergeMethod: 'Union', containment: 'Inclusion' },
            [
              tile(
                'Email',
                '01_0_1',
                { type: 'Email', itemId: 3, recordId: EMAIL, name: 'Mail', description: '', title: 'Undefined' },
                [tile('CreateLead', '01_0_1_2', { type: 'CreateLead', itemId: 5, nameIsSystemDefined: false, description: '', title: 'Undefined' })],
                { nested: [{ type: 'LandingPage', itemId: 4, recordId: PAGE, name: 'Page', nameIsSystemDefined: false }] },
              ),
            ],
            {
              nested: [
                { type: 'SegmentItem', itemId: 2, recordId: SEGMENT, name: 'Unique', title: 'Undefined', containment: 'Inclusion', sourceType: 'Segment', segmentName: 'Unique' },
              ],
            },
          ),
        ]),
        { nextActivityId: 3, nextItemId: 6 },
      ),
    );
  });
});

describe('explicit places', () => {
  it('places the first tiles of parallel branches as given', () => {
    const built = journey('Places')
      .email('Start', { emailId: EMAIL })
      .parallel(
        (p) => p.createLead('Yes lead', { relation: 'YesBranch' }).createLead('After'),
        (p) => p.email('No mail', { emailId: EMAIL2, relation: 'NoBranch', branch: 3 }),
      )
      .build();
    expect(built).toStrictEqual(
      tree(
        'Places',
        rootOf([
          tile('Email', '01_0', base('Email', 1, 'Start', EMAIL), [
            tile('CreateLead', '01_0_1', base('CreateLead', 2, 'Yes lead'), [tile('CreateLead', '01_0_1_2', base('CreateLead', 3, 'After'))], { relation: 'YesBranch' }),
            tile('Email', '01_0_3', base('Email', 4, 'No mail', EMAIL2), [], { relation: 'NoBranch', branch: 3 }),
          ]),
        ]),
        { nextActivityId: 4, nextItemId: 5 },
      ),
    );
  });

  it('keeps explicit branch numbers of split branches and trigger branches', () => {
    const built = journey('Branches')
      .split('S', [
        { name: 'A', branch: 2 },
        { name: 'B', branch: 5, then: (b) => b.trigger('T', { conditions: [], timeout }, { yes: (y) => y.createLead('Y', { branch: 4 }) }) },
      ])
      .build();
    expect(built).toStrictEqual(
      tree(
        'Branches',
        rootOf([
          tile('Splitter', '01_0', base('Splitter', 1, 'S'), [
            tile('SplitterBranch', '01_0_1', base('SplitterBranch', 2, 'A'), [], { branch: 2 }),
            tile(
              'SplitterBranch',
              '01_0_2',
              base('SplitterBranch', 3, 'B'),
              [
                tile('Trigger', '01_0_2_3', { ...base('Trigger', 4, 'T'), timeoutValue: 1, timeoutUnit: 'Day', ruleLogic: 'AND', conditions: [] }, [
                  tile('CreateLead', '01_0_2_3_4', base('CreateLead', 5, 'Y'), [], { relation: 'YesBranch', branch: 4 }),
                  tile('empty', '01_0_2_3_5', undefined, [], { relation: 'NoBranch', branch: 1, target: null }),
                ]),
              ],
              { branch: 5 },
            ),
          ]),
        ]),
        { nextActivityId: 6, nextItemId: 6 },
      ),
    );
  });

  it('refuses an unknown relation and a branch that is not a whole number', () => {
    const relation = errorOf(() => journey('J').createLead('L', { relation: 'Sideways' as 'Default' }).build());
    expect(relation.code).toBe('invalid-option');
    expect(relation.message).toBe('CreateLead "L" (L): relation "Sideways" is not valid; use one of Default, YesBranch, NoBranch');
    const branch = errorOf(() => journey('J').split('S', [{ name: 'A', branch: 1.5 }, { name: 'B' }]).build());
    expect(branch.message).toBe('SplitterBranch "A" (S › A): branch 1.5 is not valid; give a whole number, 0 or more');
  });
});

describe('raw names', () => {
  it('writes names the builder would refuse when given as rawName', () => {
    const long = 'x'.repeat(150);
    const built = journey('Raw names')
      .createLead('', { rawName: '' })
      .email('', { emailId: EMAIL, rawName: long })
      .custom('contoso_Sms', '', { rawName: '   ' })
      .build();
    expect(built).toStrictEqual(
      tree(
        'Raw names',
        rootOf([
          tile('CreateLead', '01_0', base('CreateLead', 1, ''), [
            tile('Email', '01_0_1', base('Email', 2, long, EMAIL), [tile('contoso_Sms', '01_0_1_2', base('contoso_Sms', 3, '   '))]),
          ]),
        ]),
        { nextActivityId: 3, nextItemId: 4 },
      ),
    );
  });

  it('needs the name argument to be empty when rawName is given, and still checks plain names', () => {
    const both = errorOf(() => journey('J').createLead('Named', { rawName: 'Other' }).build());
    expect(both.code).toBe('invalid-option');
    expect(both.message).toBe('CreateLead "Other" (Other): has both a name ("Named") and rawName; give the name as \'\' when rawName is used');
    expect(errorOf(() => journey('J').createLead('').build()).code).toBe('empty-name');
    const wait = journey('J').wait({ duration: timeout, rawName: '' }).build().root.children[0];
    expect(wait?.header?.name).toBe('');
  });
});

describe('__proto__ keys', () => {
  it('keeps a __proto__ key as an own property everywhere raw JSON is copied', () => {
    const extra = JSON.parse('{"__proto__":{"a":1},"b":2}') as JsonObject;
    const fields = JSON.parse('{"__proto__":{"deep":{"__proto__":2}}}') as JsonObject;
    const built = journey('Proto', { root: { activityExtra: extra } })
      .createLead('L', { extra })
      .custom('x_Tile', 'T', { nested: [{ type: 'x_Item', fields }] })
      .build();
    const lead = built.root.children[0] as Activity;
    const custom = lead.children[0] as Activity;
    for (const copy of [built.root.extra, lead.header?.extra, custom.nested[0]]) {
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
    }
    expect(Object.keys(lead.header?.extra ?? {})).toEqual(['__proto__', 'b']);
    expect(JSON.stringify(lead.header?.extra)).toBe('{"__proto__":{"a":1},"b":2}');
    expect(JSON.stringify((custom.nested[0] as unknown as Record<string, unknown>)['__proto__'])).toBe('{"deep":{"__proto__":2}}');
    expect(built.root.extra).not.toBe(extra);
    expect(Object.isFrozen(lead.header?.extra)).toBe(true);
  });
});
