/**
 * `journey plan <files...>` (and `journey push --dry-run`): what a push would do to each journey on
 * the org, tile by tile, with a lifecycle verdict per journey. Reads only.
 *
 * Exit codes: 0 nothing to do, 1 changes pending, 2 something blocked or an error.
 *
 * @module
 */
import type { JourneyChange, JourneyPlan, PlanOptions } from '@customer-journey/client';
import { countTiles } from '@customer-journey/dsl';
import { forEachConcurrent } from '../archive/pool.js';
import { loadAll, messageOf, progress, withConnection } from '../commands.js';
import type { OrgOptions } from '../connect.js';
import { ExitCode, type Context } from '../context.js';
import { expandJourneyFiles, journeyLabel, type LoadedJourney } from '../load.js';
import { PATH_SEPARATOR } from '../paths.js';
import { assertDistinctRecords } from '../records.js';

/** The lifecycle flags `plan` and `push` share. */
export interface LifecycleFlags {
  /** `--live-edit`: change a Live journey through Live, editable. */
  readonly liveEdit?: boolean;
  /** `--new-version`: make a new version for a change the status locks for good. */
  readonly newVersion?: boolean;
  /** `--stop-previous`: with a new version, stop the previous one. */
  readonly stopPrevious?: boolean;
}

/** Options of `journey plan`. */
export interface PlanCommandOptions extends OrgOptions, LifecycleFlags {
  readonly concurrency: number;
  readonly json?: boolean;
}

/** The client options the flags stand for. */
export function lifecycleOptions(flags: LifecycleFlags): PlanOptions {
  return {
    live: flags.liveEdit === true ? 'edit' : 'refuse',
    onPipelineChange: flags.newVersion === true ? 'new-version' : 'refuse',
    stopPrevious: flags.stopPrevious === true,
  };
}

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/**
 * One change as a line: its kind, the tile's path of names, and what changes.
 *
 * @example
 * ```ts
 * formatChange({ kind: 'tile', path: ['Customers', 'Invitation'], field: 'name', before: 'A', after: 'B' });
 * // 'tile      Customers › Invitation: name "A" -> "B"'
 * ```
 */
export function formatChange(change: JourneyChange): string {
  const where = change.path.length === 0 ? '(journey)' : change.path.join(PATH_SEPARATOR);
  let what: string;
  if (change.kind === 'pipeline' && change.field === 'tile') {
    what = change.before === undefined ? `added (${String(change.after)})` : `removed (${String(change.before)})`;
  } else if (change.kind === 'pipeline' && change.field === 'place') {
    what = `moved from ${show(change.before)} to ${show(change.after)}`;
  } else {
    what = `${change.field ?? ''} ${show(change.before)} -> ${show(change.after)}`;
  }
  return `${change.kind.padEnd(9)} ${where}: ${what}`;
}

/** The outcome of planning one journey. */
interface Planned {
  readonly journey: LoadedJourney;
  readonly plan?: JourneyPlan;
  readonly error?: string;
}

function header(p: Planned): string {
  const name = JSON.stringify(p.plan?.name ?? p.journey.tree.settings.name);
  const where = `(${journeyLabel(p.journey)})`;
  if (p.plan === undefined) return `failed     ${name} ${where}: ${p.error ?? ''}`;
  const { plan } = p;
  let tail = '';
  if (plan.previousId !== undefined) tail = ` (a new version after ${plan.previousId}, which is ${plan.status ?? 'in an unknown status'})`;
  else if (plan.action === 'create') tail = ` (${countTiles(p.journey.tree)} tiles)`;
  else if (plan.status !== undefined) tail = ` [${plan.status}]`;
  return `${plan.action.padEnd(10)} ${name} ${where} ${plan.id}${tail}`;
}

/** Prints plans for people, or as one JSON document; returns the exit code. */
function report(ctx: Context, planned: readonly Planned[], json: boolean): number {
  const count = (action: JourneyPlan['action']): number => planned.filter((p) => p.plan?.action === action).length;
  const failed = planned.filter((p) => p.error !== undefined).length;
  const summary = { create: count('create'), update: count('update'), unchanged: count('unchanged'), blocked: count('blocked'), failed };
  if (json) {
    ctx.json({
      journeys: planned.map((p) => ({
        file: p.journey.file,
        export: p.journey.exportName,
        name: p.plan?.name ?? p.journey.tree.settings.name,
        id: p.plan?.id ?? null,
        status: p.plan?.status ?? null,
        action: p.plan?.action ?? 'failed',
        ...(p.plan === undefined
          ? { error: p.error }
          : {
              changes: p.plan.changes,
              steps: p.plan.steps,
              ...(p.plan.reason === undefined ? {} : { reason: p.plan.reason, remedy: p.plan.remedy }),
              ...(p.plan.version === undefined ? {} : { version: p.plan.version }),
              ...(p.plan.previousId === undefined ? {} : { previousId: p.plan.previousId }),
              ...(p.plan.renamedFrom === undefined ? {} : { renamedFrom: p.plan.renamedFrom }),
            }),
      })),
      summary,
    });
  } else {
    for (const p of planned) {
      ctx.out(header(p));
      if (p.plan === undefined) continue;
      for (const change of p.plan.changes) ctx.out(`    ${formatChange(change)}`);
      if (p.plan.renamedFrom !== undefined) ctx.out(`    renames ${JSON.stringify(p.plan.renamedFrom)} to ${JSON.stringify(p.plan.name)}`);
      if (p.plan.steps.length > 0) ctx.out(`    steps:    ${p.plan.steps.join('; ')}`);
      if (p.plan.reason !== undefined) ctx.out(`    reason:   ${p.plan.reason}`);
      if (p.plan.remedy !== undefined) ctx.out(`    way out:  ${p.plan.remedy}`);
    }
    const parts = [`${summary.create} to create`, `${summary.update} to update`, `${summary.unchanged} unchanged`, `${summary.blocked} blocked`];
    if (failed > 0) parts.push(`${failed} failed`);
    ctx.out(`${planned.length} journey${planned.length === 1 ? '' : 's'}: ${parts.join(', ')} (plan, nothing written)`);
  }
  if (failed > 0) {
    // The reasons are in the output already (each failed line, or its "error" field): not repeated here.
    const where = json ? 'see "error" in the output' : `see the failed ${failed === 1 ? 'line' : 'lines'} above`;
    ctx.err(`journey: ${failed} of ${planned.length} journey${planned.length === 1 ? '' : 's'} could not be planned (${where})`);
  }
  if (failed > 0 || summary.blocked > 0) return ExitCode.error;
  return summary.create + summary.update > 0 ? ExitCode.failed : ExitCode.ok;
}

/**
 * `journey plan <file-or-folder...>`: reads each journey's record (and latest version) and prints
 * what a push with the same flags would do. Exit 0 when there is nothing to do, 1 when changes are
 * pending, 2 when a journey is blocked or could not be planned.
 */
export async function planCommand(ctx: Context, inputs: readonly string[], options: PlanCommandOptions): Promise<number> {
  const files = await expandJourneyFiles(inputs, ctx.cwd);
  const journeys = await loadAll(ctx, files);
  assertDistinctRecords(journeys);
  const bulk = journeys.length > 1 && options.json !== true;
  const choices = lifecycleOptions(options);
  const planned = await withConnection(ctx, options, async ({ client }): Promise<Planned[]> => {
    const out = new Array<Planned>(journeys.length);
    let done = 0;
    await forEachConcurrent(journeys.entries(), options.concurrency, async ([i, journey]) => {
      let p: Planned;
      try {
        p = { journey, plan: await client.plan(journey.tree, choices) };
      } catch (error) {
        p = { journey, error: ctx.redact(messageOf(error)) };
      }
      out[i] = p;
      done++;
      if (bulk) progress(ctx, done, journeys.length, `${p.plan?.action ?? 'failed'} ${journeyLabel(journey)}`);
    });
    return out;
  });
  return report(ctx, planned, options.json === true);
}
