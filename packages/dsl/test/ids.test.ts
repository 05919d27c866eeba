import { describe, expect, it } from 'vitest';
import {
  ActivityIdSet,
  activityCounterOf,
  childActivityId,
  effectiveDesignerState,
  findDuplicateIds,
  highestUsedIds,
  isGuid,
  isItemId,
  journey,
  normalizeGuid,
} from '@customer-journey/dsl';
import type { Activity, JourneyTree } from '@customer-journey/dsl';

const leaf = (id: string, itemId: number, children: Activity[] = []): Activity => ({
  type: 'Email', id, relation: 'Default', branch: 0, target: 'contact',
  header: { type: 'Email', itemId, recordId: null }, nested: [], children,
});
const pulled = (children: Activity[], nextActivityId: number, nextItemId: number): JourneyTree => ({
  settings: { name: 'Pulled', target: 'contact' },
  root: { type: 'bpf_root', id: '01', relation: 'Default', branch: 0, header: { type: 'bpf_root', itemId: 0 }, nested: [], children },
  designerState: { nextActivityId, nextItemId },
});

describe('activity ids', () => {
  it('reads the counter of an id', () => {
    expect(activityCounterOf('01_2_4_7')).toBe(7);
    expect(activityCounterOf('01_2_4_7_11_26_30')).toBe(30);
    expect(activityCounterOf('01')).toBeUndefined();
    expect(activityCounterOf('custom')).toBeUndefined();
    expect(activityCounterOf('01_x')).toBeUndefined();
    expect(childActivityId('01_0', 3)).toBe('01_0_3');
  });

  it('reads the counter of a very long id without reading the whole id', () => {
    const long = `01${'_1'.repeat(20000)}_123`;
    expect(activityCounterOf(long)).toBe(123);
    expect(activityCounterOf('01_12345678901234567890')).toBeUndefined();
  });

  it('keeps a set of ids bucketed by counter', () => {
    const seen = new ActivityIdSet();
    expect([seen.add('01_0_3'), seen.add('01_1_3'), seen.add('01_0_3'), seen.add('x'), seen.add('x')]).toStrictEqual([true, true, false, true, false]);
    expect([seen.has('01_0_3'), seen.has('01_2_3'), seen.has('x'), seen.has('y')]).toStrictEqual([true, false, true, false]);
  });

  it('knows item ids', () => {
    expect([0, 4, -1, 1.5, Number.NaN, '3'].map(isItemId)).toStrictEqual([true, true, false, false, false, false]);
  });
});

describe('GUIDs', () => {
  it('accepts GUIDs with or without braces, in any case', () => {
    expect(isGuid('184e5a1a-464a-e911-a873-000d3a1fe344')).toBe(true);
    expect(isGuid('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}')).toBe(true);
    expect(isGuid('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC')).toBe(false);
    expect(isGuid('184e5a1a')).toBe(false);
    expect(isGuid('184e5a1a-464a-e911-a873-000d3a1fe34g')).toBe(false);
  });

  it('normalizes to lower case without braces, and refuses what is no GUID', () => {
    expect(normalizeGuid('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}')).toBe('6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
    expect(() => normalizeGuid('nope')).toThrow(
      new RangeError('"nope" is not a GUID; expected 32 hex digits as 8-4-4-4-12, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344'),
    );
  });
});

describe('designer state', () => {
  it('keeps a stored state that is above every id', () => {
    const tree = pulled([leaf('01_0', 23, [leaf('01_0_3', 24)])], 8, 42);
    expect(highestUsedIds(tree)).toStrictEqual({ activityCounter: 3, itemId: 24 });
    expect(effectiveDesignerState(tree)).toStrictEqual({ nextActivityId: 8, nextItemId: 42 });
  });

  it('raises a stored state that lags behind the ids in use', () => {
    // given a pulled journey whose ids moved past its stored state (ids lie about structure)
    const tree = pulled([leaf('01_2_4_7', 98, [leaf('01_0_31', 12)])], 2, 10);
    // then the next ids start above the highest used
    expect(effectiveDesignerState(tree)).toStrictEqual({ nextActivityId: 32, nextItemId: 99 });
  });

  it('keeps unknown keys of the stored state', () => {
    const tree = { ...pulled([], 0, 0), designerState: { nextActivityId: 0, nextItemId: 0, extra: { Zoom: 2 } } };
    expect(effectiveDesignerState(tree)).toStrictEqual({ nextActivityId: 0, nextItemId: 1, extra: { Zoom: 2 } });
  });

  it('agrees with what the builder stores', () => {
    const tree = journey('J').email('E', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }).build();
    expect(effectiveDesignerState(tree)).toStrictEqual(tree.designerState);
  });

  it('works on a tree 5,000 deep', () => {
    let node = leaf('01_4999', 5000);
    for (let i = 4998; i >= 0; i--) node = leaf(`01_${i}`, i + 1, [node]);
    expect(effectiveDesignerState(pulled([node], 0, 0))).toStrictEqual({ nextActivityId: 5000, nextItemId: 5001 });
  });
});

describe('duplicates', () => {
  it('lists repeated activity and item ids', () => {
    const tree = pulled([leaf('01_0', 1, [leaf('01_0', 2)]), leaf('01_1', 1)], 2, 3);
    expect(findDuplicateIds(tree)).toStrictEqual({ activityIds: ['01_0'], itemIds: [1] });
  });
});
