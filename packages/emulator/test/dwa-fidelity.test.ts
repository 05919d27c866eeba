/**
 * Fidelity: `dynamics-web-api`, the leading third-party Dataverse client, works against the
 * emulator as it would against an org, and the two clients read what the other wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamicsWebApi } from 'dynamics-web-api';
import {
  createJourneyClient,
  fromEntity,
  serializeDesignerState,
  serializeWorkflowDefinition,
  toEntity,
  type JourneyClient,
} from '@customer-journey/client';
import { edit, journey } from '@customer-journey/dsl';
import { startEmulator, type Emulator } from '../src/index.js';

const SET = 'msdyncrm_customerjourneys';

const invitation = journey("O'Brien's invitation", {
  target: 'contact',
  start: '2026-02-01T09:00:00Z',
  end: '2026-03-01T09:00:00Z',
  timeZone: 92,
  consent: 'Marketing',
  contentSettingsId: '1922b1d8-0523-e911-a9ba-000d3a1e689f',
})
  .segment('Customers', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344', name: 'customers' }] })
  .email('Invitation', {
    emailId: '184e5a1a-464a-e911-a873-000d3a1fe344',
    nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }],
  })
  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
    no: (b) => b.email('Reminder', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344' }),
  })
  .build();

interface JourneyRow {
  readonly msdyncrm_customerjourneyid: string;
  readonly msdyncrm_name: string;
  readonly msdyncrm_workflowdefinition: string;
  readonly msdyncrm_customerjourneydesignerstate: string;
  readonly '@odata.etag': string;
}

let emulator: Emulator;
let dwa: DynamicsWebApi;
let ours: JourneyClient;

beforeAll(async () => {
  emulator = await startEmulator();
  dwa = new DynamicsWebApi({ serverUrl: emulator.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => 'fidelity-token' });
  ours = createJourneyClient({ orgUrl: emulator.url, getToken: () => 'fidelity-token' });
});
afterAll(() => emulator.close());

describe('dynamics-web-api against the emulator', () => {
  it('creates, reads, updates and deletes a journey', async () => {
    const id = (await dwa.create({ collection: SET, data: toEntity(invitation) })) as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const row = await dwa.retrieve<JourneyRow>({ collection: SET, key: id, select: ['msdyncrm_name', 'msdyncrm_workflowdefinition', 'msdyncrm_customerjourneydesignerstate'] });
    expect(row.msdyncrm_name).toBe("O'Brien's invitation");
    expect(row.msdyncrm_workflowdefinition).toBe(serializeWorkflowDefinition(invitation));
    expect(row['@odata.etag']).toMatch(/^W\/"\d+"$/);

    const renamed = edit(invitation, (draft) => {
      draft.settings = { ...draft.settings, name: 'Renamed by dynamics-web-api' };
    });
    await dwa.update({ collection: SET, key: id, data: toEntity(renamed), ifmatch: row['@odata.etag'] });
    const after = await dwa.retrieve<JourneyRow>({ collection: SET, key: id, select: ['msdyncrm_name'] });
    expect(after.msdyncrm_name).toBe('Renamed by dynamics-web-api');
    expect(after['@odata.etag']).not.toBe(row['@odata.etag']);

    // A stale ETag is refused with 412, as Dataverse does; dynamics-web-api reports a refused
    // conditional update as `false`, and nothing is overwritten.
    await expect(dwa.update({ collection: SET, key: id, data: { msdyncrm_name: 'Stale' }, ifmatch: row['@odata.etag'] })).resolves.toBe(false);
    expect(emulator.requests.at(-1)?.status).toBe(412);
    expect((await dwa.retrieve<JourneyRow>({ collection: SET, key: id, select: ['msdyncrm_name'] })).msdyncrm_name).toBe('Renamed by dynamics-web-api');

    await dwa.deleteRecord({ collection: SET, key: id });
    await expect(dwa.retrieve({ collection: SET, key: id })).rejects.toMatchObject({ status: 404 });
  });

  it('pages through every journey with retrieveAll and escapes its filter values', async () => {
    emulator.reset();
    const trees = Array.from({ length: 12 }, (_, i) =>
      edit(invitation, (draft) => {
        draft.settings = { ...draft.settings, name: `Paged ${i}` };
      }),
    );
    for (const tree of trees) await ours.create(tree);
    const all = await dwa.retrieveAll<JourneyRow>({ collection: SET, select: ['msdyncrm_name'], maxPageSize: 5 });
    expect(all.value.map((r) => r.msdyncrm_name).sort()).toEqual(trees.map((t) => t.settings.name).sort());

    await ours.create(invitation);
    const quoted = await dwa.retrieveMultiple<JourneyRow>({ collection: SET, select: ['msdyncrm_name'], filter: "msdyncrm_name eq 'O''Brien''s invitation'" });
    expect(quoted.value.map((r) => r.msdyncrm_name)).toEqual(["O'Brien's invitation"]);
  });
});

describe('our client and dynamics-web-api read what the other wrote', () => {
  it('dynamics-web-api reads a journey our client pushed, byte for byte', async () => {
    const { id } = await ours.push(invitation);
    const row = await dwa.retrieve<JourneyRow>({ collection: SET, key: id });
    expect(row.msdyncrm_workflowdefinition).toBe(serializeWorkflowDefinition(invitation));
    expect(row.msdyncrm_customerjourneydesignerstate).toBe(serializeDesignerState(invitation));
    // dynamics-web-api hands dates back as Date objects; the codec reads those too.
    const read = fromEntity(row as unknown as Record<string, unknown>);
    expect(serializeWorkflowDefinition(read)).toBe(serializeWorkflowDefinition(invitation));
    expect(read.settings).toMatchObject(invitation.settings);
  });

  it('our client reads, updates and pushes a journey dynamics-web-api created', async () => {
    const id = (await dwa.create({ collection: SET, data: toEntity(invitation) })) as string;
    const record = await ours.get(id);
    expect(serializeWorkflowDefinition(record.journey)).toBe(serializeWorkflowDefinition(invitation));
    expect(serializeDesignerState(record.journey)).toBe(serializeDesignerState(invitation));
    // The org fills in what the payload left out (owner, status, type); the rest is as written.
    expect(record.journey.settings).toMatchObject(invitation.settings);
    expect(record.status).toBe('Draft');

    // Same content: our push recognises it and writes nothing.
    expect(await ours.push(invitation, { id })).toEqual({ id, action: 'unchanged' });

    const longer = edit(invitation, (draft, { tiles }) => {
      draft.root.children[0]!.children[0]!.children[0]!.children.push(
        ...tiles((b) => b.email('Last call', { emailId: '384e5a1a-464a-e911-a873-000d3a1fe344' }), { relation: 'YesBranch', branch: 0 }),
      );
    });
    expect(await ours.push(longer, { id })).toEqual({ id, action: 'updated' });
    const row = await dwa.retrieve<JourneyRow>({ collection: SET, key: id, select: ['msdyncrm_workflowdefinition'] });
    expect(row.msdyncrm_workflowdefinition).toBe(serializeWorkflowDefinition(longer));
  });
});
