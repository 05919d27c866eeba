/**
 * The emulator's `msdyncrm_CustomerJourneyValidate` against the published sample (reference §9,
 * from Microsoft's "Basic operations on customer journey" page): the request keys as documented,
 * the 200 body with `@odata.context` and `ValidationResult` as a JSON string, and the one fault code
 * ever published. Every expected value below is written from the reference, not produced by the
 * project's own code, so these tests fail if the emulator or the checks it runs drift from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';

/** A definition in the designer's own shape (reference §2): the root, a segment group with one segment, an email. */
const DEFINITION =
  '[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01","Properties":{"Items":[' +
  '{"ItemId":null,"ActivityTypeId":"bpf_root","Title":"Undefined","IsNameSystemDefined":true,"Name":"New ActivityTypeName_bpf_root_TitleText","ActivityItemId":0}]}},' +
  '{"ActivityTypeId":"Segment","ParentActivityId":"01","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01_0","Properties":{"Items":[' +
  '{"ItemId":null,"ActivityTypeId":"Segment","Title":"Undefined","IsNameSystemDefined":true,"Name":"New Segment group","ActivityItemId":1,"SegmentMergeMethod":"Union"},' +
  '{"ItemId":"51d2115b-544a-e911-a873-000d3a1fe344","ActivityTypeId":"SegmentItem","Title":"Undefined","IsNameSystemDefined":true,"Name":"Customers","ActivityItemId":2,' +
  '"ContainmentMethod":"Inclusion","SegmentSourceType":"Segment","DciSegmentName":"Customers","SegmentDisplayName":"Customers","Description":""}]},"EntityTarget":"contact"},' +
  '{"ActivityTypeId":"Email","ParentActivityId":"01_0","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01_0_1","Properties":{"Items":[' +
  '{"ItemId":"184e5a1a-464a-e911-a873-000d3a1fe344","ActivityTypeId":"Email","Title":"Undefined","IsNameSystemDefined":true,"Name":"Welcome","ActivityItemId":3}]},"EntityTarget":"contact"}]';

/** The sample request's keys and values (reference §9): braced upper-case GUIDs, lookups as bare ids. */
const PUBLISHED_REQUEST = {
  FieldValueCustomerJourneyId: '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}',
  FieldValueStatusCode: 192350000,
  FieldValueName: 'Sample Customer Journey',
  FieldValueStartDateTime: '2019-02-08T11:48:00.000Z',
  FieldValueEndDateTime: '2019-03-08T11:48:00.000Z',
  FieldValueWorkflowDefinition: DEFINITION,
  FieldValueIsRecurring: true,
  FieldValueRecurrenceIntervalDays: 30,
  FieldValueRecurrenceCount: 3,
  FieldValueRequiredConsent: 587030001,
  FieldValueContentSettingsId: '{1922B1D8-0523-E911-A9BA-000D3A1E689F}',
  FieldValueEntityTarget: 0,
  FieldValueSuppressionSegmentId: '{544A3E20-9B23-E911-A9B6-000D3A1E6C14}',
  FieldValueCustomerJourneyTimeZone: 92,
};

/** The sample response's `ValidationResult`, as published: 28 days cannot hold 3 iterations of 30 days. */
const PUBLISHED_VALIDATION_RESULT =
  '{"ActivityValidationResults":[{"ActivityId":"","Fault":"ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations","Result":"Error","ErrorMessageArguments":[]}],"Result":"Error"}';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const validate = async (body: object): Promise<{ status: number; contentType: string | null; body: Record<string, unknown> }> => {
  const res = await fetch(`${emulator.url}/api/data/v9.0/msdyncrm_CustomerJourneyValidate`, {
    method: 'POST',
    headers: { Authorization: 'Bearer published', 'Content-Type': 'application/json', Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' },
    body: JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get('Content-Type'), body: (await res.json()) as Record<string, unknown> };
};

const faults = (result: Record<string, unknown>): string[] =>
  (JSON.parse(result.ValidationResult as string).ActivityValidationResults as { Fault: string }[]).map((r) => r.Fault);

describe('msdyncrm_CustomerJourneyValidate, pinned to the published sample', () => {
  it('answers the sample request with the sample response', async () => {
    const { status, contentType, body } = await validate(PUBLISHED_REQUEST);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/json/);
    expect(Object.keys(body).sort()).toEqual(['@odata.context', 'ValidationResult']);
    expect(body['@odata.context']).toBe(`${emulator.url}/api/data/v9.0/$metadata#Microsoft.Dynamics.CRM.msdyncrm_CustomerJourneyValidateResponse`);
    expect(typeof body.ValidationResult).toBe('string');
    expect(JSON.parse(body.ValidationResult as string)).toEqual(JSON.parse(PUBLISHED_VALIDATION_RESULT));
  });

  it('reads the dates, interval, count and recurring flag from the documented keys', async () => {
    const fault = 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations';
    // 120 days leave room for 3 iterations of 30 days.
    expect(faults((await validate({ ...PUBLISHED_REQUEST, FieldValueEndDateTime: '2019-06-08T11:48:00.000Z' })).body)).not.toContain(fault);
    expect(faults((await validate({ ...PUBLISHED_REQUEST, FieldValueRecurrenceIntervalDays: 7 })).body)).not.toContain(fault);
    // The fault is for a recurring journey.
    expect(faults((await validate({ ...PUBLISHED_REQUEST, FieldValueIsRecurring: false })).body)).not.toContain(fault);
    expect(faults((await validate({ ...PUBLISHED_REQUEST, FieldValueStartDateTime: '2018-11-01T11:48:00.000Z' })).body)).not.toContain(fault);
  });
});
