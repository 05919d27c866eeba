/**
 * Archive benchmark: `archiveJourneys` reading 1,000 journeys from the emulator and writing their
 * code, pictures, raw records, README and manifest, against the same number of `retrieve` calls
 * made by `dynamics-web-api` with the same concurrency (every column and annotation, as the archive
 * reads them), measured side by side in one run against one emulator.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJourneyClient, toEntity } from '@customer-journey/client';
import { archiveJourneys } from '@customer-journey/cli';
import { journey, type JourneyTree } from '@customer-journey/dsl';
import { startEmulator } from '@customer-journey/emulator';
import { DynamicsWebApi } from 'dynamics-web-api';
import { sideBySide, verdict } from './measure.js';

const COUNT = 1_000;
/**
 * Where the archives are written: a RAM-backed folder when the machine has one, so that the figure
 * measures the archive (rendering, checksums and the 3,000 file writes it makes) rather than how
 * fast this machine's disk creates files, which varies many times over between runs on a shared
 * virtual machine.
 */
const RAM_FOLDER = '/dev/shm';
const CONCURRENCY = 8;
const ROUNDS = 7;

/** An event invitation of eight tiles, with an if/then and a nested page. */
function invitation(i: number): JourneyTree {
  return journey(`Invitation ${i}`, { target: 'contact', start: '2026-02-01T09:00:00Z', timeZone: 92, consent: 'Marketing' })
    .segment('Customers', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344', name: 'customers', displayName: 'Customers' }] })
    .email('Invitation', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', key: 'invite', nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }] })
    .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
      yes: (b) => b.activity('Follow-up call', { activityType: 'phonecall' }).wait({ duration: { value: 1, unit: 'Day' } }).email('Thank you', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344' }),
      no: (b) => b.email('Reminder', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344' }),
    })
    .build();
}

/** Runs `work` on every item, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

export async function benchArchive(line: (l: string, v: string) => void, ms: (x: number) => string): Promise<void> {
  console.log(`\n## Archiving ${COUNT} journeys from the emulator (code, pictures and raw records written), concurrency ${CONCURRENCY}`);
  const emulator = await startEmulator({ requestLogLimit: 0 });
  const base = process.platform === 'linux' && existsSync(RAM_FOLDER) ? RAM_FOLDER : tmpdir();
  const folder = await mkdtemp(join(base, 'journey-archive-bench-'));
  try {
    const ids = emulator.seed(Array.from({ length: COUNT }, (_, i) => toEntity(invitation(i))));
    const token = 'bench-token';
    const ours = createJourneyClient({ orgUrl: emulator.url, getToken: () => token });
    const dwa = new DynamicsWebApi({ serverUrl: emulator.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => token });
    let round = 0;
    const result = await sideBySide(
      async () => {
        // A new folder each round; they are removed after the run, outside the timing.
        const { manifest } = await archiveJourneys(ours, { out: join(folder, `archive-${round}`), org: emulator.url, concurrency: CONCURRENCY });
        if (manifest.counts.readable !== COUNT) throw new Error(`archived ${manifest.counts.readable} of ${COUNT} journeys`);
        round += 1;
      },
      () => pool(ids, CONCURRENCY, (key) => dwa.retrieve({ collection: 'msdyncrm_customerjourneys', key, includeAnnotations: '*' })),
      ROUNDS,
    );
    line('  archiveJourneys (list pages, write code, SVG, raw, README, manifest)', `${ms(result.a.medianMs)} (${(result.a.medianMs / COUNT).toFixed(3)} ms per journey)`);
    line(`  dynamics-web-api: ${COUNT} retrieve calls`, `${ms(result.b.medianMs)} (${(result.b.medianMs / COUNT).toFixed(3)} ms per journey)`);
    line('  ratio', verdict(result.ratio, 1.5));
    line('  archives written', `${round}, into ${base === RAM_FOLDER ? `${RAM_FOLDER} (RAM-backed: the archive, not the disk, is measured)` : base}`);
  } finally {
    await emulator.close();
    await rm(folder, { recursive: true, force: true });
  }
}
