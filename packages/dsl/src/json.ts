/**
 * Comparing JSON-like values, as the plan and the emulator's status rules compare a journey's
 * stored settings and tiles with new ones.
 *
 * @module
 */

/**
 * Deep equality of JSON-like values (objects, arrays and primitives): the same keys with equal
 * values, in any key order; a key that is absent equals one that is `undefined`.
 *
 * @example
 * ```ts
 * import { sameJsonValue } from '@customer-journey/dsl';
 * sameJsonValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }); // true
 * sameJsonValue({ a: 1, b: undefined }, { a: 1 });           // true
 * sameJsonValue([1, 2], [2, 1]);                             // false
 * ```
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJsonValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xs = Object.keys(x);
  for (let i = 0; i < xs.length; i++) {
    const key = xs[i] as string;
    if (!sameJsonValue(x[key], y[key])) return false;
  }
  const ys = Object.keys(y);
  if (ys.length === xs.length) return true;
  for (let i = 0; i < ys.length; i++) {
    const key = ys[i] as string;
    if (y[key] !== undefined && !Object.prototype.hasOwnProperty.call(x, key)) return false;
  }
  return true;
}
