/**
 * Restoring an archive: every archived record recreated from its raw copy, with the same id,
 * definition, designer state and settings, byte for byte (see `restore-map.ts` for what is
 * compared and what happens to statuses).
 *
 * Per record: absent from the org, it is created (as Draft, then moved to Expired when it was
 * Expired) and read back to check it; present and equal, it is skipped; present and different, it
 * is reported and left alone, unless `overwrite` is set and the org's record is a Draft (the only
 * status in which everything may change, format reference §8.4).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AuthenticationError, ConcurrencyError, NotFoundError, type JourneyClient, type RawJourneyRecord } from '@customer-journey/client';
import { JOURNEY_STATUS_CODES, type JourneyStatus } from '@customer-journey/dsl';
import { openArchive, statusOfCode, type ArchivedJourney } from './manifest.js';
import { forEachConcurrent } from './pool.js';
import { clearedColumns, differingColumns, restoredStatus, writableColumns, type UnrestorableColumn } from './restore-map.js';

/**
 * What restore did with one record. Dry runs use the present tense (`create`, `overwrite`).
 *
 * - `created`, `overwritten` (`create`, `overwrite`): written, then read back and compared;
 * - `unchanged`: the org holds the same record;
 * - `differs`: the org holds a different record under this id, left alone;
 * - `blocked`: `overwrite` was asked, but the org's record is not a Draft;
 * - `skipped`: the record has no id to restore it under;
 * - `failed`: the org refused a write, or the record could not be read.
 *
 * @example
 * ```ts
 * const needsAttention = (action: RestoreAction) => action === 'differs' || action === 'blocked' || action === 'failed';
 * ```
 */
export type RestoreAction = 'created' | 'create' | 'overwritten' | 'overwrite' | 'unchanged' | 'differs' | 'blocked' | 'skipped' | 'failed';

/**
 * The outcome for one archived record.
 *
 * @example
 * ```ts
 * for (const r of result.records) if (r.status.note) console.log(`${r.name}: ${r.status.note}`);
 * ```
 */
export interface RestoredRecord {
  /** The record id (`null` for a record archived without one). */
  readonly id: string | null;
  /** The journey name. */
  readonly name: string;
  /** The raw file it was restored from. */
  readonly file: string;
  /** What was done. */
  readonly action: RestoreAction;
  /** The archived status, and the one restore gives (or would give) the record. */
  readonly status: { readonly archived: JourneyStatus | null; readonly restored: JourneyStatus; readonly note?: string };
  /** Columns in which the org's record differs from the archived copy (`differs`, `blocked`, or a write that did not read back equal). */
  readonly differences?: readonly string[];
  /** Whether the written record read back equal to the archived copy (writes only). */
  readonly verified?: boolean;
  /** Columns of the archived record that could not be written. */
  readonly unrestorable?: readonly UnrestorableColumn[];
  /** Why the record failed, was blocked or skipped. */
  readonly reason?: string;
}

/**
 * Options of {@link restoreArchive}.
 *
 * @example
 * ```ts
 * const options: RestoreOptions = { dryRun: true, concurrency: 8 };
 * ```
 */
export interface RestoreOptions {
  /** Report what would happen; write nothing. */
  readonly dryRun?: boolean;
  /** Replace org records that differ from their archived copy (Draft records only). */
  readonly overwrite?: boolean;
  /** Records restored at once. @defaultValue 4 */
  readonly concurrency?: number;
  /** How to name the folder in messages. @defaultValue the folder as given */
  readonly label?: string;
  /** Called after every record. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly record: RestoredRecord }) => void;
  /** Stops the restore. */
  readonly signal?: AbortSignal;
}

/**
 * What {@link restoreArchive} did, record by record (in the manifest's order, by id).
 *
 * @example
 * ```ts
 * const { records, counts } = await restoreArchive(client, 'journeys-archive');
 * ```
 */
export interface RestoreResult {
  /** One entry per archived record. */
  readonly records: readonly RestoredRecord[];
  /** Records per action. */
  readonly counts: Readonly<Partial<Record<RestoreAction, number>>>;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The archived record's status as the org has it now, compared with what restore would give. */
function sameStatus(archivedCode: unknown, current: unknown): boolean {
  return current === archivedCode || current === restoredStatus(archivedCode).code;
}

async function readRaw(dir: string, file: string): Promise<Record<string, unknown>> {
  const value: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${file} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Recreates every record of an archive from its raw copy, with the same ids, definitions,
 * designer states and settings, byte for byte (every column the Web API lets a client write;
 * server-managed columns such as `createdon`, `modifiedon` and `versionnumber` are the org's).
 *
 * Records are created as Draft: Draft and Expired records keep their status (Expired through the
 * allowed Draft → Expired transition), every other status is reached only by going live and is
 * reported per record as restored as Draft. Records that exist and are equal are skipped; records
 * that differ are reported and left alone unless `overwrite` is set and the org's record is a
 * Draft. Each written record is read back and compared with its archived copy.
 *
 * The archive is checked first: a folder that is not a complete archive, or a raw file changed
 * after it was archived (its SHA-256 no longer matches the manifest), is refused with an
 * {@link ArchiveError} naming it, and nothing is written. An org that refuses the token (401)
 * ends the restore with the client's `AuthenticationError`; any other failure is reported for
 * its record, and the others go on.
 *
 * @param client - the org to restore into
 * @param dir - the archive folder
 * @example
 * ```ts
 * import { createJourneyClient } from '@customer-journey/client';
 * import { restoreArchive } from '@customer-journey/cli';
 *
 * const client = createJourneyClient({ orgUrl: 'https://contoso-sandbox.crm4.dynamics.com', getToken: () => token });
 * const { records } = await restoreArchive(client, 'journeys-archive', { dryRun: true });
 * for (const r of records) console.log(r.action, r.name, r.status.note ?? '');
 * ```
 */
export async function restoreArchive(client: JourneyClient, dir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const path = resolve(dir);
  const manifest = await openArchive(path, options.label ?? dir);
  const dryRun = options.dryRun === true;
  const results: RestoredRecord[] = new Array<RestoredRecord>(manifest.journeys.length);
  const signalOf = options.signal === undefined ? {} : { signal: options.signal };
  let done = 0;

  const restoreOne = async (journey: ArchivedJourney): Promise<RestoredRecord> => {
    const base = { id: journey.id, name: journey.name, file: journey.files.raw };
    let raw: Record<string, unknown>;
    try {
      raw = await readRaw(path, journey.files.raw);
    } catch (error) {
      return { ...base, action: 'failed', status: { archived: journey.status, restored: 'Draft' }, reason: describe(error) };
    }
    const target = restoredStatus(raw['statuscode']);
    const status = { archived: target.archived, restored: target.restored, ...(target.note === undefined ? {} : { note: target.note }) };
    if (journey.id === null) return { ...base, action: 'skipped', status, reason: 'the record has no id to restore it under' };
    const id = journey.id;
    const { columns, unrestorable } = writableColumns(raw);
    const extra = unrestorable.length === 0 ? {} : { unrestorable };

    /** The columns, and the status, in which a record of the org differs from the archived copy. */
    const differencesFrom = (entity: Readonly<Record<string, unknown>>): string[] => {
      const differences = differingColumns(raw, entity);
      if (!sameStatus(raw['statuscode'], entity['statuscode'])) differences.push('statuscode');
      return differences;
    };
    /** Reads the record back and compares it with the archived copy. */
    const verify = async (): Promise<{ verified: boolean; differences?: string[] }> => {
      const differences = differencesFrom((await client.getRaw(id, signalOf)).entity);
      return differences.length === 0 ? { verified: true } : { verified: false, differences };
    };
    /** Moves a freshly written Draft to Expired when the archived record was Expired. */
    const settleStatus = async (etag: string | undefined): Promise<void> => {
      if (target.restored !== 'Expired') return;
      await client.updateRaw(id, { statecode: 1, statuscode: JOURNEY_STATUS_CODES.Expired }, { ...(etag === undefined ? {} : { ifMatch: etag }), ...signalOf });
    };

    let current: RawJourneyRecord | undefined;
    try {
      current = await client.getRaw(id, signalOf);
    } catch (error) {
      // An org that refuses the token refuses every record: stop at once rather than fail each.
      if (error instanceof AuthenticationError) throw error;
      if (!(error instanceof NotFoundError)) return { ...base, action: 'failed', status, ...extra, reason: describe(error) };
    }
    try {
      if (current === undefined) {
        if (dryRun) return { ...base, action: 'create', status, ...extra };
        try {
          const { etag } = await client.createRaw(id, columns, signalOf);
          await settleStatus(etag);
        } catch (error) {
          // A create retried after its first attempt landed finds the record: compare it below.
          if (!(error instanceof ConcurrencyError)) throw error;
        }
        return { ...base, action: 'created', status, ...extra, ...(await verify()) };
      }
      const differences = differencesFrom(current.entity);
      if (differences.length === 0) return { ...base, action: 'unchanged', status, ...extra };
      if (options.overwrite !== true) return { ...base, action: 'differs', status, differences, ...extra };
      const currentCode = current.entity['statuscode'];
      if (currentCode !== JOURNEY_STATUS_CODES.Draft && currentCode !== undefined && currentCode !== null) {
        const label = typeof currentCode === 'number' ? (statusOfCode(currentCode) ?? `statuscode ${currentCode}`) : String(currentCode);
        return {
          ...base,
          action: 'blocked',
          status,
          differences,
          ...extra,
          reason: `the org's record is ${label}; restore --overwrite replaces only Draft records, because after going live the org locks the journey's tiles (format reference §8.4). Stop and delete it first, or restore into another org`,
        };
      }
      if (dryRun) return { ...base, action: 'overwrite', status, differences, ...extra };
      const { etag } = await client.updateRaw(id, { ...columns, ...clearedColumns(raw, current.entity) }, { ...(current.etag === undefined ? {} : { ifMatch: current.etag }), ...signalOf });
      await settleStatus(etag);
      return { ...base, action: 'overwritten', status, ...extra, ...(await verify()) };
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      return { ...base, action: 'failed', status, ...extra, reason: describe(error) };
    }
  };

  const indexed = manifest.journeys.map((journey, index) => ({ journey, index }));
  await forEachConcurrent(indexed, options.concurrency ?? 4, async ({ journey, index }) => {
    options.signal?.throwIfAborted();
    const record = await restoreOne(journey);
    results[index] = record;
    done += 1;
    options.onProgress?.({ done, total: indexed.length, record });
  });
  const counts: Partial<Record<RestoreAction, number>> = {};
  for (const r of results) counts[r.action] = (counts[r.action] ?? 0) + 1;
  return { records: results, counts };
}
