/**
 * Archiving an org: every journey record read page by page, written as code, picture and a
 * lossless raw copy, with an index and a manifest.
 *
 * How a run goes:
 *
 * 1. The folder is checked (empty, new, or an archive of this org) and probed for writing.
 * 2. The ids, names and ETags of the journeys are listed (a cheap listing of two columns). Slugs
 *    come from the names, so files get their final names as they are written.
 * 3. Only then is the folder changed: a previous `archive.json` is removed (the folder no longer
 *    claims to be complete), and the progress file is started.
 * 4. The records are read page by page with every column and annotation, and written with
 *    bounded concurrency; each record's line is appended to the progress file once its files are
 *    on disk. With `resume`, records already there whose files match their checksums and whose
 *    ETag has not changed are kept, and only the others are read, by id.
 * 5. Slugs are checked again (a name may have changed meanwhile), files of records that no longer
 *    exist are removed, the README is written, and `archive.json` last, atomically. The progress
 *    file goes.
 *
 * Everything written is deterministic: an unchanged org gives the same bytes, but for the
 * manifest's `archivedAt`.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { mkdir, open, rename, rmdir, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { guid, type JourneyClient, type RawListEntry } from '@customer-journey/client';
import { JOURNEY_STATUS_CODES, type JourneyStatus } from '@customer-journey/dsl';
import { packageVersion } from '../context.js';
import {
  ArchiveError,
  fileChecksum,
  inspectFolder,
  isArchivePath,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  manifestText,
  PROGRESS_FILE,
  RAW_DIR,
  readProgress,
  sha256,
  writeAtomically,
  type ArchivedJourney,
  type ArchiveManifest,
  type ProgressHeader,
  type ProgressRecord,
} from './manifest.js';
import { forEachConcurrent, readAhead } from './pool.js';
import { archiveReadme } from './readme.js';
import { keyOf, renderRecord, str } from './record-files.js';
import { assignSlugs } from './slug.js';

/** The README's file name. */
export const README_FILE = 'README.md';
/** Ids per request when a resumed archive reads the records it lacks. */
const IDS_PER_REQUEST = 50;

const STATUS_ORDER = Object.keys(JOURNEY_STATUS_CODES) as JourneyStatus[];

/**
 * Options of {@link archiveJourneys}.
 *
 * @example
 * ```ts
 * const options: ArchiveOptions = { out: '/work/journeys-archive', org: 'https://contoso.crm4.dynamics.com', concurrency: 8 };
 * ```
 */
export interface ArchiveOptions {
  /** The folder to write (absolute, or relative to the process's directory). */
  readonly out: string;
  /** How the org is named in the manifest: its URL (credentials, query and fragment are dropped). */
  readonly org: string;
  /** How to name the folder in messages. @defaultValue `out` */
  readonly label?: string;
  /** Records written at once. @defaultValue 4 */
  readonly concurrency?: number;
  /** Only journeys in these statuses. @defaultValue every journey */
  readonly status?: readonly JourneyStatus[];
  /** Continue an interrupted (or refresh a complete) archive, reading only what is missing, changed or damaged. */
  readonly resume?: boolean;
  /** Records per page. @defaultValue 100 */
  readonly pageSize?: number;
  /** The version written to the manifest. @defaultValue the cli package's */
  readonly toolVersion?: string;
  /** Clock for the manifest's `archivedAt`. @defaultValue `() => new Date()` */
  readonly now?: () => Date;
  /** Called after every record written or kept. */
  readonly onProgress?: (progress: ArchiveProgress) => void;
  /** Stops the archive (it can be resumed). */
  readonly signal?: AbortSignal;
}

/**
 * Progress of {@link archiveJourneys}.
 *
 * @example
 * ```ts
 * const onProgress = ({ done, total, journey }: ArchiveProgress) => console.error(`[${done}/${total}] ${journey.name}`);
 * ```
 */
export interface ArchiveProgress {
  /** Records done (written, or kept from an earlier run). */
  readonly done: number;
  /** Records listed. */
  readonly total: number;
  /** The record just done. */
  readonly journey: ArchivedJourney;
  /** `true` when it was kept from an earlier run without being read again. */
  readonly kept: boolean;
}

/**
 * What {@link archiveJourneys} did.
 *
 * @example
 * ```ts
 * const { manifest, fetched, kept } = await archiveJourneys(client, options);
 * ```
 */
export interface ArchiveResult {
  /** The manifest written to `archive.json`. */
  readonly manifest: ArchiveManifest;
  /** Records read from the org in this run. */
  readonly fetched: number;
  /** Records kept from an earlier run (verified by checksum, ETag unchanged). */
  readonly kept: number;
  /** Files removed because their record no longer exists (or was renamed). */
  readonly removed: readonly string[];
}

/**
 * The org as the manifest names it: a URL without user, password, query or fragment; any other
 * text as it is.
 *
 * @example
 * ```ts
 * publicOrgUrl('https://me:secret@contoso.crm4.dynamics.com/?x=1#y'); // 'https://contoso.crm4.dynamics.com'
 * ```
 */
export function publicOrgUrl(org: string): string {
  let url: URL;
  try {
    url = new URL(org);
  } catch {
    return org;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return org;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

/** Creates the folder and proves that files can be written in it. */
async function ensureWritable(dir: string, label: string): Promise<void> {
  try {
    await mkdir(join(dir, RAW_DIR), { recursive: true });
    const probe = join(dir, `.archive-probe-${process.pid}`);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : e.code === 'EROFS'
          ? 'the file system is read-only'
          : e.code === 'ENOTDIR' || e.code === 'EEXIST'
            ? 'a file stands where a folder is needed'
            : e.code === 'ENOSPC'
              ? 'the disk is full'
              : e.message;
    throw new ArchiveError(`cannot write to --out ${label}: ${why}; choose a folder you can write to`);
  }
}

/** Sorts statuses as the status table does, without repeats. */
function canonicalStatuses(statuses: readonly JourneyStatus[] | undefined): JourneyStatus[] | null {
  if (statuses === undefined || statuses.length === 0) return null;
  const wanted = new Set(statuses);
  return STATUS_ORDER.filter((s) => wanted.has(s));
}

/** Whether every file of a record still has the checksum it was written with. */
async function intact(dir: string, checksums: Readonly<Record<string, string>>): Promise<boolean> {
  for (const [path, expected] of Object.entries(checksums)) {
    if ((await fileChecksum(join(dir, path))) !== expected) return false;
  }
  return true;
}

/** Reads the records with these ids, a few ids per request, pages as they come. */
async function* byIds(client: JourneyClient, ids: readonly string[], pageSize: number, signal: AbortSignal | undefined): AsyncGenerator<RawListEntry> {
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const chunk = ids.slice(i, i + IDS_PER_REQUEST);
    yield* client.listRaw({
      filter: { msdyncrm_customerjourneyid: chunk.length === 1 ? guid(chunk[0]!) : { in: chunk.map((id) => guid(id)) } },
      pageSize,
      ...(signal === undefined ? {} : { signal }),
    });
  }
}

/**
 * Archives every journey of an org into a folder a reviewer can open, diff and restore from:
 *
 * - per journey, `<slug>.journey.ts` (TypeScript that rebuilds it, with its `recordId`),
 *   `<slug>.svg` (its picture) and `raw/<id>.json` (the record exactly as the org returned it:
 *   every column and annotation, byte for byte);
 * - a record the codec cannot read is kept raw and listed with the reason, never dropped;
 * - `README.md`, a table of every journey with links to its code and picture;
 * - `archive.json`, the manifest: tool version, org (without credentials), time, counts, and the
 *   SHA-256 of every file. It is written last and atomically: a folder without it is not complete.
 *
 * Slugs come from the names, with a short id suffix for journeys that share one. An unchanged
 * org archived twice gives the same bytes, the manifest's `archivedAt` aside. Faults (429, 5xx,
 * dropped connections) are retried by the client. An interrupted run leaves a progress file and no
 * manifest; `resume` continues it, reading only the records that are missing, changed or damaged.
 *
 * @throws {@link ArchiveError} for a folder that cannot be used (not writable, not empty and not
 * an archive, an archive of another org), and when the run stops part way (the folder can then be
 * resumed); the client's errors (401, say) when the first listing fails, before anything is written.
 * @example
 * ```ts
 * import { createJourneyClient } from '@customer-journey/client';
 * import { archiveJourneys } from '@customer-journey/cli';
 *
 * const org = 'https://contoso.crm4.dynamics.com';
 * const client = createJourneyClient({ orgUrl: org, getToken: () => token });
 * const { manifest } = await archiveJourneys(client, { out: 'journeys-archive', org, concurrency: 8 });
 * console.log(`${manifest.counts.journeys} journeys, ${manifest.counts.unreadable} unreadable`);
 * ```
 */
export async function archiveJourneys(client: JourneyClient, options: ArchiveOptions): Promise<ArchiveResult> {
  const out = options.out;
  const label = options.label ?? out;
  const concurrency = options.concurrency ?? 4;
  const pageSize = options.pageSize ?? 100;
  const signal = options.signal;
  const org = publicOrgUrl(options.org);
  const statuses = canonicalStatuses(options.status);
  const sameFilter = (other: readonly JourneyStatus[] | null): boolean => JSON.stringify(other ?? null) === JSON.stringify(statuses);

  // 1. The folder, unchanged so far.
  const state = await inspectFolder(out, label);
  if (state.kind === 'other') {
    throw new ArchiveError(`--out ${label} is not empty and holds no journey archive (no ${MANIFEST_FILE}); choose an empty or new folder`);
  }
  const previous = new Map<string, ProgressRecord>();
  const owned = new Set<string>();
  if (state.kind === 'archive') {
    const { manifest } = state;
    if (manifest.org !== org) {
      throw new ArchiveError(`--out ${label} holds an archive of ${manifest.org}, not of ${org}; choose another folder`);
    }
    for (const path of Object.keys(manifest.files)) owned.add(path);
    if (options.resume === true && sameFilter(manifest.statuses)) {
      for (const journey of manifest.journeys) {
        const paths = [journey.files.raw, journey.files.code, journey.files.picture].filter((p): p is string => p !== undefined);
        const checksums = Object.fromEntries(paths.map((p) => [p, manifest.files[p] ?? '']));
        previous.set(keyOf(journey), { key: keyOf(journey), journey, checksums });
      }
    }
  } else if (state.kind === 'interrupted') {
    const progress = await readProgress(out);
    if (progress.header !== undefined && progress.header.org !== org) {
      throw new ArchiveError(`--out ${label} holds an interrupted archive of ${progress.header.org}, not of ${org}; choose another folder`);
    }
    for (const record of progress.records.values()) for (const path of Object.keys(record.checksums)) owned.add(path);
    if (options.resume === true) {
      if (progress.header !== undefined && !sameFilter(progress.header.statuses)) {
        throw new ArchiveError(
          `--out ${label} holds an interrupted archive of ${progress.header.statuses === null ? 'every journey' : `the statuses ${progress.header.statuses.join(', ')}`}; ` +
            `resume it with the same --status, or run without --resume to start over`,
        );
      }
      for (const [key, record] of progress.records) previous.set(key, record);
    }
  }
  await ensureWritable(out, label);

  // 2. What the org holds: ids, names, ETags. A failure here (401, say) leaves the folder as it was.
  const listed = new Map<string, { readonly name: string; readonly etag: string | undefined }>();
  let withoutId = 0;
  try {
    for await (const entry of client.listRaw({
      select: ['msdyncrm_name'],
      pageSize: 5000,
      annotations: false,
      ...(statuses === null ? {} : { status: statuses }),
      ...(signal === undefined ? {} : { signal }),
    })) {
      if (entry.id === undefined) withoutId += 1;
      else listed.set(entry.id, { name: str(entry.entity['msdyncrm_name']) ?? '', etag: entry.etag });
    }
  } catch (error) {
    if (state.kind === 'missing' || state.kind === 'empty') {
      await rmdir(join(out, RAW_DIR)).catch(() => undefined);
      if (state.kind === 'missing') await rmdir(out).catch(() => undefined);
    }
    throw error;
  }
  const slugs = assignSlugs([...listed].map(([id, { name }]) => ({ id, name })));

  const kept = new Map<string, ProgressRecord>();
  await forEachConcurrent(previous.values(), 16, async (record) => {
    const id = record.journey.id;
    const now = id === null ? undefined : listed.get(id);
    if (now === undefined || (now.etag !== undefined && now.etag !== record.journey.etag)) return;
    if (record.journey.slug !== null && record.journey.slug !== slugs.get(id!)) return; // renamed meanwhile: write it again
    if (await intact(out, record.checksums)) kept.set(record.key, record);
  });

  // 3. From here on the folder changes: it stops claiming to be complete first.
  if (state.kind === 'archive') await unlink(join(out, MANIFEST_FILE));
  const header: ProgressHeader = { format: MANIFEST_FORMAT, org, statuses };
  const keptInOrder = [...kept.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  await writeAtomically(join(out, PROGRESS_FILE), [header, ...keptInOrder].map((l) => `${JSON.stringify(l)}\n`).join(''));

  const total = listed.size + withoutId;
  const done = new Map<string, ProgressRecord>(kept);
  let fetched = 0;
  const report = (journey: ArchivedJourney, wasKept: boolean): void => options.onProgress?.({ done: done.size, total, journey, kept: wasKept });
  for (const record of keptInOrder) report(record.journey, true);

  // Progress lines are appended in batches: whatever piled up while the last batch was written.
  let progress: FileHandle | undefined;
  let queued: string[] = [];
  let appending: Promise<void> = Promise.resolve();
  const append = (line: string): void => {
    queued.push(line);
    if (queued.length > 1) return;
    appending = appending.then(async () => {
      const batch = queued;
      queued = [];
      await progress!.appendFile(batch.map((l) => `${l}\n`).join(''), 'utf8');
    });
    // A failed write is reported once the records are done; until then it must not count as unhandled.
    appending.catch(() => undefined);
  };

  // 4. The records themselves.
  const missing = [...listed.keys()].filter((id) => !kept.has(id)).sort();
  const write = async (raw: RawListEntry): Promise<void> => {
    const slug = raw.id === undefined ? null : (slugs.get(raw.id) ?? `journey-${raw.id.slice(0, 8)}`);
    const { files: rendered, record } = renderRecord(raw, slug);
    // The files are small: synchronous writes cost less than three thread-pool round trips each
    // (`pnpm bench`, archive section), and they are on disk before the progress line says so.
    for (const [path, text] of rendered) writeFileSync(join(out, path), text, 'utf8');
    if (done.has(record.key)) return; // a record listed twice (the org changed between pages)
    done.set(record.key, record);
    fetched += 1;
    append(JSON.stringify(record));
    report(record.journey, false);
  };
  try {
    progress = await open(join(out, PROGRESS_FILE), 'a');
    const source =
      options.resume === true && withoutId === 0
        ? byIds(client, missing, pageSize, signal)
        : client.listRaw({ pageSize, ...(statuses === null ? {} : { status: statuses }), ...(signal === undefined ? {} : { signal }) });
    // The next page is read while this one is written.
    await forEachConcurrent(readAhead(source, pageSize + concurrency), concurrency, async (raw) => {
      if (raw.id !== undefined && kept.has(raw.id)) return;
      await write(raw);
    });
    await appending;
  } catch (error) {
    await appending.catch(() => undefined);
    const why = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    throw new ArchiveError(
      `archiving stopped after ${done.size} of ${total} journeys: ${why}. ${label} has no ${MANIFEST_FILE}, so it does not claim to be complete; ` +
        `run the same command with --resume to finish it`,
      { cause: error },
    );
  } finally {
    await progress?.close();
  }

  // 5. Final names, stale files, README, manifest.
  const records = [...done.values()];
  const finalSlugs = assignSlugs(records.filter((r) => r.journey.id !== null).map((r) => ({ id: r.journey.id!, name: r.journey.name })));
  const renamed = await renameToSlugs(out, records, finalSlugs);
  const journeys = renamed.map((r) => r.journey).sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    if ((a.id === null) !== (b.id === null)) return a.id === null ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const files = new Map<string, string>();
  for (const r of renamed) for (const [path, sum] of Object.entries(r.checksums)) files.set(path, sum);
  const version = options.toolVersion ?? packageVersion();
  const readme = archiveReadme(journeys, { tool: `@customer-journey/cli ${version}`, statuses });
  await writeFile(join(out, README_FILE), readme, 'utf8');
  files.set(README_FILE, sha256(readme));

  const removed: string[] = [];
  for (const path of [...owned].sort()) {
    if (files.has(path) || !isArchivePath(path)) continue;
    try {
      await unlink(join(out, path));
      removed.push(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  const byStatus: Record<string, number> = {};
  for (const status of [...STATUS_ORDER, 'unknown']) {
    const n = journeys.filter((j) => (j.status ?? 'unknown') === status).length;
    if (n > 0) byStatus[status] = n;
  }
  const readable = journeys.filter((j) => j.readable).length;
  const manifest: ArchiveManifest = {
    format: MANIFEST_FORMAT,
    tool: { name: '@customer-journey/cli', version },
    org,
    archivedAt: (options.now ?? (() => new Date()))().toISOString(),
    statuses,
    counts: { journeys: journeys.length, readable, unreadable: journeys.length - readable, byStatus },
    journeys,
    files: Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  await writeAtomically(join(out, MANIFEST_FILE), manifestText(manifest));
  await unlink(join(out, PROGRESS_FILE));
  return { manifest, fetched, kept: kept.size, removed };
}

/**
 * Gives the code and picture of every record the name its final slug asks for (a name that
 * changed while the archive was written, or a second journey of the same name, changes slugs).
 * Renames go through temporary names, so two records may swap names.
 */
async function renameToSlugs(out: string, records: readonly ProgressRecord[], slugs: ReadonlyMap<string, string>): Promise<ProgressRecord[]> {
  const moves: { from: string; temp: string; to: string }[] = [];
  const result = records.map((record) => {
    const { journey } = record;
    const slug = journey.id === null ? undefined : slugs.get(journey.id);
    if (!journey.readable || slug === undefined || slug === journey.slug || journey.files.code === undefined || journey.files.picture === undefined) return record;
    const code = `${slug}.journey.ts`;
    const picture = `${slug}.svg`;
    moves.push({ from: journey.files.code, temp: `${journey.files.code}.${process.pid}.move`, to: code });
    moves.push({ from: journey.files.picture, temp: `${journey.files.picture}.${process.pid}.move`, to: picture });
    const checksums: Record<string, string> = {};
    for (const [path, sum] of Object.entries(record.checksums)) {
      checksums[path === journey.files.code ? code : path === journey.files.picture ? picture : path] = sum;
    }
    return { key: record.key, journey: { ...journey, slug, files: { raw: journey.files.raw, code, picture } }, checksums };
  });
  for (const move of moves) await rename(join(out, move.from), join(out, move.temp));
  for (const move of moves) await rename(join(out, move.temp), join(out, move.to));
  return result;
}
