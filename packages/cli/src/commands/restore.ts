/**
 * `journey restore <dir>`: recreates the archived records on the org, as they were.
 *
 * @module
 */
import { resolve } from 'node:path';
import { ArchiveError } from '../archive/manifest.js';
import { restoreArchive, type RestoredRecord } from '../archive/restore.js';
import { connect, type OrgOptions } from '../connect.js';
import { ExitCode, UsageError, type Context } from '../context.js';
import { progressReporter } from './progress.js';

/** Options of `journey restore`. */
export interface RestoreCommandOptions extends OrgOptions {
  readonly dryRun?: boolean;
  readonly overwrite?: boolean;
  readonly concurrency: number;
  readonly json?: boolean;
}

/** The exit code of a restore: 2 when a record failed, 1 when one differs, is blocked or skipped, or did not read back equal, else 0. */
function exitCodeOf(records: readonly RestoredRecord[]): number {
  if (records.some((r) => r.action === 'failed')) return ExitCode.error;
  if (records.some((r) => r.action === 'differs' || r.action === 'blocked' || r.action === 'skipped' || r.verified === false)) return ExitCode.failed;
  return ExitCode.ok;
}

function describe(r: RestoredRecord, dryRun: boolean): string {
  const action = dryRun && r.action === 'create' ? 'would create' : dryRun && r.action === 'overwrite' ? 'would overwrite' : r.action;
  let line = `${action.padEnd(15)} ${JSON.stringify(r.name)} ${r.id ?? r.file}`;
  if (r.status.note !== undefined) line += ` (${r.status.note})`;
  if (r.verified === false) line += `, but it reads back different in ${(r.differences ?? []).join(', ')}`;
  else if (r.action === 'differs') line += `: the org's record differs in ${(r.differences ?? []).join(', ')}; left alone (--overwrite replaces Draft records)`;
  else if (r.differences !== undefined && r.action !== 'overwrite') line += `: differs in ${r.differences.join(', ')}`;
  if (r.reason !== undefined) line += `: ${r.reason}`;
  if (r.unrestorable !== undefined) line += ` [not restored: ${r.unrestorable.map((u) => `${u.column} (${u.reason})`).join('; ')}]`;
  return line;
}

/** `journey restore <dir>`: see {@link restoreArchive}. */
export async function restoreCommand(ctx: Context, dir: string, options: RestoreCommandOptions): Promise<number> {
  const connection = await connect(ctx, options);
  const dryRun = options.dryRun === true;
  const progress = progressReporter(ctx, 'records');
  let result;
  try {
    result = await restoreArchive(connection.client, resolve(ctx.cwd, dir), {
      label: dir,
      dryRun,
      concurrency: options.concurrency,
      ...(options.overwrite === true ? { overwrite: true } : {}),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onProgress: ({ done, total, record }) => progress(done, total, `${record.action} ${JSON.stringify(record.name)}`),
    });
  } catch (error) {
    if (error instanceof ArchiveError) throw new UsageError(error.message);
    throw error;
  } finally {
    await connection.close();
  }
  const { records, counts } = result;
  if (options.json === true) {
    ctx.json({ archive: dir, org: connection.embedded ? 'local emulator' : connection.orgUrl, dryRun, records, counts });
  } else {
    for (const r of records) ctx.out(describe(r, dryRun));
    const summary = Object.entries(counts)
      .map(([action, n]) => `${n} ${dryRun && action === 'create' ? 'to create' : dryRun && action === 'overwrite' ? 'to overwrite' : action}`)
      .join(', ');
    ctx.out(`${records.length} record${records.length === 1 ? '' : 's'}: ${summary}${dryRun ? ' (dry run, nothing written)' : ''}`);
  }
  const code = exitCodeOf(records);
  if (code === ExitCode.error) {
    const failed = records.filter((r) => r.action === 'failed');
    ctx.err(`journey: ${failed.length} of ${records.length} records could not be restored: ${failed[0]?.reason ?? ''}`);
  }
  return code;
}
