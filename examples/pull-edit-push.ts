/**
 * Pull, edit, push: read a journey from the org, change it in code, and write it back. The
 * update carries the ETag that was read, so an edit someone made in the designer meanwhile is
 * never overwritten: the update fails with a `ConcurrencyError` instead.
 */
import { ConcurrencyError, type JourneyClient } from '@customer-journey/client';
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
