/**
 * Simulation: 100,000 contacts through the 50-tile chain, counted without timelines, against a
 * minimal hand-written walk of the same tree in the same run; growth from 10,000 to 100,000
 * contacts; and the heap, which must not grow with the number of contacts.
 */
import { simulate, type Activity, type Item, type JourneyTree } from '@customer-journey/dsl';
import { median, retainedHeap, sideBySide, verdict } from './measure.js';
import { chainJourney } from './shape.js';

const START = '2026-02-02T09:00:00Z';
const UNIT_MS: Readonly<Record<string, number>> = { Minute: 60_000, Hour: 3_600_000, Day: 86_400_000, Week: 604_800_000 };

/**
 * What one would write by hand to count contacts along a chain: follow the first child from the
 * segment group, add each wait's duration, count each tile.
 */
function handWalk(tree: JourneyTree, contacts: number): Map<string, number> {
  const counts = new Map<string, number>();
  const start = Date.parse(START);
  let last = 0;
  for (let c = 0; c < contacts; c++) {
    let at = start;
    for (let tile: Activity | undefined = tree.root.children[0]; tile !== undefined; tile = tile.children[0]) {
      counts.set(tile.id, (counts.get(tile.id) ?? 0) + 1);
      if (tile.type === 'Scheduler') {
        const header = tile.header as Item<'Scheduler'>;
        at += (header.durationValue ?? 0) * (UNIT_MS[header.durationUnit ?? 'Minute'] ?? 0);
      }
    }
    last = at;
  }
  counts.set('last', last);
  return counts;
}

declare const gc: (() => void) | undefined;

/**
 * The most live heap while `contacts` are simulated, above the heap before: collected and sampled
 * ten times during the walk, so young garbage does not count and anything the walk keeps does.
 */
function liveHeap(tree: JourneyTree, contacts: number): number {
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc to measure the heap');
  const collect = gc;
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    collect();
    collect();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    simulate(tree, {
      contacts,
      start: START,
      progress: (done, total) => {
        if (Math.round((done / total) * 100) % 10 !== 0) return;
        collect();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    samples.push(peak - before);
  }
  return median(samples);
}

/** Runs the simulation section of `pnpm bench`. */
export async function benchSimulate(line: (label: string, value: string) => void, ms: (x: number) => string): Promise<void> {
  console.log('\n## Simulation (a segment group and a chain of 50 tiles; contacts counted, no timelines)');
  const tree = chainJourney(50);
  const run = (contacts: number) => () => simulate(tree, { contacts, start: START });
  const walk = (contacts: number) => () => handWalk(tree, contacts);

  const result = run(1_000)();
  const hand = walk(1_000)();
  const agree = Object.entries(result.tiles).every(([id, t]) => t.entered === hand.get(id));
  line('counts equal to the hand-written walk (1,000 contacts)', agree ? 'yes' : 'NO');

  const small = await sideBySide(run(10_000), walk(10_000), 9);
  const large = await sideBySide(run(100_000), walk(100_000), 9);
  line('simulate 100,000 contacts', ms(large.a.medianMs));
  line('hand-written walk of the same tree', ms(large.b.medianMs));
  line('ratio', verdict(large.ratio, 5));
  line('simulate 10,000 contacts', ms(small.a.medianMs));
  line('growth 100,000 / 10,000 contacts', verdict(large.a.medianMs / small.a.medianMs, 11));

  const heapSmall = liveHeap(tree, 10_000);
  const heapLarge = liveHeap(tree, 100_000);
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  line('live heap while simulating 10,000 contacts', kib(heapSmall));
  line('live heap while simulating 100,000 contacts', kib(heapLarge));
  // Memory must not follow the contacts: 90,000 more may add less than 3 bytes each.
  const extra = Math.max(0, heapLarge - heapSmall);
  line('extra live heap for 90,000 more contacts', `${kib(extra)} (goal <= 256 KiB: ${extra <= 256 * 1024 ? 'met' : 'MISSED'})`);
  const kept = retainedHeap(() => simulate(tree, { contacts: 10_000, start: START, timelines: true }));
  line('for contrast: a result with 10,000 timelines', `${(kept / 1024 / 1024).toFixed(1)} MiB`);
}
