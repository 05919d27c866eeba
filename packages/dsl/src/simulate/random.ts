/**
 * The simulation's only source of randomness: a small counter-based generator. Each draw hashes
 * the seed with the numbers that name it (contact, iteration, tile, purpose), so a draw never
 * depends on the order in which others were made, and results are the same on every machine.
 *
 * @module
 */

/** One round of a 32-bit integer hash (the MurmurHash3 mixing steps). */
function mix(h: number, v: number): number {
  let x = Math.imul(h ^ v, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** A seed folded to 32 bits (every safe integer seed gives its own stream). */
export function seedBits(seed: number): number {
  const high = Math.floor(seed / 4294967296);
  return mix(seed >>> 0, high | 0);
}

/**
 * A uniform number in [0, 1) for the draw named by `a`, `b`, `c`, `d` under `seed` (from
 * {@link seedBits}); the output step is that of mulberry32.
 */
export function draw(seed: number, a: number, b: number, c: number, d: number): number {
  let h = mix(mix(mix(mix(seed ^ 0x9e3779b9, a), b), c), d);
  h = Math.imul(h ^ (h >>> 15), h | 1);
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61);
  return ((h ^ (h >>> 14)) >>> 0) / 4294967296;
}
