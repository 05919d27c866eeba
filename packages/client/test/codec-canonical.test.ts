import { describe, expect, it } from 'vitest';
import { asWritten, parseWorkflowDefinition, sameJourney, toCanonicalJson, fromEntity, toEntity } from '@customer-journey/client';
import { journey } from '@customer-journey/dsl';
import type { JourneyTree } from '@customer-journey/dsl';
import { fixture } from './codec-arbitraries.js';

describe('toCanonicalJson and sameJourney', () => {
  it('is key-sorted JSON of settings, wire definition and designer state', () => {
    const tree = parseWorkflowDefinition(fixture('wd.json'), '{"NextActivityID":4,"NextActivityItemID":52}', { name: 'W', target: 'contact' });
    const canonical = JSON.parse(toCanonicalJson(tree)) as Record<string, unknown>;
    expect(Object.keys(canonical)).toEqual(['definition', 'designerState', 'settings']);
    expect(canonical['designerState']).toEqual({ NextActivityID: 4, NextActivityItemID: 52 });
    expect(canonical['settings']).toEqual({ isRecurring: false, name: 'W', target: 'contact' });
    expect(Object.keys((canonical['definition'] as object[])[0]!)).toEqual(['ActivityId', 'ActivityTypeId', 'ParentBranchId', 'ParentRelationshipType', 'Properties']);
  });

  it('does not depend on array order, and ignores author keys', () => {
    const text = fixture('blog.json');
    const reversed = JSON.stringify((JSON.parse(text) as unknown[]).reverse());
    const a = parseWorkflowDefinition(text);
    const b = parseWorkflowDefinition(reversed);
    expect(toCanonicalJson(a)).toBe(toCanonicalJson(b));
    const keyed: JourneyTree = { ...a, root: { ...a.root, key: 'start', header: { ...a.root.header!, key: 'root' } } };
    expect(sameJourney(a, keyed)).toBe(true);
  });

  it('tells different journeys apart: a property, the designer state, a setting', () => {
    const a = parseWorkflowDefinition(fixture('bo.json'), '{"NextActivityID":8,"NextActivityItemID":42}');
    expect(sameJourney(a, parseWorkflowDefinition(fixture('bo.json')))).toBe(false);
    expect(sameJourney(a, { ...a, settings: { ...a.settings, name: 'Other' } })).toBe(false);
    const changed = fixture('bo.json').replace('"Welcome email"', '"Welcome mail"');
    expect(sameJourney(a, parseWorkflowDefinition(changed, '{"NextActivityID":8,"NextActivityItemID":42}'))).toBe(false);
  });

  it('compares settings as the org stores them', () => {
    const a = parseWorkflowDefinition(fixture('wd.json'), undefined, {
      name: 'S', target: 'contact', start: '2026-02-01T10:00:30.5+01:00', contentSettingsId: '{1922B1D8-0523-E911-A9BA-000D3A1E689F}', recurrence: { intervalDays: 1, count: 2 },
      owner: { id: 'A1B2C3D4-0000-4000-8000-000000000001' },
    });
    const pulled = fromEntity({ ...toEntity(a), _ignored: 1 });
    expect(sameJourney(a, pulled)).toBe(true);
    expect(sameJourney(a, { ...a, settings: { ...a.settings, isRecurring: true } })).toBe(true);
    expect(sameJourney(a, { ...a, settings: { ...a.settings, isRecurring: false } })).toBe(false);
  });
});

describe('asWritten', () => {
  it('keeps only the stored settings the written journey states, plus isRecurring when recurrence implies it', () => {
    const local = journey('Monthly', { target: 'contact', recurrence: { intervalDays: 30, count: 3 } }).build();
    const stored = {
      ...local,
      settings: { ...local.settings, status: 'Draft', type: 'Automated', owner: { id: '6f0a7b8e-0000-4000-8000-00000000e001' }, isRecurring: true },
    } as typeof local;
    const seen = asWritten(stored, local);
    expect(seen.settings).toEqual({ name: 'Monthly', target: 'contact', recurrence: { intervalDays: 30, count: 3 }, isRecurring: true });
    expect(seen.root).toBe(stored.root);
    expect(toCanonicalJson(seen)).toBe(toCanonicalJson(local));
  });

  it('takes recordId from the written journey: the id names the record, it is not a column the write changes', () => {
    const local = journey('Named', { target: 'contact', recordId: '6628BBF7-C52A-E911-A9B7-000D3A1E6ADC' }).build();
    const stored = { ...local, settings: { ...local.settings, recordId: '0aaaaaaa-0000-4000-8000-000000000001' } } as typeof local;
    expect(asWritten(stored, local).settings.recordId).toBe('6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
    const anonymous = journey('Named', { target: 'contact' }).build();
    expect(asWritten(stored, anonymous).settings).not.toHaveProperty('recordId');
  });
});

describe('recordId in the canonical form', () => {
  it('is written in lower case without braces, and two ids make two different journeys', () => {
    const a = journey('Named', { target: 'contact', recordId: '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}' }).build();
    expect(JSON.parse(toCanonicalJson(a)).settings.recordId).toBe('6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
    const b = journey('Named', { target: 'contact', recordId: '0aaaaaaa-0000-4000-8000-000000000001' }).build();
    expect(sameJourney(a, b)).toBe(false);
    expect(sameJourney(a, journey('Named', { target: 'contact', recordId: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc' }).build())).toBe(true);
  });
});
