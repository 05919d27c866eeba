/**
 * The migration report: snapshots of its Markdown and HTML for the published sample definitions
 * and builder journeys of every tile type, its JSON form checked against its JSON Schema, what it
 * says per journey and across journeys, and `journey migrate-report` as a user runs it.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkflowDefinition } from '@customer-journey/client';
import { KNOWN_ACTIVITY_TYPES, type JourneyTree } from '@customer-journey/dsl';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import {
  buildMigrationReport,
  DIFFERENCES,
  formatReportSummary,
  GUIDANCE_NOTE,
  MIGRATION_REPORT_SCHEMA,
  renderMigrationReport,
  TILE_GUIDANCE,
  type JourneyReport,
  type MigrationReport,
  type ReportInput,
} from '../src/index.js';
import { CAMPAIGN, EMAIL, EVENT, everyTileJourneys, FORM, invitation, PAGE, SEGMENT, seedOrg, SUPPRESSION, SURVEY, WORKFLOW } from './archive-fixtures.js';
import { DSL_URL, ensureBuilt, fixture, journey, tempDir } from './helpers.js';

/**
 * The seeded journeys run in February 2026. The emulator moves a Live journey to Stopped at its end
 * date on its clock, so the org is held at a moment when the seeded statuses still hold.
 */
const seededTime = { clock: () => new Date('2026-02-15T09:00:00Z') } as const;

const sample = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../client/test/fixtures/${name}`, import.meta.url)), 'utf8');

function published(name: string, file: string, id: string, status: string, designerState?: string): ReportInput {
  return { id, name, status, source: `raw/${id}.json`, tree: parseWorkflowDefinition(sample(file), designerState, { name, target: 'contact' }) };
}

const fromTree = (tree: JourneyTree, id: string, status: string | null = 'Draft'): ReportInput => ({
  id,
  name: tree.settings.name,
  status,
  source: `raw/${id}.json`,
  tree,
});

/** A few journeys: the three published samples, an invitation, and builder journeys of every tile type. */
function inputs(): ReportInput[] {
  const [entry, branches, linkedIn] = everyTileJourneys() as [JourneyTree, JourneyTree, JourneyTree];
  return [
    published('Basic operations sample', 'bo.json', 'a1c00001-0000-4000-8000-00000000a1c0', 'Live', sample('bo.designer-state.json').trim()),
    published('Workflow definition sample', 'wd.json', 'a1c00002-0000-4000-8000-00000000a1c0', 'Stopped'),
    published('Blog sample', 'blog.json', 'a1c00003-0000-4000-8000-00000000a1c0', 'Expired'),
    fromTree(invitation('Event invitation', { end: '2026-03-01T09:00:00Z' }), 'a1c00005-0000-4000-8000-00000000a1c0', 'Live'),
    fromTree(entry, 'a1c00007-0000-4000-8000-00000000a1c0'),
    fromTree(branches, 'a1c00008-0000-4000-8000-00000000a1c0', 'Live, editable'),
    fromTree(linkedIn, 'a1c00009-0000-4000-8000-00000000a1c0', 'Error'),
    { id: 'a1c00063-0000-4000-8000-00000000a1c0', name: 'Half-saved journey', status: 'Draft', source: 'raw/a1c00063-0000-4000-8000-00000000a1c0.json', reason: '$: the workflow definition is not valid JSON at position 71' },
  ];
}

const readable = (report: MigrationReport, name: string): JourneyReport => {
  const j = report.journeys.find((x) => x.name === name);
  if (j === undefined || !j.readable) throw new Error(`no readable journey ${name}`);
  return j;
};

describe('the report, rendered', () => {
  const report = buildMigrationReport(inputs());

  it('Markdown (snapshot)', async () => {
    const md = renderMigrationReport(report, 'md');
    expect(md.startsWith(`# Moving to real-time journeys: migration report\n\n> **Guidance.** ${GUIDANCE_NOTE}\n`)).toBe(true);
    await expect(md).toMatchFileSnapshot('./__snapshots__/migrate-report.md');
  });

  it('HTML (snapshot): one page, everything escaped', async () => {
    const html = renderMigrationReport(report, 'html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<p class="guidance"><strong>Guidance.</strong> This report is guidance, not a conversion.');
    await expect(html).toMatchFileSnapshot('./__snapshots__/migrate-report.html');
    const hostile = buildMigrationReport([fromTree(invitation('<script>alert("x")</script> & co'), 'a1c000ff-0000-4000-8000-00000000a1c0')]);
    const page = renderMigrationReport(hostile, 'html');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('is the same text for the same journeys, in any order', () => {
    const again = buildMigrationReport([...inputs()].reverse());
    for (const format of ['md', 'html', 'json'] as const) expect(renderMigrationReport(again, format)).toBe(renderMigrationReport(report, format));
  });
});

describe('the report as JSON', () => {
  const Ajv = AjvModule.default;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(MIGRATION_REPORT_SCHEMA);

  it('matches its JSON Schema', () => {
    const json = JSON.parse(renderMigrationReport(buildMigrationReport(inputs()), 'json')) as unknown;
    expect(validate.errors ?? null).toBeNull();
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(renderMigrationReport(buildMigrationReport([]), 'json')))).toBe(true);
  });

  it('the schema refuses what the report never writes', () => {
    const json = JSON.parse(renderMigrationReport(buildMigrationReport(inputs()), 'json')) as { journeys: Record<string, unknown>[]; summary: Record<string, unknown> };
    const bad = structuredClone(json);
    (bad.journeys[0] as Record<string, unknown>)['effort'] = 'easy';
    expect(validate(bad)).toBe(false);
    const extra = structuredClone(json);
    extra.summary['realTimeJourneyJson'] = {};
    expect(validate(extra)).toBe(false);
  });
});

describe('what the report says', () => {
  const report = buildMigrationReport(inputs());

  it('says it is guidance and names its sources', () => {
    expect(report.guidance).toBe(GUIDANCE_NOTE);
    expect(report.guidance).toContain('guidance, not a conversion');
    expect(report.sources.map((s) => s.id)).toEqual(['transition-faq', 'create-journey-from-template', 'real-time-journeys', 'tile-guidance', 'outbound-go-live']);
  });

  it('lists every tile in order with its counterpart and what must exist first, from the tile table', () => {
    const j = readable(report, 'Event invitation');
    expect(j.tiles.map((t) => [t.path.join(' › '), t.type, t.counterpart, t.needsFirst])).toEqual([
      ['Customers', 'Segment', TILE_GUIDANCE.segment.counterpart, TILE_GUIDANCE.segment.needsFirst],
      ['Customers › Invitation', 'Email', TILE_GUIDANCE.email.counterpart, TILE_GUIDANCE.email.needsFirst],
      ['Customers › Invitation › Registered?', 'Trigger', TILE_GUIDANCE.trigger.counterpart, TILE_GUIDANCE.trigger.needsFirst],
      ['Customers › Invitation › Registered? › Follow-up call', 'CreateCrmActivity', 'create record', null],
      ['Customers › Invitation › Registered? › Follow-up call › Wait 1 day', 'Scheduler', TILE_GUIDANCE.wait.counterpart, null],
      ['Customers › Invitation › Registered? › Follow-up call › Wait 1 day › Thank you', 'Email', TILE_GUIDANCE.email.counterpart, TILE_GUIDANCE.email.needsFirst],
      ['Customers › Invitation › Registered? › Reminder', 'Email', TILE_GUIDANCE.email.counterpart, TILE_GUIDANCE.email.needsFirst],
    ]);
    expect(j.tiles[1]?.items).toEqual([
      { type: 'LandingPage', name: 'Event page', id: PAGE, row: 'email-content', counterpart: TILE_GUIDANCE['email-content'].counterpart, needsFirst: 'forms and events rebuilt' },
    ]);
    expect(j.tiles[2]?.conditions).toEqual(['UserRegistered on Event page']);
    expect(j.effort).toBe('branching');
  });

  it('maps entry tiles, workflows, record updates, LinkedIn and unknown tiles by the table, and says when it had to choose', () => {
    const entry = readable(report, 'Entry tiles');
    const row = (name: string): string | null | undefined => entry.tiles.find((t) => t.name === name)?.row;
    expect([row('Members'), row('Webinar'), row('Signup page'), row('Contact form'), row('Contact updated'), row('Notify sales'), row('Lead')]).toEqual([
      'segment', 'entry-content', 'entry-content', 'entry-content', 'record-update', 'workflow', 'create-record',
    ]);
    const survey = entry.tiles.find((t) => t.name === 'Feedback');
    expect(survey?.row).toBe('email-content');
    expect(survey?.note).toBe('The guidance names Survey only as content nested in an email; this one is a tile of its own, so the nested-content row is the nearest: review by hand.');
    expect(entry.effort).toBe('needs flows');
    expect(entry.effortReason).toBe('a workflow launched at Contact form › Notify sales');
    const linkedIn = readable(report, 'LinkedIn and custom');
    expect(linkedIn.tiles.map((t) => [t.type, t.counterpart])).toEqual([
      ['Segment', TILE_GUIDANCE.segment.counterpart],
      ['LinkedInCampaign', 'none (removed)'],
      ['new_SmsChannel', 'custom channel or custom trigger; review by hand'],
    ]);
    expect(linkedIn.effort).toBe('needs flows');
    expect(readable(report, 'Basic operations sample').effort).toBe('simple');
    const blog = readable(report, 'Blog sample');
    expect(blog.tiles.find((t) => t.type === 'empty')).toMatchObject({ row: null, counterpart: null, note: 'An empty branch placeholder: nothing to recreate.' });
    // Every tile type the format knows has a row (or, for the root and the placeholder, none on purpose).
    for (const type of KNOWN_ACTIVITY_TYPES) {
      const tiles = report.journeys.flatMap((x) => (x.readable ? x.tiles : [])).filter((t) => t.type === type);
      if (type === 'bpf_root') expect(tiles).toEqual([]);
      else expect(tiles.length, type).toBeGreaterThan(0);
    }
  });

  it('lists the records each journey refers to, with names, and the other journeys that use them', () => {
    const entry = readable(report, 'Entry tiles');
    expect(entry.references.map((r) => [r.kind, r.id, r.names])).toEqual([
      ['segment', SUPPRESSION, []],
      ['segment', SEGMENT, ['Customers']],
      ['segment', '61d2115b-544a-e911-a873-000d3a1fe344', ['Opted out']],
      ['email', EMAIL, ['Hello', 'Welcome']],
      ['form', FORM, ['Contact form']],
      ['event', EVENT, ['Webinar']],
      ['page', PAGE, ['Signup page']],
      ['survey', SURVEY, ['Feedback']],
      ['workflow', WORKFLOW, ['Notify sales']],
    ]);
    expect(entry.references.find((r) => r.id === SUPPRESSION)?.usedBy).toEqual(['setting: suppression segment']);
    expect(entry.references.find((r) => r.id === WORKFLOW)?.otherJourneys).toEqual([]);
    expect(entry.references.find((r) => r.id === FORM)?.otherJourneys).toEqual([{ id: 'a1c00008-0000-4000-8000-00000000a1c0', name: 'Branches and splits' }]);
    expect(readable(report, 'LinkedIn and custom').references.find((r) => r.kind === 'linkedin-campaign')?.id).toBe(CAMPAIGN);
  });

  it('says which documented differences apply, and which the archive cannot tell', () => {
    const ids = (name: string): string[] => readable(report, name).differences.map((d) => `${d.id}:${d.applies}`);
    expect(ids('Event invitation')).toEqual(['end-date:yes', 'smart-scheduling:unknown']);
    expect(ids('Entry tiles')).toEqual(['smart-scheduling:unknown', 'swimlanes:yes']);
    expect(ids('LinkedIn and custom')).toEqual(['smart-scheduling:unknown', 'linkedin:yes']);
    const swimlanes = readable(report, 'Entry tiles').differences.find((d) => d.id === 'swimlanes');
    expect(swimlanes).toMatchObject({ statement: DIFFERENCES.swimlanes.statement, detail: '5 entry lanes: Members, Webinar, Signup page, Contact form, Contact updated' });
    expect(report.summary.differences).toEqual([
      { id: 'end-date', title: 'End date', journeys: 2 },
      { id: 'smart-scheduling', title: 'Smart scheduling', journeys: 0 },
      { id: 'linkedin', title: 'LinkedIn campaign tiles', journeys: 1 },
      { id: 'swimlanes', title: 'Swimlanes', journeys: 1 },
    ]);
  });

  it('sums up which records are needed by how many journeys, most needed first, and counts the effort classes', () => {
    const s = report.summary;
    expect([s.journeys, s.readable, s.unreadable]).toEqual([8, 7, 1]);
    expect(s.effort).toEqual({ simple: 2, branching: 3, 'needs flows': 2 });
    expect(s.assets.slice(0, 3).map((a) => [a.kind, a.id, a.journeys.length])).toEqual([
      ['segment', SEGMENT, 5],
      ['email', EMAIL, 5],
      ['page', PAGE, 4],
    ]);
    const counts = s.assets.map((a) => a.journeys.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(s.assets.find((a) => a.kind === 'segment')?.note).toContain('Segment Migration Solution: up to 2,000 segments');
    const unreadable = report.journeys.find((j) => !j.readable);
    expect(unreadable).toMatchObject({ name: 'Half-saved journey', reason: '$: the workflow definition is not valid JSON at position 71' });
    expect(formatReportSummary(report).split('\n')[0]).toBe('8 journeys (7 readable, 1 unreadable), 45 tiles. Effort: 2 simple, 3 branching, 2 needs flows.');
  });
});

describe('journey migrate-report', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let org: Emulator;

  beforeAll(async () => {
    await ensureBuilt();
    ({ dir, remove } = await tempDir());
    org = await startEmulator(seededTime);
    seedOrg(org);
    const r = await journey(['archive', '--out', 'archive'], { cwd: dir, env: { JOURNEY_ORG_URL: org.url } });
    expect(r.code).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await org?.close();
    await remove?.();
  });

  it('reports on an archive, to a file with a summary on stdout, or to stdout', async () => {
    const r = await journey(['migrate-report', 'archive', '--format', 'json', '--out', 'reports/migration.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['wrote reports/migration.json (json, 10 journeys)', '10 journeys (9 readable, 1 unreadable), 60 tiles. Effort: 2 simple, 4 branching, 3 needs flows.']);
    expect(r.stdout).toContain('Guidance only: recreate the journeys by hand in real-time journeys.');
    const json = JSON.parse(await readFile(join(dir, 'reports/migration.json'), 'utf8')) as MigrationReport;
    expect(json.journeys.find((j) => !j.readable)).toMatchObject({ name: 'Half-saved journey', source: 'archive/raw/a1c00063-0000-4000-8000-00000000a1c0.json' });
    const md = await journey(['migrate-report', 'archive'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('# Moving to real-time journeys: migration report\n')).toBe(true);
    const html = await journey(['migrate-report', 'archive', '--format', 'html'], { cwd: dir });
    expect(html.stdout.startsWith('<!doctype html>')).toBe(true);
  }, 120_000);

  it('reports on journey files too', async () => {
    const file = join(dir, 'welcome.journey.ts');
    await writeFile(
      file,
      [
        `import { journey } from ${JSON.stringify(DSL_URL)};`,
        `export default journey('Welcome', { target: 'contact' })`,
        `  .segment('New', { include: [{ id: ${JSON.stringify(SEGMENT)} }] })`,
        `  .launchWorkflow('Notify', { workflowId: ${JSON.stringify(WORKFLOW)} })`,
        `  .build();`,
        '',
      ].join('\n'),
    );
    const r = await journey(['migrate-report', 'welcome.journey.ts', fixture('invitation.journey.ts'), '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as MigrationReport;
    expect(report.journeys.map((j) => [j.name, j.readable && (j as JourneyReport).effort])).toEqual([
      ['Event invitation', 'branching'],
      ['Welcome', 'needs flows'],
    ]);
  }, 120_000);

  it('refuses input that is neither an archive nor journey files, with exit code 2', async () => {
    const missing = await journey(['migrate-report', 'nothing-here'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('journey: nothing-here: no such file or folder\n');
    await mkdir(join(dir, 'empty-folder'));
    const empty = await journey(['migrate-report', 'empty-folder'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('journey: empty-folder: folder holds no .ts or .js journey files\n');
    const format = await journey(['migrate-report', 'archive', '--format', 'pdf'], { cwd: dir });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("argument 'pdf' is invalid. Allowed choices are md, html, json.");
  }, 120_000);
});
