import { describe, expect, it } from 'vitest';
import {
  JourneyFormatError,
  fromEntity,
  parseWorkflowDefinition,
  serializeWorkflowDefinition,
  toEntity,
} from '@customer-journey/client';
import type { JourneySettings, JourneyTree } from '@customer-journey/dsl';
import { fixture } from './codec-arbitraries.js';

const full: JourneySettings = {
  name: 'Event invitation',
  target: 'account',
  description: 'Invite and follow up',
  status: 'Draft',
  start: '2026-02-01T09:00:00Z',
  end: '2026-03-01T09:00:00Z',
  timeZone: 92,
  consent: 'Marketing',
  contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
  suppressionSegmentId: '51d2115b-544a-e911-a873-000d3a1fe344',
  recurrence: { intervalDays: 30, count: 3 },
  type: 'LinkedIn',
  owner: { id: 'a1b2c3d4-0000-4000-8000-000000000001', type: 'team' },
  templateId: 'b1b2c3d4-0000-4000-8000-000000000002',
  linkedInCampaignId: 'c1b2c3d4-0000-4000-8000-000000000003',
};

const withSettings = (settings: JourneySettings, name = 'bo.json'): JourneyTree =>
  parseWorkflowDefinition(fixture(name), '{"NextActivityID":8,"NextActivityItemID":42}', settings);

describe('toEntity', () => {
  it('writes every field, lookups as @odata.bind', () => {
    const tree = withSettings(full);
    expect(toEntity(tree)).toEqual({
      msdyncrm_name: 'Event invitation',
      msdyncrm_description: 'Invite and follow up',
      msdyncrm_entitytarget: 1,
      msdyncrm_workflowdefinition: serializeWorkflowDefinition(tree),
      msdyncrm_customerjourneydesignerstate: '{"NextActivityID":8,"NextActivityItemID":42}',
      statuscode: 192350000,
      statecode: 0,
      msdyncrm_startdatetime: '2026-02-01T09:00:00Z',
      msdyncrm_enddatetime: '2026-03-01T09:00:00Z',
      msdyncrm_customerjourneytimezone: 92,
      msgdpr_requiredconsent: 587030004,
      msdyncrm_isrecurring: true,
      msdyncrm_recurrenceintervaldays: 30,
      msdyncrm_recurrencecount: 3,
      msdyncrm_type: 192350001,
      'msdyncrm_contentsettingsId@odata.bind': '/msdyncrm_contentsettingss(1922b1d8-0523-e911-a9ba-000d3a1e689f)',
      'msdyncrm_SuppressionSegmentId@odata.bind': '/msdyncrm_segments(51d2115b-544a-e911-a873-000d3a1fe344)',
      'msdyncrm_CustomerJourneyTemplate@odata.bind': '/msdyncrm_customerjourneytemplates(b1b2c3d4-0000-4000-8000-000000000002)',
      'msdyncr2_LinkedInCampaign@odata.bind': '/msdyncrm_linkedincampaigns(c1b2c3d4-0000-4000-8000-000000000003)',
      'ownerid@odata.bind': '/teams(a1b2c3d4-0000-4000-8000-000000000001)',
    });
  });

  it('writes only what is set', () => {
    const body = toEntity(withSettings({ name: 'Minimal', target: 'contact' }));
    expect(Object.keys(body)).toEqual(['msdyncrm_name', 'msdyncrm_entitytarget', 'msdyncrm_workflowdefinition', 'msdyncrm_customerjourneydesignerstate']);
  });

  it('drops seconds and milliseconds and writes UTC; Expired is state 1; owners default to system users', () => {
    const body = toEntity(
      withSettings({ name: 'D', target: 'contact', start: '2026-02-01T10:00:59.999+01:00', end: '2026-03-01T09:30:15', status: 'Expired', owner: { id: 'a1b2c3d4-0000-4000-8000-000000000001' } }),
      { id: '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}' },
    );
    expect(body.msdyncrm_startdatetime).toBe('2026-02-01T09:00:00Z');
    expect(body.msdyncrm_enddatetime).toBe('2026-03-01T09:30:00Z');
    expect([body.statuscode, body.statecode]).toEqual([192350004, 1]);
    expect(body['ownerid@odata.bind']).toBe('/systemusers(a1b2c3d4-0000-4000-8000-000000000001)');
    expect(body.msdyncrm_customerjourneyid).toBe('6628BBF7-C52A-E911-A9B7-000D3A1E6ADC');
  });

  it('refuses settings it cannot write', () => {
    const bad = (settings: JourneySettings, path: string): void => {
      const run = (): unknown => toEntity(withSettings(settings));
      expect(run).toThrow(JourneyFormatError);
      expect(run).toThrow(path);
    };
    bad({ name: 'x', target: 'contact', start: 'next tuesday' }, '$.settings.start');
    bad({ name: 'x', target: 'contact', contentSettingsId: 'not-a-guid' }, '$.settings.contentSettingsId');
    bad({ name: 'x', target: 'contact', consent: 'Maybe' as JourneySettings['consent'] }, '$.settings.consent');
  });
});

describe('fromEntity', () => {
  it('toEntity then fromEntity is the identity on settings and on the definition', () => {
    const settings: JourneySettings = { ...full, recurrence: { intervalDays: 7, count: 2 } };
    const tree = withSettings(settings, 'messy.json');
    const back = fromEntity(toEntity(tree));
    expect(back.settings).toEqual(settings);
    expect(serializeWorkflowDefinition(back)).toBe(serializeWorkflowDefinition(tree));
    expect(back.designerState).toEqual(tree.designerState);
    for (const s of [
      { name: 'Minimal', target: 'contact' },
      { name: 'Off', target: 'contact', isRecurring: false, recurrence: { intervalDays: 1, count: 1 } },
      { name: 'On', target: 'contact', isRecurring: true },
      { name: 'Owner', target: 'contact', owner: { id: 'a1b2c3d4-0000-4000-8000-000000000001' } },
    ] satisfies JourneySettings[]) {
      expect(fromEntity(toEntity(withSettings(s))).settings).toEqual(s);
    }
  });

  it('reads a retrieved record: _x_value lookups, the owner table annotation, nulls as absent', () => {
    const tree = withSettings({ name: 'x', target: 'contact' });
    const record = {
      '@odata.etag': 'W/"470867"',
      msdyncrm_customerjourneyid: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc',
      msdyncrm_name: 'Pulled',
      msdyncrm_description: null,
      msdyncrm_entitytarget: 0,
      msdyncrm_workflowdefinition: serializeWorkflowDefinition(tree),
      msdyncrm_customerjourneydesignerstate: '{"NextActivityID":8,"NextActivityItemID":42}',
      statuscode: 192350001,
      statecode: 0,
      msdyncrm_startdatetime: '2026-02-01T09:00:00Z',
      msdyncrm_enddatetime: null,
      msdyncrm_customerjourneytimezone: 92,
      msgdpr_requiredconsent: 587030001,
      msdyncrm_isrecurring: false,
      msdyncrm_recurrenceintervaldays: null,
      msdyncrm_recurrencecount: null,
      msdyncrm_type: 192350000,
      _msdyncrm_contentsettingsid_value: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
      _msdyncrm_suppressionsegmentid_value: null,
      _ownerid_value: 'a1b2c3d4-0000-4000-8000-000000000001',
      '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'team',
    };
    const back = fromEntity(record);
    expect(back.settings).toEqual({
      recordId: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc',
      name: 'Pulled', target: 'contact', status: 'Live', start: '2026-02-01T09:00:00Z', timeZone: 92, consent: 'Consent', isRecurring: false, type: 'Automated',
      contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f', owner: { id: 'a1b2c3d4-0000-4000-8000-000000000001', type: 'team' },
    });
    expect(back.designerState).toEqual({ nextActivityId: 8, nextItemId: 42 });
    expect(back.root.children[0]?.type).toBe('Segment');
  });

  it('reads the record id into settings.recordId, braces dropped and in lower case', () => {
    const back = fromEntity({ msdyncrm_customerjourneyid: '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}', msdyncrm_name: 'Pulled' });
    expect(back.settings.recordId).toBe('6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
    expect(() => fromEntity({ msdyncrm_customerjourneyid: 'not-a-guid', msdyncrm_name: 'Pulled' })).toThrow(
      /\$\.msdyncrm_customerjourneyid: .*"not-a-guid" is not a GUID/,
    );
  });

  it('does not write settings.recordId into the body unless the id option asks for it', () => {
    const tree = withSettings({ name: 'x', target: 'contact', recordId: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc' });
    expect(toEntity(tree)).not.toHaveProperty('msdyncrm_customerjourneyid');
    expect(toEntity(tree, { id: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc' }).msdyncrm_customerjourneyid).toBe('6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
  });

  it('gives a root-only journey for a record without a definition', () => {
    const back = fromEntity({ msdyncrm_name: 'New', msdyncrm_workflowdefinition: null });
    expect(back.settings).toEqual({ name: 'New', target: 'contact' });
    expect(back.root.children).toEqual([]);
    expect(back.root.header?.itemId).toBe(0);
    expect(back.designerState).toEqual({ nextActivityId: 0, nextItemId: 1 });
  });

  it('reports malformed fields with their path', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ msdyncrm_name: 5 }, '$.msdyncrm_name'],
      [{ statuscode: 1 }, '$.statuscode'],
      [{ msdyncrm_entitytarget: 2 }, '$.msdyncrm_entitytarget'],
      [{ msgdpr_requiredconsent: 'Marketing' }, '$.msgdpr_requiredconsent'],
      [{ 'ownerid@odata.bind': 'systemusers' }, '$["ownerid@odata.bind"]'],
      [{ _msdyncrm_contentsettingsid_value: 'x' }, '$._msdyncrm_contentsettingsid_value'],
      [{ msdyncrm_workflowdefinition: '{' }, '$'],
    ];
    for (const [record, path] of cases) {
      let error: unknown;
      try {
        fromEntity(record);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(record)).toBeInstanceOf(JourneyFormatError);
      expect((error as JourneyFormatError).path).toBe(path);
    }
    expect(() => fromEntity(null as unknown as Record<string, unknown>)).toThrow(JourneyFormatError);
  });
});
