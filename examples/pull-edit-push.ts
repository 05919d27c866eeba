/**
 * Pull, edit, push: read a journey from the org, change it in code, and write it back. The
 * update carries the ETag that was read, so an edit someone made in the designer meanwhile is
 * never overwritten: the update fails with a `ConcurrencyError` instead.
 *
 * Run: `JOURNEY_ORG_URL=<org> JOURNEY_ID=<journey id> node --import tsx examples/pull-edit-push.ts`
 * (without them it prints what to set and exits with code 2).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConcurrencyError, createJourneyClient, type JourneyClient } from '@customer-journey/client';
import { edit, findTiles } from '@customer-journey/dsl';

/** Gives every trigger of the journey `days` days to wait for its condition, and saves it. */
export async function extendTriggerTimeouts(client: JourneyClient, id: string, days: number): Promise<'updated' | 'conflict'> {
  const record = await client.get(id);
  const triggerIds = new Set(findTiles(record.journey, 'Trigger').map((t) => t.id));

  const changed = edit(record.journey, (draft) => {
    const stack: (typeof draft.root.children)[number][] = [draft.root];
    while (stack.length > 0) {
      const tile = stack.pop()!;
      if (triggerIds.has(tile.id) && tile.header) {
        Object.assign(tile.header, { timeoutValue: days, timeoutUnit: 'Day' });
      }
      stack.push(...tile.children);
    }
  });

  try {
    await client.update(id, changed, { ifMatch: record.etag ?? '*' });
    return 'updated';
  } catch (error) {
    if (error instanceof ConcurrencyError) return 'conflict'; // someone else saved first: pull again
    throw error;
  }
}

/** What to set, printed when the example runs without it. */
export const USAGE = `Usage: JOURNEY_ORG_URL=<org url> JOURNEY_ID=<journey id> node --import tsx examples/pull-edit-push.ts

Reads the journey, gives every trigger TIMEOUT_DAYS days to wait for its condition, and saves it
with the ETag it read (an edit made meanwhile is reported, never overwritten).

Set:
  JOURNEY_ORG_URL   the org, such as https://contoso.crm4.dynamics.com, or an emulator's URL
                    (journey emulator prints one)
  JOURNEY_ID        the journey to change (its msdyncrm_customerjourneyid)
  JOURNEY_TOKEN     optional: a bearer token; without it DefaultAzureCredential signs in
  TIMEOUT_DAYS      optional: the days every trigger waits (default 7)

Example, against a local emulator:
  journey emulator --port 5885 &
  journey push examples/journeys
  JOURNEY_ORG_URL=http://127.0.0.1:5885 JOURNEY_TOKEN=local \\
    JOURNEY_ID=22227b6a-4a4f-5048-a67c-04694e6b938c node --import tsx examples/pull-edit-push.ts
`;

/** Runs the example on the environment's org and journey; resolves to the exit code. */
async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const orgUrl = env['JOURNEY_ORG_URL'];
  const id = env['JOURNEY_ID'];
  const days = Number(env['TIMEOUT_DAYS'] ?? '7');
  if (orgUrl === undefined || orgUrl === '' || id === undefined || id === '' || !Number.isInteger(days) || days < 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const token = env['JOURNEY_TOKEN'];
  let client: JourneyClient;
  if (token !== undefined && token !== '') {
    client = createJourneyClient({ orgUrl, getToken: () => token });
  } else {
    const { DefaultAzureCredential } = await import('@azure/identity');
    client = createJourneyClient({ orgUrl, credential: new DefaultAzureCredential() });
  }
  const outcome = await extendTriggerTimeouts(client, id, days);
  if (outcome === 'conflict') {
    process.stderr.write(`Someone changed journey ${id} while it was being edited; nothing was overwritten. Run again.\n`);
    return 1;
  }
  process.stdout.write(`Every trigger of journey ${id} now waits ${days} days.\n`);
  return 0;
}

// Run directly (not imported by a test).
if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  process.exitCode = await main(process.env);
}
