import { describe, expectTypeOf, it } from 'vitest';
import { findTiles, journey } from '@customer-journey/dsl';
import type {
  Activity,
  ChainBuilder,
  ChainEnd,
  JourneyBuilder,
  JourneyEnd,
  JourneyTree,
  NestedItemOptions,
  OmittableItemField,
  RawItem,
  RootOptions,
  TileOptions,
} from '@customer-journey/dsl';

const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const timeout = { value: 1, unit: 'Day' } as const;

describe('builder types', () => {
  it('returns builders from tile methods and a tree from build()', () => {
    const b = journey('J', { target: 'contact' });
    expectTypeOf(b).toEqualTypeOf<JourneyBuilder>();
    expectTypeOf(b.email('E', { emailId: EMAIL })).toEqualTypeOf<JourneyBuilder>();
    expectTypeOf(b.build()).toEqualTypeOf<JourneyTree>();
    expectTypeOf(b.$call((x) => x.createLead('L'))).toEqualTypeOf<JourneyBuilder>();
  });

  it('ends a chain at trigger, split and parallel', () => {
    const ended = journey('J').trigger('T', { conditions: [], timeout });
    expectTypeOf(ended).toEqualTypeOf<JourneyEnd>();
    expectTypeOf(ended.build()).toEqualTypeOf<JourneyTree>();
    // @ts-expect-error no tile can follow a trigger
    ended.email('E', { emailId: EMAIL });
    // @ts-expect-error no tile can follow a split
    journey('J').split('S', [{ name: 'A' }, { name: 'B' }]).wait({ duration: timeout });
    // @ts-expect-error no tile can follow parallel
    journey('J').parallel((b) => b.createLead('A'), (b) => b.createLead('B')).createLead('C');
  });

  it('gives branch callbacks a chain without build(), ending in ChainEnd', () => {
    journey('J').trigger('T', { conditions: [], timeout }, {
      yes: (b) => {
        expectTypeOf(b).toEqualTypeOf<ChainBuilder>();
        // @ts-expect-error a branch cannot be built on its own
        b.build();
        const end = b.createLead('L').trigger('Inner', { conditions: [], timeout });
        expectTypeOf(end).toEqualTypeOf<ChainEnd>();
        // @ts-expect-error no tile can follow a trigger in a branch either
        end.createLead('X');
        return end;
      },
    });
  });

  it('refuses bad options at compile time', () => {
    // @ts-expect-error not a unit
    journey('J').wait({ duration: { value: 2, unit: 'Fortnight' } });
    // @ts-expect-error an email needs emailId
    journey('J').email('E', {});
    // @ts-expect-error a segment group needs include or exclude
    journey('J').segment('S', {});
    // @ts-expect-error not an activity type
    journey('J').activity('A', { activityType: 'fax' });
    // @ts-expect-error a split needs two branches
    journey('J').split('S', [{ name: 'A' }]);
    // @ts-expect-error parallel needs two branches
    journey('J').parallel((b) => b.createLead('A'));
    // @ts-expect-error a condition has a key or an item id, not both
    journey('J').trigger('T', { conditions: [{ source: 'a', sourceItemId: '2', condition: 'UserRegistered' }], timeout });
    // @ts-expect-error logic is AND or OR
    journey('J').trigger('T', { conditions: [], logic: 'XOR', timeout });
    // @ts-expect-error not a journey target
    journey('J', { target: 'lead' });
    // @ts-expect-error not a weekday
    journey('J').wait({ duration: timeout, window: { days: ['Someday'] } });
    // @ts-expect-error email content types are LandingPage, Event, Survey, MarketingForm
    journey('J').email('E', { emailId: EMAIL, nested: [{ type: 'Video', id: EMAIL }] });
  });

  it('types custom fields by tile type', () => {
    journey('J').custom('Trigger', 'T', { fields: { ruleLogic: 'AND', timeoutValue: 3 } });
    // @ts-expect-error timeoutValue is a number on a Trigger
    journey('J').custom('Trigger', 'T', { fields: { timeoutValue: 'three' } });
  });

  it('types the options for pulled journeys', () => {
    journey('J', {
      root: { nameIsSystemDefined: true, omit: ['title'], nested: [{ type: 'bpf_root', itemId: 1 }], activityExtra: { a: 1 } },
      designerState: { nextActivityId: 1, nextItemId: 1, exact: true },
    })
      .email('', { emailId: EMAIL, rawName: '', omit: ['description'], relation: 'NoBranch', branch: 2, nested: [{ type: 'Event', id: null, omit: ['title'] }] })
      .segment('S', { include: [{ id: EMAIL, omit: ['nameIsSystemDefined'] }], containment: 'Inclusion' })
      .split('S', [{ name: 'A', branch: 3, relation: 'Default' }, { name: '', rawName: '' }]);
    expectTypeOf<RootOptions['nested']>().toEqualTypeOf<readonly RawItem[] | undefined>();
    expectTypeOf<TileOptions['omit']>().toEqualTypeOf<readonly OmittableItemField[] | undefined>();
    expectTypeOf<NestedItemOptions['omit']>().toEqualTypeOf<readonly OmittableItemField[] | undefined>();
    // @ts-expect-error exact is true or left out
    journey('J', { designerState: { nextActivityId: 1, nextItemId: 1, exact: false } });
    // @ts-expect-error not a relation
    journey('J').createLead('L', { relation: 'Sideways' });
    // @ts-expect-error not a base field
    journey('J').createLead('L', { omit: ['conditions'] });
    // @ts-expect-error the root has no key of its own
    journey('J', { root: { key: 'root' } });
    // @ts-expect-error the root's place is fixed
    journey('J', { root: { relation: 'YesBranch' } });
  });

  it('types found tiles by their type', () => {
    const tree = journey('J').email('E', { emailId: EMAIL }).build();
    expectTypeOf(findTiles(tree, 'Email')).toEqualTypeOf<Activity<'Email'>[]>();
  });
});
