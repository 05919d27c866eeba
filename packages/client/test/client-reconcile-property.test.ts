/**
 * Tile identity over HTTP: random edit sequences pushed one after another to the emulator keep
 * every invariant in what the org stores.
 */
import fc from 'fast-check';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDuplicateIds, highestUsedIds, journey, walk, type JourneyBuilder, type JourneyTree } from '@customer-journey/dsl';
import type { JourneyClient } from '../src/index.js';
import { clientFor, testGuid } from './client-helpers.js';

let emulator: Emulator;
let client: JourneyClient;
beforeAll(async () => {
  emulator = await startEmulator();
  client = clientFor(emulator.url);
});
afterAll(() => emulator.close());

interface Tile {
  readonly name: string;
  readonly version: number;
}

type Edit =
  | { readonly op: 'insert'; readonly at: number }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'change'; readonly at: number }
  | { readonly op: 'rename'; readonly at: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('change' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat() }),
);

const guidOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function build(recordId: string, tiles: readonly Tile[]): JourneyTree {
  let b: JourneyBuilder = journey('Property over HTTP', { target: 'contact', recordId }).segment('Audience', { include: [{ id: guidOf(999) }] });
  for (const t of tiles) b = b.email(t.name, { emailId: guidOf(t.version + 1) });
  return b.build();
}

let run = 0;

describe('random edit sequences pushed one after another', () => {
  it('keep every invariant in the stored journey', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (pushes) => {
        const recordId = testGuid('9e000000', ++run);
        let counter = 0;
        const fresh = (): string => `T${counter++}`;
        let tiles: Tile[] = [{ name: fresh(), version: 0 }];
        await client.push(build(recordId, tiles));
        let stored = (await client.get(recordId)).journey;
        const owner = new Map<string, string>();
        const record = (tree: JourneyTree): void =>
          walk(tree, (tile) => {
            const name = tile.header?.name ?? tile.type;
            expect(owner.get(tile.id) ?? name).toBe(name);
            owner.set(tile.id, name);
          });
        record(stored);
        for (const edits of pushes) {
          for (const e of edits) {
            const at = tiles.length === 0 ? 0 : e.at % tiles.length;
            if (e.op === 'insert') tiles.splice(e.at % (tiles.length + 1), 0, { name: fresh(), version: 0 });
            else if (tiles.length === 0) continue;
            else if (e.op === 'delete') tiles.splice(at, 1);
            else if (e.op === 'change') tiles[at] = { ...tiles[at]!, version: tiles[at]!.version + 1 };
            else tiles[at] = { ...tiles[at]!, name: fresh() };
          }
          tiles = [...tiles];
          const local = build(recordId, tiles);
          const result = await client.push(local);
          expect(['updated', 'unchanged']).toContain(result.action);
          const next = (await client.get(recordId)).journey;
          expect(findDuplicateIds(next)).toEqual({ activityIds: [], itemIds: [] });
          const used = highestUsedIds(next);
          expect(next.designerState.nextActivityId).toBeGreaterThan(used.activityCounter);
          expect(next.designerState.nextItemId).toBeGreaterThan(used.itemId);
          expect(next.designerState.nextActivityId).toBeGreaterThanOrEqual(stored.designerState.nextActivityId);
          expect(next.designerState.nextItemId).toBeGreaterThanOrEqual(stored.designerState.nextItemId);
          // Tiles that survive keep their ids; the stored journey has the local tiles, in order.
          const ids = new Map<string, string>();
          walk(stored, (tile) => void (tile.header?.name !== undefined && ids.set(tile.header.name, tile.id)));
          const names: string[] = [];
          walk(next, (tile) => {
            const name = tile.header?.name;
            if (name === undefined || tile.type !== 'Email') return;
            names.push(name);
            if (ids.has(name)) expect(tile.id).toBe(ids.get(name));
          });
          expect(names).toEqual(tiles.map((t) => t.name));
          record(next);
          await expect(client.plan(local)).resolves.toMatchObject({ action: 'unchanged' });
          stored = next;
        }
      }),
      { numRuns: 25 },
    );
  });
});
