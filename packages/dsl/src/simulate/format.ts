/**
 * Text views of a simulation: the funnel (counts per tile, in tree order) and a contact's path.
 *
 * @module
 */
import { parseIsoDateTime } from '../dates.js';
import { tileLabel } from '../render/labels.js';
import type { SimulationResult, SimulationStep, SimulationTile } from './types.js';

/** Deepest indentation of the funnel, so very deep journeys stay readable. */
const MAX_INDENT = 24;

/**
 * An instant for people: `2026-02-01 09:00 UTC`, with seconds only when there are any.
 *
 * @example
 * ```ts
 * import { formatInstant } from '@customer-journey/dsl';
 * formatInstant('2026-02-01T09:00:00.000Z'); // '2026-02-01 09:00 UTC'
 * ```
 */
export function formatInstant(at: string): string {
  const ms = parseIsoDateTime(at);
  if (ms === undefined) return at;
  const text = new Date(ms).toISOString();
  const seconds = text.slice(16, 23) === ':00.000' ? '' : text.slice(16, text.endsWith('.000Z') ? 19 : 23);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds} UTC`;
}

/** `30 (30.0%)`: a count and its share of a total. */
function share(count: number, total: number): string {
  return total === 0 ? String(count) : `${count} (${((count / total) * 100).toFixed(1)}%)`;
}

/** What a tile's branches took: ` → yes: 30 (30.0%), no: 70 (70.0%)`, or nothing when no contact left it. */
function branchesText(tile: SimulationTile): string {
  const branches = tile.branches;
  if (branches === undefined) return '';
  const entries = Object.entries(branches);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return '';
  return ` → ${entries.map(([name, n]) => `${tile.type === 'Trigger' ? name : `branch ${name}`}: ${share(n, total)}`).join(', ')}`;
}

/**
 * The funnel of a simulation: for each tile in tree order (placeholders left out), how many
 * contacts entered it and how many were still waiting there at the end, indented by depth, with
 * the share taking each branch of triggers and splits; then the warnings.
 *
 * @param result - what {@link simulate} returned
 * @returns the text, ending with a newline
 *
 * @example
 * ```ts
 * import { formatFunnel, simulate } from '@customer-journey/dsl';
 * console.log(formatFunnel(simulate(eventInvite, { contacts: 1000, rates: { UserRegistered: 0.3 }, seed: 7 })));
 * // Simulation of "Event invitation": 1000 contacts, 2026-02-01 09:00 UTC to 2026-03-01 09:00 UTC (UTC), seed 7
 * //
 * //  entered  waiting  tile
 * //     1000        0  Customers (Segment group)
 * //     1000        0    Invitation (Email)
 * //     1000        0      Registered? (If/then) → yes: 304 (30.4%), no: 696 (69.6%)
 * //      …
 * ```
 */
export function formatFunnel(result: SimulationResult): string {
  const until = result.until === null ? 'the end of every path' : formatInstant(result.until);
  const lines: string[] = [
    `Simulation of ${JSON.stringify(result.journey)}: ${result.contactCount} contact${result.contactCount === 1 ? '' : 's'}, ${formatInstant(result.start)} to ${until} (${result.timeZone}), seed ${result.seed}`,
    '',
    ' entered  waiting  tile',
  ];
  for (const tile of Object.values(result.tiles)) {
    if (tile.type === 'empty') continue;
    const indent = '  '.repeat(Math.min(Math.max(0, tile.depth - 1), MAX_INDENT));
    const label = `${tile.name} (${tileLabel(tile)})`;
    lines.push(`${String(tile.entered).padStart(8)} ${String(tile.waiting).padStart(8)}  ${indent}${label}${branchesText(tile)}`);
  }
  if (result.warnings.length > 0) {
    lines.push('', `Warnings (${result.warnings.length}):`);
    for (const warning of result.warnings) lines.push(`  - ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What happened at a step, after the tile's name. */
function stepDetail(step: SimulationStep): string {
  const parts: string[] = [];
  if (step.waiting === true) parts.push('still waiting at the end');
  else if (step.outcome !== undefined) {
    const branch = typeof step.outcome === 'number' ? `branch ${step.outcome}` : step.outcome;
    parts.push(step.exitedAt === undefined ? branch : `${branch} at ${formatInstant(step.exitedAt)}`);
  } else if (step.exitedAt !== undefined) parts.push(`until ${formatInstant(step.exitedAt)}`);
  if (step.effect !== undefined) parts.push(step.effect);
  if (step.iteration !== undefined) parts.push(`iteration ${step.iteration}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/**
 * A contact's path for people, one step per line: the time, the tile's name and what happened
 * there (branch taken, wait until, still waiting, side effect).
 *
 * @param steps - a contact's steps (`result.contacts[id]`)
 * @param indent - put before every line. @defaultValue `''`
 * @returns the lines joined by newlines (no trailing newline); `(no steps)` for an empty path
 *
 * @example
 * ```ts
 * import { formatSteps, simulate } from '@customer-journey/dsl';
 * const run = simulate(eventInvite, { contacts: [{ id: 'ann', segments: ['51d2115b-544a-e911-a873-000d3a1fe344'] }] });
 * console.log(formatSteps(run.contacts['ann'] ?? []));
 * // 2026-02-01 09:00 UTC  Customers
 * // 2026-02-01 09:00 UTC  Invitation (email sent)
 * // 2026-02-01 09:00 UTC  Registered? (no at 2026-02-06 09:00 UTC)
 * // 2026-02-06 09:00 UTC  Reminder (email sent)
 * ```
 */
export function formatSteps(steps: readonly SimulationStep[], indent = ''): string {
  if (steps.length === 0) return `${indent}(no steps)`;
  return steps.map((step) => `${indent}${formatInstant(step.at)}  ${step.name}${stepDetail(step)}`).join('\n');
}
