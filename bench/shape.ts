/**
 * Realistic journey shapes for the benchmarks: a segment group that fans out into parallel
 * branches, each a chain of about 50 tiles (emails, waits, activities, content tiles).
 */
import { journey, type ChainBuilder, type JourneyTree, type TileMethods } from '@customer-journey/dsl';

const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function chain<B extends TileMethods<B, unknown>>(b: B, branch: number, length: number): B {
  let c = b;
  for (let i = 0; i < length; i++) {
    const n = branch * 1000 + i;
    switch (i % 5) {
      case 0:
        c = c.email(`Email ${branch}.${i}`, { emailId: guid(n), nested: [{ type: 'LandingPage', id: guid(n + 500), name: `Page ${n}` }] });
        break;
      case 1:
        c = c.wait({ duration: { value: 1 + (i % 3), unit: 'Day' } });
        break;
      case 2:
        c = c.activity(`Call ${branch}.${i}`, { activityType: 'phonecall' });
        break;
      case 3:
        c = c.email(`Reminder ${branch}.${i}`, { emailId: guid(n) });
        break;
      default:
        c = c.wait({ duration: { value: 12, unit: 'Hour' } });
    }
  }
  return c;
}

/** A journey of about `tiles` tiles: one segment group, then branches of `chainLength` tiles. */
export function fanOutJourney(tiles: number, chainLength = 50): JourneyTree {
  const branches = Math.max(2, Math.round((tiles - 1) / chainLength));
  const [first, second, ...rest] = Array.from({ length: branches }, (_, i) => (b: ChainBuilder) => chain(b, i, chainLength));
  return journey(`Fan-out ${tiles}`, { target: 'contact' })
    .segment('Everyone', { include: [{ id: guid(999_999), name: 'everyone', displayName: 'Everyone' }] })
    .parallel(first!, second!, ...rest)
    .build();
}

/** A single chain `depth` tiles deep. */
export function deepChain(depth: number): JourneyTree {
  let b = journey(`Chain ${depth}`, { target: 'contact' }).segment('Everyone', { include: [{ id: guid(999_999) }] });
  for (let i = 1; i < depth; i++) {
    b = i % 2 ? b.email(`Email ${i}`, { emailId: guid(i) }) : b.wait({ duration: { value: 1, unit: 'Day' } });
  }
  return b.build();
}

/** One segment group, then a single chain of `length` tiles (emails, waits, activities). */
export function chainJourney(length = 50): JourneyTree {
  return chain(journey(`Chain of ${length}`, { target: 'contact' }).segment('Everyone', { include: [{ id: guid(999_999), name: 'everyone' }] }), 0, length).build();
}
