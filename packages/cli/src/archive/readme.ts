/**
 * The archive's `README.md`: a table of every journey with links to its code and picture, and the
 * records the codec could not read with the reason. Deterministic: the same journeys always give
 * the same text (no time, no org URL, rows ordered by name and id).
 *
 * @module
 */
import { MANIFEST_FILE, RAW_DIR, type ArchivedJourney } from './manifest.js';

/** A Markdown table cell: one line, pipes escaped. */
export function cell(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  return flat.trim() === '' ? '—' : flat;
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

/** Orders journeys by name (code units, case folded), then id: the same on every machine. */
export function byNameThenId(a: ArchivedJourney, b: ArchivedJourney): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  const i = a.id ?? a.files.raw;
  const j = b.id ?? b.files.raw;
  return i < j ? -1 : i > j ? 1 : 0;
}

/** How a status shows: its label, else its code. */
export function statusText(j: ArchivedJourney): string {
  return j.status ?? (j.statusCode === null ? '—' : `statuscode ${j.statusCode}`);
}

/** A link whose target is a relative path of the archive (slugs and ids need no escaping). */
const link = (label: string, path: string): string => `[${label}](${encodeURI(path)})`;

/**
 * The README of an archive folder.
 *
 * @example
 * ```ts
 * await writeFile(join(out, 'README.md'), archiveReadme(manifest.journeys, { tool: '@customer-journey/cli 0.1.0', statuses: null }));
 * ```
 */
export function archiveReadme(
  journeys: readonly ArchivedJourney[],
  options: { readonly tool: string; readonly statuses: readonly string[] | null },
): string {
  const readable = journeys.filter((j) => j.readable).sort(byNameThenId);
  const unreadable = journeys.filter((j) => !j.readable).sort(byNameThenId);
  const lines: string[] = [
    '# Journey archive',
    '',
    `${journeys.length} journey${journeys.length === 1 ? '' : 's'} archived by \`journey archive\` (${options.tool}): ` +
      `${readable.length} readable, ${unreadable.length} unreadable.` +
      (options.statuses === null ? '' : ` Only journeys in status ${options.statuses.join(', ')}.`),
    '',
    'For each journey the folder holds its code (`<name>.journey.ts`: TypeScript that rebuilds it with',
    '`@customer-journey/dsl`), its picture (`<name>.svg`) and the record exactly as the org returned it',
    `(\`${RAW_DIR}/<id>.json\`, every column). \`${MANIFEST_FILE}\` lists every file with its SHA-256.`,
    '',
    '- `journey restore <folder>` recreates the records from their raw copies, with the same ids.',
    '- `journey migrate-report <folder>` says, journey by journey, what recreating them as real-time journeys takes.',
    '',
    '## Journeys',
    '',
  ];
  if (readable.length === 0) lines.push('None.');
  else {
    lines.push('| name | id | status | start | end | tiles | entry | code | picture |', '|---|---|---|---|---|---|---|---|---|');
    for (const j of readable) {
      lines.push(
        `| ${cell(j.name)} | ${j.id === null ? '—' : code(j.id)} | ${cell(statusText(j))} | ${cell(j.start ?? '')} | ${cell(j.end ?? '')} | ` +
          `${j.tiles ?? '—'} | ${cell(j.entry.join(', '))} | ${j.files.code === undefined ? '—' : link('code', j.files.code)} | ` +
          `${j.files.picture === undefined ? '—' : link('picture', j.files.picture)} |`,
      );
    }
  }
  if (unreadable.length > 0) {
    lines.push(
      '',
      '## Unreadable records',
      '',
      'The codec could not read these records as journeys. Each is kept exactly as the org returned it, and `journey restore` writes it back as it is.',
      '',
      '| name | id | status | reason | raw record |',
      '|---|---|---|---|---|',
    );
    for (const j of unreadable) {
      lines.push(
        `| ${cell(j.name)} | ${j.id === null ? '—' : code(j.id)} | ${cell(statusText(j))} | ${cell(j.reason ?? '')} | ${link('raw', j.files.raw)} |`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
