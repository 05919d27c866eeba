/** Timing and heap helpers for the benchmarks: medians of interleaved runs, no single-shot timings. */
import { performance } from 'node:perf_hooks';

export interface Timing {
  readonly medianMs: number;
  readonly runs: number;
}

/**
 * Times `a` and `b` side by side: each round runs both (order alternating), and the result is the
 * median of each, so that machine noise hits both alike.
 */
export async function sideBySide(
  a: () => unknown,
  b: () => unknown,
  rounds = 15,
): Promise<{ a: Timing; b: Timing; ratio: number }> {
  const ta: number[] = [];
  const tb: number[] = [];
  // warm up both
  await a();
  await b();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ([a, ta, b, tb] as const) : ([b, tb, a, ta] as const);
    for (const [fn, out] of [[order[0], order[1]], [order[2], order[3]]] as const) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  const am = median(ta);
  const bm = median(tb);
  return { a: { medianMs: am, runs: rounds }, b: { medianMs: bm, runs: rounds }, ratio: am / bm };
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

declare const gc: (() => void) | undefined;

/** Heap retained by the value `make()` returns, measured with forced collections (needs --expose-gc). */
export function retainedHeap(make: () => unknown): number {
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc to measure the heap');
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    let kept: unknown = make();
    gc();
    gc();
    const after = process.memoryUsage().heapUsed;
    samples.push(after - before);
    if (kept === undefined) console.log('');
    kept = undefined;
  }
  return median(samples);
}

/** Formats a ratio against its goal. */
export function verdict(ratio: number, goal: number): string {
  return `${ratio.toFixed(2)}x (goal <= ${goal}x: ${ratio <= goal ? 'met' : 'MISSED'})`;
}
