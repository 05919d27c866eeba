import { describe, expect, it } from 'vitest';
import { journey } from '../src/builder/index.js';
import { formatValidationResult, validateJourney } from '../src/validate/index.js';

// Journeys written with the builder, as authors write them, pass the local check.

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';

describe('validateJourney on built journeys', () => {
  it('finds nothing in the event invitation of the design', () => {
    const tree = journey('Event invitation', {
      target: 'contact',
      start: '2026-02-01T09:00:00Z',
      end: '2026-06-01T09:00:00Z',
      timeZone: 92,
      consent: 'Marketing',
      contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
      recurrence: { intervalDays: 30, count: 3 },
    })
      .segment('Customers', { include: [{ id: SEGMENT, name: 'Demo_segment_09c58544', displayName: 'Demo segment' }] })
      .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
      .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
        yes: (b) => b.activity('Follow-up call', { activityType: 'phonecall' }).wait({ duration: { value: 1, unit: 'Day' } }).email('Thank you', { emailId: EMAIL }),
        no: (b) => b.email('Reminder', { emailId: EMAIL }),
      })
      .build();
    const result = validateJourney(tree);
    expect(result).toStrictEqual({ Result: 'Valid', ActivityValidationResults: [] });
    expect(formatValidationResult(tree, result)).toBe('Valid: no findings in journey "Event invitation"');
  });

  it('reports the recurrence fault for a built journey whose dates cannot hold its iterations', () => {
    const tree = journey('Monthly', {
      target: 'contact',
      start: '2019-02-08T11:48:00.000Z',
      end: '2019-03-08T11:48:00.000Z',
      recurrence: { intervalDays: 30, count: 3 },
    })
      .segment('Customers', { include: [{ id: SEGMENT }] })
      .email('Newsletter', { emailId: EMAIL })
      .build();
    expect(validateJourney(tree)).toStrictEqual({
      Result: 'Error',
      ActivityValidationResults: [
        { ActivityId: '', Fault: 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations', Result: 'Error', ErrorMessageArguments: [] },
      ],
    });
  });
});
