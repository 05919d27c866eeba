import { describe, expect, it } from 'vitest';
import type { Activity, Item, JourneySettings, JourneyTree, Relation } from '@customer-journey/dsl';
import { diffJourneys, formatDiff } from '../src/diff.js';

// Trees are written by hand so that these tests depend on the model only.

interface TileSpec {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  readonly itemId: number;
  readonly key?: string;
  readonly relation?: Relation;
  readonly branch?: number;
  readonly header?: Partial<Item> & Record<string, unknown>;
  readonly nested?: readonly Item[];
  readonly children?: readonly Activity[];
}

function tile(spec: TileSpec): Activity {
  return {
    type: spec.type,
    id: spec.id,
    relation: spec.relation ?? 'Default',
    branch: spec.branch ?? 0,
    target: 'contact',
    header: { type: spec.type, itemId: spec.itemId, recordId: null, name: spec.name ?? spec.type, ...spec.header } as Item,
    nested: spec.nested ?? [],
    children: spec.children ?? [],
    ...(spec.key === undefined ? {} : { key: spec.key }),
  };
}

function tree(children: readonly Activity[], settings: Partial<JourneySettings> = {}): JourneyTree {
  return {
    settings: { name: 'Event invitation', target: 'contact', ...settings },
    root: {
      type: 'bpf_root',
      id: '01',
      relation: 'Default',
      branch: 0,
      header: { type: 'bpf_root', itemId: 0, recordId: null },
      nested: [],
      children,
    },
    designerState: { nextActivityId: 10, nextItemId: 20 },
  };
}

/** Customers > Invitation > Registered? (yes: Thank you, no: Reminder) */
function invitation(options: {
  readonly inviteName?: string;
  readonly timeout?: number;
  readonly keys?: boolean;
  readonly conditionSource?: string;
  readonly swap?: boolean;
  readonly extra?: readonly Activity[];
  readonly settings?: Partial<JourneySettings>;
} = {}): JourneyTree {
  const k = (key: string) => (options.keys === true ? { key } : {});
  const thanks = tile({ id: '01_3', type: 'Email', name: 'Thank you', itemId: 5, relation: options.swap ? 'NoBranch' : 'YesBranch', branch: options.swap ? 1 : 0, ...k('thanks') });
  const reminder = tile({ id: '01_4', type: 'Email', name: 'Reminder', itemId: 6, relation: options.swap ? 'YesBranch' : 'NoBranch', branch: options.swap ? 0 : 1, ...k('reminder') });
  const trigger = tile({
    id: '01_2',
    type: 'Trigger',
    name: 'Registered?',
    itemId: 4,
    ...k('registered'),
    header: {
      timeoutValue: options.timeout ?? 5,
      timeoutUnit: 'Day',
      ruleLogic: 'AND',
      conditions: [{ sourceItemId: options.conditionSource ?? '3', condition: 'UserRegistered' }],
    },
    children: options.swap ? [reminder, thanks] : [thanks, reminder],
  });
  const invite = tile({
    id: '01_1',
    type: 'Email',
    name: options.inviteName ?? 'Invitation',
    itemId: 2,
    ...k('invite'),
    header: { recordId: '184e5a1a-464a-e911-a873-000d3a1fe344' },
    nested: [{ type: 'LandingPage', itemId: 3, recordId: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page' }],
    children: [trigger, ...(options.extra ?? [])],
  });
  const segment = tile({ id: '01_0', type: 'Segment', name: 'Customers', itemId: 1, ...k('customers'), children: [invite] });
  return tree([segment], options.settings);
}

describe('diffJourneys', () => {
  it('finds nothing between a journey and itself, or an equal copy', () => {
    const a = invitation();
    expect(diffJourneys(a, a)).toStrictEqual({
      equal: true,
      settings: [],
      tiles: [],
      summary: { added: 0, removed: 0, moved: 0, changed: 0, settings: 0 },
    });
    expect(diffJourneys(a, invitation()).equal).toBe(true);
    expect(formatDiff(diffJourneys(a, a))).toBe('No differences.');
  });

  it('ignores item ids and designer state, compares trigger sources by the tile they point at', () => {
    const a = invitation();
    const b: JourneyTree = { ...invitation(), designerState: { nextActivityId: 99, nextItemId: 99 } };
    expect(diffJourneys(a, b).equal).toBe(true);
  });

  it('lists changed properties with old and new values', () => {
    const diff = diffJourneys(invitation(), invitation({ inviteName: 'Invite', timeout: 7 }));
    expect(diff.equal).toBe(false);
    expect(diff.tiles).toStrictEqual([
      {
        kind: 'changed',
        before: { id: '01_1', type: 'Email', path: 'Customers › Invitation' },
        after: { id: '01_1', type: 'Email', path: 'Customers › Invite' },
        properties: [{ property: 'name', before: 'Invitation', after: 'Invite' }],
      },
      {
        kind: 'changed',
        before: { id: '01_2', type: 'Trigger', path: 'Customers › Invitation › Registered?' },
        after: { id: '01_2', type: 'Trigger', path: 'Customers › Invite › Registered?' },
        properties: [{ property: 'timeoutValue', before: 5, after: 7 }],
      },
    ]);
    expect(diff.summary).toStrictEqual({ added: 0, removed: 0, moved: 0, changed: 2, settings: 0 });
    expect(formatDiff(diff)).toBe(
      [
        '~ changed Customers › Invite [Email]',
        '    name: "Invitation" -> "Invite"',
        '~ changed Customers › Invite › Registered? [Trigger]',
        '    timeoutValue: 5 -> 7',
        '0 added, 0 removed, 0 moved, 2 changed, 0 settings changed',
      ].join('\n'),
    );
  });

  it('reports a trigger condition pointing at another item by the path of that item', () => {
    const diff = diffJourneys(invitation(), invitation({ conditionSource: '2' }));
    expect(diff.tiles).toStrictEqual([
      {
        kind: 'changed',
        before: { id: '01_2', type: 'Trigger', path: 'Customers › Invitation › Registered?' },
        after: { id: '01_2', type: 'Trigger', path: 'Customers › Invitation › Registered?' },
        properties: [
          { property: 'conditions[0].source', before: 'Customers › Invitation › Event page', after: 'Customers › Invitation' },
        ],
      },
    ]);
  });

  it('reports added and removed tiles with where they hang', () => {
    const wait = tile({ id: '01_5', type: 'Scheduler', name: 'Wait a day', itemId: 7, branch: 1, header: { durationValue: 1, durationUnit: 'Day' } });
    const diff = diffJourneys(invitation(), invitation({ extra: [wait] }));
    expect(diff.tiles).toStrictEqual([
      {
        kind: 'added',
        after: { id: '01_5', type: 'Scheduler', path: 'Customers › Invitation › Wait a day' },
        placement: { parentId: '01_1', parent: 'Customers › Invitation', branch: 1, relation: 'Default' },
      },
    ]);
    const back = diffJourneys(invitation({ extra: [wait] }), invitation());
    expect(back.tiles).toStrictEqual([
      {
        kind: 'removed',
        before: { id: '01_5', type: 'Scheduler', path: 'Customers › Invitation › Wait a day' },
        placement: { parentId: '01_1', parent: 'Customers › Invitation', branch: 1, relation: 'Default' },
      },
    ]);
    expect(formatDiff(back).split('\n')[0]).toBe(
      '- removed Customers › Invitation › Wait a day [Scheduler] under Customers › Invitation (branch 1)',
    );
    expect(formatDiff(diff).split('\n')[0]).toBe(
      '+ added Customers › Invitation › Wait a day [Scheduler] under Customers › Invitation (branch 1)',
    );
  });

  it('reports tiles that changed branch as moved', () => {
    const diff = diffJourneys(invitation(), invitation({ swap: true }));
    expect(diff.summary).toStrictEqual({ added: 0, removed: 0, moved: 2, changed: 0, settings: 0 });
    expect(diff.tiles.find((t) => t.kind === 'moved' && t.after.id === '01_3')).toStrictEqual({
      kind: 'moved',
      before: { id: '01_3', type: 'Email', path: 'Customers › Invitation › Registered? › Thank you' },
      after: { id: '01_3', type: 'Email', path: 'Customers › Invitation › Registered? › Thank you' },
      from: { parentId: '01_2', parent: 'Customers › Invitation › Registered?', branch: 0, relation: 'YesBranch' },
      to: { parentId: '01_2', parent: 'Customers › Invitation › Registered?', branch: 1, relation: 'NoBranch' },
    });
    expect(formatDiff(diff).split('\n')[1]).toBe(
      '> moved Customers › Invitation › Registered? › Thank you [Email] from Customers › Invitation › Registered? (yes branch) to Customers › Invitation › Registered? (no branch)',
    );
  });

  it('reports a tile under a new parent as moved', () => {
    const a = invitation();
    // The trigger now hangs directly under the segment.
    const segment = a.root.children[0] as Activity;
    const invite = segment.children[0] as Activity;
    const trigger = invite.children[0] as Activity;
    const b = tree([{ ...segment, children: [{ ...invite, children: [] }, { ...trigger, branch: 1 }] }]);
    const diff = diffJourneys(a, b);
    expect(diff.tiles).toStrictEqual([
      {
        kind: 'moved',
        before: { id: '01_2', type: 'Trigger', path: 'Customers › Invitation › Registered?' },
        after: { id: '01_2', type: 'Trigger', path: 'Customers › Registered?' },
        from: { parentId: '01_1', parent: 'Customers › Invitation', branch: 0, relation: 'Default' },
        to: { parentId: '01_0', parent: 'Customers', branch: 1, relation: 'Default' },
      },
    ]);
  });

  it('matches tiles by key when both have keys, whatever their ActivityIds', () => {
    const a = invitation({ keys: true });
    const segment = a.root.children[0] as Activity;
    const renumber = (t: Activity): Activity => ({ ...t, id: `${t.id}x`, children: t.children.map(renumber) });
    const b: JourneyTree = { ...a, root: { ...a.root, children: [renumber(segment)] } };
    expect(diffJourneys(a, b).equal).toBe(true);

    // Different keys on the same ActivityId: two different tiles.
    const c = invitation({ keys: true });
    const cs = c.root.children[0] as Activity;
    const d: JourneyTree = { ...c, root: { ...c.root, children: [{ ...cs, key: 'others' }] } };
    const diff = diffJourneys(c, d);
    expect(diff.tiles.map((t) => t.kind)).toStrictEqual(['added', 'moved', 'removed']);
  });

  it('falls back to ActivityId when only one side has keys', () => {
    expect(diffJourneys(invitation({ keys: true }), invitation()).equal).toBe(true);
  });

  it('reports settings changes; status only when both sides state one', () => {
    const a = invitation({ settings: { start: '2026-02-01T09:00:00Z', recurrence: { intervalDays: 30, count: 3 } } });
    const b = invitation({ settings: { start: '2026-02-02T09:00:00Z', recurrence: { intervalDays: 30, count: 4 }, status: 'Draft' } });
    const diff = diffJourneys(a, b);
    expect(diff.settings).toStrictEqual([
      { property: 'start', before: '2026-02-01T09:00:00Z', after: '2026-02-02T09:00:00Z' },
      { property: 'recurrence.count', before: 3, after: 4 },
    ]);
    expect(diff.tiles).toStrictEqual([]);
    expect(formatDiff(diff)).toBe(
      [
        '~ setting start: "2026-02-01T09:00:00Z" -> "2026-02-02T09:00:00Z"',
        '~ setting recurrence.count: 3 -> 4',
        '0 added, 0 removed, 0 moved, 0 changed, 2 settings changed',
      ].join('\n'),
    );
    const live = diffJourneys(invitation({ settings: { status: 'Draft' } }), invitation({ settings: { status: 'Live' } }));
    expect(live.settings).toStrictEqual([{ property: 'status', before: 'Draft', after: 'Live' }]);
  });

  it('reports properties that appear or disappear, nested items and unknown fields', () => {
    const a = tree([tile({ id: '01_0', type: 'Email', itemId: 1, nested: [{ type: 'Event', itemId: 2, name: 'Launch' }] })]);
    const b = tree([
      {
        ...tile({ id: '01_0', type: 'Email', itemId: 1, header: { description: 'now described' } }),
        extra: { CustomFlag: true },
      },
    ]);
    const diff = diffJourneys(a, b);
    expect(diff.tiles).toStrictEqual([
      {
        kind: 'changed',
        before: { id: '01_0', type: 'Email', path: 'Email' },
        after: { id: '01_0', type: 'Email', path: 'Email' },
        properties: [
          { property: 'nested[0].type', before: 'Event' },
          { property: 'nested[0].name', before: 'Launch' },
          { property: 'activity.extra.CustomFlag', after: true },
          { property: 'description', after: 'now described' },
        ],
      },
    ]);
    expect(formatDiff(diff)).toContain('    nested[0].name: "Launch" -> (absent)');
  });

  it('is pure: the inputs are not changed and the result is the same every time', () => {
    const a = invitation();
    const b = invitation({ inviteName: 'Invite' });
    const before = JSON.stringify([a, b]);
    expect(diffJourneys(a, b)).toStrictEqual(diffJourneys(a, b));
    expect(JSON.stringify([a, b])).toBe(before);
  });

  it('handles deep journeys without recursion', () => {
    const deep = (n: number, name: (i: number) => string): JourneyTree => {
      let t: Activity | undefined;
      for (let i = n - 1; i >= 0; i--) {
        t = tile({ id: `01_${i}`, type: 'Scheduler', name: name(i), itemId: i + 1, children: t === undefined ? [] : [t] });
      }
      return tree(t === undefined ? [] : [t]);
    };
    const diff = diffJourneys(deep(12_000, (i) => `Wait ${i}`), deep(12_000, (i) => (i === 11_999 ? 'Last' : `Wait ${i}`)));
    expect(diff.summary.changed).toBe(1);
  });
});
