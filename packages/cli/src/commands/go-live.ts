/**
 * `journey go-live <id|file> [--wait]`: publishes a journey (status Going live); with `--wait`,
 * waits until it is Live or Error and lists Check for Errors' findings on Error.
 *
 * @module
 */
import { formatValidationResult } from '@customer-journey/dsl';
import { withConnection } from '../commands.js';
import type { OrgOptions } from '../connect.js';
import { ExitCode, type Context } from '../context.js';
import { resolveTarget } from './target.js';

/** Options of `journey go-live` and `journey stop`. */
export interface StatusCommandOptions extends OrgOptions {
  /** `--wait`: wait until the status settles. */
  readonly wait?: boolean;
  readonly json?: boolean;
}

/** How often `--wait` reads the status. */
export const STATUS_POLL_MS = 250;

/** `journey go-live`: exit 0 when it is going live or Live, 1 when it ended in Error. */
export async function goLiveCommand(ctx: Context, spec: string, options: StatusCommandOptions): Promise<number> {
  const result = await withConnection(ctx, options, async ({ client }) => {
    const target = await resolveTarget(ctx, client, spec, 'go-live');
    return client.goLive(target.id, { wait: options.wait === true, pollIntervalMs: STATUS_POLL_MS });
  });
  const { record, status, validation } = result;
  const name = record.journey.settings.name;
  if (options.json === true) {
    ctx.json({ id: record.id, name, status: status ?? null, ...(validation === undefined ? {} : { validation }) });
  } else {
    ctx.out(`${status ?? `status ${String(record.statusCode)}`} ${JSON.stringify(name)} ${record.id}`);
    if (validation !== undefined) ctx.out(formatValidationResult(record.journey, validation));
    const end = record.journey.settings.end;
    if ((status === 'Stopped' || status === 'Expired') && end !== undefined) {
      ctx.out(`Its end date ${end} has passed, so it stopped as soon as it went live; give it a later end date to run it.`);
    }
  }
  return status === 'Error' ? ExitCode.failed : ExitCode.ok;
}
