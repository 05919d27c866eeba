/**
 * Which record a command about one journey means: an id as typed, or a journey file (`file` or
 * `file#export`) whose record is found the way `push` finds it: its declared `recordId`, else the
 * id derived from its name, and, once it has gone live, its latest version.
 *
 * @module
 */
import { isGuid } from '@customer-journey/dsl';
import { fileAndExport, journeyId, loadOne } from '../commands.js';
import type { JourneyClient } from '../connect.js';
import { UsageError, type Context } from '../context.js';

/** A record a command acts on. */
export interface Target {
  /** `msdyncrm_customerjourneyid`. */
  readonly id: string;
  /** The journey file it came from, if any (`file` or `file#export`). */
  readonly file?: string;
}

/**
 * The record `spec` names: a GUID, or the record of the journey a file exports.
 *
 * @throws UsageError for a file that exports several journeys (choose one as `file#export`), or
 * whose journey is not on the org yet.
 */
export async function resolveTarget(ctx: Context, client: JourneyClient, spec: string, command: string): Promise<Target> {
  const bare = spec.replace(/^\{|\}$/g, '');
  if (isGuid(spec) || isGuid(bare)) return { id: journeyId(spec, command) };
  const { file, exportName } = fileAndExport(spec);
  const only = await loadOne(ctx, file, exportName, `as ${file}#<export>`);
  const plan = await client.plan(only.tree);
  if (plan.action === 'create') {
    throw new UsageError(`${spec}: ${JSON.stringify(only.tree.settings.name)} is not on the org (no record ${plan.id}); push it first`);
  }
  return { id: plan.id, file: spec };
}
