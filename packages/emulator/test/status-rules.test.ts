/**
 * The status rules as the service answers them over HTTP (reference §8): what a PATCH may change
 * in each status, when DELETE is refused, the transitions, and the moves the emulator makes on its
 * clock at a journey's end date.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeDesignerState, serializeWorkflowDefinition, toEntity } from '@customer-journey/client';
import { journey, type JourneyTree } from '@customer-journey/dsl';
import { startEmulator } from '../src/index.js';
import { SET, TOKEN, start, type Api } from './helpers.js';

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const OTHER = '284e5a1a-464a-e911-a873-000d3a1fe344';
const PUBLISHER = '6f0a7b8e-0000-4000-8000-00000000e001';

const STATUS = {
  draft: 192350000,
  goingLive: 192350006,
  live: 192350001,
  liveEditable: 192350003,
  stopping: 192350007,
  stopped: 192350002,
  error: 192350005,
  expired: 192350004,
} as const;

/** The journey; `email` changes a tile's settings, `extra` adds a tile (the pipeline). */
function tree(options: { email?: string; extra?: boolean } = {}): JourneyTree {
  const b = journey('Rules', { target: 'contact', start: '2026-02-01T09:00:00Z', end: '2026-03-01T09:00:00Z', timeZone: 92 })
    .segment('New contacts', { include: [{ id: SEGMENT }] })
    .email('Welcome', { emailId: options.email ?? EMAIL });
  return (options.extra === true ? b.email('Thanks', { emailId: OTHER }) : b).build();
}

const definition = (t: JourneyTree) => ({
  msdyncrm_workflowdefinition: serializeWorkflowDefinition(t),
  msdyncrm_customerjourneydesignerstate: serializeDesignerState(t),
});

// February 2026: the journey has started and not ended.
let now = new Date('2026-02-15T09:00:00Z');
let api: Api;
beforeEach(async () => {
  now = new Date('2026-02-15T09:00:00Z');
  api = await start({ goLiveDelayMs: 60_000, stopDelayMs: 60_000, clock: () => now });
});
afterEach(() => api.emulator.close());

/** A stored journey in a status; `goneLive` gives it a publisher. */
function seeded(status: number, goneLive: boolean, values: Record<string, unknown> = {}): string {
  const [id] = api.emulator.seed([
    { ...toEntity(tree()), statuscode: status, ...(goneLive ? { _msdyncrm_publishedby_value: PUBLISHER } : {}), ...values },
  ]);
  return id as string;
}

const patch = (id: string, body: Record<string, unknown>) => api.json(`${SET}(${id})`, { method: 'PATCH', json: body });

/** Expects a 400 that names the rule and the status, and that nothing was stored. */
async function expectRefused(id: string, body: Record<string, unknown>, rule: string, status: string): Promise<void> {
  const before = api.emulator.record(id);
  const { res, body: error } = await patch(id, body);
  expect(res.status).toBe(400);
  expect(error.error.code).toBe('0x80040265');
  expect(error.error.message).toContain(`"${rule}"`);
  expect(error.error.message).toContain(status);
  expect(api.emulator.record(id)).toEqual(before);
}

async function expectAllowed(id: string, body: Record<string, unknown>): Promise<void> {
  const { res, body: answer } = await patch(id, body);
  expect(res.status, JSON.stringify(answer)).toBe(204);
}

const tileChange = () => definition(tree({ email: OTHER }));
const pipelineChange = () => definition(tree({ extra: true }));

describe('what a PATCH may change in each status', () => {
  it('Draft: everything', async () => {
    const id = seeded(STATUS.draft, false);
    await expectAllowed(id, pipelineChange());
    await expectAllowed(id, { msdyncrm_customerjourneytimezone: 4, msdyncrm_name: 'Renamed', msdyncrm_description: 'd' });
  });

  it('Live: no edit through a plain update, not even the name; the same values are no change', async () => {
    const id = seeded(STATUS.live, true);
    await expectRefused(id, { msdyncrm_name: 'Renamed' }, 'live journeys take no plain update', 'Live (192350001)');
    await expectRefused(id, tileChange(), 'live journeys take no plain update', 'Live (192350001)');
    await expectRefused(id, { statuscode: STATUS.liveEditable, msdyncrm_name: 'Renamed' }, 'live journeys take no plain update', 'Live (192350001)');
    // What a client sends when it writes the whole journey unchanged.
    await expectAllowed(id, { ...toEntity(tree()) });
    const { body } = await patch(id, { msdyncrm_name: 'Renamed' });
    expect(body.error.message).toMatch(/Set statuscode to Live, editable \(192350003\) first/);
  });

  for (const [label, status] of [
    ['Live, editable', STATUS.liveEditable],
    ['Stopped', STATUS.stopped],
  ] as const) {
    describe(label, () => {
      it('takes settings and tile settings', async () => {
        const id = seeded(status, true);
        await expectAllowed(id, tileChange());
        await expectAllowed(id, { msdyncrm_name: 'Renamed', msdyncrm_enddatetime: '2026-04-01T09:00:00Z', msdyncrm_recurrencecount: 2 });
      });

      it('takes a new template: a setting read back as a lookup value', async () => {
        const id = seeded(status, true);
        await expectAllowed(id, { 'msdyncrm_CustomerJourneyTemplate@odata.bind': `/msdyncrm_customerjourneytemplates(${OTHER})` });
        expect(api.emulator.record(id)?._msdyncrm_customerjourneytemplate_value).toBe(OTHER);
      });

      it('refuses a pipeline change once the journey has gone live', async () => {
        const id = seeded(status, true);
        await expectRefused(id, pipelineChange(), 'pipeline locked after go-live', `${label} (${status})`);
        const { body } = await patch(id, pipelineChange());
        expect(body.error.message).toContain('tile 01_0_1_2 (Email) added');
      });

      it('refuses the settings locked after go-live, and the start date once started', async () => {
        const id = seeded(status, true);
        await expectRefused(id, { msdyncrm_customerjourneytimezone: 4 }, 'setting locked after go-live', label);
        await expectRefused(id, { msdyncrm_isrecurring: true }, 'setting locked after go-live', label);
        await expectRefused(id, { msdyncrm_description: 'not listed by the reference: locked' }, 'setting locked after go-live', label);
        await expectRefused(id, { msdyncrm_startdatetime: '2026-02-20T09:00:00Z' }, 'start date locked once started', label);
      });

      it('sees no change in a date written again with seconds, which the service ignores', async () => {
        const id = seeded(status, true);
        await expectAllowed(id, { msdyncrm_startdatetime: '2026-02-01T09:00:30Z' });
      });

      it('takes a new start date before the journey has started', async () => {
        now = new Date('2026-01-15T09:00:00Z');
        const id = seeded(status, true);
        await expectAllowed(id, { msdyncrm_startdatetime: '2026-02-10T09:00:00Z' });
      });
    });
  }

  it('Expired: read-only but deletable', async () => {
    const id = seeded(STATUS.expired, true, { statecode: 1 });
    await expectRefused(id, { msdyncrm_name: 'Renamed' }, 'expired journeys are read-only', 'Expired (192350004)');
    const restart = await patch(id, { statuscode: STATUS.goingLive });
    expect(restart.res.status).toBe(400);
    expect(restart.body.error.message).toMatch(/from Expired \(192350004\) to Going live .*none \(the status is final\)/);
    expect((await api.fetch(`${SET}(${id})`, { method: 'DELETE' })).status).toBe(204);
  });

  it('Going live and Stopping: nothing until the status settles, no delete either', async () => {
    for (const [status, label] of [
      [STATUS.goingLive, 'Going live (192350006)'],
      [STATUS.stopping, 'Stopping (192350007)'],
    ] as const) {
      const id = seeded(status, status === STATUS.stopping);
      await expectRefused(id, tileChange(), 'no edits while the status settles', label);
      const del = await api.json(`${SET}(${id})`, { method: 'DELETE' });
      expect(del.res.status).toBe(400);
      expect(del.body.error.message).toContain('"no delete while the status settles"');
    }
  });

  it('Error: editable like a Draft after a failed first go-live, locked after having gone live', async () => {
    const never = seeded(STATUS.error, false);
    await expectAllowed(never, pipelineChange());
    const after = seeded(STATUS.error, true);
    await expectRefused(after, tileChange(), 'a journey in Error after going live is locked', 'Error (192350005)');
  });
});

describe('transitions and going live', () => {
  it('goes Live -> Live, editable -> Going live -> Live, and keeps the first publisher', async () => {
    const id = await api.create({ ...toEntity(tree()) });
    expect((await patch(id, { statuscode: STATUS.liveEditable })).res.status).toBe(400); // Draft -> Live, editable is not a transition
    await expectAllowed(id, { statuscode: STATUS.goingLive });
    await api.emulator.settle();
    const published = api.emulator.record(id)?._msdyncrm_publishedby_value;
    expect(typeof published).toBe('string'); // set even without an owner: from now on it has gone live
    await expectAllowed(id, { statuscode: STATUS.liveEditable });
    await expectAllowed(id, tileChange());
    await expectAllowed(id, { statuscode: STATUS.goingLive });
    await api.emulator.settle();
    expect(api.emulator.record(id)).toMatchObject({ statuscode: STATUS.live, _msdyncrm_publishedby_value: published });
    const stopping = await patch(id, { statuscode: STATUS.stopping });
    expect(stopping.res.status).toBe(204);
    const editable = await patch(id, { statuscode: STATUS.liveEditable });
    expect(editable.res.status).toBe(400);
    expect(editable.body.error.message).toMatch(/from Stopping \(192350007\) to Live, editable/);
  });
});

describe('the moves on the emulator clock', () => {
  const end = '2026-03-01T09:00:00Z';

  it('stops a Live journey at its end date and expires it 30 days later, on read', async () => {
    const id = seeded(STATUS.live, true);
    const live = await api.json(`${SET}(${id})`);
    expect(live.body.statuscode).toBe(STATUS.live);
    now = new Date(end);
    const stopped = await api.json(`${SET}(${id})`);
    expect(stopped.body).toMatchObject({ statuscode: STATUS.stopped, statecode: 0 });
    expect(stopped.body['@odata.etag']).not.toBe(live.body['@odata.etag']);
    now = new Date('2026-03-31T08:59:00Z');
    expect((await api.json(`${SET}(${id})`)).body.statuscode).toBe(STATUS.stopped);
    now = new Date('2026-03-31T09:00:00Z');
    const listed = await api.json(`${SET}?$filter=statuscode eq ${STATUS.expired}`);
    expect(listed.body.value.map((r: { msdyncrm_customerjourneyid: string }) => r.msdyncrm_customerjourneyid)).toEqual([id]);
    expect(listed.body.value[0].statecode).toBe(1);
  });

  it('applies the moves before a write, so a write meets the status it would find', async () => {
    const id = seeded(STATUS.live, true);
    now = new Date('2026-03-02T00:00:00Z');
    // Stopped now: tile settings may change.
    await expectAllowed(id, tileChange());
    expect(api.emulator.record(id)?.statuscode).toBe(STATUS.stopped);
  });

  it('tick() moves every due record; a Draft past its end date does not move', async () => {
    const live = seeded(STATUS.live, true);
    const stopped = seeded(STATUS.stopped, true);
    const draft = seeded(STATUS.draft, false);
    now = new Date('2026-06-01T00:00:00Z');
    expect(api.emulator.record(live)?.statuscode).toBe(STATUS.live);
    await api.emulator.tick();
    expect(api.emulator.record(live)).toMatchObject({ statuscode: STATUS.expired, statecode: 1 });
    expect(api.emulator.record(stopped)).toMatchObject({ statuscode: STATUS.expired, statecode: 1 });
    expect(api.emulator.record(draft)?.statuscode).toBe(STATUS.draft);
  });

  it('keeps the moves in the data file like any other write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cj-rules-'));
    const dataFile = join(dir, 'data.json');
    let clock = new Date('2026-02-15T09:00:00Z');
    try {
      const first = await startEmulator({ dataFile, clock: () => clock });
      const [id] = first.seed([{ ...toEntity(tree()), statuscode: STATUS.live, _msdyncrm_publishedby_value: PUBLISHER }]) as [string];
      clock = new Date('2026-03-05T00:00:00Z');
      await first.tick();
      await first.close();
      const second = await startEmulator({ dataFile, clock: () => new Date('2026-02-15T09:00:00Z') });
      try {
        expect(second.record(id)?.statuscode).toBe(STATUS.stopped);
        const res = await fetch(`${second.apiUrl}/${SET}(${id})`, { headers: { Authorization: `Bearer ${TOKEN}` } });
        expect((await res.json()).statuscode).toBe(STATUS.stopped);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
