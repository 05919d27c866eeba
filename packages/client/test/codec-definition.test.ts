import { describe, expect, it } from 'vitest';
import {
  parseWorkflowDefinition,
  serializeDesignerState,
  serializeWorkflowDefinition,
  toCanonicalJson,
  toWireDefinition,
} from '@customer-journey/client';
import type { Activity, Item, JourneyTree } from '@customer-journey/dsl';
import { deepChainDefinition, fixture } from './codec-arbitraries.js';

const rootHeader: Item = { type: 'bpf_root', itemId: 0, recordId: null, name: 'New ActivityTypeName_bpf_root_TitleText' };

function tree(children: Activity[], extra: Partial<JourneyTree> = {}): JourneyTree {
  return {
    settings: { name: 'T', target: 'contact' },
    root: { type: 'bpf_root', id: '01', relation: 'Default', branch: 0, header: rootHeader as Item<'bpf_root'>, nested: [], children },
    designerState: { nextActivityId: 5, nextItemId: 9 },
    ...extra,
  };
}

describe('serializeWorkflowDefinition', () => {
  it("writes the designer's key order, typed properties after the base keys, then unknown keys", () => {
    const trigger: Activity = {
      type: 'Trigger', id: '01_1', relation: 'Default', branch: 0, target: 'contact',
      header: {
        type: 'Trigger', itemId: 3, extra: { new_Z: 1 }, title: 'Undefined', description: '', ruleLogic: 'AND', timeoutUnit: 'Day', timeoutValue: 5,
        conditions: [{ condition: 'UserRegistered', sourceItemId: '2', extra: { new_Link: 'x' } }], nameIsSystemDefined: false, name: 'If', recordId: null,
      } as Item,
      nested: [], children: [], extra: { new_A: true }, propertiesExtra: { new_P: [1] }, key: 'if',
    };
    expect(serializeWorkflowDefinition(tree([trigger]))).toBe(
      '[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01","Properties":{"Items":[{"ActivityTypeId":"bpf_root","ItemId":null,"Name":"New ActivityTypeName_bpf_root_TitleText","ActivityItemId":0}]}},' +
        '{"ActivityTypeId":"Trigger","ParentActivityId":"01","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01_1","Properties":{"Items":[{"ActivityTypeId":"Trigger","ItemId":null,"Name":"If","IsNameSystemDefined":false,"ActivityItemId":3,"Description":"","Title":"Undefined","TimeoutValue":5,"TimeoutUnit":"Day","RuleLogic":"AND","ConditionExpressions":[{"SourceActivityItemId":"2","Condition":"UserRegistered","new_Link":"x"}],"new_Z":1}],"new_P":[1]},"EntityTarget":"contact","new_A":true}]',
    );
  });

  it('writes Segment, SegmentItem, Scheduler and CreateCrmActivity properties under their wire names', () => {
    const segment: Activity = {
      type: 'Segment', id: '01_0', relation: 'Default', branch: 0, target: 'account',
      header: { type: 'Segment', itemId: 1, containment: 'Inclusion', mergeMethod: 'Union' } as Item,
      nested: [{ type: 'SegmentItem', itemId: 2, displayName: 'D', segmentName: 'S', sourceType: 'Segment', containment: 'Exclusion' } as Item],
      children: [
        {
          type: 'Scheduler', id: '01_0_1', relation: 'Default', branch: 0,
          header: { type: 'Scheduler', itemId: 3, scheduledMinute: 5, scheduledHour: 4, durationValue: 3, durationUnit: 'Hour', offsetType: 'Duration', waitUntilToMinute: 59, waitUntilToHour: 23, waitUntilFromMinute: 1, waitUntilFromHour: 2, waitUntilSunday: false, waitUntilSaturday: false, waitUntilFriday: true, waitUntilThursday: true, waitUntilWednesday: true, waitUntilTuesday: true, waitUntilMonday: true } as Item,
          nested: [],
          children: [{ type: 'CreateCrmActivity', id: '01_0_1_2', relation: 'Default', branch: 0, header: { type: 'CreateCrmActivity', itemId: 4, owner: 'o', activityType: 'task', templateEntity: 't' } as Item, nested: [], children: [] }],
        },
      ],
    };
    const [, seg, wait, call] = toWireDefinition(tree([segment]));
    expect(Object.entries(seg!.Properties.Items[0]!)).toEqual([['ActivityTypeId', 'Segment'], ['ActivityItemId', 1], ['SegmentMergeMethod', 'Union'], ['ContainmentMethod', 'Inclusion']]);
    expect(Object.keys(seg!.Properties.Items[1]!)).toEqual(['ActivityTypeId', 'ActivityItemId', 'ContainmentMethod', 'SegmentSourceType', 'DciSegmentName', 'SegmentDisplayName']);
    expect(Object.keys(wait!.Properties.Items[0]!)).toEqual([
      'ActivityTypeId', 'ActivityItemId', 'WaitUntilMonday', 'WaitUntilTuesday', 'WaitUntilWednesday', 'WaitUntilThursday', 'WaitUntilFriday', 'WaitUntilSaturday', 'WaitUntilSunday',
      'WaitUntilFromHour', 'WaitUntilFromMinute', 'WaitUntilToHour', 'WaitUntilToMinute', 'OffsetType', 'ScheduledDurationUnit', 'ScheduledDurationValue', 'ScheduledHour', 'ScheduledMinute',
    ]);
    expect(call!.Properties.Items[0]).toEqual({ ActivityTypeId: 'CreateCrmActivity', ActivityItemId: 4, TemplateEntityLogicalName: 't', ActivityTypeName: 'task', Owner: 'o' });
    expect(seg!.EntityTarget).toBe('account');
    expect('EntityTarget' in wait!).toBe(false);
  });

  it('never lets unknown keys overwrite known ones', () => {
    const email: Activity = {
      type: 'Email', id: '01_0', relation: 'Default', branch: 0,
      header: { type: 'Email', itemId: 1, extra: { ActivityItemId: 99, Name: 'x', new_K: 1 } },
      nested: [], children: [], extra: { ActivityId: 'evil', ParentActivityId: 'evil', new_K: 2 }, propertiesExtra: { Items: [] },
    };
    const [, wire] = toWireDefinition(tree([email]));
    expect(wire).toEqual({ ActivityTypeId: 'Email', ParentActivityId: '01', ParentBranchId: 0, ParentRelationshipType: 'Default', ActivityId: '01_0', Properties: { Items: [{ ActivityTypeId: 'Email', ActivityItemId: 1, new_K: 1 }] }, new_K: 2 });
  });

  it('writes children in branch order and relations in PascalCase', () => {
    const mk = (id: string, branch: number, relation: string): Activity => ({ type: 'Email', id, relation: relation as Activity['relation'], branch, nested: [], children: [] });
    const trigger: Activity = { type: 'Trigger', id: '01_0', relation: 'Default', branch: 0, nested: [], children: [mk('01_0_2', 1, 'nobranch'), mk('01_0_1', 0, 'YESBRANCH')] };
    const wire = toWireDefinition(tree([trigger]));
    expect(wire.map((a) => [a.ActivityId, a.ParentRelationshipType])).toEqual([['01', 'Default'], ['01_0', 'Default'], ['01_0_1', 'YesBranch'], ['01_0_2', 'NoBranch']]);
  });

  it('writes the designer state with unknown keys after the counters', () => {
    const t = tree([], { designerState: { nextActivityId: 8, nextItemId: 42, extra: { Zoom: 2, NextActivityID: 1 } } });
    expect(serializeDesignerState(t)).toBe('{"NextActivityID":8,"NextActivityItemID":42,"Zoom":2}');
    expect(serializeDesignerState({ nextActivityId: 0, nextItemId: 1 })).toBe('{"NextActivityID":0,"NextActivityItemID":1}');
  });

  it('handles a chain 5,000 tiles deep without recursion', () => {
    let node: Activity = { type: 'Email', id: 'leaf', relation: 'Default', branch: 0, header: { type: 'Email', itemId: 5001 }, nested: [], children: [] };
    for (let n = 5000; n >= 1; n--) node = { type: 'Email', id: `t_${n}`, relation: 'Default', branch: 0, header: { type: 'Email', itemId: n }, nested: [], children: [node] };
    const t = tree([node]);
    const text = serializeWorkflowDefinition(t);
    expect(JSON.parse(text)).toHaveLength(5002);
    const again = parseWorkflowDefinition(text);
    expect(serializeWorkflowDefinition(again)).toBe(text);
    expect(toCanonicalJson(again).length).toBeGreaterThan(text.length);
  });
});

describe('parseWorkflowDefinition', () => {
  it('reads relation values in any case and writes them in PascalCase', () => {
    const list = JSON.parse(fixture('blog.json')) as Record<string, unknown>[];
    for (const a of list) a['ParentRelationshipType'] = String(a['ParentRelationshipType']).toLowerCase();
    list[0]!['ParentRelationshipType'] = 'DEFAULT';
    const out = serializeWorkflowDefinition(parseWorkflowDefinition(list));
    const relations = (JSON.parse(out) as { ParentRelationshipType: string }[]).map((a) => a.ParentRelationshipType);
    expect(new Set(relations)).toEqual(new Set(['Default', 'YesBranch', 'NoBranch']));
  });

  it('orders children by ParentBranchId, keeping array order for equal values', () => {
    const list = JSON.parse(fixture('wd.json')) as Record<string, unknown>[];
    const email = list[2]!;
    list.push({ ...email, ActivityId: 'b2', ParentActivityId: '01', ParentBranchId: 2, Properties: { Items: [] } });
    list.push({ ...email, ActivityId: 'b1a', ParentActivityId: '01', ParentBranchId: 1, Properties: { Items: [] } });
    list.push({ ...email, ActivityId: 'b1b', ParentActivityId: '01', ParentBranchId: 1, Properties: { Items: [] } });
    const t = parseWorkflowDefinition(list);
    expect(t.root.children.map((a) => a.id)).toEqual(['01_0', 'b1a', 'b1b', 'b2']);
  });

  it('computes the designer state from the ids when none is given, and keeps a given one as is', () => {
    const text = fixture('messy.json');
    expect(parseWorkflowDefinition(text).designerState).toEqual({ nextActivityId: 78, nextItemId: 121 });
    const behind = parseWorkflowDefinition(text, '{"NextActivityID":2,"NextActivityItemID":3,"Extra":{"a":1}}');
    expect(behind.designerState).toEqual({ nextActivityId: 2, nextItemId: 3, extra: { Extra: { a: 1 } } });
    expect(serializeDesignerState(behind)).toBe('{"NextActivityID":2,"NextActivityItemID":3,"Extra":{"a":1}}');
    expect(parseWorkflowDefinition(text, '{"NextActivityID":100,"NextActivityItemID":200}').designerState).toEqual({ nextActivityId: 100, nextItemId: 200 });
    expect(parseWorkflowDefinition(text, null).designerState).toEqual({ nextActivityId: 78, nextItemId: 121 });
    expect(parseWorkflowDefinition(text, '').designerState).toEqual({ nextActivityId: 78, nextItemId: 121 });
  });

  it('defaults the settings to an empty name and the first tile target', () => {
    const list = JSON.parse(fixture('wd.json')) as Record<string, unknown>[];
    for (const a of list) if ('EntityTarget' in a) a['EntityTarget'] = 'account';
    expect(parseWorkflowDefinition(list).settings).toEqual({ name: '', target: 'account' });
    expect(parseWorkflowDefinition('[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01","Properties":{"Items":[]}}]').settings).toEqual({ name: '', target: 'contact' });
    const settings = { name: 'Kept', target: 'contact' as const, timeZone: 92 };
    expect(parseWorkflowDefinition(fixture('wd.json'), undefined, settings).settings).toBe(settings);
  });

  it('accepts an already parsed array and leaves it untouched', () => {
    const list = JSON.parse(fixture('messy.json')) as unknown[];
    const copy = structuredClone(list);
    const t = parseWorkflowDefinition(list);
    expect(list).toEqual(copy);
    expect(Object.isFrozen((list[0] as { new_Position: object }).new_Position)).toBe(false);
    expect(t.root.children).toHaveLength(1);
  });

  it('parses a chain 5,000 tiles deep, listed leaf first, without recursion', () => {
    const text = deepChainDefinition(5000);
    const t = parseWorkflowDefinition(text);
    let depth = 0;
    let a: Activity | undefined = t.root;
    while (a !== undefined) {
      depth++;
      a = a.children[0];
    }
    expect(depth).toBe(5001);
    expect(t.designerState).toEqual({ nextActivityId: 5001, nextItemId: 5001 });
    expect(JSON.parse(serializeWorkflowDefinition(t))).toHaveLength(5001);
  });
});
