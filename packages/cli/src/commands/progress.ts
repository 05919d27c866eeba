/**
 * Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise (logs, CI).
 *
 * @module
 */
import type { Context } from '../context.js';

/** Width of the bar, in characters. */
const BAR = 24;

/**
 * A progress reporter for `total` items of some kind (`journeys`, `records`). On a terminal it
 * redraws one bar line and ends it with a newline when everything is done; elsewhere it writes
 * one line per item.
 *
 * @example
 * ```ts
 * const progress = progressReporter(ctx, 'journeys');
 * progress(1, 40, 'archived "Welcome"');
 * ```
 */
export function progressReporter(ctx: Context, unit: string): (done: number, total: number, line: string) => void {
  const tty = ctx.stderr.isTTY === true;
  return (done, total, line) => {
    if (!tty) {
      ctx.err(`[${done}/${total}] ${line}`);
      return;
    }
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * BAR);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}`;
    ctx.stderr.write(`\r\x1b[K[${bar}] ${String(Math.floor(share * 100)).padStart(3)}% ${done}/${total} ${unit}${done >= total ? '\n' : ''}`);
  };
}

/**
 * A status label from the command line: any letter case, dashes or spaces between words
 * (`live-editable`, `"Live, editable"`, `going live`).
 *
 * @returns the label, or `undefined` when the text names no status
 * @example
 * ```ts
 * statusFromText('live-editable', ['Draft', 'Live, editable']); // 'Live, editable'
 * ```
 */
export function statusFromText<S extends string>(text: string, labels: readonly S[]): S | undefined {
  const key = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');
  return labels.find((label) => key(label) === key(text));
}
