/**
 * `journey stop <id|file> [--wait]`: stops a Live journey (status Stopping); with `--wait`, waits
 * until it is Stopped.
 *
 * @module
 */
import { withConnection } from '../commands.js';
import { ExitCode, type Context } from '../context.js';
import { STATUS_POLL_MS, type StatusCommandOptions } from './go-live.js';
import { resolveTarget } from './target.js';

/** `journey stop`: exit 0 when it is stopping or Stopped, 1 when it ended in Error. */
export async function stopCommand(ctx: Context, spec: string, options: StatusCommandOptions): Promise<number> {
  const result = await withConnection(ctx, options, async ({ client }) => {
    const target = await resolveTarget(ctx, client, spec, 'stop');
    return client.stop(target.id, { wait: options.wait === true, pollIntervalMs: STATUS_POLL_MS });
  });
  const { record, status } = result;
  const name = record.journey.settings.name;
  if (options.json === true) ctx.json({ id: record.id, name, status: status ?? null });
  else ctx.out(`${status ?? `status ${String(record.statusCode)}`} ${JSON.stringify(name)} ${record.id}`);
  return status === 'Error' ? ExitCode.failed : ExitCode.ok;
}
