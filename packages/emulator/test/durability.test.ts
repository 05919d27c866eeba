/**
 * Durability of the record store: the journal, group commit, recovery from every state a crash can
 * leave the files in, and refusals of what cannot be stored.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulatorWith } from '../src/server.js';
import { DataFileError, RecordStore, type StoreIo } from '../src/store.js';
import { toEntity } from '@customer-journey/client';
import { SET, connect, sampleTree, start } from './helpers.js';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const record = (n: number, name: string, version: number) => ({ msdyncrm_customerjourneyid: id(n), msdyncrm_name: name, versionnumber: version });
const put = (v: number, n: number, name: string): string => `${JSON.stringify({ v, op: 'put', id: id(n), record: record(n, name, v) })}\n`;
const del = (v: number, n: number): string => `${JSON.stringify({ v, op: 'delete', id: id(n) })}\n`;
const clear = (v: number): string => `${JSON.stringify({ v, op: 'clear' })}\n`;
const snapshot = (version: number, records: readonly object[]): string => JSON.stringify({ format: 1, version, records });
const names = (store: RecordStore): Record<string, unknown> =>
  Object.fromEntries(store.all().map((r) => [r.msdyncrm_customerjourneyid as string, r.msdyncrm_name]));

let dir: string;
let dataFile: string;
let journal: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journey-durable-'));
  dataFile = join(dir, 'journeys.json');
  journal = `${dataFile}.journal`;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/**
 * The files as a crash would leave them at this instant: copied while the emulator still runs. The
 * lock is left behind: a crashed process's lock names a process that is gone, and is taken over.
 */
async function crashCopy(): Promise<string> {
  const copy = join(dir, 'crashed');
  await rm(copy, { recursive: true, force: true });
  await mkdir(copy);
  for (const name of await readdir(dir)) {
    if (name.startsWith('journeys.json') && !name.endsWith('.lock')) await copyFile(join(dir, name), join(copy, name));
  }
  return join(copy, 'journeys.json');
}

describe('the journal', () => {
  it('holds every change before the write is answered, one JSON line each with its row version', async () => {
    const api = await start({ dataFile });
    try {
      const a = await api.create({ msdyncrm_name: 'A' });
      const b = await api.create({ msdyncrm_name: 'B' });
      expect((await api.fetch(`${SET}(${a})`, { method: 'PATCH', json: { msdyncrm_name: 'A2' } })).status).toBe(204);
      expect((await api.fetch(`${SET}(${b})`, { method: 'DELETE' })).status).toBe(204);
      const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.op, l.id])).toEqual([
        ['put', a],
        ['put', b],
        ['put', a],
        ['delete', b],
      ]);
      const versions = lines.map((l) => l.v as number);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
      expect(new Set(versions).size).toBe(4);
      expect(lines[2].record).toMatchObject({ msdyncrm_name: 'A2', versionnumber: lines[2].v });
      // A crash now loses nothing that was answered.
      const reopened = await RecordStore.open(await crashCopy());
      expect(names(reopened)).toEqual({ [a]: 'A2' });
      await reopened.close();
    } finally {
      await api.emulator.close();
    }
  });

  it('folds the journal into the data file on close and removes it; flush() leaves the data file complete', async () => {
    const api = await start({ dataFile });
    const a = await api.create({ msdyncrm_name: 'A' });
    await api.emulator.flush();
    expect(JSON.parse(await readFile(dataFile, 'utf8')).records.map((r: { msdyncrm_name: string }) => r.msdyncrm_name)).toEqual(['A']);
    expect(await readFile(journal, 'utf8')).toBe('');
    await api.fetch(`${SET}(${a})`, { method: 'PATCH', json: { msdyncrm_name: 'A2' } });
    await api.emulator.close();
    expect(await readdir(dir)).toEqual(['journeys.json']);
    const text = await readFile(dataFile, 'utf8');
    expect(text.split('\n')[1]).toContain('"msdyncrm_name":"A2"');
    expect(JSON.parse(text)).toMatchObject({ format: 1, records: [{ msdyncrm_customerjourneyid: a, msdyncrm_name: 'A2' }] });
  });

  it('answers a write only once its batch is synced, and puts writes that arrive during a sync into the next batch', async () => {
    let armed = false;
    let syncs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const io: Partial<StoreIo> = {
      sync: async (handle) => {
        if (armed) {
          syncs += 1;
          if (syncs === 1) await gate;
        }
        await handle.datasync();
      },
    };
    const { emulator, fetch: call } = connect(await startEmulatorWith(await RecordStore.open(dataFile, { io }), {}));
    armed = true;
    try {
      const answered: number[] = [];
      const writes = Array.from({ length: 8 }, (_, i) =>
        call(SET, { method: 'POST', json: { msdyncrm_name: `W${i}` } }).then((res) => {
          answered.push(i);
          return res.status;
        }),
      );
      // Every write has reached the store, and the first sync is still in flight.
      while (emulator.records().length < 8) await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toEqual([]);
      release();
      expect(await Promise.all(writes)).toEqual(Array(8).fill(204));
      expect(syncs).toBe(2);
    } finally {
      release();
      await emulator.close();
    }
  });

  it('is compacted while running once it outgrows compactAfterBytes and the snapshot', async () => {
    const { emulator, fetch: call } = connect(await startEmulatorWith(await RecordStore.open(dataFile, { compactAfterBytes: 4096 }), {}));
    const ids: string[] = [];
    try {
      const post = (name: string) => call(SET, { method: 'POST', json: { msdyncrm_name: name, msdyncrm_description: 'x'.repeat(500) } });
      for (let round = 0; round < 10; round++) {
        const answers = await Promise.all(Array.from({ length: 8 }, (_, w) => post(`R${round}W${w}`)));
        for (const res of answers) ids.push(/\(([^)]+)\)$/.exec(res.headers.get('OData-EntityId') ?? '')?.[1] ?? '');
      }
      // About 90 KiB were journaled; compactions kept the journal below the larger of the threshold
      // and the snapshot, plus one batch.
      const journalBytes = (await readFile(journal)).length;
      const snapshotText = await readFile(dataFile);
      expect(JSON.parse(snapshotText.toString()).records.length).toBeGreaterThan(0);
      expect(journalBytes).toBeLessThan(Math.max(4096, snapshotText.length) + 8 * 1500);
      const crashed = await RecordStore.open(await crashCopy());
      expect(crashed.size).toBe(80);
      for (const one of ids) expect(crashed.has(one)).toBe(true);
      await crashed.close();
    } finally {
      await emulator.close();
    }
  });

  it('makes timer-driven status changes durable too', async () => {
    // The sample journey ends on 1 March 2026; on a clock past that, Live would move on to Stopped.
    const february = (): Date => new Date('2026-02-15T09:00:00Z');
    const slow = await start({ dataFile, goLiveDelayMs: 60_000, clock: february });
    try {
      const a = await slow.create({ ...toEntity(sampleTree('Settled')) });
      await slow.fetch(`${SET}(${a})`, { method: 'PATCH', json: { statuscode: 192350006 } });
      await slow.emulator.settle();
      const copy = await RecordStore.open(await crashCopy());
      expect(copy.get(a)?.statuscode).toBe(192350001);
      await copy.close();
    } finally {
      await slow.emulator.close();
    }
    const fast = await start({ dataFile, goLiveDelayMs: 0, clock: february });
    try {
      const b = await fast.create({ ...toEntity(sampleTree('On its own')) });
      await fast.fetch(`${SET}(${b})`, { method: 'PATCH', json: { statuscode: 192350006 } });
      // Every answer waits until what it shows is on disk, so the first read that shows Live proves it.
      while ((await fast.json(`${SET}(${b})?$select=statuscode`)).body.statuscode !== 192350001);
      const copy = await RecordStore.open(await crashCopy());
      expect(copy.get(b)?.statuscode).toBe(192350001);
      await copy.close();
    } finally {
      await fast.emulator.close();
    }
  });

  it('tick() resolves only once the end-date moves it made are synced', async () => {
    let now = new Date('2026-02-15T09:00:00Z');
    let armed = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const io: Partial<StoreIo> = {
      sync: async (handle) => {
        if (armed) await gate;
        await handle.datasync();
      },
    };
    const { emulator } = connect(await startEmulatorWith(await RecordStore.open(dataFile, { io }), { clock: () => now }));
    try {
      const [id] = emulator.seed([{ ...toEntity(sampleTree('Ends in March')), statuscode: 192350001, _msdyncrm_publishedby_value: '6f0a7b8e-0000-4000-8000-00000000e001' }]) as [string];
      await emulator.flush();
      now = new Date('2026-03-02T00:00:00Z');
      armed = true;
      let ticked = false;
      const tick = emulator.tick().then(() => (ticked = true));
      // The move is made and its sync is held: tick() has not resolved.
      while (emulator.record(id)?.statuscode !== 192350002) await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(ticked).toBe(false);
      release();
      await tick;
      const copy = await RecordStore.open(await crashCopy());
      expect(copy.get(id)?.statuscode).toBe(192350002);
      await copy.close();
    } finally {
      release();
      await emulator.close();
    }
  });
});

describe('durability failures', () => {
  const eio = (): Error => Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });

  it('answers 503 with an OData error when the journal cannot be synced, and writes the change with the next batch', async () => {
    let failures = 0;
    const io: Partial<StoreIo> = {
      sync: async (handle) => {
        if (failures > 0) {
          failures -= 1;
          throw eio();
        }
        await handle.datasync();
      },
    };
    const { emulator, fetch: call } = connect(await startEmulatorWith(await RecordStore.open(dataFile, { io }), {}));
    const post = (name: string) => call(SET, { method: 'POST', json: { msdyncrm_name: name } });
    try {
      failures = 2;
      const refused = await post('Unlucky');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('OData-EntityId')).toBeNull();
      const body = await refused.json();
      expect(body.error.code).toBe('0x80040216');
      expect(body.error.message).toContain(journal);
      expect(body.error.message).toMatch(/EIO.*not acknowledged/);
      // A read that would show the change waits for it too: refused while the sync still fails.
      const list = () => call(`${SET}?$select=msdyncrm_name`);
      expect((await list()).status).toBe(503);
      const shown = await list();
      expect(shown.status).toBe(200);
      expect((await shown.json()).value.map((r: { msdyncrm_name: string }) => r.msdyncrm_name)).toEqual(['Unlucky']);
      expect((await post('Next')).status).toBe(204);
    } finally {
      await emulator.close();
    }
    // The refused change stayed in memory and went to disk with the next batch: memory and disk agree.
    const reopened = await RecordStore.open(dataFile);
    expect(Object.values(names(reopened)).sort()).toEqual(['Next', 'Unlucky']);
    await reopened.close();
  });

  it('cuts a half-written batch off the journal, so a crash after a failed write still opens', async () => {
    let failNext = false;
    const io: Partial<StoreIo> = {
      write: async (handle, data, position) => {
        if (failNext) {
          failNext = false;
          await handle.write(data, 0, data.length >> 1, position);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        await handle.write(data, 0, data.length, position);
      },
    };
    const { emulator, fetch: call } = connect(await startEmulatorWith(await RecordStore.open(dataFile, { io }), {}));
    const post = (name: string) => call(SET, { method: 'POST', json: { msdyncrm_name: name } });
    try {
      expect((await post('Kept')).status).toBe(204);
      failNext = true;
      const refused = await post('Lost');
      expect(refused.status).toBe(503);
      expect((await refused.json()).error.message).toMatch(/ENOSPC/);
      expect((await readFile(journal, 'utf8')).endsWith('\n')).toBe(true);
      const crashed = await RecordStore.open(await crashCopy());
      expect(Object.values(names(crashed))).toEqual(['Kept']);
      await crashed.close();
    } finally {
      await emulator.close();
    }
  });
});

describe('recovery on open', () => {
  it('drops a torn last line (an unacknowledged change) and keeps the complete ones', async () => {
    const torn = put(1003, 3, 'Torn');
    await writeFile(journal, put(1001, 1, 'One') + put(1002, 2, 'Two') + torn.slice(0, torn.length >> 1));
    const store = await RecordStore.open(dataFile);
    expect(names(store)).toEqual({ [id(1)]: 'One', [id(2)]: 'Two' });
    // Opening compacts: the data file holds both, the journal is empty.
    expect(JSON.parse(await readFile(dataFile, 'utf8')).records).toHaveLength(2);
    expect(await readFile(journal, 'utf8')).toBe('');
    expect(store.nextVersion()).toBe(1003);
    await store.close();
  });

  it('refuses a damaged line in the middle with the path and line number, and changes nothing', async () => {
    await writeFile(dataFile, snapshot(1000, [record(9, 'Before', 1000)]));
    const text = put(1001, 1, 'One') + '{"v":1002,"op":"put","id":"0000\n' + put(1003, 3, 'Three');
    await writeFile(journal, text);
    const error = await RecordStore.open(dataFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as Error).message).toContain(`The emulator journal ${journal} is damaged at line 2: not valid JSON`);
    expect((error as Error).message).toContain('move the journal aside');
    expect(await readFile(journal, 'utf8')).toBe(text);
    expect(JSON.parse(await readFile(dataFile, 'utf8')).records).toHaveLength(1);
  });

  it('refuses journal lines that are not changes, naming what is missing', async () => {
    const cases: [string, RegExp][] = [
      ['[1,2]', /line 1: an array, not a change/],
      ['{"op":"put"}', /line 1: no row version "v"/],
      ['{"v":1001,"op":"put","id":"x","record":{}}', /line 1: a "put" without a GUID "id"/],
      [`{"v":1001,"op":"put","id":"${id(1)}"}`, /line 1: a "put" without a "record" object/],
      ['{"v":1001,"op":"remove"}', /line 1: an unknown "op" "remove"/],
    ];
    for (const [line, message] of cases) {
      await writeFile(journal, `${line}\n`);
      await expect(RecordStore.open(dataFile)).rejects.toThrow(message);
    }
  });

  describe('a crash at each step of compaction loses nothing and replays nothing twice', () => {
    // Before the crash: A (1) and B (2) were stored and journaled, then B was deleted and created
    // again (v 1004), whose line was still waiting for its batch when compaction took the snapshot.
    const oldSnapshot = snapshot(1000, [record(7, 'Old', 1000)]);
    const journaled = put(1001, 1, 'A') + put(1002, 2, 'B') + del(1003, 2);
    const newSnapshot = snapshot(1004, [record(7, 'Old', 1000), record(1, 'A', 1001), record(2, 'B again', 1004)]);
    const expected = { [id(7)]: 'Old', [id(1)]: 'A', [id(2)]: 'B again' };

    it('temporary snapshot written, not yet renamed: it is removed and the journal replayed', async () => {
      await writeFile(dataFile, oldSnapshot);
      await writeFile(journal, journaled + put(1004, 2, 'B again'));
      await writeFile(`${dataFile}.4242.tmp`, newSnapshot.slice(0, 40));
      const store = await RecordStore.open(dataFile);
      expect(names(store)).toEqual(expected);
      expect((await readdir(dir)).sort()).toEqual(['journeys.json', 'journeys.json.journal', 'journeys.json.lock']);
      await store.close();
    });

    it('snapshot renamed, journal not yet emptied: lines already in the snapshot are skipped by row version', async () => {
      await writeFile(dataFile, newSnapshot);
      await writeFile(journal, journaled);
      const store = await RecordStore.open(dataFile);
      // Replaying the delete of B (1003) again would lose B's re-creation (1004), which the snapshot holds.
      expect(names(store)).toEqual(expected);
      await store.close();
    });

    it('journal emptied, then the waiting line written to it: skipped too, and later ones applied', async () => {
      await writeFile(dataFile, newSnapshot);
      await writeFile(journal, put(1004, 2, 'B again') + put(1005, 3, 'C') + clear(1006) + put(1007, 4, 'D'));
      const store = await RecordStore.open(dataFile);
      expect(names(store)).toEqual({ [id(4)]: 'D' });
      await store.close();
    });

    it('a clear already in the snapshot does not wipe what came after it', async () => {
      await writeFile(dataFile, snapshot(1006, [record(5, 'After the clear', 1006)]));
      // The re-creation (1006) was still waiting for its batch when the snapshot was taken.
      await writeFile(journal, put(1001, 1, 'A') + clear(1002));
      const store = await RecordStore.open(dataFile);
      expect(names(store)).toEqual({ [id(5)]: 'After the clear' });
      await store.close();
    });
  });

  it('removes stale temporary snapshots of its own data file only', async () => {
    await writeFile(dataFile, snapshot(1001, [record(1, 'A', 1001)]));
    await writeFile(`${dataFile}.99999.tmp`, '{"format":1,"ver');
    await writeFile(`${dataFile}.123.tmp`, '');
    await writeFile(join(dir, 'other.json.5.tmp'), 'not ours');
    await writeFile(join(dir, 'journeys.json.notes.tmp'), 'not a snapshot');
    const store = await RecordStore.open(dataFile);
    expect((await readdir(dir)).sort()).toEqual(['journeys.json', 'journeys.json.journal', 'journeys.json.lock', 'journeys.json.notes.tmp', 'other.json.5.tmp']);
    expect(names(store)).toEqual({ [id(1)]: 'A' });
    await store.close();
  });
});

describe('one emulator per data file', () => {
  it('refuses a second store on a data file that is open, and names who has it', async () => {
    const first = await RecordStore.open(dataFile);
    expect(await readFile(`${dataFile}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await expect(RecordStore.open(dataFile)).rejects.toThrow(
      `The emulator data file ${dataFile} is in use by this process (another emulator has it open). Stop that emulator or use another data file; if none is running, delete ${dataFile}.lock.`,
    );
    await first.close();
    expect(await readdir(dir)).toEqual([]);
    const second = await RecordStore.open(dataFile);
    await second.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    for (const content of [`${gone}\n`, '', 'not a process id']) {
      await writeFile(`${dataFile}.lock`, content);
      const store = await RecordStore.open(dataFile);
      expect(await readFile(`${dataFile}.lock`, 'utf8')).toBe(`${process.pid}\n`);
      await store.close();
    }
  });
});

describe('a record that cannot be stored', () => {
  it('is refused alone: the others keep persisting, lists keep working and the store closes cleanly', async () => {
    const api = await start({ dataFile });
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { deep };
    expect(() => api.emulator.seed([{ msdyncrm_name: 'Big', custom_count: 10n }])).toThrow(/cannot be stored: .*BigInt/);
    expect(() => api.emulator.seed([{ msdyncrm_name: 'Deep', custom_tree: deep }])).toThrow(/cannot be stored/);
    const circular: Record<string, unknown> = { msdyncrm_name: 'Loop' };
    circular.self = circular;
    expect(() => api.emulator.seed([circular])).toThrow(/cannot be stored: .*circular/);
    expect(api.emulator.records()).toEqual([]);
    const good = await api.create({ msdyncrm_name: 'Good' });
    const list = await api.json(SET);
    expect(list.res.status).toBe(200);
    expect(list.body.value.map((r: { msdyncrm_name: string }) => r.msdyncrm_name)).toEqual(['Good']);
    await api.emulator.close();
    const reopened = await RecordStore.open(dataFile);
    expect(names(reopened)).toEqual({ [good]: 'Good' });
    await reopened.close();
  });
});
