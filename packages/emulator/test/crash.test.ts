/**
 * `kill -9` under load: the emulator runs as a child process (its command line with `--data`),
 * eight writers create, update and delete over HTTP, the process is killed once a given number of
 * writes has been acknowledged, and a restart on the same data file must hold every one of them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { SET, emulatorCli } from './helpers.js';

const WRITERS = 8;
/** About 4 KiB a record, so the journal passes the 4 MiB at which it is compacted after about 1,000 writes. */
const DESCRIPTION = 'd'.repeat(4000);

/** What the writers know was acknowledged. */
interface Acknowledged {
  /** Records whose create (or last update) was answered, with the name they must have. */
  readonly names: Map<string, string>;
  /** Records whose delete was answered. */
  readonly deleted: Set<string>;
  /** Per record, a change sent but not answered when the process died: it may or may not be there. */
  readonly inFlight: Map<string, string | null>;
  count: number;
}

/**
 * One writer: creates records (PATCH upserts with `If-None-Match: *`, as the client creates),
 * renames some of its own and deletes others, one request at a time, until the process dies.
 */
async function writer(url: string, w: number, acked: Acknowledged, onAck: () => void): Promise<void> {
  const mine: string[] = [];
  const base = `${url}/api/data/v9.2/${SET}`;
  const headers = { Authorization: 'Bearer crash-test', 'Content-Type': 'application/json' };
  for (let n = 0; ; n++) {
    const op = n % 10;
    let id: string;
    let name: string | null;
    let init: RequestInit;
    let create = false;
    if (op === 7 && mine.length > 0) {
      id = mine[n % mine.length] as string;
      name = `writer ${w} renamed ${n}`;
      init = { method: 'PATCH', headers: { ...headers, 'If-Match': '*' }, body: JSON.stringify({ msdyncrm_name: name }) };
    } else if (op === 9 && mine.length > 0) {
      id = mine.splice(n % mine.length, 1)[0] as string;
      name = null;
      init = { method: 'DELETE', headers };
    } else {
      create = true;
      id = randomUUID();
      name = `writer ${w} record ${n}`;
      init = { method: 'PATCH', headers: { ...headers, 'If-None-Match': '*' }, body: JSON.stringify({ msdyncrm_name: name, msdyncrm_description: DESCRIPTION }) };
    }
    acked.inFlight.set(id, name);
    let status: number;
    try {
      const res = await fetch(`${base}(${id})`, init);
      await res.arrayBuffer();
      status = res.status;
    } catch {
      return; // the process is gone; this change was not acknowledged
    }
    if (status !== 204) throw new Error(`writer ${w}: ${init.method} answered ${status}`);
    acked.inFlight.delete(id);
    if (name === null) {
      acked.names.delete(id);
      acked.deleted.add(id);
    } else {
      acked.names.set(id, name);
      if (create) mine.push(id);
    }
    acked.count += 1;
    onAck();
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journey-crash-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('kill -9 while eight writers write', () => {
  // Different counts kill the process at different points of the group-commit cycle; the last two
  // come shortly after the journal has been compacted while the writers kept writing.
  const runs = [23, 160, 401, 1050, 1250];
  for (const [i, killAfter] of runs.entries()) {
    it(`loses none of the writes acknowledged before the kill (run ${i + 1}, killed after ${killAfter})`, async () => {
      const dataFile = join(dir, `run-${i}`, 'journeys.json');
      const { child, url } = await emulatorCli('--port', '0', '--data', dataFile);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const acked: Acknowledged = { names: new Map(), deleted: new Set(), inFlight: new Map(), count: 0 };
      try {
        const kill = (): void => {
          if (acked.count === killAfter) child.kill('SIGKILL');
        };
        await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(url, w, acked, kill)));
        expect(await exited).toBe('SIGKILL');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      expect(acked.count).toBeGreaterThanOrEqual(killAfter);

      const restarted = await startEmulator({ dataFile });
      try {
        const lost: string[] = [];
        const inFlightResult = (id: string, found: unknown): boolean =>
          acked.inFlight.has(id) && (acked.inFlight.get(id) === null ? found === undefined : found === acked.inFlight.get(id));
        for (const [id, name] of acked.names) {
          const found = restarted.record(id)?.msdyncrm_name;
          if (found !== name && !inFlightResult(id, found)) lost.push(`${id}: ${String(found)} instead of ${name}`);
        }
        for (const id of acked.deleted) if (restarted.record(id) !== undefined) lost.push(`${id}: deleted, but back`);
        expect(lost).toEqual([]);
        // Nothing but acknowledged and in-flight changes is there.
        const known = new Set([...acked.names.keys(), ...acked.inFlight.keys()]);
        expect(restarted.records().filter((r) => !known.has(String(r.msdyncrm_customerjourneyid)))).toEqual([]);
      } finally {
        await restarted.close();
      }
    });
  }
});
