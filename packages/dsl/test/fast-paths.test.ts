/**
 * The fast paths of the builder, the local check and the ids helpers give the same answers as the
 * general ones: odd item ids, ids sharing a counter, GUIDs in every accepted form, and the shape of
 * built items.
 */
import { describe, expect, it } from 'vitest';
import { activityCounterOf, isGuid, journey, normalizeGuid, validateJourney } from '@customer-journey/dsl';
import type { Activity, Item, JourneyTree } from '../src/model.js';

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** A mutable copy of a small built journey: segment (1, 2) -> email (3, page 4) -> trigger (5) on the page -> yes: email (6). */
function sample(): Mutable<JourneyTree> {
  const tree = journey('Fast paths', { target: 'contact' })
    .segment('Customers', { include: [{ id: SEGMENT }] })
    .email('Invitation', { emailId: EMAIL, nested: [{ type: 'LandingPage', id: PAGE, name: 'Page', key: 'page' }] })
    .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } }, {
      yes: (b) => b.email('Thanks', { emailId: EMAIL }),
    })
    .build();
  return JSON.parse(JSON.stringify(tree)) as Mutable<JourneyTree>;
}

const tiles = (tree: Mutable<JourneyTree>): Mutable<Activity>[] => {
  const out: Mutable<Activity>[] = [];
  const stack: Mutable<Activity>[] = [tree.root as Mutable<Activity>];
  for (let a = stack.pop(); a !== undefined; a = stack.pop()) {
    out.push(a);
    stack.push(...[...a.children].reverse());
  }
  return out;
};

const faults = (tree: Mutable<JourneyTree>): [string, string, readonly string[]][] =>
  validateJourney(tree as JourneyTree).ActivityValidationResults.map((f) => [f.ActivityId, f.Fault, f.ErrorMessageArguments]);

describe('validateJourney with item ids of every kind', () => {
  it.each([
    ['far apart', 5_000_000],
    ['huge', 2 ** 40],
    ['negative', -3],
    ['fractional', 2.5],
  ])('reports a duplicate item id that is %s', (_label, itemId) => {
    const tree = sample();
    const [, segment, email, , thanks] = tiles(tree);
    (segment!.header as Mutable<Item>).itemId = itemId;
    (thanks!.header as Mutable<Item>).itemId = itemId;
    const result = faults(tree);
    expect(result).toContainEqual([thanks!.id, 'ErrorDuplicateActivityItemId', [String(itemId), segment!.id]]);
    expect(email).toBeDefined();
  });

  it('finds a trigger source by a large item id, and one on another path as not earlier', () => {
    const tree = sample();
    const [, , email, trigger, thanks] = tiles(tree);
    const page = email!.nested[0] as Mutable<Item>;
    page.itemId = 7_000_000;
    const conditions = (trigger!.header as Mutable<Item> & { conditions: { sourceItemId: string }[] }).conditions;
    conditions[0]!.sourceItemId = '7000000';
    tree.designerState.nextItemId = 7_000_001;
    expect(faults(tree)).toStrictEqual([]);
    conditions[0]!.sourceItemId = String(thanks!.header!.itemId);
    expect(faults(tree)).toContainEqual([trigger!.id, 'ErrorTriggerSourceNotEarlier', [String(thanks!.header!.itemId), thanks!.id, 'UserRegistered']]);
  });

  it('tells ids that share a counter apart, and reports repeated ids of any form', () => {
    const tree = sample();
    const [, segment, email, , thanks] = tiles(tree);
    thanks!.id = `${segment!.id.slice(0, 2)}_9_${activityCounterOf(segment!.id)}`; // same counter as the segment, another id
    expect(faults(tree)).toStrictEqual([]);
    thanks!.id = segment!.id;
    expect(faults(tree)).toContainEqual([segment!.id, 'ErrorDuplicateActivityId', [segment!.id]]);
    thanks!.id = 'custom';
    email!.id = 'custom';
    expect(faults(tree)).toContainEqual(['custom', 'ErrorDuplicateActivityId', ['custom']]);
  });
});

describe('ids helpers', () => {
  it('reads counters of up to 15 digits, leading zeros included', () => {
    expect(activityCounterOf('01_0_123456789012345')).toBe(123456789012345);
    expect(activityCounterOf('01_0_1234567890123456')).toBeUndefined();
    expect(activityCounterOf('01_007')).toBe(7);
    expect(activityCounterOf('01_')).toBeUndefined();
    expect(activityCounterOf('_5')).toBe(5);
  });

  it('accepts and normalizes GUIDs in every form, and refuses near misses', () => {
    expect(isGuid(EMAIL)).toBe(true);
    expect(normalizeGuid(EMAIL)).toBe(EMAIL);
    expect(normalizeGuid(EMAIL.toUpperCase())).toBe(EMAIL);
    expect(normalizeGuid(`{${EMAIL}}`)).toBe(EMAIL);
    for (const bad of [EMAIL.replace('a', 'g'), EMAIL.replace('-', '0'), `${EMAIL.slice(0, 8)}0${EMAIL.slice(9)}`, `${EMAIL}0`, '']) {
      expect(isGuid(bad)).toBe(false);
      expect(() => normalizeGuid(bad)).toThrow(RangeError);
    }
  });
});

describe('built items', () => {
  it('keep the order of their properties and are frozen, empty lists included', () => {
    const tree = journey('Order', { target: 'contact' })
      .segment('S', { include: [{ id: SEGMENT.toUpperCase(), name: 'seg' }] })
      .wait({ duration: { value: 2, unit: 'Hour' }, window: { days: ['Monday'], from: '9:00' } })
      .email('E', { emailId: EMAIL, key: 'e', extra: { Custom: [1] } })
      .build();
    const [segment] = tree.root.children;
    const wait = segment!.children[0]!;
    const email = wait.children[0]!;
    expect(Object.keys(segment!.nested[0]!)).toStrictEqual([
      'type', 'itemId', 'recordId', 'name', 'nameIsSystemDefined', 'description', 'title', 'containment', 'sourceType', 'segmentName',
    ]);
    expect(segment!.nested[0]!.recordId).toBe(SEGMENT);
    expect(Object.keys(wait.header!)).toStrictEqual([
      'type', 'itemId', 'recordId', 'name', 'nameIsSystemDefined', 'description', 'title',
      'waitUntilMonday', 'waitUntilTuesday', 'waitUntilWednesday', 'waitUntilThursday', 'waitUntilFriday', 'waitUntilSaturday', 'waitUntilSunday',
      'waitUntilFromHour', 'waitUntilFromMinute', 'waitUntilToHour', 'waitUntilToMinute',
      'offsetType', 'durationUnit', 'durationValue', 'scheduledHour', 'scheduledMinute',
    ]);
    expect(Object.keys(email.header!)).toStrictEqual(['type', 'itemId', 'recordId', 'name', 'nameIsSystemDefined', 'description', 'title', 'extra']);
    expect(Object.keys(email)).toStrictEqual(['type', 'id', 'relation', 'branch', 'target', 'header', 'nested', 'children', 'key']);
    for (const a of [segment!, wait, email]) {
      expect(Object.isFrozen(a.nested)).toBe(true);
      expect(Object.isFrozen(a.header)).toBe(true);
    }
    expect(wait.nested).toStrictEqual([]);
    expect(Object.isFrozen(email.header!.extra)).toBe(true);
  });

  it('reports the first problem of a call, in the order the options are checked', () => {
    const bad = (): JourneyTree =>
      journey('Problems', {})
        .email('', { emailId: 'nope', nested: [{ type: 'LandingPage', id: 'also-nope' }], key: '' })
        .build();
    expect(bad).toThrow(/name is empty/);
    const second = (): JourneyTree =>
      journey('Problems', {})
        .email('E', { emailId: EMAIL, nested: [{ type: 'Bogus' as 'Event', id: 'also-nope' }], key: '' })
        .build();
    expect(second).toThrow(/nested\[0\] type "Bogus" is not valid/);
  });
});
