/**
 * A welcome series: new contacts get a welcome email, then two follow-ups a few days apart,
 * sent only on weekdays during office hours.
 */
import { journey } from '@customer-journey/dsl';

const officeHours = { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], from: '9:00', to: '17:00' } as const;

export const welcomeSeries = journey('Welcome series', {
  target: 'contact',
  start: '2026-01-05T08:00:00Z',
  end: '2026-12-31T18:00:00Z',
  timeZone: 92,
  consent: 'Consent',
  description: 'Three emails that introduce new contacts to the brand.',
})
  .segment('New contacts', {
    include: [{ id: '7a1b2c3d-0001-4e5f-8a9b-000000000001', name: 'new_contacts', displayName: 'New contacts' }],
    exclude: [{ id: '7a1b2c3d-0001-4e5f-8a9b-000000000002', name: 'unsubscribed', displayName: 'Unsubscribed' }],
  })
  .email('Welcome', { emailId: '7a1b2c3d-0002-4e5f-8a9b-000000000001', key: 'welcome' })
  .wait('Two days', { duration: { value: 2, unit: 'Day' }, window: officeHours })
  .email('Getting started', { emailId: '7a1b2c3d-0002-4e5f-8a9b-000000000002' })
  .wait('Five days', { duration: { value: 5, unit: 'Day' }, window: officeHours })
  .email('Tips and tricks', { emailId: '7a1b2c3d-0002-4e5f-8a9b-000000000003' })
  .build();

export default welcomeSeries;
