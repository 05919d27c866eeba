/**
 * Emulator durability benchmark: acknowledged creates per second with a data file (each answer
 * waits until its change is synced to the journal; writes that arrive during a sync share the next
 * one) against the same emulator without a data file, measured side by side in one run, with eight
 * concurrent writers and with one.
 *
 * Each create is what the client sends: a PATCH of a new id with `If-None-Match: *` and the entity
 * body of a small journey. Both emulators keep no request log.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { toEntity } from '@customer-journey/client';
import { journey } from '@customer-journey/dsl';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { median } from './measure.js';

const CREATES = 800;
const ROUNDS = 7;

const body = JSON.stringify(
  toEntity(
    journey('Durability bench', { target: 'contact' })
      .segment('Everyone', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
      .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
      .build(),
  ),
);

/** `CREATES` creates spread over `writers` concurrent writers; returns the elapsed milliseconds. */
async function creates(emulator: Emulator, writers: number): Promise<number> {
  const base = `${emulator.apiUrl}/msdyncrm_customerjourneys`;
  const headers = { Authorization: 'Bearer bench', 'Content-Type': 'application/json', 'If-None-Match': '*' };
  const perWriter = CREATES / writers;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = 0; i < perWriter; i++) {
        const res = await fetch(`${base}(${randomUUID()})`, { method: 'PATCH', headers, body });
        await res.arrayBuffer();
        if (res.status !== 204) throw new Error(`create answered ${res.status}`);
      }
    }),
  );
  return performance.now() - t0;
}

export async function benchEmulator(line: (l: string, v: string) => void): Promise<void> {
  console.log(`\n## Emulator durability: ${CREATES} acknowledged creates per round`);
  const dir = await mkdtemp(join(tmpdir(), 'journey-bench-'));
  const durable = await startEmulator({ dataFile: join(dir, 'journeys.json'), requestLogLimit: 0 });
  const memory = await startEmulator({ requestLogLimit: 0 });
  try {
    for (const writers of [8, 1]) {
      const times = { durable: [] as number[], memory: [] as number[] };
      for (let round = -1; round < ROUNDS; round++) {
        // alternate the order each round so that neither always goes first
        const order = round % 2 === 0 ? (['durable', 'memory'] as const) : (['memory', 'durable'] as const);
        for (const who of order) {
          const elapsed = await creates(who === 'durable' ? durable : memory, writers);
          if (round >= 0) times[who].push(elapsed);
        }
      }
      const perSecond = (ms: number): string => `${Math.round((CREATES * 1000) / ms)} creates/s`;
      const d = median(times.durable);
      const m = median(times.memory);
      console.log(`\n${writers} concurrent writer${writers === 1 ? '' : 's'}`);
      line('  with a data file (synced journal, group commit)', perSecond(d));
      line('  without a data file (memory only)', perSecond(m));
      line('  cost of durability (time with / time without)', `${(d / m).toFixed(2)}x`);
    }
    line('\njourneys held by the durable emulator', String(durable.records().length));
  } finally {
    await durable.close();
    await memory.close();
    await rm(dir, { recursive: true, force: true });
  }
}
