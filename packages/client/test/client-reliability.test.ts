/**
 * Reliability: a thousand journeys pushed with bounded concurrency while the emulator injects
 * faults (429 with Retry-After 0, 503, connections dropped before and after processing) on more
 * than a quarter of all requests. Afterwards the org holds exactly those journeys, once each,
 * byte for byte.
 */
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyIdFromName, serializeDesignerState, serializeWorkflowDefinition } from '../src/index.js';
import { clientFor, sampleJourney } from './client-helpers.js';

const COUNT = 1_000;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({
    faults: { rate: 0.3, kinds: ['429', '503', 'drop', 'drop-after'], retryAfterSeconds: 0, seed: 7 },
  });
});
afterAll(async () => {
  await emulator.close();
});

describe('pushing under faults', () => {
  const trees = Array.from({ length: COUNT }, (_, i) => sampleJourney(`Reliable journey ${String(i).padStart(4, '0')}`, i));

  it(`pushes ${COUNT} journeys through injected faults with no loss, no duplicate and no change`, { timeout: 300_000 }, async () => {
    const client = clientFor(emulator.url, { concurrency: 16, retry: { limit: 15 } });
    let reported = 0;
    const results = await client.pushMany(trees, {
      concurrency: 16,
      onProgress: ({ done, total }) => {
        reported = done;
        expect(total).toBe(COUNT);
      },
    });
    expect(reported).toBe(COUNT);

    const failures = results.filter((r) => !r.ok);
    expect(failures).toEqual([]);
    expect(results.every((r) => r.ok && r.action === 'created')).toBe(true);

    const stats = emulator.stats;
    expect(stats.faults / stats.requests).toBeGreaterThanOrEqual(0.25);
    for (const kind of ['429', '503', 'drop', 'drop-after'] as const) expect(stats.faultsByKind[kind]).toBeGreaterThan(0);
    expect(client.clock.sleeps.length).toBeGreaterThan(0);
    expect(client.clock.sleeps.filter((ms) => ms > 0).length).toBeGreaterThan(0); // backoff for 503 and drops

    const records = emulator.records();
    expect(records).toHaveLength(COUNT);
    const ids = records.map((r) => r['msdyncrm_customerjourneyid']);
    expect(new Set(ids).size).toBe(COUNT);
    expect(new Set(records.map((r) => r['msdyncrm_name'])).size).toBe(COUNT);
    for (const tree of trees) {
      const stored = emulator.record(journeyIdFromName(tree.settings.name));
      expect(stored, tree.settings.name).toBeDefined();
      expect(stored?.['msdyncrm_workflowdefinition']).toBe(serializeWorkflowDefinition(tree));
      expect(stored?.['msdyncrm_customerjourneydesignerstate']).toBe(serializeDesignerState(tree));
    }
  });

  it('pushing the same journeys again under faults writes nothing', { timeout: 300_000 }, async () => {
    const client = clientFor(emulator.url, { concurrency: 16, retry: { limit: 15 } });
    const versions = new Map(emulator.records().map((r) => [r['msdyncrm_customerjourneyid'], r['versionnumber']]));
    const results = await client.pushMany(trees, { concurrency: 16 });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.every((r) => r.ok && r.action === 'unchanged')).toBe(true);
    const after = emulator.records();
    expect(after).toHaveLength(COUNT);
    expect(after.every((r) => versions.get(r['msdyncrm_customerjourneyid']) === r['versionnumber'])).toBe(true);
  });
});
