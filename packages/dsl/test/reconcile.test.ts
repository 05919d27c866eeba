import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  edit,
  effectiveDesignerState,
  findDuplicateIds,
  findItem,
  findTile,
  highestUsedIds,
  journey,
  reconcileIds,
  walk,
  type Activity,
  type ChainBuilder,
  type JourneyBuilder,
  type Item,
  type JourneyTree,
} from '@customer-journey/dsl';

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const OTHER = '284e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const seg = { include: [{ id: SEGMENT }] };

/** The tree as the org keeps it: keys are not stored. */
function withoutKeys(tree: JourneyTree): JourneyTree {
  return edit(tree, (draft) => {
    const stack = [draft.root as unknown as Activity & { key?: string }];
    for (let tile = stack.pop(); tile !== undefined; tile = stack.pop()) {
      delete (tile as { key?: string }).key;
      if (tile.header !== undefined) delete (tile.header as { key?: string }).key;
      for (const item of tile.nested) delete (item as { key?: string }).key;
      stack.push(...(tile.children as (Activity & { key?: string })[]));
    }
  });
}

const byName = (tree: JourneyTree, name: string): Activity => {
  const tile = findTile(tree, (a) => a.header?.name === name);
  if (tile === undefined) throw new Error(`no tile named ${name}`);
  return tile;
};

/** The tree without its ids: type, name, place and settings of every tile, in pre-order. */
function shape(tree: JourneyTree): unknown[] {
  const out: unknown[] = [];
  walk(tree, (tile, { depth }) => {
    const { itemId: _h, conditions: _c, ...header } = (tile.header ?? {}) as Item<'Trigger'>;
    out.push([depth, tile.type, tile.relation, tile.branch, header, tile.nested.map(({ itemId: _i, ...rest }) => rest)]);
  });
  return out;
}

const welcome = (): JourneyBuilder => journey('Welcome', { target: 'contact' }).segment('New contacts', seg);

describe('reconcileIds', () => {
  it('changes nothing for a journey that was never pushed: the very same tree', () => {
    const tree = welcome().email('Welcome', { emailId: EMAIL }).build();
    expect(reconcileIds(tree, undefined)).toBe(tree);
  });

  it('returns the local tree itself when the stored copy has the same ids', () => {
    const local = welcome().email('Welcome', { emailId: EMAIL }).email('Thanks', { emailId: OTHER }).build();
    const stored = withoutKeys(welcome().email('Welcome', { emailId: EMAIL }).email('Thanks', { emailId: OTHER }).build());
    expect(stored).not.toBe(local);
    expect(reconcileIds(local, stored)).toBe(local);
  });

  it('keeps the ids of "Welcome" when an email is inserted before it; the new tile gets ids above the stored counters', () => {
    const stored = welcome().email('Welcome', { emailId: EMAIL }).email('Thanks', { emailId: OTHER }).build();
    const local = welcome().email('Intro', { emailId: OTHER }).email('Welcome', { emailId: EMAIL }).email('Thanks', { emailId: OTHER }).build();
    // Without reconciliation the builder renumbers: "Intro" takes the id "Welcome" had.
    expect(byName(local, 'Intro').id).toBe(byName(stored, 'Welcome').id);

    const reconciled = reconcileIds(local, stored);
    for (const name of ['New contacts', 'Welcome', 'Thanks']) {
      expect(byName(reconciled, name).id).toBe(byName(stored, name).id);
      expect(byName(reconciled, name).header?.itemId).toBe(byName(stored, name).header?.itemId);
    }
    const intro = byName(reconciled, 'Intro');
    expect(intro.id).toBe(`01_0_${stored.designerState.nextActivityId}`);
    expect(intro.header?.itemId).toBe(stored.designerState.nextItemId);
    expect(reconciled.designerState).toEqual({ nextActivityId: stored.designerState.nextActivityId + 1, nextItemId: stored.designerState.nextItemId + 1 });
    expect(shape(reconciled)).toEqual(shape(local));
    expect(findDuplicateIds(reconciled)).toEqual({ activityIds: [], itemIds: [] });
  });

  it('keeps the ids of the tiles below a removed tile', () => {
    const stored = welcome().email('A', { emailId: EMAIL }).email('B', { emailId: EMAIL }).email('C', { emailId: EMAIL }).build();
    const local = welcome().email('A', { emailId: EMAIL }).email('C', { emailId: EMAIL }).build();
    const reconciled = reconcileIds(local, stored);
    expect(byName(reconciled, 'C').id).toBe(byName(stored, 'C').id);
    expect(byName(reconciled, 'C').id).not.toBe(byName(local, 'C').id);
    // Counters never go down, although the journey now uses fewer ids.
    expect(reconciled.designerState).toEqual(stored.designerState);
  });

  it('never hands a deleted tile’s ids to a new tile in the same place, even one push later', () => {
    const v1 = welcome().email('Reminder', { emailId: EMAIL }).build();
    const reminder = byName(v1, 'Reminder');
    const v2 = reconcileIds(welcome().build(), v1);
    const v3 = reconcileIds(welcome().email('Thank you', { emailId: EMAIL }).build(), v2);
    const thanks = byName(v3, 'Thank you');
    expect(thanks.id).not.toBe(reminder.id);
    expect(thanks.header?.itemId).not.toBe(reminder.header?.itemId);
    expect(v3.designerState.nextActivityId).toBeGreaterThan(v1.designerState.nextActivityId);
    expect(v3.designerState.nextItemId).toBeGreaterThan(v1.designerState.nextItemId);
  });

  it('starts new ids above the stored designer state when it is above the ids in use', () => {
    const stored = edit(welcome().email('Welcome', { emailId: EMAIL }).build(), (d) => {
      d.designerState = { nextActivityId: 40, nextItemId: 90, extra: { Zoom: 2 } };
    });
    const local = welcome().email('Welcome', { emailId: EMAIL }).email('New', { emailId: OTHER }).build();
    const reconciled = reconcileIds(local, stored);
    expect(byName(reconciled, 'New').id).toBe('01_0_1_40');
    expect(byName(reconciled, 'New').header?.itemId).toBe(90);
    // Unknown designer-state keys of the stored copy are kept.
    expect(reconciled.designerState).toEqual({ nextActivityId: 41, nextItemId: 91, extra: { Zoom: 2 } });
  });

  it('matches by key first, when the stored tree has keys', () => {
    const stored = welcome()
      .email('Invitation', { emailId: EMAIL, key: 'invite' })
      .email('Reminder', { emailId: OTHER, key: 'remind' })
      .build();
    const local = welcome()
      .email('Reminder (new)', { emailId: OTHER, key: 'remind' })
      .email('Invitation (final)', { emailId: EMAIL, key: 'invite' })
      .build();
    const reconciled = reconcileIds(local, stored);
    expect(byName(reconciled, 'Invitation (final)').id).toBe(byName(stored, 'Invitation').id);
    expect(byName(reconciled, 'Reminder (new)').id).toBe(byName(stored, 'Reminder').id);
    expect(byName(reconciled, 'Reminder (new)').key).toBe('remind');
  });

  it('recovers keys the org does not store from trigger conditions: a renamed email keeps its ids, the condition follows', () => {
    const invitation = (name: string, timeout: number) =>
      welcome()
        .email(name, { emailId: EMAIL, nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
        .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: timeout, unit: 'Day' } }, {
          yes: (b) => b.email('Thank you', { emailId: OTHER }),
        })
        .build();
    const stored = withoutKeys(invitation('Invitation', 5));
    const local = invitation('Invitation (final)', 7);
    // Renamed and moved below a new first email: only the condition tells which email it is.
    const moved = welcome()
      .email('Teaser', { emailId: OTHER })
      .email('Invitation (final)', { emailId: EMAIL, nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
      .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 7, unit: 'Day' } }, {
        yes: (b) => b.email('Thank you', { emailId: OTHER }),
      })
      .build();
    for (const tree of [local, moved]) {
      const reconciled = reconcileIds(tree, stored);
      const email = byName(reconciled, 'Invitation (final)');
      expect(email.id).toBe(byName(stored, 'Invitation').id);
      expect(email.nested[0]?.itemId).toBe(byName(stored, 'Invitation').nested[0]?.itemId);
      const trigger = byName(reconciled, 'Registered?') as Activity<'Trigger'>;
      expect(trigger.id).toBe(byName(stored, 'Registered?').id);
      const source = trigger.header?.conditions?.[0]?.sourceItemId ?? '';
      expect(findItem(reconciled, Number(source))?.item.name).toBe('Event page');
    }
  });

  it('matches a tile whose type changed in place by its path of names', () => {
    const stored = welcome().email('Follow-up', { emailId: EMAIL }).build();
    const local = welcome().activity('Follow-up', { activityType: 'phonecall' }).build();
    const reconciled = reconcileIds(local, stored);
    expect(byName(reconciled, 'Follow-up').id).toBe(byName(stored, 'Follow-up').id);
    expect(byName(reconciled, 'Follow-up').type).toBe('CreateCrmActivity');
  });

  it('prefers the same branch for look-alike siblings (empty placeholders of a trigger)', () => {
    const trigger = (yes?: boolean) =>
      welcome()
        .email('Invite', { emailId: EMAIL, key: 'invite' })
        .trigger('Opened?', { conditions: [{ source: 'invite', condition: 'EmailOpened' }], timeout: { value: 1, unit: 'Day' } }, yes ? { yes: (b) => b.email('Yes', { emailId: OTHER }) } : {})
        .build();
    const stored = trigger(false);
    const reconciled = reconcileIds(trigger(true), stored);
    const storedNo = findTile(stored, (a) => a.type === 'empty' && a.relation === 'NoBranch');
    const localNo = findTile(reconciled, (a) => a.type === 'empty' && a.relation === 'NoBranch');
    expect(localNo?.id).toBe(storedNo?.id);
  });

  it('keeps nested item ids and gives new nested items ids above the stored counter', () => {
    const group = (segments: string[]) =>
      journey('Groups', { target: 'contact' })
        .segment('Audience', { include: segments.map((id) => ({ id })) })
        .email('Welcome', { emailId: EMAIL })
        .build();
    const s2 = '61d2115b-544a-e911-a873-000d3a1fe344';
    const stored = group([SEGMENT]);
    const reconciled = reconcileIds(group([s2, SEGMENT]), stored);
    const audience = byName(reconciled, 'Audience');
    const kept = audience.nested.find((i) => i.recordId === SEGMENT);
    const added = audience.nested.find((i) => i.recordId === s2);
    expect(kept?.itemId).toBe(byName(stored, 'Audience').nested[0]?.itemId);
    expect(added?.itemId).toBe(stored.designerState.nextItemId);
    expect(byName(reconciled, 'Welcome').header?.itemId).toBe(byName(stored, 'Welcome').header?.itemId);
  });

  it('returns a deeply frozen tree and leaves both inputs untouched', () => {
    const stored = welcome().email('Welcome', { emailId: EMAIL }).build();
    const local = welcome().email('Intro', { emailId: OTHER }).email('Welcome', { emailId: EMAIL }).build();
    const before = JSON.stringify([local, stored]);
    const reconciled = reconcileIds(local, stored);
    expect(JSON.stringify([local, stored])).toBe(before);
    const stack: unknown[] = [reconciled];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next === null || typeof next !== 'object') continue;
      expect(Object.isFrozen(next)).toBe(true);
      stack.push(...Object.values(next));
    }
  });

  it('handles deep journeys without recursion', () => {
    let b = welcome();
    for (let i = 0; i < 3000; i++) b = b.email(`E${i}`, { emailId: EMAIL });
    const stored = b.build();
    const local = welcome().email('First', { emailId: OTHER });
    let c = local;
    for (let i = 0; i < 3000; i++) c = c.email(`E${i}`, { emailId: EMAIL });
    const reconciled = reconcileIds(c.build(), stored);
    expect(byName(reconciled, 'E2999').id).toBe(byName(stored, 'E2999').id);
  });
});

// --------------------------------------------------------------------------------- property test

type Kind = 'email' | 'activity';
interface ModelTile {
  readonly name: string;
  readonly kind: Kind;
  readonly version: number;
}
/** A journey: a segment, a chain, a trigger, and a chain on each branch. Names are unique: they are identity. */
type Model = readonly [ModelTile[], ModelTile[], ModelTile[]];

type Op =
  | { readonly op: 'insert'; readonly chain: number; readonly at: number; readonly kind: Kind }
  | { readonly op: 'delete'; readonly chain: number; readonly at: number }
  | { readonly op: 'change'; readonly chain: number; readonly at: number }
  | { readonly op: 'rename'; readonly chain: number; readonly at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), chain: fc.nat(2), at: fc.nat(), kind: fc.constantFrom<Kind>('email', 'activity') }),
  fc.record({ op: fc.constant('delete' as const), chain: fc.nat(2), at: fc.nat() }),
  fc.record({ op: fc.constant('change' as const), chain: fc.nat(2), at: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), chain: fc.nat(2), at: fc.nat() }),
);

const guidOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function apply(model: Model, op: Op, fresh: () => string): Model {
  const chains = model.map((c) => [...c]) as [ModelTile[], ModelTile[], ModelTile[]];
  const chain = chains[op.chain]!;
  if (op.op === 'insert') {
    chain.splice(op.at % (chain.length + 1), 0, { name: fresh(), kind: op.kind, version: 0 });
    return chains;
  }
  if (chain.length === 0) return chains;
  const at = op.at % chain.length;
  const tile = chain[at]!;
  if (op.op === 'delete') chain.splice(at, 1);
  else if (op.op === 'change') chain[at] = { ...tile, version: tile.version + 1 };
  else chain[at] = { ...tile, name: fresh() };
  return chains;
}

/** What both a journey and a branch chain offer, for adding the model's tiles to either. */
interface Chainable<B> {
  email(name: string, options: { emailId: string }): B;
  activity(name: string, options: { activityType: string }): B;
}

function add<B extends Chainable<B>>(b: B, tile: ModelTile): B {
  return tile.kind === 'email'
    ? b.email(tile.name, { emailId: guidOf(tile.version + 1) })
    : b.activity(tile.name, { activityType: tile.version % 2 === 0 ? 'phonecall' : 'task' });
}

function build(model: Model): JourneyTree {
  const [main, yes, no] = model;
  let b: JourneyBuilder = journey('Property', { target: 'contact' }).segment('Audience', { ...seg, key: 'audience' });
  for (const tile of main) b = add(b, tile);
  const branch = (tiles: readonly ModelTile[]) => (c: ChainBuilder) => tiles.reduce((chain, tile) => add(chain, tile), c);
  return b
    .trigger('Decision', { conditions: [{ source: 'audience', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } }, {
      ...(yes.length > 0 ? { yes: branch(yes) } : {}),
      ...(no.length > 0 ? { no: branch(no) } : {}),
    })
    .build();
}

describe('reconcileIds over random edit sequences', () => {
  it('keeps every invariant push after push', () => {
    fc.assert(
      fc.property(fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), (pushes) => {
        let counter = 0;
        const fresh = (): string => `T${counter++}`;
        let model: Model = [[{ name: fresh(), kind: 'email', version: 0 }], [], []];
        let stored = withoutKeys(reconcileIds(build(model), undefined));
        const activityOwner = new Map<string, string>();
        const itemOwner = new Map<number, string>();
        const record = (tree: JourneyTree): void => {
          walk(tree, (tile) => {
            const name = tile.header?.name ?? `${tile.type}@${tile.relation}`;
            expect(activityOwner.get(tile.id) ?? name).toBe(name);
            activityOwner.set(tile.id, name);
            const id = tile.header?.itemId;
            if (id !== undefined) {
              expect(itemOwner.get(id) ?? name).toBe(name);
              itemOwner.set(id, name);
            }
          });
        };
        record(stored);
        for (const ops of pushes) {
          model = ops.reduce((m, op) => apply(m, op, fresh), model);
          const local = build(model);
          const next = reconcileIds(local, stored);
          // Only ids change: every tile, setting and place is the local one.
          expect(shape(next)).toEqual(shape(local));
          // Ids are unique, and the counters are above every id and never go down.
          expect(findDuplicateIds(next)).toEqual({ activityIds: [], itemIds: [] });
          const used = highestUsedIds(next);
          expect(next.designerState.nextActivityId).toBeGreaterThan(used.activityCounter);
          expect(next.designerState.nextItemId).toBeGreaterThan(used.itemId);
          expect(next.designerState.nextActivityId).toBeGreaterThanOrEqual(effectiveDesignerState(stored).nextActivityId);
          expect(next.designerState.nextItemId).toBeGreaterThanOrEqual(effectiveDesignerState(stored).nextItemId);
          // A tile that survives keeps its ids.
          walk(stored, (tile) => {
            const name = tile.header?.name;
            if (name === undefined) return;
            const now = findTile(next, (a) => a.header?.name === name);
            if (now !== undefined) {
              expect(now.id).toBe(tile.id);
              expect(now.header?.itemId).toBe(tile.header?.itemId);
            }
          });
          // The trigger still points at the segment group.
          const decision = byName(next, 'Decision') as Activity<'Trigger'>;
          expect(findItem(next, Number(decision.header?.conditions?.[0]?.sourceItemId))?.activity.header?.name).toBe('Audience');
          // An id ever used in the record never goes to a different tile.
          stored = withoutKeys(next);
          record(stored);
        }
      }),
      { numRuns: 200 },
    );
  });
});
