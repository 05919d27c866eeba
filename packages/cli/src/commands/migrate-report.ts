/**
 * `journey migrate-report <dir|files...>`: what recreating the journeys as real-time journeys
 * takes, journey by journey (guidance drawn from Microsoft's public documentation).
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ArchiveError } from '../archive/manifest.js';
import { reportInputs } from '../archive/report-input.js';
import { buildMigrationReport } from '../archive/report-model.js';
import { formatReportSummary, renderMigrationReport, type ReportFormat } from '../archive/report-render.js';
import { ExitCode, UsageError, type Context } from '../context.js';

/** Options of `journey migrate-report`. */
export interface MigrateReportOptions {
  readonly format: ReportFormat;
  readonly out?: string;
}

/** `journey migrate-report`: the report on stdout, or in `--out` with a summary on stdout. */
export async function migrateReportCommand(ctx: Context, inputs: readonly string[], options: MigrateReportOptions): Promise<number> {
  let report;
  try {
    report = buildMigrationReport(await reportInputs(inputs, ctx.cwd));
  } catch (error) {
    if (error instanceof ArchiveError) throw new UsageError(error.message);
    throw error;
  }
  const text = renderMigrationReport(report, options.format);
  if (options.out === undefined) {
    ctx.stdout.write(text);
    return ExitCode.ok;
  }
  const path = resolve(ctx.cwd, options.out);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot write --out ${options.out}: ${(error as Error).message}`);
  }
  ctx.out(`wrote ${options.out} (${options.format}, ${report.summary.journeys} journey${report.summary.journeys === 1 ? '' : 's'})`);
  ctx.out(formatReportSummary(report));
  return ExitCode.ok;
}
