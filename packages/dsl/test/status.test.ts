import { describe, expect, it } from 'vitest';
import { journeyStatusOf } from '@customer-journey/dsl';

describe('journeyStatusOf', () => {
  it('names every statuscode of the table, and nothing else', () => {
    expect(journeyStatusOf(192350000)).toBe('Draft');
    expect(journeyStatusOf(192350003)).toBe('Live, editable');
    expect(journeyStatusOf(192350004)).toBe('Expired');
    expect(journeyStatusOf(42)).toBeUndefined();
    expect(journeyStatusOf('192350001')).toBeUndefined();
    expect(journeyStatusOf(undefined)).toBeUndefined();
  });
});
