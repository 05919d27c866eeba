/**
 * The migration report as text: Markdown for a repository, HTML for a browser, JSON for tools,
 * and a few lines of summary for a terminal. Each is drawn from the report model alone, so the
 * same report always gives the same text.
 *
 * @module
 */
import { PATH_SEPARATOR } from '../paths.js';
import { cell } from './readme.js';
import { ASSET_GUIDANCE, type SourceId } from './report-guidance.js';
import type { AssetNeed, JourneyReport, MigrationReport, ReportDifference, ReportTile, UnreadableJourneyReport } from './report-model.js';

/**
 * Formats of the migration report.
 *
 * @example
 * ```ts
 * const format: ReportFormat = 'html';
 * ```
 */
export type ReportFormat = 'md' | 'html' | 'json';

const dash = (text: string | null | undefined): string => (text === null || text === undefined || text.trim() === '' ? '—' : text);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
/** How a journey is named in a report: by name, with its id's first group when other journeys share the name. */
type Labeler = (j: { readonly name: string; readonly id: string | null }) => string;

function labeler(report: MigrationReport): Labeler {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const j of report.journeys) (seen.has(j.name) ? shared : seen).add(j.name);
  return (j) => {
    const name = j.name.trim() === '' ? '(no name)' : j.name;
    return (shared.has(j.name) || j.name.trim() === '') && j.id !== null ? `${name} (${j.id.slice(0, 8)})` : name;
  };
}

/** One line per tile: the tile, then each item nested in it. */
function tileRows(tile: ReportTile): { what: string; type: string; counterpart: string; needs: string; notes: string }[] {
  const notes = [tile.note, tile.conditions === undefined ? undefined : `conditions: ${tile.conditions.join('; ')}`, tile.entry ? 'entry tile' : undefined]
    .filter((n): n is string => n !== undefined)
    .join(' ');
  const rows = [{ what: tile.path.join(PATH_SEPARATOR), type: tile.type, counterpart: dash(tile.counterpart), needs: dash(tile.needsFirst), notes }];
  for (const item of tile.items) {
    rows.push({
      what: `${tile.path.join(PATH_SEPARATOR)}${PATH_SEPARATOR}${item.name ?? item.type}`,
      type: `${item.type} (in the email)`,
      counterpart: item.counterpart,
      needs: dash(item.needsFirst),
      notes: item.id === null ? 'no record chosen' : '',
    });
  }
  return rows;
}

function summaryLine(report: MigrationReport): string {
  const s = report.summary;
  return (
    `${plural(s.journeys, 'journey')} (${s.readable} readable, ${s.unreadable} unreadable), ${plural(s.tiles, 'tile')}. ` +
    `Effort: ${s.effort.simple} simple, ${s.effort.branching} branching, ${s.effort['needs flows']} needs flows.`
  );
}

function assetNames(a: AssetNeed): string {
  return a.names.length === 0 ? '—' : a.names.join(', ');
}

function differenceLine(d: ReportDifference): string {
  return `${d.title}${d.applies === 'unknown' ? ' (check)' : ''}: ${d.statement} This journey: ${d.detail}.`;
}

/** How the report cites a source: `[n]`, its number in the list of sources. */
type Citer = (source: SourceId) => string;

function citer(report: MigrationReport): Citer {
  const index = new Map(report.sources.map((s, i) => [s.id, i + 1]));
  return (source) => `[${index.get(source) ?? '?'}]`;
}

/** The notes of a needed record: the guidance's note, citing its source. */
function assetNote(a: AssetNeed, cite: Citer): string {
  return a.note === undefined ? '' : `${a.note}${a.source === null ? '' : ` ${cite(a.source)}`}`;
}

/** The summary's rows of documented differences: the difference, what the sources say, the journeys it applies to. */
function differenceRows(report: MigrationReport, cite: Citer): [string, string, string][] {
  const statements = new Map<string, { statement: string; source: SourceId }>();
  for (const j of report.journeys) if (j.readable) for (const d of j.differences) statements.set(d.id, { statement: d.statement, source: d.source });
  return report.summary.differences.map((d) => {
    const said = statements.get(d.id);
    return [d.title, said === undefined ? '—' : `${said.statement} ${cite(said.source)}`, d.id === 'smart-scheduling' ? 'check by hand' : String(d.journeys)];
  });
}

// ------------------------------------------------------------------------------------- Markdown

function markdownJourney(j: JourneyReport | UnreadableJourneyReport, cite: Citer, journeyLabel: Labeler): string[] {
  const lines = [`### ${journeyLabel(j).replace(/\r?\n/g, ' ')}`, ''];
  const facts = [j.id === null ? 'no id' : `\`${j.id}\``, `status ${dash(j.status)}`, `from \`${j.source}\``];
  if (!j.readable) {
    lines.push(facts.join(' · '), '', `**Unreadable**: ${j.reason.replace(/\r?\n/g, ' ')}. Review the raw record by hand.`, '');
    return lines;
  }
  lines.push([...facts, `effort **${j.effort}** (${j.effortReason})`].join(' · '), '');
  if (j.tiles.length === 0) lines.push('No tiles.', '');
  else {
    lines.push('| # | tile | type | real-time counterpart | needs first | notes |', '|---|---|---|---|---|---|');
    let n = 0;
    for (const tile of j.tiles) {
      for (const row of tileRows(tile)) {
        n += 1;
        lines.push(`| ${n} | ${cell(row.what)} | ${cell(row.type)} | ${cell(row.counterpart)} | ${cell(row.needs)} | ${cell(row.notes)} |`);
      }
    }
    lines.push('');
  }
  if (j.references.length > 0) {
    lines.push('Referenced records:', '', '| kind | id | names | used by | also used by |', '|---|---|---|---|---|');
    for (const r of j.references) {
      const others = r.otherJourneys.length === 0 ? 'no other journey' : r.otherJourneys.map(journeyLabel).join(', ');
      lines.push(`| ${ASSET_GUIDANCE[r.kind].label} | \`${r.id}\` | ${cell(r.names.join(', '))} | ${cell(r.usedBy.join('; '))} | ${cell(others)} |`);
    }
    lines.push('');
  }
  lines.push('Behaviour that will differ:', '');
  for (const d of j.differences) lines.push(`- ${differenceLine(d)} ${cite(d.source)}`);
  lines.push('');
  return lines;
}

function markdown(report: MigrationReport): string {
  const journeyLabel = labeler(report);
  const cite = citer(report);
  const s = report.summary;
  const lines: string[] = [
    '# Moving to real-time journeys: migration report',
    '',
    `> **Guidance.** ${report.guidance}`,
    '',
    '## Summary',
    '',
    summaryLine(report),
    '',
    report.effortRule,
    '',
    '### Records to provide first, by how many journeys need them',
    '',
  ];
  if (s.assets.length === 0) lines.push('The journeys refer to no records.', '');
  else {
    lines.push('| kind | id | names | journeys | needs first | notes |', '|---|---|---|---|---|---|');
    for (const a of s.assets) {
      lines.push(`| ${a.label} | \`${a.id}\` | ${cell(assetNames(a))} | ${a.journeys.length}: ${cell(a.journeys.map(journeyLabel).join(', '))} | ${cell(dash(a.needsFirst))} | ${cell(assetNote(a, cite))} |`);
    }
    lines.push('');
  }
  lines.push('### Documented differences in behaviour', '', '| difference | what the sources say | journeys it applies to |', '|---|---|---|');
  for (const [title, said, applies] of differenceRows(report, cite)) lines.push(`| ${title} | ${cell(said)} | ${applies} |`);
  lines.push('', '## Journeys', '');
  for (const j of report.journeys) lines.push(...markdownJourney(j, cite, journeyLabel));
  lines.push('## Sources', '');
  report.sources.forEach((source, i) => lines.push(`${i + 1}. ${source.title}: ${source.where}`));
  lines.push('');
  return lines.join('\n');
}

// ----------------------------------------------------------------------------------------- HTML

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function html(report: MigrationReport): string {
  const journeyLabel = labeler(report);
  const cite = citer(report);
  const s = report.summary;
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>Moving to real-time journeys: migration report</title>',
    '<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse;margin:0.5rem 0 1rem}' +
      'th,td{border:1px solid #ccc;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}' +
      '.guidance{border-left:4px solid #c80;padding:0.5rem 1rem;background:#fff8ec}code{font-size:0.9em}</style>',
    '</head>',
    '<body>',
    '<h1>Moving to real-time journeys: migration report</h1>',
    `<p class="guidance"><strong>Guidance.</strong> ${escapeHtml(report.guidance)}</p>`,
    '<h2>Summary</h2>',
    `<p>${escapeHtml(summaryLine(report))}</p>`,
    `<p>${escapeHtml(report.effortRule)}</p>`,
    '<h3>Records to provide first, by how many journeys need them</h3>',
  ];
  parts.push(
    s.assets.length === 0
      ? '<p>The journeys refer to no records.</p>'
      : table(
          ['kind', 'id', 'names', 'journeys', 'needs first', 'notes'],
          s.assets.map((a) => [
            a.label,
            a.id,
            assetNames(a),
            `${a.journeys.length}: ${a.journeys.map(journeyLabel).join(', ')}`,
            dash(a.needsFirst),
            assetNote(a, cite),
          ]),
        ),
  );
  parts.push(
    '<h3>Documented differences in behaviour</h3>',
    table(['difference', 'what the sources say', 'journeys it applies to'], differenceRows(report, cite)),
    '<h2>Journeys</h2>',
  );
  for (const j of report.journeys) {
    parts.push(`<h3>${escapeHtml(journeyLabel(j))}</h3>`);
    const facts = [j.id ?? 'no id', `status ${dash(j.status)}`, `from ${j.source}`];
    if (!j.readable) {
      parts.push(`<p>${escapeHtml(facts.join(' · '))}</p>`, `<p><strong>Unreadable</strong>: ${escapeHtml(j.reason)}. Review the raw record by hand.</p>`);
      continue;
    }
    parts.push(`<p>${escapeHtml([...facts, `effort ${j.effort} (${j.effortReason})`].join(' · '))}</p>`);
    const rows = j.tiles.flatMap(tileRows).map((r, i) => [String(i + 1), r.what, r.type, r.counterpart, r.needs, r.notes]);
    parts.push(rows.length === 0 ? '<p>No tiles.</p>' : table(['#', 'tile', 'type', 'real-time counterpart', 'needs first', 'notes'], rows));
    if (j.references.length > 0) {
      parts.push(
        '<p>Referenced records:</p>',
        table(
          ['kind', 'id', 'names', 'used by', 'also used by'],
          j.references.map((r) => [
            ASSET_GUIDANCE[r.kind].label,
            r.id,
            r.names.join(', ') || '—',
            r.usedBy.join('; '),
            r.otherJourneys.length === 0 ? 'no other journey' : r.otherJourneys.map(journeyLabel).join(', '),
          ]),
        ),
      );
    }
    parts.push(
      '<p>Behaviour that will differ:</p>',
      `<ul>\n${j.differences.map((d) => `<li>${escapeHtml(`${differenceLine(d)} ${cite(d.source)}`)}</li>`).join('\n')}\n</ul>`,
    );
  }
  parts.push('<h2>Sources</h2>', `<ol>\n${report.sources.map((source) => `<li>${escapeHtml(`${source.title}: ${source.where}`)}</li>`).join('\n')}\n</ol>`);
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}

/**
 * The report as text: `md` (Markdown), `html` (one self-contained page) or `json` (the model,
 * pretty-printed; its shape is {@link MIGRATION_REPORT_SCHEMA}). Every form opens by saying that
 * the report is guidance, and ends with its sources.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('migration.html', renderMigrationReport(report, 'html'));
 * ```
 */
export function renderMigrationReport(report: MigrationReport, format: ReportFormat): string {
  switch (format) {
    case 'md':
      return markdown(report);
    case 'html':
      return html(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

/**
 * A few lines for a terminal: counts, effort classes and the records most journeys need.
 *
 * @example
 * ```ts
 * console.log(formatReportSummary(report));
 * // 102 journeys (101 readable, 1 unreadable), 640 tiles. Effort: 2 simple, 100 branching, 0 needs flows.
 * // Most needed first: …
 * ```
 */
export function formatReportSummary(report: MigrationReport, top = 5): string {
  const lines = [summaryLine(report)];
  const assets = report.summary.assets;
  if (assets.length > 0) {
    lines.push(`Records to provide first (${assets.length}), most needed first:`);
    for (const a of assets.slice(0, top)) {
      const name = a.names[0] === undefined ? '' : ` "${a.names[0]}"`;
      lines.push(`  ${a.label}${name} ${a.id}: ${plural(a.journeys.length, 'journey')}; needs ${dash(a.needsFirst)}`);
    }
    if (assets.length > top) lines.push(`  … and ${assets.length - top} more`);
  }
  const applying = report.summary.differences.filter((d) => d.journeys > 0);
  if (applying.length > 0) lines.push(`Documented differences: ${applying.map((d) => `${d.title} (${plural(d.journeys, 'journey')})`).join(', ')}.`);
  lines.push('Guidance only: recreate the journeys by hand in real-time journeys.');
  return lines.join('\n');
}
