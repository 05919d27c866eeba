import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { SET, start } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journey-emulator-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('keeps records, ETags and pending transitions across a restart', async () => {
    const dataFile = join(dir, 'nested', 'journeys.json');
    const first = await start({ dataFile, goLiveDelayMs: 60_000, stopDelayMs: 60_000 });
    const id = await first.create({ msdyncrm_name: 'Survivor', custom_x: [1, 2] });
    const [live] = first.emulator.seed([{ msdyncrm_name: 'Live', statuscode: 192350001 }]) as [string];
    await first.fetch(`${SET}(${live})`, { method: 'PATCH', json: { statuscode: 192350007 } });
    const before = await first.json(`${SET}(${id})`);
    await first.emulator.close();

    const onDisk = JSON.parse(await readFile(dataFile, 'utf8'));
    expect(onDisk.records).toHaveLength(2);
    expect((await readdir(join(dir, 'nested'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = await start({ dataFile, stopDelayMs: 60_000 });
    try {
      const after = await second.json(`${SET}(${id})`);
      const { '@odata.context': _a, ...afterRest } = after.body;
      const { '@odata.context': _b, ...beforeRest } = before.body;
      expect(afterRest).toEqual(beforeRest);
      const created = await second.create({ msdyncrm_name: 'Next' });
      const next = await second.json(`${SET}(${created})`);
      expect(next.body.versionnumber).toBeGreaterThan(before.body.versionnumber);
      expect(second.emulator.record(live)?.statuscode).toBe(192350007);
      await second.emulator.settle();
      expect(second.emulator.record(live)?.statuscode).toBe(192350002);
      expect((await second.fetch(`${SET}(${id})`, { method: 'DELETE' })).status).toBe(204);
      await second.emulator.flush();
      const names = JSON.parse(await readFile(dataFile, 'utf8')).records.map((r: any) => r.msdyncrm_name);
      expect(names).toEqual(['Live', 'Next']);
    } finally {
      await second.emulator.close();
    }
  });

  it('keeps records in memory only without a data file', async () => {
    const a = await start();
    await a.create({ msdyncrm_name: 'Ephemeral' });
    await a.emulator.close();
    const b = await start();
    expect(b.emulator.records()).toEqual([]);
    await b.emulator.close();
  });

  it('refuses to start on a corrupt data file', async () => {
    const dataFile = join(dir, 'bad.json');
    await writeFile(dataFile, '{oops', 'utf8');
    await expect(startEmulator({ dataFile })).rejects.toThrow(/not valid JSON/);
  });
});

/** The error a start on this data file fails with. */
const refusal = (dataFile: string): Promise<Error> =>
  startEmulator({ dataFile }).then(
    async (emulator) => {
      await emulator.close();
      throw new Error(`started on ${dataFile}`);
    },
    (error: unknown) => error as Error,
  );

describe('loading a data file', () => {
  const ID = '6628bbf7-c52a-e911-a9b7-000d3a1e6adc';
  const OTHER = '184e5a1a-464a-e911-a873-000d3a1fe344';
  const write = (dataFile: string, records: unknown[], extra: object = {}) =>
    writeFile(dataFile, JSON.stringify({ format: 1, version: 2000, records, ...extra }), 'utf8');

  it('refuses records it would have to drop, naming the file, each index and what is wrong, and changes nothing', async () => {
    const dataFile = join(dir, 'journeys.json');
    const records = [
      { msdyncrm_customerjourneyid: ID, msdyncrm_name: 'Fine' },
      { msdyncrm_customerjourneyid: 42, msdyncrm_name: 'Numeric id' },
      { msdyncrm_name: 'No id' },
      'not a record',
      null,
      { msdyncrm_customerjourneyid: 'welcome', msdyncrm_name: 'Not a GUID' },
      { msdyncrm_customerjourneyid: `{${ID.toUpperCase()}}`, msdyncrm_name: 'Same GUID, other spelling' },
    ];
    await write(dataFile, records);
    const before = await readFile(dataFile, 'utf8');
    const error = await refusal(dataFile);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`The emulator data file ${dataFile} cannot be loaded without dropping records: `);
    expect(message).toContain('$.records[1].msdyncrm_customerjourneyid is a number (42), not a GUID string');
    expect(message).toContain('$.records[2] has no "msdyncrm_customerjourneyid"');
    expect(message).toContain('$.records[3] is a string, not a record object');
    expect(message).toContain('$.records[4] is null, not a record object');
    expect(message).toContain('$.records[5].msdyncrm_customerjourneyid "welcome" is not a GUID');
    expect(message).toContain(`$.records[0] and $.records[6] have the same msdyncrm_customerjourneyid ${ID}`);
    expect(message).not.toContain('\n');
    expect(await readFile(dataFile, 'utf8')).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['journeys.json']);
  });

  it('refuses `records: [null]` with a message, not a TypeError', async () => {
    const dataFile = join(dir, 'journeys.json');
    await write(dataFile, [null]);
    const error = await refusal(dataFile);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/\$\.records\[0\] is null, not a record object/);
  });

  it('refuses a file of another format or with a version that is not a number', async () => {
    const dataFile = join(dir, 'journeys.json');
    await write(dataFile, [], { format: 2 });
    await expect(startEmulator({ dataFile })).rejects.toThrow(/has format 2; this emulator reads format 1/);
    await write(dataFile, [], { version: 'x' });
    await expect(startEmulator({ dataFile })).rejects.toThrow(/"version" of "x"; it must be a whole number/);
    await writeFile(dataFile, '[]', 'utf8');
    await expect(startEmulator({ dataFile })).rejects.toThrow(/has no "records" array/);
  });

  it('matches stored ids without regard to case or braces, so an upsert never makes a second record', async () => {
    const dataFile = join(dir, 'journeys.json');
    await write(dataFile, [
      { msdyncrm_customerjourneyid: `{${ID.toUpperCase()}}`, msdyncrm_name: 'Braced', versionnumber: 2000 },
      { msdyncrm_customerjourneyid: OTHER.toUpperCase(), msdyncrm_name: 'Upper', versionnumber: 1999 },
    ]);
    const api = await start({ dataFile });
    try {
      const got = await api.json(`${SET}(${ID})`);
      expect(got.res.status).toBe(200);
      expect(got.body.msdyncrm_customerjourneyid).toBe(ID);
      expect((await api.json(`${SET}(${OTHER.toUpperCase()})`)).body.msdyncrm_name).toBe('Upper');
      expect((await api.fetch(`${SET}(${ID})`, { method: 'PATCH', json: { msdyncrm_name: 'Renamed' } })).status).toBe(204);
      expect((await api.fetch(`${SET}(${OTHER})`, { method: 'PATCH', headers: { 'If-None-Match': '*' }, json: { msdyncrm_name: 'Again' } })).status).toBe(412);
      expect(api.emulator.records().map((r) => [r.msdyncrm_customerjourneyid, r.msdyncrm_name])).toEqual([
        [ID, 'Renamed'],
        [OTHER, 'Upper'],
      ]);
      expect(api.emulator.record(`{${OTHER.toUpperCase()}}`)?.msdyncrm_name).toBe('Upper');
      expect((await api.fetch(`${SET}(${OTHER})`, { method: 'DELETE' })).status).toBe(204);
    } finally {
      await api.emulator.close();
    }
    expect(JSON.parse(await readFile(dataFile, 'utf8')).records.map((r: any) => r.msdyncrm_customerjourneyid)).toEqual([ID]);
  });

  it('gives a one-line message naming the path for a folder, or a path under a regular file', async () => {
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const inFolder = await refusal(folder);
    expect(inFolder.message).toBe(`The emulator data file ${folder} is a folder; give the path of a file, e.g. ${join(folder, 'journeys.json')}.`);
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'hello', 'utf8');
    for (const dataFile of [join(file, 'journeys.json'), join(file, 'deeper', 'journeys.json')]) {
      const under = await refusal(dataFile);
      expect(under.message).toBe(`The emulator data file ${dataFile} cannot be used: ${file} is a file, not a folder.`);
    }
    expect(await readFile(file, 'utf8')).toBe('hello');
  });
});
