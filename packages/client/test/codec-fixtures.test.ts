import { describe, expect, it } from 'vitest';
import {
  parseWorkflowDefinition,
  serializeDesignerState,
  serializeWorkflowDefinition,
} from '@customer-journey/client';
import type { Activity, Item } from '@customer-journey/dsl';
import { FIXTURES, byActivityId, fixture } from './codec-arbitraries.js';

function find(root: Activity, id: string): Activity {
  const stack = [root];
  while (stack.length > 0) {
    const a = stack.pop()!;
    if (a.id === id) return a;
    stack.push(...a.children);
  }
  throw new Error(`no activity ${id}`);
}

describe('sample definitions round trip', () => {
  for (const name of FIXTURES) {
    it(`${name}: parse then serialize is deep-equal to the input (top-level order aside)`, () => {
      const text = fixture(name);
      const out = serializeWorkflowDefinition(parseWorkflowDefinition(text));
      expect(byActivityId(out)).toEqual(byActivityId(text));
      // Same keys in the same order inside every activity.
      expect(JSON.stringify(byActivityId(out))).toBe(JSON.stringify(byActivityId(text)));
      // A second round is byte-identical.
      expect(serializeWorkflowDefinition(parseWorkflowDefinition(out))).toBe(out);
    });
  }

  it('wd.json is already in pre-order and designer key order, so the output is the input minified', () => {
    const text = fixture('wd.json');
    expect(serializeWorkflowDefinition(parseWorkflowDefinition(text))).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('bo.json keeps its designer state as given', () => {
    const state = fixture('bo.designer-state.json').trim();
    const tree = parseWorkflowDefinition(fixture('bo.json'), state);
    expect(tree.designerState).toEqual({ nextActivityId: 8, nextItemId: 42 });
    expect(serializeDesignerState(tree)).toBe('{"NextActivityID":8,"NextActivityItemID":42}');
  });

  it('bo.json without a designer state gets counters above every id used', () => {
    const tree = parseWorkflowDefinition(fixture('bo.json'));
    expect(tree.designerState).toEqual({ nextActivityId: 3, nextItemId: 33 });
  });

  it('blog.json: the tree comes from ParentActivityId, not from array order or id prefixes', () => {
    const tree = parseWorkflowDefinition(fixture('blog.json'));
    const { root } = tree;
    expect(root.header?.itemId).toBe(0);
    expect(root.nested.map((i) => i.itemId)).toEqual([1]);
    expect(root.children.map((a) => a.id)).toEqual(['01_2']);
    const trigger = find(root, '01_2_4_7');
    expect(find(root, '01_2_4_14_19').children).toContain(trigger);
    expect(trigger.children.map((a) => [a.id, a.relation, a.branch, a.type])).toEqual([
      ['01_2_4_7_11', 'YesBranch', 0, 'CreateCrmActivity'],
      ['01_2_4_7_9', 'NoBranch', 1, 'empty'],
    ]);
    const empty = find(root, '01_2_4_7_9');
    expect(empty.header).toBeUndefined();
    expect(empty.nested).toEqual([]);
    expect(empty.target).toBeUndefined();
    expect(find(root, '01_2_4_7_11_32').children.map((a) => a.id)).toEqual(['01_2_4_7_11_26_30']);
    const header = trigger.header as Item<'Trigger'>;
    expect(header).toMatchObject({ timeoutValue: 5, timeoutUnit: 'Day', ruleLogic: 'AND', conditions: [{ sourceItemId: '28', condition: 'UserRegistered' }] });
    expect(header.nameIsSystemDefined).toBeUndefined();
    const scheduler = find(root, '01_2_4_7_11_32').header as Item<'Scheduler'>;
    expect(scheduler).toMatchObject({ waitUntilMonday: true, waitUntilToHour: 23, waitUntilToMinute: 59, offsetType: 'Duration', durationUnit: 'Minute' });
    const call = find(root, '01_2_4_7_11').header as Item<'CreateCrmActivity'>;
    expect(call).toMatchObject({ templateEntity: 'msdyncrm_phonecallactivitymarketingtemplate', activityType: 'phonecall', owner: 'msdyncrm_customerjourney.ownerid' });
    const segment = find(root, '01_2');
    expect(segment.header).toMatchObject({ mergeMethod: 'Union', containment: 'Inclusion' });
    expect(segment.nested[0]).toMatchObject({ type: 'SegmentItem', containment: 'Inclusion', sourceType: 'Segment', segmentName: 'Demo_segment_09c58544', displayName: 'Demo segment' });
    expect(tree.designerState).toEqual({ nextActivityId: 33, nextItemId: 99 });
  });

  it('blog.json is written in pre-order with children in branch order', () => {
    const out = JSON.parse(serializeWorkflowDefinition(parseWorkflowDefinition(fixture('blog.json')))) as { ActivityId: string }[];
    expect(out.map((a) => a.ActivityId)).toEqual([
      '01', '01_2', '01_2_4', '01_2_4_14', '01_2_4_14_19', '01_2_4_7', '01_2_4_7_11', '01_2_4_7_11_32', '01_2_4_7_11_26_30', '01_2_4_7_9',
    ]);
  });

  it('messy.json keeps unknown types, unknown keys at every level, and sorts children by branch', () => {
    const tree = parseWorkflowDefinition(fixture('messy.json'));
    const { root } = tree;
    expect(root.extra).toEqual({ new_DesignerBuild: '9.0.1234', ['__proto__']: { kept: true }, '': 'empty key' });
    expect(Object.getPrototypeOf(root.extra)).toBe(Object.prototype);
    expect(root.propertiesExtra).toEqual({ new_Version: '2.1' });
    expect(root.header?.extra).toEqual({ new_Canvas: { zoom: 1.25 } });
    expect(root.nested).toEqual([{ type: 'bpf_root', itemId: 1, recordId: null }]);
    const custom = find(root, '01_9_77');
    expect(custom.type).toBe('new_SmsChannel');
    expect(custom.extra).toEqual({ new_TileConfig: 'new_SmsCustomerJourneyDesignerTileConfig.xml', new_Position: { x: 4, y: 2 } });
    expect(custom.propertiesExtra).toEqual({ new_LayoutHint: 'wide' });
    expect(custom.header?.extra).toEqual({ new_MessageBody: 'Hi {{firstname}}', new_Options: { retries: 3, channels: ['sms', { fallback: null }] }, ResponseTypes: [1, 2] });
    const segment = find(root, '01_5');
    expect(segment.children.map((a) => a.id)).toEqual(['01_5_3', '01_9_77']);
    expect(segment.extra).toEqual({ new_Collapsed: false });
    expect(segment.nested[0]?.extra).toEqual({ new_Weight: 0.5 });
    const email = find(root, '01_5_3');
    expect(email.header).toEqual({ type: 'Email', itemId: 60 });
    expect(email.nested[0]).toEqual({ type: 'MarketingForm', itemId: 61, recordId: null, extra: { new_FormMode: 2 } });
    const trigger = find(root, '01_2_8');
    expect((trigger.header as Item<'Trigger'>).conditions).toEqual([
      { sourceItemId: '61', condition: 'FormSubmitted', extra: { new_LinkId: 'lnk-4' } },
      { sourceItemId: '60', condition: 'EmailOpened' },
    ]);
    expect(trigger.header?.extra).toEqual({ new_BasedOn: 'contact' });
    expect(trigger.children.map((a) => a.id)).toEqual(['01_2_8_11', '01_2_8_12']);
    expect(find(root, '01_2_8_12').children.map((a) => a.id)).toEqual(['01_2_8_12_14', '01_2_8_12_15']);
    expect(find(root, '01_2_8_12').header?.extra).toEqual({ SplitBy: 'Percentage' });
  });

  it('messy.json: items missing optional fields stay without them', () => {
    const out = byActivityId(serializeWorkflowDefinition(parseWorkflowDefinition(fixture('messy.json')))) as { ActivityId: string; Properties: { Items: object[] } }[];
    const email = out.find((a) => a.ActivityId === '01_5_3')!;
    expect(email.Properties.Items[0]).toStrictEqual({ ActivityTypeId: 'Email', ActivityItemId: 60 });
  });

  it('parsed trees are frozen, unknown values included', () => {
    const tree = parseWorkflowDefinition(fixture('messy.json'));
    const custom = tree.root.children[0]!.children[1]!;
    expect(Object.isFrozen(tree)).toBe(true);
    expect(Object.isFrozen(tree.root)).toBe(true);
    expect(Object.isFrozen(tree.root.children)).toBe(true);
    expect(Object.isFrozen(custom.header)).toBe(true);
    expect(Object.isFrozen((custom.header?.extra as { new_Options: object }).new_Options)).toBe(true);
  });
});
