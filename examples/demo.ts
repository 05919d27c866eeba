/**
 * The demo (`pnpm demo`): the whole job end to end against the embedded emulator.
 *
 * 1. build the example journeys and 100 journeys from a template and a data file;
 * 2. check them for errors locally and on the org, and show that both answers agree;
 *    simulate a thousand contacts through the event invitation and print the funnel;
 * 3. push them (idempotently: a second push changes nothing);
 * 4. take one live, wait for it, and stop it; take another live;
 * 5. change the live one: plan the change, then push it through a live edit;
 * 6. list what is live, and print a summary;
 * 7. archive the org to a folder (code, pictures, raw records) and print what moving it to
 *    real-time journeys takes.
 *
 * Point it at a real org instead: see `real-org.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveJourneys, buildMigrationReport, formatReportSummary, reportInputs } from '@customer-journey/cli';
import { createJourneyClient, type PushManyEntry } from '@customer-journey/client';
import { edit, formatFunnel, formatValidationResult, journey, renderMermaid, simulate, validateJourney, walk, type JourneyTree } from '@customer-journey/dsl';
import { startEmulator } from '@customer-journey/emulator';
import { eventInvitation } from './journeys/event-invitation.js';
import { welcomeSeries } from './journeys/welcome-series.js';
import { eventJourneys } from './templates/generate.js';

const say = (text = ''): void => void process.stdout.write(`${text}\n`);
const heading = (text: string): void => say(`\n== ${text} ==`);

/** A journey with a mistake: its end date leaves no room for three 30-day iterations. */
const brokenRecurring: JourneyTree = journey('Monthly newsletter (broken)', {
  target: 'contact',
  start: '2026-02-08T11:48:00Z',
  end: '2026-03-08T11:48:00Z',
  recurrence: { intervalDays: 30, count: 3 },
})
  .segment('Subscribers', { include: [{ id: '9b7e1c1a-0001-4e5f-8a9b-000000000001', name: 'subscribers' }] })
  .email('Newsletter', { emailId: '9b7e1c1a-0002-4e5f-8a9b-000000000001' })
  .build();

export async function main(): Promise<void> {
  // The emulator's clock runs from 15 February 2026, while the example journeys run: it stops a
  // Live journey at its end date, so a later date would stop them as soon as they go live.
  const offset = Date.parse('2026-02-15T09:00:00Z') - Date.now();
  const emulator = await startEmulator({ goLiveDelayMs: 150, stopDelayMs: 100, clock: () => new Date(Date.now() + offset) });
  say(`Emulated org: ${emulator.url}`);
  try {
    const client = createJourneyClient({ orgUrl: emulator.url, getToken: () => 'demo-token' });

    heading('Build');
    const generated = eventJourneys();
    const journeys = [welcomeSeries, eventInvitation, ...generated];
    say(`${journeys.length} journeys: "${welcomeSeries.settings.name}", "${eventInvitation.settings.name}" and ${generated.length} from templates/events.json`);
    say('\nThe event invitation as a Mermaid diagram:\n');
    say(renderMermaid(eventInvitation));

    heading('Check for Errors');
    for (const tree of [welcomeSeries, eventInvitation, brokenRecurring]) {
      const local = validateJourney(tree);
      const org = await client.validate(tree);
      const agree = JSON.stringify(local) === JSON.stringify(org) ? 'local and org agree' : 'LOCAL AND ORG DISAGREE';
      say(`${formatValidationResult(tree, local)}\n  (${agree})`);
    }
    const failing = generated.filter((t) => validateJourney(t).Result === 'Error');
    say(`The ${generated.length} generated journeys: ${failing.length} with errors`);

    heading('Simulate');
    say(formatFunnel(simulate(eventInvitation, { contacts: 1_000, rates: { UserRegistered: 0.3 }, seed: 7 })).trimEnd());

    heading('Push');
    let lastShown = -1;
    const first = await client.pushMany(journeys, {
      concurrency: 8,
      onProgress: ({ done, total }) => {
        const pct = Math.floor((done / total) * 10);
        if (pct !== lastShown) {
          lastShown = pct;
          say(`  ${done}/${total}`);
        }
      },
    });
    say(`First push:  ${summarize(first)}`);
    const second = await client.pushMany(journeys, { concurrency: 8 });
    say(`Second push: ${summarize(second)} (nothing changed, nothing written)`);
    const ids = new Set(first.flatMap((e) => (e.ok ? [e.id] : [])));
    say(`The org holds ${emulator.records().length} journeys (${ids.size} distinct ids)`);

    heading('Lifecycle');
    const inviteId = (await client.push(eventInvitation)).id;
    const live = await client.goLive(inviteId, { wait: true, pollIntervalMs: 50 });
    say(`"${eventInvitation.settings.name}" went live: ${live.status}`);
    const stopped = await client.stop(inviteId, { wait: true, pollIntervalMs: 50 });
    say(`"${eventInvitation.settings.name}" stopped: ${stopped.status}`);
    const welcomeId = (await client.push(welcomeSeries)).id;
    const welcome = await client.goLive(welcomeId, { wait: true, pollIntervalMs: 50 });
    say(`"${welcomeSeries.settings.name}" went live: ${welcome.status}`);

    heading('Changing a live journey');
    // A new email for the last step of the welcome series: a tile's own settings.
    const refreshed = edit(welcomeSeries, (draft) => {
      walk(draft as JourneyTree, (tile) => {
        if (tile.header?.name === 'Tips and tricks') (tile.header as { recordId?: string }).recordId = '7a1b2c3d-0002-4e5f-8a9b-000000000004';
      });
    });
    const refused = await client.plan(refreshed);
    say(`plan: ${refused.action} (${refused.status}): ${refused.reason}`);
    say(`  way out: ${refused.remedy}`);
    const plan = await client.plan(refreshed, { live: 'edit' });
    say(`plan with live: 'edit': ${plan.action}`);
    for (const c of plan.changes) say(`  ${c.kind} ${c.path.join(' › ')}: ${c.field} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`);
    say(`  steps: ${plan.steps.join('; ')}`);
    const edited = await client.push(refreshed, { live: 'edit', wait: { pollIntervalMs: 50 } });
    say(`push: ${edited.action} through a live edit; "${welcomeSeries.settings.name}" is ${edited.status ?? '?'} again`);

    heading('Live journeys');
    for await (const record of client.list({ status: 'Live', pageSize: 50 })) {
      say(`  ${record.journey.settings.name}  (${record.id}, ${record.status})`);
    }

    heading('Summary');
    const byStatus = new Map<string, number>();
    for await (const record of client.list({ pageSize: 50 })) {
      byStatus.set(record.status ?? '?', (byStatus.get(record.status ?? '?') ?? 0) + 1);
    }
    for (const [status, count] of byStatus) say(`  ${status.padEnd(10)} ${count}`);
    const { requests, faults } = emulator.stats;
    say(`  ${requests} requests served, ${faults} faults injected`);

    heading('Archive and migration report');
    const folder = await mkdtemp(join(tmpdir(), 'journey-demo-archive-'));
    try {
      const { manifest } = await archiveJourneys(client, { out: folder, org: emulator.url, concurrency: 8 });
      const c = manifest.counts;
      say(`Archived ${c.journeys} journeys (${c.readable} readable, ${c.unreadable} unreadable): code, picture and raw record of each, a README and archive.json`);
      say(formatReportSummary(buildMigrationReport(await reportInputs([folder], process.cwd()))));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  } finally {
    await emulator.close();
  }
}

function summarize(entries: readonly PushManyEntry[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const key = e.ok ? e.action : 'failed';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
}

await main();
