import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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
    const first = await start({ dataFile, goLiveDelayMs: 60_000 });
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
