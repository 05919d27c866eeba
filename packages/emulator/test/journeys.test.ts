import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkJourney, serializeWorkflowDefinition, toEntity, toValidateRequest } from '@customer-journey/client';
import { journey } from '@customer-journey/dsl';
import { SET, sampleTree, start, type Api } from './helpers.js';

let api: Api;
// The sample journeys run in February 2026: the emulator's clock stays there, so that a Live one
// is not stopped by its end date having passed.
beforeEach(async () => {
  api = await start({ goLiveDelayMs: 60_000, stopDelayMs: 60_000, clock: () => new Date('2026-02-15T09:00:00Z') });
});
afterEach(() => api.emulator.close());

const recurringTooShort = () =>
  journey('Recurring', {
    target: 'contact',
    start: '2019-02-08T11:48:00Z',
    end: '2019-03-08T11:48:00Z',
    recurrence: { intervalDays: 30, count: 3 },
  })
    .segment('S', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
    .email('E', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
    .build();

describe('definitions through the codec', () => {
  it('stores the definition byte-for-byte as sent', async () => {
    const entity = toEntity(sampleTree());
    const definition = String(entity.msdyncrm_workflowdefinition);
    const spaced = JSON.stringify(JSON.parse(definition).reverse(), null, 2);
    const id = await api.create({ ...entity, msdyncrm_workflowdefinition: spaced });
    const { body } = await api.json(`${SET}(${id})?$select=msdyncrm_workflowdefinition,msdyncrm_customerjourneydesignerstate`);
    expect(body.msdyncrm_workflowdefinition).toBe(spaced);
    expect(body.msdyncrm_customerjourneydesignerstate).toBe(entity.msdyncrm_customerjourneydesignerstate);
  });

  it('refuses a malformed definition with a 400 naming the JSON path and reason', async () => {
    const bad = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 'Bad', msdyncrm_workflowdefinition: '[{"ActivityTypeId":"bpf_root"}]' } });
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.code).toMatch(/^0x/);
    expect(bad.body.error.message).toMatch(/msdyncrm_workflowdefinition/);
    expect(bad.body.error.message).toMatch(/\$\[0\]/);
    const notJson = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 'Bad', msdyncrm_workflowdefinition: '[{' } });
    expect(notJson.res.status).toBe(400);
    expect(api.emulator.records()).toHaveLength(0);
  });

  it('parses with the designer state, also when only the designer state changes', async () => {
    const entity = toEntity(sampleTree());
    const badState = await api.json(SET, { method: 'POST', json: { ...entity, msdyncrm_customerjourneydesignerstate: '{"NextActivityID":"x"}' } });
    expect(badState.res.status).toBe(400);
    expect(badState.body.error.message).toMatch(/NextActivityID/);
    const id = await api.create(entity);
    const patch = await api.json(`${SET}(${id})`, { method: 'PATCH', json: { msdyncrm_customerjourneydesignerstate: '[1]' } });
    expect(patch.res.status).toBe(400);
    expect(api.emulator.record(id)?.msdyncrm_customerjourneydesignerstate).toBe(entity.msdyncrm_customerjourneydesignerstate);
    const rename = await api.fetch(`${SET}(${id})`, { method: 'PATCH', json: { msdyncrm_workflowdefinition: serializeWorkflowDefinition(sampleTree('Renamed')) } });
    expect(rename.status).toBe(204);
  });
});

describe('msdyncrm_CustomerJourneyValidate', () => {
  const validate = (body: object) => api.json('msdyncrm_CustomerJourneyValidate', { method: 'POST', json: body });

  it('answers like the local check for a valid journey', async () => {
    const tree = sampleTree();
    const { res, body } = await validate(toValidateRequest(tree));
    expect(res.status).toBe(200);
    expect(body['@odata.context']).toBe(`${api.emulator.apiUrl}/$metadata#Microsoft.Dynamics.CRM.msdyncrm_CustomerJourneyValidateResponse`);
    expect(typeof body.ValidationResult).toBe('string');
    expect(JSON.parse(body.ValidationResult)).toEqual(checkJourney(tree));
  });

  it('reports the recurring end-date fault as the local check does', async () => {
    const tree = recurringTooShort();
    const { body } = await validate(toValidateRequest(tree, '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}'));
    const result = JSON.parse(body.ValidationResult);
    expect(result).toEqual(checkJourney(tree));
    expect(result.Result).toBe('Error');
    expect(result.ActivityValidationResults.map((r: any) => r.Fault)).toContain('ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations');
  });

  it('checks a body without a definition and refuses malformed ones', async () => {
    const empty = await validate({ FieldValueName: 'Nothing yet', FieldValueEntityTarget: 0 });
    expect(empty.res.status).toBe(200);
    expect(JSON.parse(empty.body.ValidationResult).Result).toBe('Error');
    const bad = await validate({ FieldValueName: 'x', FieldValueWorkflowDefinition: '{}' });
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.message).toMatch(/FieldValueWorkflowDefinition/);
    expect((await api.fetch('msdyncrm_CustomerJourneyValidate', { method: 'POST', json: [1] })).status).toBe(400);
  });
});

describe('lifecycle', () => {
  const setStatus = (id: string, statuscode: number, extra: Record<string, unknown> = {}) =>
    api.json(`${SET}(${id})`, { method: 'PATCH', json: { statuscode, ...extra } });

  it('goes live: Going live, then Live with validation results after settle()', async () => {
    const id = await api.create(toEntity(sampleTree()));
    expect((await setStatus(id, 192350006)).res.status).toBe(204);
    const going = await api.json(`${SET}(${id})`);
    expect(going.body.statuscode).toBe(192350006);
    await api.emulator.settle();
    const live = await api.json(`${SET}(${id})`);
    expect(live.body.statuscode).toBe(192350001);
    expect(live.body.statecode).toBe(0);
    expect(live.body['@odata.etag']).not.toBe(going.body['@odata.etag']);
    expect(JSON.parse(live.body.msdyncrm_validationresults)).toEqual(checkJourney(sampleTree()));
    const byFilter = await api.json(`${SET}?$filter=statuscode eq 192350001&$select=msdyncrm_name`);
    expect(byFilter.body.value).toHaveLength(1);
  });

  it('goes to Error when Check for Errors finds errors', async () => {
    const id = await api.create(toEntity(recurringTooShort()));
    await setStatus(id, 192350006);
    await api.emulator.settle();
    const record = api.emulator.record(id);
    expect(record?.statuscode).toBe(192350005);
    expect(JSON.parse(String(record?.msdyncrm_validationresults)).Result).toBe('Error');
    expect((await setStatus(id, 192350006)).res.status).toBe(204);
  });

  it('stops: Stopping, then Stopped after settle(), and then can be deleted', async () => {
    const [id] = api.emulator.seed([{ msdyncrm_name: 'Live one', statuscode: 192350001 }]) as [string];
    expect((await setStatus(id, 192350007)).res.status).toBe(204);
    expect(api.emulator.record(id)?.statuscode).toBe(192350007);
    await api.emulator.settle();
    expect(api.emulator.record(id)?.statuscode).toBe(192350002);
    expect((await api.fetch(`${SET}(${id})`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses a disallowed transition naming from, to and the allowed targets', async () => {
    const id = await api.create({ msdyncrm_name: 'Draft' });
    const res = await setStatus(id, 192350001);
    expect(res.res.status).toBe(400);
    expect(res.body.error.message).toContain('from Draft (192350000) to Live (192350001)');
    expect(res.body.error.message).toContain('Going live (192350006), Expired (192350004)');
    const [expired] = api.emulator.seed([{ msdyncrm_name: 'Old', statuscode: 192350004 }]) as [string];
    expect(api.emulator.record(expired)?.statecode).toBe(1);
    const terminal = await setStatus(expired, 192350006);
    expect(terminal.body.error.message).toMatch(/none \(the status is final\)/);
    const unknown = await setStatus(id, 42);
    expect(unknown.res.status).toBe(400);
    const mismatch = await setStatus(id, 192350006, { statecode: 1 });
    expect(mismatch.res.status).toBe(400);
    expect(api.emulator.record(id)?.statuscode).toBe(192350000);
    expect((await setStatus(id, 192350000)).res.status).toBe(204);
  });

  it('completes transitions by timer with the configured delay, and close() clears pending timers', async () => {
    const fast = await start({ goLiveDelayMs: 0 });
    try {
      const id = await fast.create(toEntity(sampleTree()));
      await fast.fetch(`${SET}(${id})`, { method: 'PATCH', json: { statuscode: 192350006 } });
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (fast.emulator.record(id)?.statuscode === 192350001) resolve();
          else setImmediate(check);
        };
        check();
      });
      expect(fast.emulator.record(id)?.statuscode).toBe(192350001);
    } finally {
      await fast.emulator.close();
    }
    const id = await api.create(toEntity(sampleTree()));
    await setStatus(id, 192350006);
    await api.emulator.close();
    await api.emulator.settle();
    expect(api.emulator.record(id)?.statuscode).toBe(192350006);
  });
});
