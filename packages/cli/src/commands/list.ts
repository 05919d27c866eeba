/**
 * `journey list [--status <status...>]`: the journeys on the org, with their ids and statuses.
 *
 * @module
 */
import { JOURNEY_STATUS_CODES, type JourneyStatus } from '@customer-journey/dsl';
import { withConnection } from '../commands.js';
import type { OrgOptions } from '../connect.js';
import { ExitCode, UsageError, type Context } from '../context.js';
import { statusFromText } from './progress.js';

/** Options of `journey list`. */
export interface ListOptions extends OrgOptions {
  /** `--status`: only journeys in these statuses. */
  readonly status?: readonly string[];
  readonly json?: boolean;
}

const LABELS = Object.keys(JOURNEY_STATUS_CODES) as JourneyStatus[];

/**
 * A status as typed, in any case, with or without the comma and space: `live`, `"Live, editable"`,
 * `live-editable`.
 */
export function parseStatus(text: string): JourneyStatus {
  const found = statusFromText(text, LABELS);
  if (found === undefined) {
    throw new UsageError(`--status ${JSON.stringify(text)} is not a journey status; use one of ${LABELS.map((l) => JSON.stringify(l)).join(', ')}`);
  }
  return found;
}

/** `journey list`: one line per journey (id, status, name), or `{ journeys: [{ id, name, status }] }`. */
export async function listCommand(ctx: Context, options: ListOptions): Promise<number> {
  const statuses = (options.status ?? []).map(parseStatus);
  const rows = await withConnection(ctx, options, async ({ client }) => {
    const out: { id: string | undefined; name: string | undefined; status: string | undefined; error?: string }[] = [];
    for await (const entry of client.list({ tolerant: true, ...(statuses.length > 0 ? { status: statuses } : {}) })) {
      if (entry.ok) out.push({ id: entry.id, name: entry.journey.settings.name, status: entry.status ?? `status ${String(entry.statusCode)}` });
      else {
        const name = entry.entity['msdyncrm_name'];
        out.push({ id: entry.id, name: typeof name === 'string' ? name : undefined, status: undefined, error: ctx.redact(entry.error.message) });
      }
    }
    return out;
  });
  if (options.json === true) {
    ctx.json({ journeys: rows.map((r) => ({ id: r.id ?? null, name: r.name ?? null, status: r.status ?? null, ...(r.error === undefined ? {} : { error: r.error }) })) });
    return ExitCode.ok;
  }
  const width = Math.max(6, ...rows.map((r) => (r.status ?? '').length));
  for (const r of rows) {
    const what = r.error === undefined ? JSON.stringify(r.name) : `${r.name === undefined ? '' : `${JSON.stringify(r.name)} `}(unreadable: ${r.error})`;
    ctx.out(`${r.id ?? '(no id)'}  ${(r.status ?? '?').padEnd(width)}  ${what}`);
  }
  const which = statuses.length === 0 ? '' : ` (${statuses.join(' or ')})`;
  ctx.out(`${rows.length} journey${rows.length === 1 ? '' : 's'}${which}`);
  return ExitCode.ok;
}
