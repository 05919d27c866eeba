/**
 * An org to archive: the published definitions of the codec's fixtures (WD, BO, BLOG and the
 * messy one with an unknown tile) stored as the org would hold them, builder journeys of every
 * tile type, journeys in several statuses, two journeys with one name, and one record the codec
 * cannot read. Ids are fixed, so archives of it can be compared across runs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toEntity } from '@customer-journey/client';
import { journey, JOURNEY_STATUS_CODES, type JourneyStatus, type JourneyTree } from '@customer-journey/dsl';
import type { Emulator } from '@customer-journey/emulator';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../client/test/fixtures/${name}`, import.meta.url)), 'utf8');

/** A fixed record id: `n` in the first group (where Dataverse's ids differ most). */
export const recordId = (n: number): string => `a1c0${n.toString(16).padStart(4, '0')}-0000-4000-8000-00000000a1c0`;

export const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
export const SEGMENT_2 = '61d2115b-544a-e911-a873-000d3a1fe344';
export const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
export const EMAIL_2 = '284e5a1a-464a-e911-a873-000d3a1fe344';
export const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
export const FORM = '56dece00-464a-e911-a873-000d3a1fe344';
export const EVENT = '66dece00-464a-e911-a873-000d3a1fe344';
export const SURVEY = '76dece00-464a-e911-a873-000d3a1fe344';
export const WORKFLOW = '86dece00-464a-e911-a873-000d3a1fe344';
export const CAMPAIGN = '96dece00-464a-e911-a873-000d3a1fe344';
export const CONTENT_SETTINGS = '1922b1d8-0523-e911-a9ba-000d3a1e689f';
export const SUPPRESSION = '2922b1d8-0523-e911-a9ba-000d3a1e689f';
export const TEAM = '3922b1d8-0523-e911-a9ba-000d3a1e689f';

/** An event invitation: segment, email with a page, if/then with both branches (as in the guides). */
export function invitation(name = 'Event invitation', settings: { status?: JourneyStatus; end?: string } = {}): JourneyTree {
  return journey(name, {
    target: 'contact',
    start: '2026-02-01T09:00:00Z',
    ...(settings.end === undefined ? {} : { end: settings.end }),
    timeZone: 92,
    consent: 'Marketing',
    contentSettingsId: CONTENT_SETTINGS,
    ...(settings.status === undefined ? {} : { status: settings.status }),
  })
    .segment('Customers', { include: [{ id: SEGMENT, name: 'Demo_segment_09c58544', displayName: 'Customers' }] })
    .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
    .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
      yes: (b) => b.activity('Follow-up call', { activityType: 'phonecall' }).wait({ duration: { value: 1, unit: 'Day' } }).email('Thank you', { emailId: EMAIL_2 }),
      no: (b) => b.email('Reminder', { emailId: EMAIL_2 }),
    })
    .build();
}

/** Builder journeys that, together, hold a tile of every type the builder writes. */
export function everyTileJourneys(): JourneyTree[] {
  const entryTiles = journey('Entry tiles', { target: 'contact', suppressionSegmentId: SUPPRESSION })
    .parallel(
      (b) => b.segment('Members', { include: [{ id: SEGMENT, displayName: 'Customers' }], exclude: [{ id: SEGMENT_2, displayName: 'Opted out' }] }).email('Hello', { emailId: EMAIL }),
      (b) => b.event('Webinar', { eventId: EVENT }).createLead('Lead'),
      (b) => b.landingPage('Signup page', { pageId: PAGE }).email('Welcome', { emailId: EMAIL }),
      (b) => b.marketingForm('Contact form', { formId: FORM }).launchWorkflow('Notify sales', { workflowId: WORKFLOW }),
      (b) => b.recordUpdated('Contact updated').survey('Feedback', { surveyId: SURVEY }),
    )
    .build();
  const branches = journey('Branches and splits', { target: 'contact', end: '2026-06-30T00:00:00Z' })
    .segment('Everyone', { include: [{ id: SEGMENT, displayName: 'Customers' }] })
    .email('Offer', { emailId: EMAIL, nested: [{ type: 'MarketingForm', id: FORM, name: 'Offer form', key: 'form' }, { type: 'Event', id: EVENT, name: 'Launch event' }, { type: 'Survey', id: SURVEY, name: 'Poll' }] })
    .split('A or B', [
      {
        name: 'Half A',
        then: (b) =>
          b
            .email('Version A', { emailId: EMAIL })
            .wait({ duration: { value: 2, unit: 'Hour' } })
            .trigger('Filled in?', { conditions: [{ source: 'form', condition: 'UserRegistered' }], timeout: { value: 3, unit: 'Day' } }, {
              yes: (y) => y.email('Thanks', { emailId: EMAIL_2 }),
            }),
      },
      { name: 'Half B', then: (b) => b.email('Version B', { emailId: EMAIL_2 }).activity('Task', { activityType: 'task' }) },
    ])
    .build();
  const linkedIn = journey('LinkedIn and custom', { target: 'contact' })
    .segment('Leads', { include: [{ id: SEGMENT_2, displayName: 'Leads' }] })
    .linkedInCampaign('Sponsored post', { campaignId: CAMPAIGN })
    .custom('new_SmsChannel', 'Text message', { recordId: '0f8fad5b-d9cb-469f-a165-70867728950e', extra: { new_MessageBody: 'Hi {{firstname}}' } })
    .build();
  return [entryTiles, branches, linkedIn];
}

/** A record body as the org would store it from a tree: `toEntity` with a fixed id. */
function bodyOf(tree: JourneyTree, n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...toEntity(tree), msdyncrm_customerjourneyid: recordId(n), ...extra };
}

/** A record carrying one of the codec's fixture definitions exactly as the file holds it (line breaks included). */
function publishedBody(name: string, file: string, n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    msdyncrm_customerjourneyid: recordId(n),
    msdyncrm_name: name,
    msdyncrm_entitytarget: 0,
    msdyncrm_workflowdefinition: fixture(file),
    ...extra,
  };
}

/** Id of the record the codec cannot read. */
export const UNREADABLE_ID = recordId(99);

/** The records of the org, in the order they are seeded. */
export function orgRecords(): Record<string, unknown>[] {
  const [entryTiles, branches, linkedIn] = everyTileJourneys() as [JourneyTree, JourneyTree, JourneyTree];
  return [
    publishedBody('Basic operations sample', 'bo.json', 1, { msdyncrm_customerjourneydesignerstate: fixture('bo.designer-state.json').trim(), statuscode: JOURNEY_STATUS_CODES.Live }),
    publishedBody('Workflow definition sample', 'wd.json', 2, { statuscode: JOURNEY_STATUS_CODES.Stopped, msdyncrm_description: 'Grüße aus Köln — "quoted", \\back\\slash, tab\tand emoji 🎉' }),
    publishedBody('Blog sample', 'blog.json', 3, { statuscode: JOURNEY_STATUS_CODES.Expired, msdyncrm_startdatetime: '2019-02-08T11:48:00Z', msdyncrm_enddatetime: '2019-03-08T11:48:00Z' }),
    publishedBody('Custom channel', 'messy.json', 4),
    bodyOf(invitation('Event invitation', { status: 'Live', end: '2026-03-01T09:00:00Z' }), 5, {
      'ownerid@odata.bind': `/teams(${TEAM})`,
      new_region: 'EMEA',
    }),
    bodyOf(invitation('Event invitation', { status: 'Draft' }), 6),
    bodyOf(entryTiles, 7),
    bodyOf(branches, 8, { statuscode: JOURNEY_STATUS_CODES['Live, editable'] }),
    bodyOf(linkedIn, 9, { statuscode: JOURNEY_STATUS_CODES.Error }),
    {
      msdyncrm_customerjourneyid: UNREADABLE_ID,
      msdyncrm_name: 'Half-saved journey',
      msdyncrm_entitytarget: 0,
      msdyncrm_workflowdefinition: '[{"ActivityTypeId":"bpf_root","ActivityId":"01","Properties":{"Items":[',
      statuscode: JOURNEY_STATUS_CODES.Draft,
    },
  ];
}

/** Seeds the org's records into an emulator; returns their ids in seeding order. */
export function seedOrg(emulator: Emulator): string[] {
  return emulator.seed(orgRecords());
}
