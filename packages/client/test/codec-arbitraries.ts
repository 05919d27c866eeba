// Shared fixtures and fast-check arbitraries for the codec tests.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Activity, Item, JourneyTree, JsonObject, JsonValue, Relation } from '@customer-journey/dsl';

/** Reads a fixture file as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** The four sample definitions. */
export const FIXTURES = ['wd.json', 'bo.json', 'blog.json', 'messy.json'] as const;

/** A definition's activities sorted by ActivityId, so that the top-level order does not matter. */
export function byActivityId(definition: string): unknown[] {
  const list = JSON.parse(definition) as { ActivityId: string }[];
  return [...list].sort((a, b) => (a.ActivityId < b.ActivityId ? -1 : a.ActivityId > b.ActivityId ? 1 : 0));
}

const RELATIONS: readonly Relation[] = ['Default', 'YesBranch', 'NoBranch'];
const TILE_TYPES = ['Segment', 'Email', 'Scheduler', 'Trigger', 'Splitter', 'SplitterBranch', 'CreateCrmActivity', 'InvokeWorkflow', 'Event', 'empty', 'new_CustomTile'] as const;
const NESTED_TYPES = ['SegmentItem', 'LandingPage', 'Event', 'Survey', 'MarketingForm', 'new_Thing'] as const;

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const extraKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }).map((s) => `new_${s}`),
  fc.constantFrom('__proto__', '', 'x y', 'constructor'),
);
const extraArb: fc.Arbitrary<JsonObject | undefined> = optional(
  fc.dictionary(extraKey, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>, { minKeys: 1, maxKeys: 3 }),
);
const num = fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const str = fc.string({ maxLength: 12 });

/** Typed properties for an item type, in model names. */
function typedProps(type: string): fc.Arbitrary<Record<string, unknown>> {
  const r = (o: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> =>
    fc.record(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, optional(v)])) as Record<string, fc.Arbitrary<unknown>>);
  switch (type) {
    case 'Segment':
      return r({ mergeMethod: str, containment: str });
    case 'SegmentItem':
      return r({ containment: str, sourceType: str, segmentName: str, displayName: str });
    case 'Trigger':
      return r({
        timeoutValue: num,
        timeoutUnit: str,
        ruleLogic: fc.constantFrom('AND', 'OR'),
        conditions: fc.array(
          fc.record({ sourceItemId: fc.nat(99).map(String), condition: str, extra: extraArb }).map((c) => (c.extra === undefined ? { sourceItemId: c.sourceItemId, condition: c.condition } : c)),
          { maxLength: 3 },
        ),
      });
    case 'Scheduler':
      return r({ waitUntilMonday: fc.boolean(), waitUntilSunday: fc.boolean(), waitUntilFromHour: num, offsetType: str, durationUnit: str, durationValue: num, scheduledMinute: num });
    case 'CreateCrmActivity':
      return r({ templateEntity: str, activityType: str, owner: str });
    default:
      return fc.constant({});
  }
}

const dropUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** An item without its id (ids are assigned when the tree is assembled). */
function itemArb(type: string): fc.Arbitrary<Omit<Item, 'itemId'>> {
  return fc
    .record({
      recordId: optional(fc.option(fc.uuid(), { nil: null })),
      name: optional(str),
      nameIsSystemDefined: optional(fc.boolean()),
      description: optional(str),
      title: optional(fc.constant('Undefined')),
      typed: typedProps(type),
      extra: extraArb,
    })
    .map(({ typed, ...base }) => dropUndefined({ type, ...base, ...typed }) as unknown as Omit<Item, 'itemId'>);
}

interface TileShape {
  readonly type: string;
  readonly parent: number;
  readonly relation: Relation;
  readonly branch: number;
  readonly target: 'contact' | 'account' | undefined;
  readonly header: Omit<Item, 'itemId'> | undefined;
  readonly nested: readonly Omit<Item, 'itemId'>[];
  readonly extra: JsonObject | undefined;
  readonly propertiesExtra: JsonObject | undefined;
}

const tileArb: fc.Arbitrary<Omit<TileShape, 'parent'>> = fc.constantFrom(...TILE_TYPES).chain((type) =>
  fc.record({
    type: fc.constant(type),
    relation: fc.constantFrom(...RELATIONS),
    branch: fc.nat(3),
    target: type === 'empty' ? fc.constant(undefined) : optional(fc.constantFrom('contact' as const, 'account' as const)),
    header: type === 'empty' ? fc.constant(undefined) : itemArb(type),
    nested: type === 'empty' ? fc.constant([]) : fc.array(fc.constantFrom(...NESTED_TYPES).chain(itemArb), { maxLength: 2 }),
    extra: extraArb,
    propertiesExtra: extraArb,
  }),
);

/**
 * Journey trees in the model: up to `maxTiles` tiles under a root, each hanging under a random
 * earlier tile, with ids assigned like the designer does (`<parent>_<n>`, one item counter).
 */
export function journeyTreeArb(maxTiles = 25): fc.Arbitrary<JourneyTree> {
  return fc
    .array(fc.tuple(fc.nat(), tileArb), { maxLength: maxTiles })
    .chain((tiles) =>
      fc.record({
        rootItems: fc.integer({ min: 1, max: 2 }),
        rootExtra: extraArb,
        tiles: fc.constant(tiles),
        stateExtra: extraArb,
        bump: fc.nat(5),
      }),
    )
    .map(({ rootItems, rootExtra, tiles, stateExtra, bump }) => {
      type M = Omit<Activity, 'children' | 'nested'> & { children: M[]; nested: Item[] };
      let itemCounter = 0;
      const nextItem = (i: Omit<Item, 'itemId'>): Item => ({ ...i, itemId: itemCounter++ }) as Item;
      const rootHeader = nextItem({ type: 'bpf_root', recordId: null, name: 'New ActivityTypeName_bpf_root_TitleText' });
      const root: M = { type: 'bpf_root', id: '01', relation: 'Default', branch: 0, header: rootHeader, nested: [], children: [] };
      if (rootItems === 2) root.nested.push(nextItem({ type: 'bpf_root', recordId: null }));
      if (rootExtra !== undefined) (root as { extra?: JsonObject }).extra = rootExtra;
      const all: M[] = [root];
      let counter = 0;
      for (const [pick, t] of tiles) {
        const parent = all[pick % all.length]!;
        const a: M = { type: t.type, id: `${parent.id}_${counter++}`, relation: t.relation, branch: t.branch, nested: [], children: [] };
        if (t.target !== undefined) (a as { target?: string }).target = t.target;
        if (t.header !== undefined) (a as { header?: Item }).header = nextItem(t.header);
        for (const n of t.nested) a.nested.push(nextItem(n));
        if (t.extra !== undefined) (a as { extra?: JsonObject }).extra = t.extra;
        if (t.propertiesExtra !== undefined) (a as { propertiesExtra?: JsonObject }).propertiesExtra = t.propertiesExtra;
        parent.children.push(a);
        all.push(a);
      }
      const designerState = stateExtra === undefined
        ? { nextActivityId: counter + bump, nextItemId: itemCounter + bump }
        : { nextActivityId: counter + bump, nextItemId: itemCounter + bump, extra: stateExtra };
      return { settings: { name: 'Generated', target: 'contact' }, root: root as unknown as JourneyTree['root'], designerState } satisfies JourneyTree;
    });
}

/** Every path (as a list of keys) into a JSON value, found iteratively. */
export function jsonPaths(value: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    out.push(path);
    if (Array.isArray(v)) v.forEach((c, i) => stack.push([c, [...path, i]]));
    else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], [...path, k]]);
  }
  return out;
}

/** A chain of `depth` Email tiles under the root, as a wire definition. */
export function deepChainDefinition(depth: number): string {
  const list: unknown[] = [
    { ActivityTypeId: 'bpf_root', ParentBranchId: 0, ParentRelationshipType: 'Default', ActivityId: '01', Properties: { Items: [{ ActivityTypeId: 'bpf_root', ItemId: null, ActivityItemId: 0 }] } },
  ];
  // Short ids ("t_<n>"): structure comes from ParentActivityId, and designer-style ids would make the text quadratic.
  let parent = '01';
  for (let n = 1; n <= depth; n++) {
    const id = `t_${n}`;
    list.push({ ActivityTypeId: 'Email', ParentActivityId: parent, ParentBranchId: 0, ParentRelationshipType: 'Default', ActivityId: id, Properties: { Items: [{ ActivityTypeId: 'Email', ItemId: null, ActivityItemId: n }] }, EntityTarget: 'contact' });
    parent = id;
  }
  return JSON.stringify(list.reverse());
}
