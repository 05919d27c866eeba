/**
 * The runnable examples, run as a user runs them: the demo end to end in its own process, and
 * pull-edit-push against the emulator.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourneyClient, type JourneyClient } from '@customer-journey/client';
import { edit, findTiles } from '@customer-journey/dsl';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { eventInvitation } from '../journeys/event-invitation.js';
import { extendTriggerTimeouts } from '../pull-edit-push.js';

const examples = fileURLToPath(new URL('..', import.meta.url));

describe('the demo', () => {
  it('runs end to end against the embedded emulator', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'demo.ts'], { cwd: examples, timeout: 240_000 });
    expect(stdout).toContain('local and org agree');
    expect(stdout).not.toContain('DISAGREE');
    expect(stdout).toMatch(/== Simulate ==\nSimulation of "Event invitation": 1000 contacts, .*\n\n entered  waiting  tile\n {4}1000 {8}0  Customers \(Segment group\)\n/);
    expect(stdout).toContain('First push:  102 created');
    expect(stdout).toContain('Second push: 102 unchanged');
    expect(stdout).toContain('The org holds 102 journeys (102 distinct ids)');
    expect(stdout).toContain('"Event invitation" went live: Live');
    expect(stdout).toContain('"Event invitation" stopped: Stopped');
    expect(stdout).toContain(`plan: blocked (Live): "Welcome series" is Live, and a Live journey takes no edits except through Live, editable`);
    expect(stdout).toContain('  tile New contacts › Welcome › Two days › Getting started › Five days › Tips and tricks: recordId');
    expect(stdout).toContain('push: updated through a live edit; "Welcome series" is Live again');
    expect(stdout).toMatch(/== Live journeys ==\n {2}Welcome series {2}\([0-9a-f-]{36}, Live\)\n/);
    expect(stdout).toMatch(/== Archive and migration report ==\nArchived 102 journeys \(102 readable, 0 unreadable\)/);
    expect(stdout).toMatch(/102 journeys \(102 readable, 0 unreadable\), \d+ tiles\. Effort: /);
    expect(stdout.trimEnd().endsWith('Guidance only: recreate the journeys by hand in real-time journeys.')).toBe(true);
  }, 300_000);
});

describe('pull, edit, push', () => {
  let emulator: Emulator;
  let client: JourneyClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = createJourneyClient({ orgUrl: emulator.url, getToken: () => 'example-token' });
  });
  afterAll(() => emulator.close());

  it('changes the journey on the org', async () => {
    const { id } = await client.push(eventInvitation);
    expect(await extendTriggerTimeouts(client, id, 9)).toBe('updated');
    const [trigger] = findTiles((await client.get(id)).journey, 'Trigger');
    expect(trigger?.header).toMatchObject({ timeoutValue: 9, timeoutUnit: 'Day' });
  });

  it('never overwrites an edit made in between: it reports the conflict', async () => {
    const { id } = await client.push(eventInvitation);
    // Someone saves the journey in the designer between our read and our write.
    const other = createJourneyClient({ orgUrl: emulator.url, getToken: () => 'designer-token' });
    const theirs = edit(eventInvitation, (d) => {
      d.settings = { ...d.settings, description: 'edited in the designer' };
    });
    const realFetch = globalThis.fetch;
    const racing = createJourneyClient({
      orgUrl: emulator.url,
      getToken: () => 'example-token',
      fetch: async (input, init) => {
        if (init?.method === 'PATCH') await other.update(id, theirs, { ifMatch: false });
        return realFetch(input, init);
      },
    });
    expect(await extendTriggerTimeouts(racing, id, 12)).toBe('conflict');
    expect((await client.get(id)).journey.settings.description).toBe('edited in the designer');
  });
});
