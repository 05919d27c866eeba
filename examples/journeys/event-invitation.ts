/**
 * An event invitation: customers get an invitation with a link to the event page. Those who
 * register within five days get a thank-you and, a day later, a follow-up call; the others get a
 * reminder.
 */
import { journey } from '@customer-journey/dsl';

export const eventInvitation = journey('Event invitation', {
  target: 'contact',
  start: '2026-02-01T09:00:00Z',
  end: '2026-03-01T09:00:00Z',
  timeZone: 92,
  consent: 'Marketing',
  contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
})
  .segment('Customers', {
    include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344', name: 'Demo_segment_09c58544', displayName: 'Demo segment' }],
  })
  .email('Invitation', {
    emailId: '184e5a1a-464a-e911-a873-000d3a1fe344',
    key: 'invite',
    nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }],
  })
  .trigger(
    'Registered?',
    { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } },
    {
      yes: (b) =>
        b
          .email('Thank you', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344' })
          .wait({ duration: { value: 1, unit: 'Day' } })
          .activity('Follow-up call', { activityType: 'phonecall' }),
      no: (b) => b.email('Reminder', { emailId: '384e5a1a-464a-e911-a873-000d3a1fe344' }),
    },
  )
  .build();

export default eventInvitation;
