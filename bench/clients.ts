/**
 * Client benchmark: 500 journeys created on the emulator with our client, with raw `fetch`, and
 * with `dynamics-web-api`, measured side by side in one run against one emulator.
 *
 * All three make the same exchange, so that the ratios compare the clients and not the work the
 * service does: `create` is a PATCH of a new id with `If-None-Match: *` (a create that is safe to
 * repeat) and `Prefer: return=representation` with `$select` of the id, the same entity body, and
 * a JSON response that is read and parsed. The emulator keeps no request log, so that holding
 * every body does not weigh on the run.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createJourneyClient, toEntity } from '@customer-journey/client';
import { journey, type JourneyTree } from '@customer-journey/dsl';
import { startEmulator } from '@customer-journey/emulator';
import { DynamicsWebApi } from 'dynamics-web-api';
import { median, verdict } from './measure.js';

const COUNT = 500;
const ROUNDS = 9;

function journeys(round: number, who: string): JourneyTree[] {
  return Array.from({ length: COUNT }, (_, i) =>
    journey(`${who} ${round}-${i}`, { target: 'contact' })
      .segment('Everyone', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
      .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
      .wait({ duration: { value: 2, unit: 'Day' } })
      .email('Follow-up', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344' })
      .build(),
  );
}

export async function benchClients(line: (l: string, v: string) => void, ms: (x: number) => string): Promise<void> {
  console.log(`\n## Creating ${COUNT} journeys on the emulator, one after another`);
  const emulator = await startEmulator({ requestLogLimit: 0 });
  const token = 'bench-token';
  const base = `${emulator.url}/api/data/v9.2/msdyncrm_customerjourneys`;
  const select = 'msdyncrm_customerjourneyid';
  try {
    const ours = createJourneyClient({ orgUrl: emulator.url, getToken: () => token });
    const dwa = new DynamicsWebApi({
      serverUrl: emulator.url,
      dataApi: { version: '9.2' },
      onTokenRefresh: async () => token,
    });
    const headers = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      Authorization: `Bearer ${token}`,
      'If-None-Match': '*',
      Prefer: 'return=representation',
    };
    const runners: Record<string, (trees: JourneyTree[]) => Promise<void>> = {
      ours: async (trees) => {
        for (const t of trees) await ours.create(t);
      },
      'raw fetch': async (trees) => {
        for (const t of trees) {
          const res = await fetch(`${base}(${randomUUID()})?$select=${select}`, { method: 'PATCH', headers, body: JSON.stringify(toEntity(t)) });
          if (res.status !== 201) throw new Error(`raw fetch create failed: ${res.status}`);
          await res.json();
        }
      },
      'dynamics-web-api': async (trees) => {
        for (const t of trees) {
          await dwa.upsert({
            collection: 'msdyncrm_customerjourneys',
            key: randomUUID(),
            data: toEntity(t),
            ifnonematch: '*',
            returnRepresentation: true,
            select: [select],
          });
        }
      },
    };
    const times = new Map<string, number[]>(Object.keys(runners).map((k) => [k, []]));
    const names = Object.keys(runners);
    for (let round = -1; round < ROUNDS; round++) {
      // rotate the order each round so that no runner always goes first
      const order = names.map((_, i) => names[(i + round + names.length) % names.length]!);
      for (const who of order) {
        const trees = journeys(round, who);
        const t0 = performance.now();
        await runners[who]!(trees);
        if (round >= 0) times.get(who)!.push(performance.now() - t0);
      }
    }
    const med = (k: string): number => median(times.get(k)!);
    for (const k of names) line(`  ${k}`, `${ms(med(k))} (${(med(k) / COUNT).toFixed(3)} ms per journey)`);
    line('  ours / raw fetch', verdict(med('ours') / med('raw fetch'), 1.15));
    line('  ours / dynamics-web-api', verdict(med('ours') / med('dynamics-web-api'), 1));
    line('  journeys held by the emulator', String(emulator.records().length));
  } finally {
    await emulator.close();
  }
}
