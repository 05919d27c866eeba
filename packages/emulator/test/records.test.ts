import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_USER_ID } from '../src/entity.js';
import { SET, TOKEN, start, type Api } from './helpers.js';

const ID = '6628bbf7-c52a-e911-a9b7-000d3a1e6adc';
const CONTENT = '1922b1d8-0523-e911-a9ba-000d3a1e689f';

let api: Api;
beforeEach(async () => {
  api = await start();
});
afterEach(() => api.emulator.close());

describe('create', () => {
  it('answers 204 with OData-EntityId in the version of the request', async () => {
    const res = await api.fetch(SET, { method: 'POST', json: { msdyncrm_name: 'Welcome' } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const entityId = res.headers.get('OData-EntityId') ?? '';
    expect(entityId).toMatch(new RegExp(`^${api.emulator.url}/api/data/v9\\.2/${SET}\\([0-9a-f-]{36}\\)$`));
    const v90 = await fetch(`${api.emulator.url}/api/data/v9.0/${SET}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ msdyncrm_name: 'Old path' }),
    });
    expect(v90.headers.get('OData-EntityId')).toContain('/api/data/v9.0/');
    const v91 = await fetch(`${api.emulator.url}/api/data/v9.1/${SET}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(v91.status).toBe(200);
  });

  it('returns the record with Prefer: return=representation (201, no OData-EntityId)', async () => {
    const res = await api.fetch(`${SET}?$select=msdyncrm_name,statuscode`, {
      method: 'POST',
      headers: { Prefer: 'return=representation' },
      json: { msdyncrm_name: 'Welcome' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('Preference-Applied')).toBe('return=representation');
    expect(res.headers.get('OData-EntityId')).toBeNull();
    const body = await res.json();
    expect(body['@odata.context']).toBe(`${api.emulator.apiUrl}/$metadata#${SET}(msdyncrm_name,statuscode)/$entity`);
    expect(body['@odata.etag']).toMatch(/^W\/"\d+"$/);
    expect(body.msdyncrm_name).toBe('Welcome');
    expect(body.statuscode).toBe(192350000);
    expect(body.msdyncrm_customerjourneyid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(body)).toHaveLength(5);
  });

  it('honours a client-supplied id and refuses a duplicate with 412', async () => {
    const id = await api.create({ msdyncrm_customerjourneyid: ID.toUpperCase(), msdyncrm_name: 'Mine' });
    expect(id).toBe(ID);
    const again = await api.json(SET, { method: 'POST', json: { msdyncrm_customerjourneyid: ID, msdyncrm_name: 'Again' } });
    expect(again.res.status).toBe(412);
    expect(again.body.error.message).toBe('A record with matching key values already exists.');
    expect(api.emulator.records()).toHaveLength(1);
  });

  it('fills system columns and keeps unknown columns as sent', async () => {
    const id = await api.create({ msdyncrm_name: 'X', new_custom: { nested: [1, 'two'] }, createdon: '1999-01-01T00:00:00Z' });
    const { res, body } = await api.json(`${SET}(${id})`);
    expect(res.status).toBe(200);
    expect(body.new_custom).toEqual({ nested: [1, 'two'] });
    expect(body.statecode).toBe(0);
    expect(body.statuscode).toBe(192350000);
    expect(body.createdon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.createdon).not.toBe('1999-01-01T00:00:00Z');
    expect(body.modifiedon).toBe(body.createdon);
    expect(typeof body.versionnumber).toBe('number');
    expect(body._ownerid_value).toBe(EMULATOR_USER_ID);
  });

  it('refuses a name over 100 characters and a definition over 1,048,576 characters', async () => {
    const name = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 'n'.repeat(101) } });
    expect(name.res.status).toBe(400);
    expect(name.body.error.message).toMatch(/msdyncrm_name.*maximum allowed length of '100'/);
    const ok = await api.fetch(SET, { method: 'POST', json: { msdyncrm_name: 'n'.repeat(100) } });
    expect(ok.status).toBe(204);
    const def = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 'Big', msdyncrm_workflowdefinition: 'x'.repeat(1_048_577) } });
    expect(def.res.status).toBe(400);
    expect(def.body.error.message).toMatch(/msdyncrm_workflowdefinition.*1048576/);
    expect(api.emulator.records()).toHaveLength(1);
  });

  it('checks types and option values of known columns', async () => {
    const wrongType = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 5 } });
    expect(wrongType.res.status).toBe(400);
    expect(wrongType.body.error.message).toMatch(/Edm.String/);
    const option = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 'x', msdyncrm_entitytarget: 7 } });
    expect(option.res.status).toBe(400);
    expect(option.body.error.message).toMatch(/outside the valid range. Accepted Values: 0,1/);
    const json = await api.json(SET, { method: 'POST', body: '{not json', headers: { 'Content-Type': 'application/json' } });
    expect(json.res.status).toBe(400);
    expect(json.body.error.code).toMatch(/^0x/);
  });
});

describe('lookups', () => {
  it('stores @odata.bind and reads back _<attr>_value, with annotations on request', async () => {
    const owner = '0f4a7b8e-1111-4000-8000-000000000002';
    const id = await api.create({
      msdyncrm_name: 'Bound',
      'msdyncrm_contentsettingsId@odata.bind': `/msdyncrm_contentsettingss(${CONTENT})`,
      'ownerid@odata.bind': `/teams(${owner})`,
    });
    const plain = await api.json(`${SET}(${id})`);
    expect(plain.body._msdyncrm_contentsettingsid_value).toBe(CONTENT);
    expect(plain.body._ownerid_value).toBe(owner);
    expect(plain.body['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBeUndefined();
    const annotated = await api.json(`${SET}(${id})?$select=_ownerid_value,statuscode`, {
      headers: { Prefer: 'odata.include-annotations="*"' },
    });
    expect(annotated.res.headers.get('Preference-Applied')).toBe('odata.include-annotations="*"');
    expect(annotated.body['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('team');
    expect(annotated.body['_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty']).toBe('ownerid');
    expect(annotated.body['statuscode@OData.Community.Display.V1.FormattedValue']).toBe('Draft');
    const only = await api.json(`${SET}(${id})?$select=_ownerid_value`, {
      headers: { Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"' },
    });
    expect(Object.keys(only.body).sort()).toEqual(
      ['@odata.context', '@odata.etag', '_ownerid_value', '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname', 'msdyncrm_customerjourneyid'].sort(),
    );
  });

  it('clears a lookup bound to null and refuses wrong navigation names or targets', async () => {
    const id = await api.create({ msdyncrm_name: 'B', 'msdyncrm_SuppressionSegmentId@odata.bind': `/msdyncrm_segments(${CONTENT})` });
    expect((await api.fetch(`${SET}(${id})`, { method: 'PATCH', json: { 'msdyncrm_SuppressionSegmentId@odata.bind': null } })).status).toBe(204);
    expect(api.emulator.record(id)?._msdyncrm_suppressionsegmentid_value).toBeNull();
    const casing = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 'x', 'msdyncrm_ContentSettingsId@odata.bind': `/msdyncrm_contentsettingss(${CONTENT})` } });
    expect(casing.res.status).toBe(400);
    expect(casing.body.error.message).toMatch(/case-sensitive: use 'msdyncrm_contentsettingsId'/);
    const target = await api.json(SET, { method: 'POST', json: { msdyncrm_name: 'x', 'ownerid@odata.bind': `/accounts(${CONTENT})` } });
    expect(target.res.status).toBe(400);
    expect(target.body.error.message).toMatch(/systemusers, teams/);
  });
});

describe('retrieve and list', () => {
  it('retrieves with $select, ETag header and 404 for a missing id', async () => {
    const id = await api.create({ msdyncrm_name: 'One', msdyncrm_description: 'd' });
    const { res, body } = await api.json(`${SET}(${id})?$select=msdyncrm_name`);
    expect(res.headers.get('ETag')).toBe(body['@odata.etag']);
    expect(body).toEqual({
      '@odata.context': `${api.emulator.apiUrl}/$metadata#${SET}(msdyncrm_name)/$entity`,
      '@odata.etag': body['@odata.etag'],
      msdyncrm_name: 'One',
      msdyncrm_customerjourneyid: id,
    });
    const missing = await api.json(`${SET}(${ID})`);
    expect(missing.res.status).toBe(404);
    expect(missing.body.error).toEqual({ code: '0x80040217', message: `Entity 'msdyncrm_customerjourney' With Id = ${ID} Does Not Exist` });
    const badKey = await api.json(`${SET}(not-a-guid)`);
    expect(badKey.res.status).toBe(400);
    const notModified = await api.fetch(`${SET}(${id})`, { headers: { 'If-None-Match': body['@odata.etag'] } });
    expect(notModified.status).toBe(304);
  });

  it('lists with $select, $top, $orderby and $count', async () => {
    for (const name of ['b', 'c', 'a']) await api.create({ msdyncrm_name: name });
    const all = await api.json(SET);
    expect(all.body['@odata.context']).toBe(`${api.emulator.apiUrl}/$metadata#${SET}`);
    expect(all.body.value.map((r: any) => r.msdyncrm_name)).toEqual(['b', 'c', 'a']);
    const sorted = await api.json(`${SET}?$select=msdyncrm_name&$orderby=msdyncrm_name desc&$top=2&$count=true`);
    expect(sorted.body.value).toEqual([
      expect.objectContaining({ msdyncrm_name: 'c' }),
      expect.objectContaining({ msdyncrm_name: 'b' }),
    ]);
    expect(sorted.body['@odata.count']).toBe(2);
    expect(Object.keys(sorted.body.value[0]).sort()).toEqual(['@odata.etag', 'msdyncrm_customerjourneyid', 'msdyncrm_name']);
    expect((await api.json(`${SET}?$skip=1`)).res.status).toBe(400);
    expect((await api.json(`${SET}?$select=nope`)).res.status).toBe(400);
    expect((await api.json(`${SET}?$top=-1`)).res.status).toBe(400);
  });

  it('pages with odata.maxpagesize and follows @odata.nextLink exactly as given', async () => {
    api.emulator.seed(Array.from({ length: 7 }, (_, i) => ({ msdyncrm_name: `J${i}`, statuscode: i % 2 === 0 ? 192350001 : 192350000 })));
    const seen: string[] = [];
    let url: string | undefined = `${SET}?$select=msdyncrm_name&$filter=${encodeURIComponent("startswith(msdyncrm_name,'J')")}`;
    let pages = 0;
    while (url) {
      const page: { res: Response; body: any } = await api.json(url, { headers: { Prefer: 'odata.maxpagesize=3' } });
      expect(page.res.status).toBe(200);
      expect(page.res.headers.get('Preference-Applied')).toBe('odata.maxpagesize=3');
      seen.push(...page.body.value.map((r: any) => r.msdyncrm_name));
      url = page.body['@odata.nextLink'];
      if (url) {
        expect(url.startsWith(`${api.emulator.apiUrl}/${SET}?`)).toBe(true);
        expect(url).toContain('$skiptoken=');
      }
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['J0', 'J1', 'J2', 'J3', 'J4', 'J5', 'J6']);
    const filtered = await api.json(`${SET}?$filter=statuscode eq 192350001&$top=1`, { headers: { Prefer: 'odata.maxpagesize=2' } });
    expect(filtered.body.value).toHaveLength(2);
    expect(filtered.body['@odata.nextLink']).toContain('statuscode%20eq%20192350001');
    const bad = await api.json(`${SET}?$skiptoken=garbage`);
    expect(bad.res.status).toBe(400);
  });
});

describe('date-time columns', () => {
  it('refuses a date the calendar does not have with 400, and keeps the record as it was', async () => {
    const id = await api.create({ msdyncrm_name: 'Dated', msdyncrm_startdatetime: '2026-02-01T09:00:00Z' });
    for (const bad of ['2026-02-30T09:00:00Z', '2026-02-01T24:00:00Z', 'soon']) {
      const res = await api.json(`${SET}(${id})`, { method: 'PATCH', json: { msdyncrm_startdatetime: bad } });
      expect(res.res.status, bad).toBe(400);
      expect(res.body.error.message, bad).toContain('msdyncrm_startdatetime');
    }
    expect((await api.json(`${SET}(${id})`)).body.msdyncrm_startdatetime).toBe('2026-02-01T09:00:00Z');
  });
});

describe('update, upsert and concurrency', () => {
  it('updates with PATCH and changes the ETag on every write', async () => {
    const id = await api.create({ msdyncrm_name: 'Before' });
    const first = await api.json(`${SET}(${id})`);
    const res = await api.fetch(`${SET}(${id})`, { method: 'PATCH', json: { msdyncrm_name: 'After' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('OData-EntityId')).toBe(`${api.emulator.apiUrl}/${SET}(${id})`);
    const second = await api.json(`${SET}(${id})`);
    expect(second.body.msdyncrm_name).toBe('After');
    expect(second.body['@odata.etag']).not.toBe(first.body['@odata.etag']);
    expect(second.body.versionnumber).toBeGreaterThan(first.body.versionnumber);
    const rep = await api.json(`${SET}(${id})?$select=msdyncrm_name`, {
      method: 'PATCH',
      headers: { Prefer: 'return=representation' },
      json: { msdyncrm_name: 'Third' },
    });
    expect(rep.res.status).toBe(200);
    expect(rep.body.msdyncrm_name).toBe('Third');
    expect(rep.res.headers.get('ETag')).toBe(rep.body['@odata.etag']);
  });

  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    const id = await api.create({ msdyncrm_name: 'v1' });
    const etag = (await api.json(`${SET}(${id})`)).body['@odata.etag'];
    expect((await api.fetch(`${SET}(${id})`, { method: 'PATCH', headers: { 'If-Match': etag }, json: { msdyncrm_name: 'v2' } })).status).toBe(204);
    const stale = await api.json(`${SET}(${id})`, { method: 'PATCH', headers: { 'If-Match': etag }, json: { msdyncrm_name: 'v3' } });
    expect(stale.res.status).toBe(412);
    expect(stale.body.error.message).toBe("The version of the existing record doesn't match the RowVersion property provided.");
    expect(api.emulator.record(id)?.msdyncrm_name).toBe('v2');
    const staleDelete = await api.fetch(`${SET}(${id})`, { method: 'DELETE', headers: { 'If-Match': etag } });
    expect(staleDelete.status).toBe(412);
  });

  it('upserts: a bare PATCH creates, If-Match: * prevents create, If-None-Match: * prevents update', async () => {
    const guarded = await api.json(`${SET}(${ID})`, { method: 'PATCH', headers: { 'If-Match': '*' }, json: { msdyncrm_name: 'x' } });
    expect(guarded.res.status).toBe(404);
    expect(api.emulator.records()).toHaveLength(0);
    const created = await api.fetch(`${SET}(${ID})`, { method: 'PATCH', json: { msdyncrm_name: 'Upserted' } });
    expect(created.status).toBe(204);
    expect(created.headers.get('OData-EntityId')).toBe(`${api.emulator.apiUrl}/${SET}(${ID})`);
    expect(api.emulator.record(ID)?.msdyncrm_name).toBe('Upserted');
    const noUpdate = await api.json(`${SET}(${ID})`, { method: 'PATCH', headers: { 'If-None-Match': '*' }, json: { msdyncrm_name: 'y' } });
    expect(noUpdate.res.status).toBe(412);
    expect(noUpdate.body.error.message).toBe('A record with matching key values already exists.');
    expect((await api.fetch(`${SET}(${ID})`, { method: 'PATCH', headers: { 'If-Match': '*' }, json: { msdyncrm_name: 'z' } })).status).toBe(204);
    expect(api.emulator.record(ID)?.msdyncrm_name).toBe('z');
    const other = '11111111-2222-4333-8444-555555555555';
    const rep = await api.fetch(`${SET}(${other})`, { method: 'PATCH', headers: { Prefer: 'return=representation', 'If-None-Match': '*' }, json: { msdyncrm_name: 'n' } });
    expect(rep.status).toBe(201);
  });
});

describe('delete', () => {
  it('deletes (204) and answers 404 for a missing record', async () => {
    const id = await api.create({ msdyncrm_name: 'Gone' });
    expect((await api.fetch(`${SET}(${id})`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.fetch(`${SET}(${id})`, { method: 'DELETE' })).status).toBe(404);
    expect(api.emulator.records()).toHaveLength(0);
  });

  it('refuses to delete a Live or Live, editable journey and says to stop it first', async () => {
    const [live, editable] = api.emulator.seed([
      { msdyncrm_name: 'L', statuscode: 192350001 },
      { msdyncrm_name: 'E', statuscode: 192350003 },
    ]);
    const a = await api.json(`${SET}(${live})`, { method: 'DELETE' });
    expect(a.res.status).toBe(400);
    expect(a.body.error.message).toMatch(/Live \(192350001\).*Stop it first/);
    const b = await api.json(`${SET}(${editable})`, { method: 'DELETE' });
    expect(b.body.error.message).toMatch(/Live, editable/);
    expect(api.emulator.records()).toHaveLength(2);
  });
});

describe('routing, errors and auth', () => {
  it('answers 404 for unknown resources and 405 for unsupported methods', async () => {
    const unknown = await api.json('accounts');
    expect(unknown.res.status).toBe(404);
    expect(unknown.body.error.message).toBe("Resource not found for the segment 'accounts'.");
    expect((await api.fetch(SET, { method: 'PUT', json: {} })).status).toBe(405);
    expect((await api.fetch(`${SET}(${ID})`, { method: 'POST', json: {} })).status).toBe(405);
    expect((await api.fetch('msdyncrm_CustomerJourneyValidate')).status).toBe(405);
    expect((await fetch(`${api.emulator.url}/api/data/v8.2/${SET}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const who = await api.json('WhoAmI');
    expect(who.body.UserId).toBe(EMULATOR_USER_ID);
  });

  it('answers 401 without a bearer token, never echoing a token, and logs no Authorization header', async () => {
    const none = await fetch(`${api.emulator.apiUrl}/${SET}`);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toMatch(/^0x/);
    const empty = await fetch(`${api.emulator.apiUrl}/${SET}`, { headers: { Authorization: 'Bearer ' } });
    expect(empty.status).toBe(401);
    const basic = await fetch(`${api.emulator.apiUrl}/${SET}`, { headers: { Authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    await api.fetch(SET);
    expect(api.emulator.requests.length).toBe(4);
    for (const entry of api.emulator.requests) {
      expect(entry.headers.authorization).toBeUndefined();
      expect(JSON.stringify(entry)).not.toContain(TOKEN);
    }
    expect(api.emulator.requests[3]).toMatchObject({ method: 'GET', path: `/api/data/v9.2/${SET}`, status: 200 });
  });

  it('rejects tokens refused by acceptToken', async () => {
    const strict = await start({ acceptToken: (token) => token === 'fresh' });
    try {
      const stale = await strict.fetch(SET, { headers: { Authorization: 'Bearer expired-token-123' } });
      expect(stale.status).toBe(401);
      const text = await stale.text();
      expect(text).not.toContain('expired-token-123');
      expect(stale.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
      expect((await strict.fetch(SET, { headers: { Authorization: 'Bearer fresh' } })).status).toBe(200);
    } finally {
      await strict.emulator.close();
    }
  });

  it('answers 413 for a body over maxBodyBytes and serves a configured entity set name', async () => {
    const small = await start({ maxBodyBytes: 1000, entitySet: 'msdyncrm_customerjourneies' });
    try {
      const big = await small.fetch('msdyncrm_customerjourneies', { method: 'POST', json: { msdyncrm_name: 'x', msdyncrm_description: 'd'.repeat(2000) } });
      expect(big.status).toBe(413);
      expect((await big.json()).error.message).toMatch(/1000 bytes/);
      const ok = await small.fetch('msdyncrm_customerjourneies', { method: 'POST', json: { msdyncrm_name: 'x' } });
      expect(ok.headers.get('OData-EntityId')).toContain('/msdyncrm_customerjourneies(');
      expect((await small.fetch(SET)).status).toBe(404);
    } finally {
      await small.emulator.close();
    }
  });

  it('reset() empties records, log and counters', async () => {
    await api.create({ msdyncrm_name: 'x' });
    expect(api.emulator.stats.requests).toBe(1);
    expect(api.emulator.stats.statuses[204]).toBe(1);
    api.emulator.reset();
    expect(api.emulator.records()).toEqual([]);
    expect(api.emulator.requests).toEqual([]);
    expect(api.emulator.stats.requests).toBe(0);
  });
});
