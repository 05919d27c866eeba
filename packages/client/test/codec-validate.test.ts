import { describe, expect, it } from 'vitest';
import {
  JourneyFormatError,
  parseValidationResult,
  parseWorkflowDefinition,
  serializeWorkflowDefinition,
  toValidateRequest,
} from '@customer-journey/client';
import { fixture } from './codec-arbitraries.js';

describe('toValidateRequest', () => {
  it('writes the flat FieldValue body: braced upper-case GUIDs, bare lookups, ISO dates', () => {
    const tree = parseWorkflowDefinition(fixture('bo.json'), undefined, {
      name: 'Event invitation', target: 'contact', start: '2019-02-08T11:48:30Z', end: '2019-03-08T11:48:00Z', timeZone: 92, consent: 'Consent',
      recurrence: { intervalDays: 30, count: 3 }, suppressionSegmentId: '51d2115b-544a-e911-a873-000d3a1fe344', contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
    });
    expect(toValidateRequest(tree, '6628bbf7-c52a-e911-a9b7-000d3a1e6adc')).toEqual({
      FieldValueCustomerJourneyId: '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}',
      FieldValueStatusCode: 192350000,
      FieldValueName: 'Event invitation',
      FieldValueStartDateTime: '2019-02-08T11:48:00.000Z',
      FieldValueEndDateTime: '2019-03-08T11:48:00.000Z',
      FieldValueWorkflowDefinition: serializeWorkflowDefinition(tree),
      FieldValueIsRecurring: true,
      FieldValueRecurrenceIntervalDays: 30,
      FieldValueRecurrenceCount: 3,
      FieldValueRequiredConsent: 587030001,
      FieldValueEntityTarget: 0,
      FieldValueSuppressionSegmentId: '{51D2115B-544A-E911-A873-000D3A1FE344}',
      FieldValueCustomerJourneyTimeZone: 92,
      FieldValueContentSettingsId: '{1922B1D8-0523-E911-A9BA-000D3A1E689F}',
    });
  });

  it('leaves out what is not set and the id of an unsaved journey', () => {
    const tree = parseWorkflowDefinition(fixture('wd.json'), undefined, { name: 'N', target: 'account', status: 'Live' });
    expect(toValidateRequest(tree)).toEqual({
      FieldValueStatusCode: 192350001, FieldValueName: 'N', FieldValueWorkflowDefinition: serializeWorkflowDefinition(tree), FieldValueIsRecurring: false, FieldValueEntityTarget: 1,
    });
  });
});

describe('parseValidationResult', () => {
  const inner = {
    Result: 'Error',
    ActivityValidationResults: [
      { ActivityId: '', Fault: 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations', Result: 'Error', ErrorMessageArguments: ['3', '30'] },
      { ActivityId: '01_0_3', Fault: 'SomethingNew', Result: 'warning', ErrorMessageArguments: [] },
    ],
  };
  const expected = {
    Result: 'Error',
    ActivityValidationResults: [
      { ActivityId: '', Fault: 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations', Result: 'Error', ErrorMessageArguments: ['3', '30'] },
      { ActivityId: '01_0_3', Fault: 'SomethingNew', Result: 'Warning', ErrorMessageArguments: [] },
    ],
  };

  it('reads the action response, the ValidationResult string, or a parsed result', () => {
    const response = { '@odata.context': 'https://org/api/data/v9.0/$metadata#Microsoft.Dynamics.CRM.msdyncrm_CustomerJourneyValidateResponse', ValidationResult: JSON.stringify(inner) };
    expect(parseValidationResult(response)).toEqual(expected);
    expect(parseValidationResult(JSON.stringify(inner))).toEqual(expected);
    expect(parseValidationResult(inner)).toEqual(expected);
    expect(parseValidationResult({ Result: 'Valid' })).toEqual({ Result: 'Valid', ActivityValidationResults: [] });
  });

  it('turns malformed bodies into JourneyFormatError with a path', () => {
    const cases: [unknown, string, RegExp][] = [
      ['not json', '$', /not valid JSON/],
      [{ ValidationResult: '{"Result":' }, '$.ValidationResult', /not valid JSON/],
      [{ ValidationResult: 42 }, '$.ValidationResult', /the number 42/],
      [[], '$', /an array/],
      [{ Result: 'Fine' }, '$.Result', /expected Valid, Warning or Error/],
      [{ Result: 'Valid', ActivityValidationResults: {} }, '$.ActivityValidationResults', /expected an array of findings/],
      [{ Result: 'Error', ActivityValidationResults: [{ ActivityId: 3, Result: 'Error' }] }, '$.ActivityValidationResults[0].ActivityId', /the number 3/],
      [{ Result: 'Error', ActivityValidationResults: [{ Result: 'Error', ErrorMessageArguments: [{}] }] }, '$.ActivityValidationResults[0].ErrorMessageArguments[0]', /expected a string/],
      [{ Result: 'Error', ActivityValidationResults: [{ Fault: 'X' }] }, '$.ActivityValidationResults[0].Result', /Result is missing/],
    ];
    for (const [body, path, message] of cases) {
      let error: unknown;
      try {
        parseValidationResult(body);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(body)).toBeInstanceOf(JourneyFormatError);
      expect((error as JourneyFormatError).path).toBe(path);
      expect((error as JourneyFormatError).message).toMatch(message);
    }
  });
});
