/**
 * plan and push against the emulator, for every status × change kind × option: allowed, refused
 * with LifecycleError (and nothing written), done through a live edit, or as a new version.
 */
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { edit, findTile, journey, type JourneyStatus, type JourneyTree } from '@customer-journey/dsl';
import {
  createJourneyClient,
  journeyVersionId,
  LifecycleError,
  toEntity,
  DataverseError,
  serializeDesignerState,
  serializeWorkflowDefinition,
  type Clock,
  type JourneyClient,
  type JourneyPlan,
  type PushOptions,
} from '../src/index.js';
import { TEST_TOKEN, testGuid } from './client-helpers.js';

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const OTHER = '284e5a1a-464a-e911-a873-000d3a1fe344';
const PUBLISHER = '6f0a7b8e-0000-4000-8000-00000000e001';
const NOW = Date.parse('2026-02-15T09:00:00Z');

const CODES: Record<JourneyStatus, number> = {
  Draft: 192350000,
  'Going live': 192350006,
  Live: 192350001,
  'Live, editable': 192350003,
  Stopping: 192350007,
  Stopped: 192350002,
  Error: 192350005,
  Expired: 192350004,
};

type Kind = 'settings' | 'locked setting' | 'tile' | 'pipeline';

interface Variant {
  readonly name?: string;
  readonly timeZone?: number;
  readonly email?: string;
  readonly extra?: boolean;
}

/** The journey; each change kind changes one thing. It started on 1 February 2026 and runs to 2099. */
function tree(recordId: string, v: Variant = {}): JourneyTree {
  const b = journey(v.name ?? 'Matrix', { target: 'contact', recordId, start: '2026-02-01T09:00:00Z', end: '2099-01-01T09:00:00Z', timeZone: v.timeZone ?? 92 })
    .segment('New contacts', { include: [{ id: SEGMENT }] })
    .email('Welcome', { emailId: v.email ?? EMAIL });
  return (v.extra === true ? b.email('Thanks', { emailId: OTHER }) : b).build();
}

const changed = (recordId: string, kind: Kind): JourneyTree =>
  tree(
    recordId,
    kind === 'settings' ? { name: 'Matrix (renamed)' } : kind === 'locked setting' ? { timeZone: 4 } : kind === 'tile' ? { email: OTHER } : { extra: true },
  );

let emulator: Emulator;
let client: JourneyClient;
beforeAll(async () => {
  emulator = await startEmulator({ goLiveDelayMs: 60_000, stopDelayMs: 60_000, clock: () => new Date(NOW) });
  // The client's waits complete the emulator's pending status changes instead of sleeping.
  const clock: Clock = { now: () => NOW, sleep: () => emulator.settle() };
  client = createJourneyClient({ orgUrl: emulator.url, getToken: () => TEST_TOKEN, clock, retry: false });
});
afterAll(() => emulator.close());
afterEach(() => emulator.reset());

/** A stored journey in a status, as the org would hold it. */
function stored(status: JourneyStatus, goneLive: boolean, n: number): string {
  const id = testGuid('11fe0000', n);
  emulator.seed([
    {
      ...toEntity(tree(id)),
      msdyncrm_customerjourneyid: id,
      statuscode: CODES[status],
      ...(goneLive ? { _msdyncrm_publishedby_value: PUBLISHER } : {}),
    },
  ]);
  return id;
}

type Outcome = 'updated' | 'refused' | 'live edit' | 'new version';
type Option = 'default' | 'live edit' | 'new version';

const OPTIONS: Record<Option, PushOptions> = {
  default: {},
  'live edit': { live: 'edit' },
  'new version': { onPipelineChange: 'new-version' },
};

/** [status, gone live, [settings, locked setting, tile, pipeline] for default, live edit, new version]. */
const MATRIX: [string, JourneyStatus, boolean, Record<Option, [Outcome, Outcome, Outcome, Outcome]>][] = [
  ['Draft', 'Draft', false, { default: ['updated', 'updated', 'updated', 'updated'], 'live edit': ['updated', 'updated', 'updated', 'updated'], 'new version': ['updated', 'updated', 'updated', 'updated'] }],
  ['Live', 'Live', true, { default: ['refused', 'refused', 'refused', 'refused'], 'live edit': ['live edit', 'refused', 'live edit', 'refused'], 'new version': ['refused', 'new version', 'refused', 'new version'] }],
  ['Live, editable', 'Live, editable', true, { default: ['updated', 'refused', 'updated', 'refused'], 'live edit': ['live edit', 'refused', 'live edit', 'refused'], 'new version': ['updated', 'new version', 'updated', 'new version'] }],
  ['Stopped', 'Stopped', true, { default: ['updated', 'refused', 'updated', 'refused'], 'live edit': ['updated', 'refused', 'updated', 'refused'], 'new version': ['updated', 'new version', 'updated', 'new version'] }],
  ['Error before going live', 'Error', false, { default: ['updated', 'updated', 'updated', 'updated'], 'live edit': ['updated', 'updated', 'updated', 'updated'], 'new version': ['updated', 'updated', 'updated', 'updated'] }],
  ['Error after going live', 'Error', true, { default: ['refused', 'refused', 'refused', 'refused'], 'live edit': ['refused', 'refused', 'refused', 'refused'], 'new version': ['refused', 'new version', 'refused', 'new version'] }],
  ['Expired', 'Expired', true, { default: ['refused', 'refused', 'refused', 'refused'], 'live edit': ['refused', 'refused', 'refused', 'refused'], 'new version': ['new version', 'new version', 'new version', 'new version'] }],
  ['Going live', 'Going live', false, { default: ['refused', 'refused', 'refused', 'refused'], 'live edit': ['refused', 'refused', 'refused', 'refused'], 'new version': ['refused', 'refused', 'refused', 'refused'] }],
  ['Stopping', 'Stopping', true, { default: ['refused', 'refused', 'refused', 'refused'], 'live edit': ['refused', 'refused', 'refused', 'refused'], 'new version': ['refused', 'refused', 'refused', 'refused'] }],
];

const KINDS: Kind[] = ['settings', 'locked setting', 'tile', 'pipeline'];
const CASES = MATRIX.flatMap(([label, status, goneLive, outcomes]) =>
  (Object.keys(outcomes) as Option[]).flatMap((option) => KINDS.map((kind, k) => ({ label, status, goneLive, option, kind, expected: outcomes[option][k]! }))),
);

describe('push: status × change × option', () => {
  it.each(CASES)('$label, $kind change, $option: $expected', async ({ status, goneLive, option, kind, expected }) => {
    const id = stored(status, goneLive, CASES.findIndex((c) => c.status === status && c.goneLive === goneLive && c.option === option && c.kind === kind));
    const before = emulator.record(id);
    const local = changed(id, kind);
    emulator.clearRequests();
    const outcome = await client.push(local, OPTIONS[option]).catch((error: unknown) => error);
    const writes = emulator.requests.filter((r) => r.method !== 'GET');
    switch (expected) {
      case 'refused': {
        expect(outcome).toBeInstanceOf(LifecycleError);
        const error = outcome as LifecycleError;
        expect(error).not.toBeInstanceOf(DataverseError);
        expect(error.status).toBe(status);
        expect(error.changes.map((c) => c.kind)).toContain(kind === 'locked setting' ? 'settings' : kind);
        expect(error.message).toContain('"Matrix');
        // Nothing written: no request but reads, the stored record (definition, row version) as it was.
        expect(writes).toEqual([]);
        expect(emulator.record(id)).toEqual(before);
        expect(emulator.records()).toHaveLength(1);
        break;
      }
      case 'updated': {
        expect(outcome).toMatchObject({ id, action: 'updated' });
        expect(emulator.record(id)?.['statuscode']).toBe(CODES[status]);
        expect(writes.map((r) => r.method)).toEqual(['PATCH']);
        expect((await client.plan(local)).action).toBe('unchanged');
        break;
      }
      case 'live edit': {
        expect(outcome).toMatchObject({ id, action: 'updated', status: 'Live' });
        const statuses = writes.map((r) => (r.body === undefined ? undefined : (JSON.parse(r.body) as { statuscode?: number }).statuscode));
        expect(statuses).toEqual(status === 'Live' ? [CODES['Live, editable'], undefined, CODES['Going live']] : [undefined, CODES['Going live']]);
        expect(emulator.record(id)?.['statuscode']).toBe(CODES.Live);
        expect((await client.plan(local)).action).toBe('unchanged');
        break;
      }
      case 'new version': {
        const v2 = journeyVersionId(id, 2);
        expect(outcome).toEqual({ id: v2, action: 'new-version', previousId: id, version: 2 });
        expect(emulator.record(id)).toEqual(before);
        expect(emulator.record(v2)).toMatchObject({ msdyncrm_name: `${local.settings.name} (v2)`, statuscode: CODES.Draft });
        // Pushing the same file again finds the latest version: nothing to do, no v3.
        await expect(client.push(local, OPTIONS[option])).resolves.toEqual({ id: v2, action: 'unchanged', version: 2 });
        expect(emulator.records()).toHaveLength(2);
        break;
      }
    }
  });
});

describe('plan', () => {
  it('plans a create for a journey never pushed, and an unchanged for the same journey', async () => {
    const id = testGuid('22fe0000', 1);
    const created = await client.plan(tree(id));
    expect(created).toEqual({ id, name: 'Matrix', action: 'create', changes: [], steps: ['create "Matrix" as a Draft'] });
    await client.push(tree(id));
    // A journey never pushed is written as the builder made it, byte for byte.
    expect(emulator.record(id)?.['msdyncrm_workflowdefinition']).toBe(serializeWorkflowDefinition(tree(id)));
    expect(emulator.record(id)?.['msdyncrm_customerjourneydesignerstate']).toBe(serializeDesignerState(tree(id)));
    const same = await client.plan(tree(id));
    expect(same).toMatchObject({ id, action: 'unchanged', status: 'Draft', changes: [], steps: [] });
  });

  it('classifies each change with the path of names, the field, before and after', async () => {
    const id = stored('Stopped', true, 900);
    const local = journey('Matrix (renamed)', { target: 'contact', recordId: id, start: '2026-02-01T09:00:00Z', end: '2099-01-01T09:00:00Z', timeZone: 4 })
      .segment('New contacts', { include: [{ id: SEGMENT }] })
      .email('Intro', { emailId: OTHER })
      .email('Welcome', { emailId: OTHER })
      .build();
    const plan = await client.plan(local);
    expect(plan.changes).toEqual([
      { kind: 'settings', path: [], field: 'name', before: 'Matrix', after: 'Matrix (renamed)' },
      { kind: 'settings', path: [], field: 'timeZone', before: 92, after: 4 },
      { kind: 'pipeline', path: ['New contacts', 'Intro'], field: 'tile', after: 'Email' },
      { kind: 'pipeline', path: ['New contacts', 'Intro', 'Welcome'], field: 'place', before: 'New contacts, branch 0', after: 'New contacts › Intro, branch 0' },
      { kind: 'tile', path: ['New contacts', 'Intro', 'Welcome'], field: 'recordId', before: EMAIL, after: OTHER },
    ]);
    expect(plan).toMatchObject({
      action: 'blocked',
      status: 'Stopped',
      reason: '"Matrix" is Stopped: its pipeline is locked once it has gone live (1 tile added, 1 moved); timeZone cannot change once it has gone live',
      remedy: `push with onPipelineChange: 'new-version' (journey push --new-version) to create "Matrix (renamed) (v2)" as a new Draft record`,
    });
  });

  it('gives the steps of a live edit, and blocks one that Check for Errors refuses', async () => {
    const id = stored('Live', true, 901);
    const plan = await client.plan(changed(id, 'tile'), { live: 'edit' });
    expect(plan).toMatchObject({ action: 'update', status: 'Live' });
    expect(plan.steps).toEqual(['enter Live, editable (Live → Live, editable)', 'update the record', 'go live again (Live, editable → Going live)', 'wait until it is Live']);
    const refused = await client.plan(changed(id, 'tile'));
    expect(refused.reason).toBe('"Matrix" is Live, and a Live journey takes no edits except through Live, editable');
    expect(refused.remedy).toMatch(/live: 'edit' \(journey push --live-edit\)/);
    // A segment group without segments: a tile change that Check for Errors refuses.
    const broken = edit(tree(id), (draft) => {
      draft.root.children[0]!.nested = [];
    });
    const check = await client.plan(broken, { live: 'edit' });
    expect(check).toMatchObject({
      action: 'blocked',
      reason: 'Check for Errors finds 1 error (ErrorSegmentGroupWithoutSegments), and going live again would leave "Matrix" in Error',
    });
    expect(check.changes).toEqual([{ kind: 'tile', path: ['New contacts'], field: 'nested[0]', before: { type: 'SegmentItem', recordId: SEGMENT } }]);
  });

  it('says to wait while the status settles, and reads the status the emulator moved to on its clock', async () => {
    const going = stored('Going live', false, 902);
    expect(await client.plan(changed(going, 'tile'))).toMatchObject({ action: 'blocked', reason: '"Matrix" is Going live', remedy: 'wait until it settles (Live or Error), then plan again' });
  });

  it('renames the record a journey declares, and says so', async () => {
    const id = stored('Draft', false, 903);
    const plan: JourneyPlan = await client.plan(changed(id, 'settings'));
    expect(plan).toMatchObject({ action: 'update', renamedFrom: 'Matrix', name: 'Matrix (renamed)' });
    await expect(client.push(changed(id, 'settings'))).resolves.toEqual({ id, action: 'updated', renamedFrom: 'Matrix' });
    expect(emulator.records()).toHaveLength(1);
  });
});

describe('new versions', () => {
  it('stops the previous one with stopPrevious, copies its settings, and goes on to v3 from v2', async () => {
    const id = stored('Live', true, 950);
    emulator.seed([{ ...emulator.record(id), msdyncrm_description: 'kept from v1', 'ownerid@odata.bind': `/teams(${PUBLISHER})` }]);
    const v2 = journeyVersionId(id, 2);
    await expect(client.push(changed(id, 'pipeline'), { onPipelineChange: 'new-version', stopPrevious: true })).resolves.toEqual({
      id: v2,
      action: 'new-version',
      previousId: id,
      version: 2,
    });
    expect(emulator.record(id)?.['statuscode']).toBe(CODES.Stopped);
    expect(emulator.record(v2)).toMatchObject({ msdyncrm_description: 'kept from v1', _ownerid_value: PUBLISHER, msdyncrm_name: 'Matrix (v2)' });
    // Tiles keep their ids in the new version, new ones continue above.
    const welcome = (t: JourneyTree) => findTile(t, (a) => a.header?.name === 'Welcome')?.id;
    expect(welcome((await client.get(v2)).journey)).toBe(welcome((await client.get(id)).journey));
    // v2 goes live; a further pipeline change makes v3, and the plan reads v2 as the latest.
    await client.goLive(v2, { wait: true });
    const more = journey('Matrix', { target: 'contact', recordId: id, start: '2026-02-01T09:00:00Z', end: '2099-01-01T09:00:00Z', timeZone: 92 })
      .segment('New contacts', { include: [{ id: SEGMENT }] })
      .email('Welcome', { emailId: EMAIL })
      .email('Thanks', { emailId: OTHER })
      .email('Bye', { emailId: OTHER })
      .build();
    const plan = await client.plan(more, { onPipelineChange: 'new-version' });
    expect(plan).toMatchObject({ action: 'create', id: journeyVersionId(id, 3), name: 'Matrix (v3)', version: 3, previousId: v2, status: 'Live' });
  });

  it('gives the tiles of a new version their stored ids when a tile is inserted above them', async () => {
    const id = stored('Stopped', true, 952);
    const inserted = journey('Matrix', { target: 'contact', recordId: id, start: '2026-02-01T09:00:00Z', end: '2099-01-01T09:00:00Z', timeZone: 92 })
      .segment('New contacts', { include: [{ id: SEGMENT }] })
      .email('Intro', { emailId: OTHER })
      .email('Welcome', { emailId: EMAIL })
      .build();
    await expect(client.push(inserted, { onPipelineChange: 'new-version' })).resolves.toMatchObject({ action: 'new-version', version: 2 });
    const before = (await client.get(id)).journey;
    const after = (await client.get(journeyVersionId(id, 2))).journey;
    const idOf = (t: JourneyTree, name: string) => findTile(t, (a) => a.header?.name === name)?.id;
    // The builder numbers Welcome after Intro; the version keeps the id Welcome has on the org.
    expect(idOf(inserted, 'Welcome')).not.toBe(idOf(before, 'Welcome'));
    expect(idOf(after, 'Welcome')).toBe(idOf(before, 'Welcome'));
    expect(idOf(after, 'New contacts')).toBe(idOf(before, 'New contacts'));
    expect(after.designerState.nextActivityId).toBeGreaterThan(before.designerState.nextActivityId);
  });

  it('a retried create of a version that landed is not made twice', async () => {
    const id = stored('Stopped', true, 951);
    emulator.faults.script([{ kind: 'drop-after', match: { method: 'PATCH' } }]);
    const retrying = createJourneyClient({ orgUrl: emulator.url, getToken: () => TEST_TOKEN, clock: { now: () => NOW, sleep: async () => {} } });
    await expect(retrying.push(changed(id, 'pipeline'), { onPipelineChange: 'new-version' })).resolves.toMatchObject({ action: 'new-version' });
    expect(emulator.records()).toHaveLength(2);
  });
});

describe('a live edit that fails half-way', () => {
  it('puts the journey back to Live and says where it was left', async () => {
    const id = stored('Live', true, 960);
    const before = emulator.record(id);
    // Every write of the definition fails; the status changes go through.
    emulator.faults.script(Array.from({ length: 5 }, () => ({ kind: '503' as const, match: { method: 'PATCH', path: /\$select=/ } })));
    const error = await client.push(changed(id, 'tile'), { live: 'edit' }).catch((e: unknown) => e);
    emulator.faults.clear();
    expect(error).toBeInstanceOf(LifecycleError);
    expect((error as LifecycleError).message).toMatch(/^Live edit of "Matrix" \(.*\) stopped at the write: .*503.*It was put back: Live, editable → Going live → Live\.$/s);
    expect((error as LifecycleError).cause).toBeInstanceOf(DataverseError);
    expect((error as LifecycleError).status).toBe('Live');
    expect(emulator.record(id)?.['statuscode']).toBe(CODES.Live);
    expect(emulator.record(id)?.['msdyncrm_workflowdefinition']).toBe(before?.['msdyncrm_workflowdefinition']);
  });

  it('reports a journey that went to Error after the write', async () => {
    const failing = await startEmulator({
      goLiveDelayMs: 60_000,
      clock: () => new Date(NOW),
      codec: { check: () => ({ Result: 'Error', ActivityValidationResults: [{ ActivityId: '', Fault: 'ErrorFromTheOrg', Result: 'Error', ErrorMessageArguments: [] }] }) },
    });
    try {
      const c = createJourneyClient({ orgUrl: failing.url, getToken: () => TEST_TOKEN, clock: { now: () => NOW, sleep: () => failing.settle() } });
      const id = testGuid('33fe0000', 1);
      failing.seed([{ ...toEntity(tree(id)), msdyncrm_customerjourneyid: id, statuscode: CODES.Live, _msdyncrm_publishedby_value: PUBLISHER }]);
      const error = await c.push(changed(id, 'tile'), { live: 'edit' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LifecycleError);
      expect((error as LifecycleError).message).toMatch(/the changes were saved, but going live again ended in Error \(ErrorFromTheOrg\)/);
      expect((error as LifecycleError).status).toBe('Error');
    } finally {
      await failing.close();
    }
  });
});

describe('pushMany', () => {
  it('reports each journey’s outcome, a refusal among them', async () => {
    const live = stored('Live', true, 970);
    const draft = stored('Draft', false, 971);
    const fresh = testGuid('11fe0000', 972);
    const results = await client.pushMany([changed(live, 'tile'), changed(draft, 'pipeline'), tree(fresh)]);
    expect(results.map((r) => (r.ok ? r.action : (r.error as Error).name))).toEqual(['LifecycleError', 'updated', 'created']);
    const edited = await client.pushMany([changed(live, 'tile')], { live: 'edit' });
    expect(edited[0]).toMatchObject({ ok: true, action: 'updated', status: 'Live' });
  });
});
