/**
 * Which record each journey writes, and the check that no two journeys of a run write the same
 * one: a journey's record is its declared `recordId`, else the id derived from its name.
 *
 * @module
 */
import { journeyIdFromName, normalizeJourneyId } from '@customer-journey/client';
import { truncateName, type JourneyTree } from '@customer-journey/dsl';
import { journeyLabel, type LoadedJourney } from './load.js';

/**
 * Journeys that would write the same record, found by {@link assertDistinctRecords}: a journey's
 * record is its declared `recordId`, else the id derived from its name, so none of them may be
 * pushed. `message` has one line per shared record (long names cut to 80 characters;
 * `duplicates` has them whole).
 *
 * @example
 * ```ts
 * import { assertDistinctRecords, DuplicateRecordsError, loadJourneyFiles } from '@customer-journey/cli';
 *
 * try {
 *   assertDistinctRecords(await loadJourneyFiles(['a.journey.ts', 'b.journey.ts']));
 * } catch (error) {
 *   if (error instanceof DuplicateRecordsError) console.error(error.duplicates.map((d) => d.recordId));
 * }
 * ```
 */
export class DuplicateRecordsError extends Error {
  override name = 'DuplicateRecordsError' as const;
  /** Each shared record with every journey that would write it, in the order loaded. */
  readonly duplicates: readonly { readonly recordId: string; readonly journeys: readonly LoadedJourney[] }[];

  constructor(duplicates: readonly { readonly recordId: string; readonly journeys: readonly LoadedJourney[] }[], label: (j: LoadedJourney) => string) {
    super(
      duplicates
        .map((d) => {
          const files = d.journeys.map(label).join(', ');
          const names = new Set(d.journeys.map((j) => j.tree.settings.name));
          const declared = d.journeys.some((j) => j.tree.settings.recordId !== undefined);
          return !declared && names.size === 1
            ? `${d.journeys.length} journeys are named ${JSON.stringify(truncateName(d.journeys[0]!.tree.settings.name))}: ${files}; a name identifies a journey on the org unless it declares a recordId, so rename all but one or give each its own recordId`
            : `${d.journeys.length} journeys would write the record ${d.recordId}: ${files}; give each journey its own recordId`;
        })
        .join('\n'),
    );
    this.duplicates = duplicates;
  }
}

/**
 * The record a push of the journey writes: its declared `recordId`, else the id derived from its
 * name.
 *
 * @example
 * ```ts
 * import { journey } from '@customer-journey/dsl';
 * import { recordOf } from '@customer-journey/cli';
 * recordOf(journey('Welcome').build()); // journeyIdFromName('Welcome')
 * ```
 */
export function recordOf(tree: JourneyTree): string {
  const declared = tree.settings.recordId;
  return declared !== undefined ? normalizeJourneyId(declared) : journeyIdFromName(tree.settings.name);
}

/**
 * Checks that no two journeys would write the same record (their declared `recordId`, else the id
 * derived from the name) before anything is read or written; reports every shared record with all
 * its files at once. Two journeys may share a name when each declares its own `recordId`.
 *
 * @throws {@link DuplicateRecordsError} when a record is shared
 *
 * @example
 * ```ts
 * import { assertDistinctRecords, loadJourneyFiles } from '@customer-journey/cli';
 *
 * const journeys = await loadJourneyFiles(['journeys/a.journey.ts', 'journeys/b.journey.ts']);
 * assertDistinctRecords(journeys); // throws when both are named "Welcome" and neither declares a recordId
 * ```
 */
export function assertDistinctRecords(journeys: readonly LoadedJourney[]): void {
  const byRecord = new Map<string, LoadedJourney[]>();
  for (const j of journeys) {
    const id = recordOf(j.tree);
    const same = byRecord.get(id);
    if (same === undefined) byRecord.set(id, [j]);
    else same.push(j);
  }
  const duplicates = [...byRecord].filter(([, same]) => same.length > 1).map(([recordId, same]) => ({ recordId, journeys: same }));
  if (duplicates.length > 0) throw new DuplicateRecordsError(duplicates, journeyLabel);
}
