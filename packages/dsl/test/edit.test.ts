import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { castDraft, original } from 'immer';
import type { Draft } from 'immer';
import { JourneyBuildError, countTiles, edit, findDuplicateIds, highestUsedIds, journey, walk } from '@customer-journey/dsl';
import type { Activity, JourneyTree } from '@customer-journey/dsl';

const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';

const base = journey('Edit me')
  .segment('Customers', { include: [{ id: SEGMENT }] })
  .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
    yes: (b) => b.email('Thanks', { emailId: EMAIL }),
    no: (b) => b.email('Reminder', { emailId: EMAIL }),
  })
  .build();

const isDeepFrozen = (value: unknown): boolean => {
  const stack: unknown[] = [value];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next === null || typeof next !== 'object') continue;
    if (!Object.isFrozen(next)) return false;
    stack.push(...Object.values(next));
  }
  return true;
};

const idsAreSound = (tree: JourneyTree): void => {
  expect(findDuplicateIds(tree)).toStrictEqual({ activityIds: [], itemIds: [] });
  const used = highestUsedIds(tree);
  expect(tree.designerState.nextActivityId).toBeGreaterThan(used.activityCounter);
  expect(tree.designerState.nextItemId).toBeGreaterThan(used.itemId);
};

describe('edit', () => {
  it('changes a copy and keeps untouched subtrees', () => {
    // given a built journey
    // when the reminder is renamed
    const next = edit(base, (draft) => {
      draft.root.children[0]!.children[0]!.children[0]!.children[1]!.header!.name = 'Last call';
    });
    // then the change is in the copy only, unchanged parts are shared, and all is frozen
    const trigger = next.root.children[0]!.children[0]!.children[0]!;
    expect(trigger.children[1]!.header!.name).toBe('Last call');
    expect(base.root.children[0]!.children[0]!.children[0]!.children[1]!.header!.name).toBe('Reminder');
    expect(trigger.children[0]).toBe(base.root.children[0]!.children[0]!.children[0]!.children[0]);
    expect(next.root.children[0]!.nested).toBe(base.root.children[0]!.nested);
    expect(next.settings).toBe(base.settings);
    expect(next.designerState).toBe(base.designerState);
    expect(isDeepFrozen(next)).toBe(true);
  });

  it('returns the same tree when nothing changes', () => {
    expect(edit(base, () => undefined)).toBe(base);
  });

  it('gives new tiles ids from the counters and resolves keys of the journey', () => {
    // given a journey whose designer state is at 5 / 8
    expect(base.designerState).toStrictEqual({ nextActivityId: 5, nextItemId: 8 });
    // when a wait and a trigger on the page are added after "Thanks"
    const next = edit(base, (draft, { tiles }) => {
      const thanks = draft.root.children[0]!.children[0]!.children[0]!.children[0]!;
      thanks.children.push(
        ...tiles((b) =>
          b.wait({ duration: { value: 1, unit: 'Day' } }).trigger('Again?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } }, {
            yes: (y) => y.email('Welcome', { emailId: EMAIL, key: 'welcome' }),
          }),
        ),
      );
    });
    // then they continue the counters under their parents
    const thanks = next.root.children[0]!.children[0]!.children[0]!.children[0]!;
    const wait = thanks.children[0]!;
    const trigger = wait.children[0]!;
    expect([wait.id, trigger.id, trigger.children[0]!.id, trigger.children[1]!.id]).toStrictEqual([
      '01_0_1_2_3_5', '01_0_1_2_3_5_6', '01_0_1_2_3_5_6_7', '01_0_1_2_3_5_6_8',
    ]);
    expect([wait.header!.itemId, trigger.header!.itemId, trigger.children[0]!.header!.itemId]).toStrictEqual([8, 9, 10]);
    expect(trigger.header).toMatchObject({ conditions: [{ sourceItemId: '4', condition: 'UserRegistered' }] });
    expect(trigger.children[1]).toStrictEqual({ type: 'empty', id: '01_0_1_2_3_5_6_8', relation: 'NoBranch', branch: 1, nested: [], children: [] });
    expect(next.designerState).toStrictEqual({ nextActivityId: 9, nextItemId: 11 });
    expect(next.root.children[0]!.children[0]!.children[0]!.children[1]).toBe(base.root.children[0]!.children[0]!.children[0]!.children[1]);
    expect(isDeepFrozen(next)).toBe(true);
    idsAreSound(next);
  });

  it('places new tiles in a slot, and a leading parallel gives one tile per branch', () => {
    const next = edit(base, (draft, { tiles }) => {
      const segment = draft.root.children[0]!;
      segment.children.push(...tiles((b) => b.parallel((p) => p.createLead('A'), (p) => p.createLead('B')), { branch: 1 }));
    });
    expect(next.root.children[0]!.children.map((a) => [a.id, a.branch, a.relation])).toStrictEqual([
      ['01_0_1', 0, 'Default'],
      ['01_0_5', 1, 'Default'],
      ['01_0_6', 2, 'Default'],
    ]);
  });

  it('re-ids a copied subtree, keeps the first occurrence, and points copied triggers at copied items', () => {
    // when the email subtree is copied under the root
    const next = edit(base, (draft) => {
      draft.root.children.push(castDraft(original(draft.root.children[0]!.children[0]!)!));
    });
    // then the original keeps its ids and the copy gets new ones from the counters
    const [segment, copy] = next.root.children as [Activity, Activity];
    expect(segment).toBe(base.root.children[0]);
    expect(copy.id).toBe('01_5');
    expect(copy.header!.itemId).toBe(8);
    expect(copy.nested[0]!.itemId).toBe(9);
    const copiedTrigger = copy.children[0]!;
    expect(copiedTrigger.id).toBe('01_5_6');
    expect(copiedTrigger.header).toMatchObject({ itemId: 10, conditions: [{ sourceItemId: '9', condition: 'UserRegistered' }] });
    expect(copiedTrigger.children.map((a) => a.id)).toStrictEqual(['01_5_6_7', '01_5_6_8']);
    expect(next.designerState).toStrictEqual({ nextActivityId: 9, nextItemId: 13 });
    // and the original trigger still points at the original page
    expect(segment.children[0]!.children[0]!.header).toMatchObject({ conditions: [{ sourceItemId: '4' }] });
    idsAreSound(next);
    expect(isDeepFrozen(next)).toBe(true);
  });

  it('gives ids to hand-made tiles and items and raises a lagging designer state', () => {
    const lagging: JourneyTree = { ...base, designerState: { nextActivityId: 1, nextItemId: 1 } };
    const next = edit(lagging, (draft) => {
      draft.root.children.push({ type: 'contoso_Sms', id: '', relation: 'Default', branch: 1, header: { type: 'contoso_Sms', itemId: -1 }, nested: [], children: [] });
    });
    expect(next.root.children[1]).toMatchObject({ id: '01_5', header: { itemId: 8 } });
    expect(next.designerState).toStrictEqual({ nextActivityId: 6, nextItemId: 9 });
    expect(edit(lagging, () => undefined).designerState).toStrictEqual({ nextActivityId: 5, nextItemId: 8 });
  });

  it('reports unknown keys in new tiles with the known ones', () => {
    const attempt = () =>
      edit(base, (draft, { tiles }) => {
        draft.root.children.push(...tiles((b) => b.trigger('T', { conditions: [{ source: 'paeg', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } })));
      });
    expect(attempt).toThrow(JourneyBuildError);
    expect(attempt).toThrow('Trigger "T" (T): condition source "paeg" is not a key of this journey; known keys: invite, page');
  });

  it('edits a journey 5,000 tiles deep', () => {
    let b = journey('Deep');
    for (let i = 0; i < 5000; i++) b = b.createLead(`L${i}`);
    const deep = b.build();
    const next = edit(deep, (draft, { tiles }) => {
      let leaf = draft.root.children[0]!;
      while (leaf.children[0] !== undefined) leaf = leaf.children[0];
      leaf.children.push(...tiles((c) => c.createLead('Last')));
      draft.root.children.push(castDraft(original(draft.root.children[0]!)!));
    });
    expect(countTiles(next)).toBe(10001);
    idsAreSound(next);
    expect(isDeepFrozen(next)).toBe(true);
  });
});

type Op =
  | { readonly kind: 'add'; readonly at: number; readonly tiles: number }
  | { readonly kind: 'remove'; readonly at: number }
  | { readonly kind: 'move'; readonly from: number; readonly to: number }
  | { readonly kind: 'copy'; readonly from: number; readonly to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), tiles: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('copy' as const), from: fc.nat(), to: fc.nat() }),
);

/** Activities of a draft in pre-order, each with its parent (the root has none). */
type Node = Draft<Activity>;
const preOrder = (rootNode: Node): { node: Node; parent: Node | undefined }[] => {
  const out: { node: Node; parent: Node | undefined }[] = [];
  const stack: { node: Node; parent: Node | undefined }[] = [{ node: rootNode, parent: undefined }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    out.push(next);
    for (let i = next.node.children.length - 1; i >= 0; i--) stack.push({ node: next.node.children[i]!, parent: next.node });
  }
  return out;
};

const apply = (tree: JourneyTree, step: Op): JourneyTree =>
  edit(tree, (draft, { tiles }) => {
    const all = preOrder(draft.root);
    const pick = (n: number) => all[n % all.length]!;
    switch (step.kind) {
      case 'add': {
        const target = pick(step.at).node;
        target.children.push(
          ...tiles((b) => {
            let chain = b.email('New', { emailId: EMAIL, nested: [{ type: 'Event', id: PAGE }] });
            for (let i = 1; i < step.tiles; i++) chain = chain.createLead(`Lead ${i}`);
            return chain;
          }),
        );
        break;
      }
      case 'remove': {
        const { node, parent } = pick(step.at);
        if (parent !== undefined) parent.children.splice(parent.children.indexOf(node), 1);
        break;
      }
      case 'move': {
        const { node, parent } = pick(step.from);
        const target = pick(step.to).node;
        const inside = preOrder(node).some((entry) => entry.node === target);
        if (parent !== undefined && !inside) {
          parent.children.splice(parent.children.indexOf(node), 1);
          target.children.push(node);
        }
        break;
      }
      case 'copy': {
        const { node, parent } = pick(step.from);
        if (parent !== undefined) pick(step.to).node.children.push(castDraft(original(node) ?? node));
        break;
      }
    }
  });

describe('edit properties', () => {
  it('keeps ids unique and the designer state above every id after any edits', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        let tree = base;
        for (const step of ops) {
          tree = apply(tree, step);
          const dupes = findDuplicateIds(tree);
          const used = highestUsedIds(tree);
          if (dupes.activityIds.length > 0 || dupes.itemIds.length > 0) return false;
          if (tree.designerState.nextActivityId <= used.activityCounter) return false;
          if (tree.designerState.nextItemId <= used.itemId) return false;
          let wellFormed = true;
          walk(tree, (activity) => {
            if (activity.id === '') wellFormed = false;
          });
          if (!wellFormed || !Object.isFrozen(tree.root)) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});
