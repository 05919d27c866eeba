/**
 * `journey archive`: every journey of an org into a folder of code, pictures and raw records.
 *
 * @module
 */
import { relative, resolve } from 'node:path';
import { JOURNEY_STATUS_CODES, type JourneyStatus } from '@customer-journey/dsl';
import { archiveJourneys } from '../archive/archive.js';
import { ArchiveError } from '../archive/manifest.js';
import { connect, DEFAULT_DATA_FILE, type OrgOptions } from '../connect.js';
import { ExitCode, UsageError, type Context } from '../context.js';
import { progressReporter, statusFromText } from './progress.js';

/** Options of `journey archive`. */
export interface ArchiveCommandOptions extends OrgOptions {
  readonly out: string;
  readonly concurrency: number;
  readonly status?: readonly string[];
  readonly resume?: boolean;
  readonly pageSize: number;
  readonly json?: boolean;
}

const STATUS_LABELS = Object.keys(JOURNEY_STATUS_CODES) as JourneyStatus[];
const kebab = (label: string): string => label.toLowerCase().replace(/[^a-z]+/g, '-');

/** `--status live,stopped --status draft`: the statuses named, checked. */
export function parseStatuses(values: readonly string[] | undefined): JourneyStatus[] | undefined {
  if (values === undefined) return undefined;
  const statuses: JourneyStatus[] = [];
  for (const part of values.flatMap((v) => v.split(','))) {
    if (part.trim() === '') continue;
    const status = statusFromText(part, STATUS_LABELS);
    if (status === undefined) {
      throw new UsageError(`--status "${part.trim()}" is not a journey status; use ${STATUS_LABELS.map(kebab).join(', ')}`);
    }
    if (!statuses.includes(status)) statuses.push(status);
  }
  return statuses.length === 0 ? undefined : statuses;
}

/** `journey archive --out <dir>`: archives every journey of the org (see {@link archiveJourneys}). */
export async function archiveCommand(ctx: Context, options: ArchiveCommandOptions): Promise<number> {
  const status = parseStatuses(options.status);
  const out = resolve(ctx.cwd, options.out);
  const connection = await connect(ctx, options);
  const org = connection.embedded
    ? `local emulator (${relative(ctx.cwd, resolve(ctx.cwd, options.data ?? DEFAULT_DATA_FILE)) || DEFAULT_DATA_FILE})`
    : connection.orgUrl;
  const progress = progressReporter(ctx, 'journeys');
  let result;
  try {
    result = await archiveJourneys(connection.client, {
      out,
      org,
      label: options.out,
      concurrency: options.concurrency,
      pageSize: options.pageSize,
      ...(status === undefined ? {} : { status }),
      ...(options.resume === true ? { resume: true } : {}),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onProgress: ({ done, total, journey, kept }) =>
        progress(done, total, `${kept ? 'kept' : journey.readable ? 'archived' : 'kept raw'} ${JSON.stringify(journey.name)}${journey.id === null ? '' : ` ${journey.id}`}`),
    });
  } catch (error) {
    if (error instanceof ArchiveError) throw new UsageError(error.message);
    throw error;
  } finally {
    await connection.close();
  }
  const { manifest, fetched, kept, removed } = result;
  const unreadable = manifest.journeys.filter((j) => !j.readable);
  if (options.json === true) {
    ctx.json({
      out: options.out,
      org: manifest.org,
      archivedAt: manifest.archivedAt,
      counts: manifest.counts,
      fetched,
      kept,
      removed,
      unreadable: unreadable.map((j) => ({ id: j.id, name: j.name, file: j.files.raw, reason: j.reason ?? null })),
    });
    return ExitCode.ok;
  }
  const c = manifest.counts;
  ctx.out(
    `Archived ${c.journeys} journey${c.journeys === 1 ? '' : 's'} of ${manifest.org} into ${options.out}: ${c.readable} readable, ${c.unreadable} unreadable` +
      ` (${fetched} read from the org${kept > 0 ? `, ${kept} kept from the earlier run` : ''}${removed.length > 0 ? `, ${removed.length} stale files removed` : ''}).`,
  );
  if (unreadable.length > 0) {
    ctx.out('Unreadable records, kept raw:');
    for (const j of unreadable) ctx.out(`  ${JSON.stringify(j.name)} ${j.files.raw}: ${j.reason ?? ''}`);
  }
  return ExitCode.ok;
}
