import { describe, expect, it } from 'vitest';
import { countTiles, findItem, findTile, findTiles, journey, tileName, tilePath, walk } from '@customer-journey/dsl';
import type { ChainBuilder } from '@customer-journey/dsl';

const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';

const tree = journey('Walk')
  .segment('Customers', { include: [{ id: SEGMENT, key: 'seg' }] })
  .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
    yes: (b) => b.email('Thanks', { emailId: EMAIL }),
  })
  .build();

describe('walk', () => {
  it('visits in pre-order with parent, depth and index', () => {
    const seen: string[] = [];
    walk(tree, (activity, { parent, depth, index }) => {
      seen.push(`${activity.id}<${parent?.id ?? '-'} d${depth} i${index}`);
    });
    expect(seen).toStrictEqual([
      '01<- d0 i0',
      '01_0<01 d1 i0',
      '01_0_1<01_0 d2 i0',
      '01_0_1_2<01_0_1 d3 i0',
      '01_0_1_2_3<01_0_1_2 d4 i0',
      '01_0_1_2_4<01_0_1_2 d4 i1',
    ]);
  });

  it('skips children and stops on request', () => {
    const skipped: string[] = [];
    walk(tree, (activity) => {
      skipped.push(activity.id);
      return activity.type === 'Email' ? 'skip' : undefined;
    });
    expect(skipped).toStrictEqual(['01', '01_0', '01_0_1']);
    const stopped: string[] = [];
    walk(tree.root.children[0]!, (activity) => {
      stopped.push(activity.id);
      return activity.type === 'Trigger' ? 'stop' : undefined;
    });
    expect(stopped).toStrictEqual(['01_0', '01_0_1', '01_0_1_2']);
  });

  it('walks 5,000 deep without recursion', () => {
    let b = journey('Deep');
    for (let i = 0; i < 5000; i++) b = b.createLead(`L${i}`);
    const deep = b.build();
    let maxDepth = 0;
    walk(deep, (_a, { depth }) => {
      maxDepth = Math.max(maxDepth, depth);
    });
    expect(maxDepth).toBe(5000);
    expect(countTiles(deep)).toBe(5000);
    expect(tilePath(deep, deep.designerState.nextActivityId === 5000 ? findTile(deep, (a) => a.header?.name === 'L4999')!.id : '').length).toBe(5000);
  });
});

describe('look-ups', () => {
  it('finds tiles by key or predicate', () => {
    expect(findTile(tree, 'invite')?.id).toBe('01_0_1');
    expect(findTile(tree, (a) => a.header?.name === 'Thanks')?.id).toBe('01_0_1_2_3');
    expect(findTile(tree, 'nope')).toBeUndefined();
  });

  it('finds tiles by type', () => {
    expect(findTiles(tree, 'Email').map((a) => a.id)).toStrictEqual(['01_0_1', '01_0_1_2_3']);
    expect(findTiles(tree, 'empty').map((a) => a.relation)).toStrictEqual(['NoBranch']);
  });

  it('finds items by key, by item id and by item id as a string', () => {
    expect(findItem(tree, 'page')).toStrictEqual({ item: tree.root.children[0]!.children[0]!.nested[0], activity: tree.root.children[0]!.children[0] });
    expect(findItem(tree, 'invite')?.item.itemId).toBe(3);
    expect(findItem(tree, 'seg')?.item.type).toBe('SegmentItem');
    expect(findItem(tree, 4)?.item.key).toBe('page');
    expect(findItem(tree, '1')?.activity.type).toBe('Segment');
    expect(findItem(tree, 0)?.activity.type).toBe('bpf_root');
    expect(findItem(tree, 99)).toBeUndefined();
    expect(findItem(tree, 'unknown')).toBeUndefined();
  });

  it('gives the path of names from the root', () => {
    expect(tilePath(tree, '01_0_1_2_3')).toStrictEqual(['Customers', 'Invitation', 'Registered?', 'Thanks']);
    expect(tilePath(tree, '01_0_1_2_4')).toStrictEqual(['Customers', 'Invitation', 'Registered?', 'empty']);
    expect(tilePath(tree, '01')).toStrictEqual([]);
    expect(tilePath(tree, 'missing')).toStrictEqual([]);
    expect(tilePath(tree.root.children[0]!, '01_0_1')).toStrictEqual(['Customers', 'Invitation']);
    expect(tileName(tree.root)).toBe('New ActivityTypeName_bpf_root_TitleText');
  });

  it('counts tiles without the root', () => {
    expect(countTiles(tree)).toBe(5);
    expect(countTiles(tree.root.children[0]!.children[0]!)).toBe(4);
    const chain = (b: ChainBuilder) => b.createLead('x');
    expect(countTiles(journey('J').parallel(chain, chain, chain).build())).toBe(3);
  });
});
