/**
 * The runnable examples that need an org, run as a user runs them: without their environment
 * they say what to set and exit 2; pull-edit-push with its environment changes the journey.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourneyClient, type JourneyClient } from '@customer-journey/client';
import { findTiles } from '@customer-journey/dsl';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { eventInvitation } from '../journeys/event-invitation.js';

const examples = fileURLToPath(new URL('..', import.meta.url));

/** Runs `node --import tsx <file>` in examples/ with only the given variables set for an org. */
async function runExample(file: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['JOURNEY_ORG_URL', 'JOURNEY_ID', 'JOURNEY_TOKEN', 'TIMEOUT_DAYS', 'NODE_OPTIONS']) delete clean[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: examples, env: { ...clean, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('examples that need an org, run without one', () => {
  it('real-org.ts prints what to set and an example invocation, exit 2', async () => {
    const r = await runExample('real-org.ts');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: JOURNEY_ORG_URL=<org url> node --import tsx examples\/real-org\.ts\n/);
    expect(r.stderr).toContain('  JOURNEY_ORG_URL   the org, such as https://contoso.crm4.dynamics.com');
    expect(r.stderr).toContain('Example:\n  JOURNEY_ORG_URL=https://contoso.crm4.dynamics.com node --import tsx examples/real-org.ts');
  });

  it('pull-edit-push.ts prints what to set and an example invocation, exit 2', async () => {
    const r = await runExample('pull-edit-push.ts');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: JOURNEY_ORG_URL=<org url> JOURNEY_ID=<journey id> node --import tsx examples\/pull-edit-push\.ts\n/);
    expect(r.stderr).toContain('  JOURNEY_ID        the journey to change');
    expect(r.stderr).toContain('Example, against a local emulator:');
    // Half the environment is not enough either.
    const half = await runExample('pull-edit-push.ts', { JOURNEY_ORG_URL: 'http://127.0.0.1:9' });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/^Usage: /);
  });
});

describe('pull-edit-push.ts with its environment', () => {
  let emulator: Emulator;
  let client: JourneyClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = createJourneyClient({ orgUrl: emulator.url, getToken: () => 'example-token' });
  });
  afterAll(() => emulator.close());

  it('gives every trigger the days asked for and says so, exit 0', async () => {
    const { id } = await client.push(eventInvitation);
    const r = await runExample('pull-edit-push.ts', { JOURNEY_ORG_URL: emulator.url, JOURNEY_TOKEN: 'example-token', JOURNEY_ID: id, TIMEOUT_DAYS: '11' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Every trigger of journey ${id} now waits 11 days.\n`);
    const [trigger] = findTiles((await client.get(id)).journey, 'Trigger');
    expect(trigger?.header).toMatchObject({ timeoutValue: 11, timeoutUnit: 'Day' });
  });
});
