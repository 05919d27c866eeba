/**
 * Hand-built journey trees for the diagram tests: ids and item ids are handed out the way the
 * designer does (`<parent>_<n>` from one counter, items from a second counter).
 */
import type { Activity, Item, JourneyTree, Relation, RootActivity } from '../../src/model.js';

/** A tile to build: its type, name, nested items and children. */
export interface TileSpec {
  readonly type: string;
  readonly name?: string;
  readonly relation?: Relation;
  /** Extra header fields (typed properties such as `displayName` for segment items). */
  readonly header?: Record<string, unknown>;
  /** No header item at all (as on `empty`). Defaults to `true` for `empty`. */
  readonly noHeader?: boolean;
  readonly nested?: readonly { readonly type: string; readonly name?: string; readonly [key: string]: unknown }[];
  readonly children?: readonly TileSpec[];
  /** Use this `ActivityId` instead of a generated one. */
  readonly id?: string;
}

interface Counters {
  activity: number;
  item: number;
}

function makeItem(type: string, counters: Counters, fields: Record<string, unknown>): Item {
  return { type, itemId: counters.item++, recordId: null, ...fields } as Item;
}

function build(spec: TileSpec, parentId: string, branch: number, counters: Counters): Activity {
  const id = spec.id ?? `${parentId}_${counters.activity++}`;
  const noHeader = spec.noHeader ?? spec.type === 'empty';
  const header = noHeader
    ? undefined
    : makeItem(spec.type, counters, { ...(spec.name === undefined ? {} : { name: spec.name }), ...spec.header });
  const nested = (spec.nested ?? []).map(({ type, ...rest }) => makeItem(type, counters, rest));
  const children = (spec.children ?? []).map((child, i) => build(child, id, i, counters));
  return {
    type: spec.type,
    id,
    relation: spec.relation ?? 'Default',
    branch,
    ...(spec.type === 'empty' ? {} : { target: 'contact' as const }),
    ...(header === undefined ? {} : { header }),
    nested,
    children,
  };
}

/** A journey named `name` whose root has the given entry tiles. */
export function makeTree(name: string, entries: readonly TileSpec[]): JourneyTree {
  const counters: Counters = { activity: 0, item: 1 };
  const children = entries.map((entry, i) => build(entry, '01', i, counters));
  const root: RootActivity = {
    type: 'bpf_root',
    id: '01',
    relation: 'Default',
    branch: 0,
    header: { type: 'bpf_root', itemId: 0, recordId: null, name: 'New ActivityTypeName_bpf_root_TitleText' },
    nested: [],
    children,
  };
  return {
    settings: { name, target: 'contact' },
    root,
    designerState: { nextActivityId: counters.activity, nextItemId: counters.item },
  };
}

/** A segment group followed by a chain of `length` emails, built bottom-up without recursion. */
export function chainTree(length: number): JourneyTree {
  let next: Activity | undefined;
  for (let i = length - 1; i >= 0; i--) {
    const id = `01_c${i}`;
    next = {
      type: i === 0 ? 'Segment' : 'Email',
      id,
      relation: 'Default',
      branch: 0,
      target: 'contact',
      header: { type: i === 0 ? 'Segment' : 'Email', itemId: i + 1, recordId: null, name: `Step ${i}` },
      nested: [],
      children: next === undefined ? [] : [next],
    };
  }
  const root: RootActivity = {
    type: 'bpf_root',
    id: '01',
    relation: 'Default',
    branch: 0,
    header: { type: 'bpf_root', itemId: 0, recordId: null },
    nested: [],
    children: next === undefined ? [] : [next],
  };
  return { settings: { name: `Chain of ${length}`, target: 'contact' }, root, designerState: { nextActivityId: length, nextItemId: length + 1 } };
}

/** Every tile name in a tree (headers only), collected without recursion. */
export function allNames(tree: JourneyTree): string[] {
  const names: string[] = [];
  const stack: Activity[] = [tree.root];
  while (stack.length > 0) {
    const a = stack.pop() as Activity;
    if (a !== tree.root && a.header?.name !== undefined) names.push(a.header.name);
    for (const c of a.children) stack.push(c);
  }
  return names;
}

/** Number of tiles in a tree, the root included. */
export function countTiles(tree: JourneyTree): number {
  let n = 0;
  const stack: Activity[] = [tree.root];
  while (stack.length > 0) {
    const a = stack.pop() as Activity;
    n++;
    for (const c of a.children) stack.push(c);
  }
  return n;
}

/** A small journey with every known tile type, a trigger with an `empty` no-branch, a split and parallel flows. */
export function everyTileTree(): JourneyTree {
  return makeTree('Every tile', [
    {
      type: 'Segment',
      name: 'Customers',
      nested: [
        { type: 'SegmentItem', displayName: 'Demo segment', segmentName: 'Demo_segment_09c58544', containment: 'Inclusion' },
        { type: 'SegmentItem', name: 'Unsubscribed', containment: 'Exclusion' },
      ],
      children: [
        {
          type: 'Email',
          name: 'Invitation',
          nested: [
            { type: 'LandingPage', name: 'Event page' },
            { type: 'Event', name: 'Summit 2026' },
            { type: 'Survey', name: 'Feedback' },
            { type: 'MarketingForm', name: 'Sign-up form' },
          ],
          children: [
            {
              type: 'Trigger',
              name: 'Registered?',
              children: [
                {
                  type: 'CreateCrmActivity',
                  name: 'Follow-up call',
                  relation: 'YesBranch',
                  children: [
                    {
                      type: 'Scheduler',
                      name: 'Wait a day',
                      children: [
                        {
                          type: 'Splitter',
                          name: 'A/B',
                          children: [
                            { type: 'SplitterBranch', name: 'Half A', children: [{ type: 'InvokeWorkflow', name: 'Sync CRM' }] },
                            { type: 'SplitterBranch', name: 'Half B', children: [{ type: 'CreateLead', name: 'New lead' }] },
                          ],
                        },
                      ],
                    },
                  ],
                },
                { type: 'empty', relation: 'NoBranch' },
              ],
            },
          ],
        },
      ],
    },
    {
      type: 'RecordUpdate',
      name: 'Contact changed',
      children: [
        { type: 'LinkedInCampaign', name: 'LinkedIn ads' },
        { type: 'Event', name: 'Open house' },
        { type: 'LandingPage', name: 'Landing' },
        { type: 'MarketingForm', name: 'Form tile' },
        { type: 'Survey', name: 'Survey tile' },
        { type: 'contoso_SmsTile', name: 'Custom SMS' },
      ],
    },
  ]);
}

/** Names chosen to break naive escaping. */
export const NASTY_NAMES: readonly string[] = [
  'Say "hello"',
  "It's [bracketed] (paren) {brace}",
  '<script>alert(1)</script>',
  'a | b || c',
  '#1 offer #quot; #35; &amp; &lt;',
  'Emoji 🎉🚀 and ünïcödé 日本語',
  'Line one\nLine two\r\nLine three',
  'Tab\there and \u0007bell',
  '%%{init: {"theme":"dark"}}%%',
  'end',
  'graph',
  'A --> B -.-> C ==> D',
  '`markdown` **bold** _em_',
  'semi;colon; back\\slash',
  'Lifestyle:#1; classDef:#2;',
  'click t01 call alert()',
  '°¶ß ﬂ°quot¶ß',
  ']]"]) {{',
  'x'.repeat(300),
  '   spaced   out   ',
];
