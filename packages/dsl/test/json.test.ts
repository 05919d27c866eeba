import { describe, expect, it } from 'vitest';
import { sameJsonValue } from '@customer-journey/dsl';

describe('sameJsonValue', () => {
  it('compares JSON-like values deeply, in any key order, with absent keys equal to undefined ones', () => {
    expect(sameJsonValue({ a: [1, { b: 2, c: 'x' }] }, { a: [1, { c: 'x', b: 2 }] })).toBe(true);
    expect(sameJsonValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJsonValue({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJsonValue({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJsonValue([1, 2], [2, 1])).toBe(false);
    expect(sameJsonValue([1], { 0: 1 })).toBe(false);
    expect(sameJsonValue(null, {})).toBe(false);
    expect(sameJsonValue('1', 1)).toBe(false);
  });
});
