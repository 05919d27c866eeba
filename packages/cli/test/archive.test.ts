/**
 * `journey archive` and `journey restore`, run as a user runs them (the built binary in a real
 * folder) against an emulator seeded with the published sample definitions, builder journeys of
 * every tile type, several statuses, two journeys of one name and a record the codec cannot read.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile, mkdir, chmod } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourneyClient, fromEntity, parseWorkflowDefinition, toCanonicalJson, toEntity } from '@customer-journey/client';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import { loadJourneys, type ArchiveManifest } from '../src/index.js';
import { everyTileJourneys, invitation, recordId, seedOrg, TEAM, UNREADABLE_ID } from './archive-fixtures.js';
import { ensureBuilt, exitOf, journey, spawnJourney, tempDir } from './helpers.js';

/**
 * The seeded journeys run in February 2026. The emulator moves a Live journey to Stopped at its end
 * date on its clock, so the org is held at a moment when the seeded statuses still hold.
 */
const seededTime = { clock: () => new Date('2026-02-15T09:00:00Z') } as const;

let dir: string;
let remove: () => Promise<void>;
let org: Emulator;
let seeded: string[];

beforeAll(async () => {
  await ensureBuilt();
  ({ dir, remove } = await tempDir());
  org = await startEmulator(seededTime);
  seeded = seedOrg(org);
}, 300_000);

afterAll(async () => {
  await org?.close();
  await remove?.();
});

const J = (args: readonly string[], env: Record<string, string> = {}) => journey(args, { cwd: dir, env: { JOURNEY_ORG_URL: org.url, ...env } });

/** Every file under a folder, by path relative to it. */
async function files(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const pending = [root];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else out.set(relative(root, full).split('\\').join('/'), await readFile(full, 'utf8'));
    }
  }
  return out;
}

const manifestOf = async (folder: string): Promise<ArchiveManifest> => JSON.parse(await readFile(join(folder, 'archive.json'), 'utf8')) as ArchiveManifest;

/** The manifest without the one value that changes between two archives of an unchanged org. */
const timeless = (text: string): string => text.replace(/"archivedAt": "[^"]*"/, '"archivedAt": "…"');

describe('journey archive', () => {
  let archive: Map<string, string>;

  beforeAll(async () => {
    const r = await J(['archive', '--out', 'org-archive']);
    expect(r.stderr).toContain('[10/10]');
    expect(r.code).toBe(0);
    archive = await files(join(dir, 'org-archive'));
  }, 120_000);

  it('holds every record: readable ones as code, picture and raw copy, the unreadable one raw with its reason', async () => {
    const manifest = await manifestOf(join(dir, 'org-archive'));
    expect(manifest.counts).toEqual({
      journeys: 10,
      readable: 9,
      unreadable: 1,
      byStatus: { Draft: 4, Live: 2, 'Live, editable': 1, Stopped: 1, Error: 1, Expired: 1 },
    });
    expect(manifest.org).toBe(org.url);
    expect(manifest.tool).toEqual({ name: '@customer-journey/cli', version: '0.1.0' });
    expect(manifest.journeys.map((j) => j.id)).toEqual([...seeded].sort());
    for (const j of manifest.journeys) {
      expect(archive.has(j.files.raw)).toBe(true);
      if (j.id === UNREADABLE_ID) {
        expect(j).toMatchObject({ readable: false, slug: null, files: { raw: `raw/${UNREADABLE_ID}.json` } });
        expect(j.reason).toContain('the workflow definition is not valid JSON');
      } else {
        expect(j.readable).toBe(true);
        expect(archive.get(j.files.code!)).toContain("from '@customer-journey/dsl'");
        expect(archive.get(j.files.picture!)).toMatch(/^<svg /);
      }
    }
    // Two journeys of one name both survive, told apart by their ids.
    const invitations = manifest.journeys.filter((j) => j.name === 'Event invitation').map((j) => j.files.code);
    expect(invitations).toEqual([`event-invitation-${recordId(5).slice(0, 8)}.journey.ts`, `event-invitation-${recordId(6).slice(0, 8)}.journey.ts`]);
    // Every file is in the manifest with its checksum, and nothing else is in the folder.
    const { createHash } = await import('node:crypto');
    const listed = Object.keys(manifest.files).sort();
    expect([...archive.keys()].filter((p) => p !== 'archive.json').sort()).toEqual(listed);
    for (const path of listed) expect(createHash('sha256').update(archive.get(path)!).digest('hex')).toBe(manifest.files[path]);
  });

  it('keeps each raw record exactly as the org returned it: every column, every annotation, the definition byte for byte', async () => {
    const client = createJourneyClient({ orgUrl: org.url, getToken: () => 'test' });
    for (const id of seeded) {
      const raw = JSON.parse(archive.get(`raw/${id}.json`)!) as Record<string, unknown>;
      const { '@odata.context': _, ...asServed } = (await client.getRaw(id)).entity as Record<string, unknown>;
      expect(raw).toEqual(asServed);
      for (const [column, value] of Object.entries(org.record(id)!)) expect(raw[column]).toEqual(value);
    }
    const bo = JSON.parse(archive.get(`raw/${recordId(1)}.json`)!) as Record<string, unknown>;
    const boFile = await readFile(new URL('../../client/test/fixtures/bo.json', import.meta.url), 'utf8');
    expect(bo['msdyncrm_workflowdefinition']).toBe(boFile);
    expect(bo['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('systemuser');
    expect(JSON.parse(archive.get(`raw/${recordId(5)}.json`)!)).toMatchObject({ _ownerid_value: TEAM, new_region: 'EMEA' });
  });

  it('writes code that rebuilds each journey exactly, with its record id', async () => {
    const manifest = await manifestOf(join(dir, 'org-archive'));
    for (const j of manifest.journeys.filter((x) => x.readable)) {
      const [loaded] = await loadJourneys(join(dir, 'org-archive', j.files.code!));
      const stored = fromEntity(JSON.parse(archive.get(j.files.raw)!) as Record<string, unknown>);
      expect(loaded?.tree.settings.recordId).toBe(j.id);
      expect(toCanonicalJson(loaded!.tree)).toBe(toCanonicalJson(stored));
    }
  }, 120_000);

  it('writes a README with a row per journey and links to its code and picture, and lists the unreadable record', () => {
    const readme = archive.get('README.md')!;
    expect(readme).toContain('10 journeys archived by `journey archive` (@customer-journey/cli 0.1.0): 9 readable, 1 unreadable.');
    expect(readme).toContain('| name | id | status | start | end | tiles | entry | code | picture |');
    expect(readme).toContain(
      `| Event invitation | \`${recordId(5)}\` | Live | 2026-02-01T09:00:00Z | 2026-03-01T09:00:00Z | 7 | Segment | [code](event-invitation-${recordId(5).slice(0, 8)}.journey.ts) | [picture](event-invitation-${recordId(5).slice(0, 8)}.svg) |`,
    );
    expect(readme).toContain('| Entry tiles |');
    expect(readme).toContain('Segment, Event, LandingPage, MarketingForm, RecordUpdate');
    expect(readme).toMatch(/## Unreadable records[\s\S]*\| Half-saved journey \| `[^`]+` \| Draft \| \$: the workflow definition is not valid JSON/);
  });

  it('gives a byte-identical folder on a second run over an unchanged org, but for the manifest time', async () => {
    const again = await J(['archive', '--out', 'org-archive']);
    expect(again.code).toBe(0);
    const second = await files(join(dir, 'org-archive'));
    expect([...second.keys()].sort()).toEqual([...archive.keys()].sort());
    for (const [path, text] of archive) {
      if (path === 'archive.json') {
        expect(timeless(second.get(path)!)).toBe(timeless(text));
        expect(second.get(path)).not.toBe(text);
      } else expect(second.get(path), path).toBe(text);
    }
    const elsewhere = await J(['archive', '--out', 'org-archive-2', '--concurrency', '7', '--page-size', '3']);
    expect(elsewhere.code).toBe(0);
    const third = await files(join(dir, 'org-archive-2'));
    for (const [path, text] of archive) if (path !== 'archive.json') expect(third.get(path), path).toBe(text);
  }, 120_000);

  it('survives throttling and dropped connections: the archive is the same', async () => {
    // One fault after another on the reads: the listing of names, then the pages of records.
    org.faults.script([
      { kind: '429', retryAfterSeconds: 0, match: { method: 'GET' } },
      { kind: 'drop', match: { method: 'GET' } },
      { kind: 'drop-after', match: { method: 'GET' } },
      { kind: '503', retryAfterSeconds: 0, match: { method: 'GET' } },
      { kind: 'drop-after', match: { method: 'GET', path: /\$skiptoken/ } },
    ]);
    const r = await J(['archive', '--out', 'faulty', '--page-size', '4']);
    expect(org.faults.pending).toBe(0);
    expect(r.code).toBe(0);
    const got = await files(join(dir, 'faulty'));
    for (const [path, text] of archive) if (path !== 'archive.json') expect(got.get(path), path).toBe(text);
  }, 120_000);

  it('archives only the statuses asked for, and refuses a status it does not know', async () => {
    const r = await J(['archive', '--out', 'live-only', '--status', 'live,Live-Editable', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { counts: ArchiveManifest['counts'] };
    expect(out.counts.byStatus).toEqual({ Live: 2, 'Live, editable': 1 });
    expect((await manifestOf(join(dir, 'live-only'))).statuses).toEqual(['Live', 'Live, editable']);
    const bad = await J(['archive', '--out', 'never', '--status', 'running']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--status "running" is not a journey status; use draft, going-live, live, live-editable, stopping, stopped, error, expired');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  }, 120_000);

  it('updates an archive when the org changes: changed journeys rewritten, deleted ones removed, renamed files follow', async () => {
    await J(['archive', '--out', 'changing']);
    const client = createJourneyClient({ orgUrl: org.url, getToken: () => 'test' });
    const extra = await client.create(invitation('Event invitation'));
    const r = await J(['archive', '--out', 'changing', '--json']);
    expect(r.code).toBe(0);
    const manifest = await manifestOf(join(dir, 'changing'));
    expect(manifest.journeys.filter((j) => j.name === 'Event invitation')).toHaveLength(3);
    await client.delete(extra);
    const back = await J(['archive', '--out', 'changing', '--json']);
    expect((JSON.parse(back.stdout) as { removed: string[] }).removed).toEqual([`event-invitation-${extra.slice(0, 8)}.journey.ts`, `event-invitation-${extra.slice(0, 8)}.svg`, `raw/${extra}.json`]);
    const now = await files(join(dir, 'changing'));
    for (const [path, text] of archive) if (path !== 'archive.json') expect(now.get(path), path).toBe(text);
  }, 120_000);
});

describe('journey archive: progress', () => {
  it('draws a bar in place on a terminal, and ends it with a newline', async () => {
    const { run } = await import('../src/index.js');
    let err = '';
    let out = '';
    const code = await run(['archive', '--out', 'tty-archive'], {
      cwd: dir,
      env: { JOURNEY_ORG_URL: org.url },
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s), isTTY: true },
    });
    expect(code).toBe(0);
    const frames = err.split('\r\x1b[K').filter((f) => f !== '');
    expect(frames).toHaveLength(10);
    expect(frames[0]).toBe('[##----------------------]  10% 1/10 journeys');
    expect(frames.at(-1)).toBe('[########################] 100% 10/10 journeys\n');
    expect(out).toContain('Archived 10 journeys');
  }, 120_000);
});

describe('journey archive: bad input', () => {
  it('refuses an --out it cannot write, and leaves nothing behind', async () => {
    await writeFile(join(dir, 'a-file'), 'not a folder');
    const r = await J(['archive', '--out', 'a-file/archive']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('journey: cannot write to --out a-file/archive: a file stands where a folder is needed; choose a folder you can write to\n');
    if (process.getuid?.() !== 0) {
      await mkdir(join(dir, 'locked'));
      await chmod(join(dir, 'locked'), 0o555);
      const locked = await J(['archive', '--out', 'locked']);
      expect(locked.code).toBe(2);
      expect(locked.stderr).toContain('cannot write to --out locked: permission denied');
      await chmod(join(dir, 'locked'), 0o755);
    }
  });

  it('refuses a folder that holds other files, and an archive of another org', async () => {
    await mkdir(join(dir, 'my-notes'), { recursive: true });
    await writeFile(join(dir, 'my-notes', 'notes.md'), 'mine');
    const r = await J(['archive', '--out', 'my-notes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out my-notes is not empty and holds no journey archive (no archive.json); choose an empty or new folder');
    expect(await readdir(join(dir, 'my-notes'))).toEqual(['notes.md']);

    const other = await startEmulator(seededTime);
    try {
      const r2 = await journey(['archive', '--out', 'org-archive'], { cwd: dir, env: { JOURNEY_ORG_URL: other.url } });
      expect(r2.code).toBe(2);
      expect(r2.stderr).toContain(`--out org-archive holds an archive of ${org.url}, not of ${other.url}; choose another folder`);
    } finally {
      await other.close();
    }
    expect(existsSync(join(dir, 'org-archive', 'archive.json'))).toBe(true);
  });

  it('stops at an org that answers 401 with a clear message, no token in it, and no archive left claiming to be complete', async () => {
    const strict = await startEmulator({ ...seededTime, acceptToken: (t) => t === 'the-right-token' });
    try {
      const r = await journey(['archive', '--org', strict.url, '--out', 'refused'], { cwd: dir, env: { JOURNEY_TOKEN: 'a-wrong-secret-token' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^journey: GET .* failed with 401 Unauthorized/);
      expect(r.stderr).not.toContain('a-wrong-secret-token');
      expect(existsSync(join(dir, 'refused'))).toBe(false);
    } finally {
      await strict.close();
    }
  });
});

describe('journey archive --resume', () => {
  let source: Emulator;
  let ids: string[];

  beforeAll(async () => {
    source = await startEmulator(seededTime);
    ids = source.seed(
      Array.from({ length: 40 }, (_, i) => ({ ...toEntity(invitation(`Journey ${String(i).padStart(2, '0')}`)), msdyncrm_customerjourneyid: recordId(1000 + i) })),
    );
  });
  afterAll(async () => {
    await source?.close();
  });

  /** Waits (on counts, not on time) until a condition holds. */
  async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const progressLines = async (folder: string): Promise<number> => {
    try {
      return (await readFile(join(folder, '.archive-progress.jsonl'), 'utf8')).split('\n').filter((l) => l !== '').length;
    } catch {
      return 0;
    }
  };

  it('continues an archive killed mid-run without reading again what is there and verified', async () => {
    // The second page never comes: the run is killed while it waits, after the first ten records.
    source.faults.script([{ kind: 'latency', latencyMs: 600_000, match: { method: 'GET', path: /\$skiptoken/ } }]);
    const folder = join(dir, 'killed');
    const child = spawnJourney(['archive', '--out', 'killed', '--page-size', '10', '--concurrency', '3'], { cwd: dir, env: { JOURNEY_ORG_URL: source.url } });
    await until(async () => source.stats.faultsByKind.latency === 1 && (await progressLines(folder)) === 11);
    child.kill('SIGKILL');
    await exitOf(child);
    expect(existsSync(join(folder, 'archive.json'))).toBe(false);
    const written = (await readFile(join(folder, '.archive-progress.jsonl'), 'utf8'))
      .split('\n')
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { key: string }).key);
    expect(written.sort()).toEqual(ids.slice(0, 10).sort());

    // Nothing claims the folder is complete: restore and the report refuse it.
    const restore = await journey(['restore', 'killed'], { cwd: dir, env: { JOURNEY_ORG_URL: source.url } });
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain('killed is an interrupted archive (no archive.json yet); finish it with journey archive --out killed --resume, then try again');

    source.faults.clear();
    source.clearRequests();
    const resumed = await journey(['archive', '--out', 'killed', '--page-size', '10', '--resume', '--json'], { cwd: dir, env: { JOURNEY_ORG_URL: source.url } });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ fetched: 30, kept: 10, counts: { journeys: 40 } });
    // Every request that read whole records named the ids it wanted: only the thirty missing ones.
    const reads = source.requests.filter((r) => r.method === 'GET' && !decodeURIComponent(r.url).includes('$select='));
    const asked = new Set(reads.flatMap((r) => decodeURIComponent(r.url).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []));
    expect(reads.length).toBeGreaterThan(0);
    expect([...asked].sort()).toEqual(ids.slice(10).sort());

    // The resumed archive is the archive an uninterrupted run gives.
    const fresh = await journey(['archive', '--out', 'uninterrupted'], { cwd: dir, env: { JOURNEY_ORG_URL: source.url } });
    expect(fresh.code).toBe(0);
    const a = await files(folder);
    const b = await files(join(dir, 'uninterrupted'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, text] of b) expect(path === 'archive.json' ? timeless(a.get(path)!) : a.get(path), path).toBe(path === 'archive.json' ? timeless(text) : text);
  }, 180_000);

  it('reads again a record whose file was damaged, and one that changed on the org', async () => {
    const folder = join(dir, 'uninterrupted');
    const manifest = await manifestOf(folder);
    const damaged = manifest.journeys[3]!;
    await writeFile(join(folder, damaged.files.picture!), '<svg>scribbled</svg>');
    const client = createJourneyClient({ orgUrl: source.url, getToken: () => 'test' });
    const changed = manifest.journeys[7]!;
    await client.update(changed.id!, invitation(`${changed.name} (edited)`), { ifMatch: false });
    const r = await journey(['archive', '--out', 'uninterrupted', '--resume', '--json'], { cwd: dir, env: { JOURNEY_ORG_URL: source.url } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ fetched: 2, kept: 38 });
    const after = await manifestOf(folder);
    expect(after.journeys.find((j) => j.id === changed.id)?.name).toBe(`${changed.name} (edited)`);
    expect(await readFile(join(folder, damaged.files.picture!), 'utf8')).toMatch(/^<svg /);
    expect(after.journeys.find((j) => j.id === changed.id)?.files.code).toBe(`${changed.name.toLowerCase().replace(/ /g, '-')}-edited.journey.ts`);
    expect(existsSync(join(folder, changed.files.code!))).toBe(false);
  }, 120_000);
});

describe('archiveJourneys, stopped part way', () => {
  it('says how far it got and how to finish, claims nothing, and finishes with resume', async () => {
    const { archiveJourneys, ArchiveError } = await import('../src/index.js');
    const source = await startEmulator(seededTime);
    try {
      source.seed(Array.from({ length: 30 }, (_, i) => ({ ...toEntity(invitation(`Part ${i}`)), msdyncrm_customerjourneyid: recordId(2000 + i) })));
      const client = createJourneyClient({ orgUrl: source.url, getToken: () => 'test', retry: { limit: 1 }, clock: { now: () => Date.now(), sleep: async () => {} } });
      source.faults.script([
        { kind: '503', match: { method: 'GET', path: /\$skiptoken/ } },
        { kind: '503', match: { method: 'GET', path: /\$skiptoken/ } },
      ]);
      const out = join(dir, 'part-way');
      const error = await archiveJourneys(client, { out, org: source.url, pageSize: 10 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as Error).message).toMatch(
        /^archiving stopped after 10 of 30 journeys: GET .* failed with 503 Service Unavailable: .*\/part-way has no archive\.json, so it does not claim to be complete; run the same command with --resume to finish it$/,
      );
      expect(existsSync(join(out, 'archive.json'))).toBe(false);
      const { fetched, kept, manifest } = await archiveJourneys(client, { out, org: source.url, pageSize: 10, resume: true });
      expect([fetched, kept, manifest.counts.journeys]).toEqual([20, 10, 30]);
    } finally {
      await source.close();
    }
  });
});

describe('archiveJourneys, a record without an id', () => {
  it('keeps it raw under a name made from its content, lists it as unreadable, and restore skips it', async () => {
    const { archiveJourneys, restoreArchive } = await import('../src/index.js');
    const source = await startEmulator(seededTime);
    try {
      source.seed([
        { ...toEntity(invitation('Has an id')), msdyncrm_customerjourneyid: recordId(3000) },
        { ...toEntity(invitation('No id here')), msdyncrm_customerjourneyid: recordId(3001) },
      ]);
      // An org that sends one record without its primary key.
      const dropping: typeof globalThis.fetch = async (input, init) => {
        const response = await globalThis.fetch(input, init);
        if (!String(input).includes('msdyncrm_customerjourneys?') && !String(input).endsWith('msdyncrm_customerjourneys')) return response;
        const body = (await response.json()) as { value: Record<string, unknown>[] };
        for (const record of body.value) if (record['msdyncrm_name'] === 'No id here') delete record['msdyncrm_customerjourneyid'];
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      };
      const client = createJourneyClient({ orgUrl: source.url, getToken: () => 'test', fetch: dropping });
      const out = join(dir, 'no-id');
      const { manifest } = await archiveJourneys(client, { out, org: source.url });
      const orphan = manifest.journeys.find((j) => j.id === null);
      expect(orphan).toMatchObject({ name: 'No id here', readable: false, slug: null, reason: 'the record has no usable msdyncrm_customerjourneyid' });
      expect(orphan?.files.raw).toMatch(/^raw\/no-id-[0-9a-f]{16}\.json$/);
      expect(manifest.journeys.at(-1)).toBe(orphan); // records without an id come last
      const target = await startEmulator(seededTime);
      try {
        const { records } = await restoreArchive(createJourneyClient({ orgUrl: target.url, getToken: () => 'test' }), out);
        expect(records.find((r) => r.id === null)).toMatchObject({ action: 'skipped', reason: 'the record has no id to restore it under' });
        expect(target.records().map((r) => r['msdyncrm_name'])).toEqual(['Has an id']);
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  });
});

describe('journey restore', () => {
  /** An org that takes back every record it once stored, definitions the codec cannot read included. */
  const lenientCodec = {
    parse: (definition: string, state: string | undefined, settings: Parameters<typeof parseWorkflowDefinition>[2]) => {
      try {
        return parseWorkflowDefinition(definition, state, settings);
      } catch {
        return fromEntity({ msdyncrm_name: settings?.name ?? '' });
      }
    },
  };

  it('recreates every archived record in an empty org: the same id, and every writable column byte for byte', async () => {
    const target = await startEmulator({ ...seededTime, codec: lenientCodec });
    try {
      const r = await journey(['restore', 'org-archive'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      expect(r.stderr).not.toContain('failed');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('10 records: 10 created');
      expect(r.stdout).toContain(`created         "Event invitation" ${recordId(5)} (was Live; restored as Draft: a journey becomes Live only by going live, which would run it; go live by hand when you mean it)`);
      const managed = new Set(['@odata.etag', 'createdon', 'modifiedon', 'versionnumber', '_createdby_value', '_modifiedby_value', '_owningbusinessunit_value', 'statecode', 'statuscode']);
      for (const id of seeded) {
        const archived = JSON.parse(await readFile(join(dir, 'org-archive', 'raw', `${id}.json`), 'utf8')) as Record<string, unknown>;
        const restored = target.record(id)!;
        expect(restored, id).toBeDefined();
        for (const [column, value] of Object.entries(archived)) {
          if (managed.has(column) || column.includes('@')) continue;
          expect(restored[column], `${id} ${column}`).toEqual(value);
        }
        const status = archived['statuscode'];
        expect(restored['statuscode']).toBe(status === 192350000 || status === 192350004 ? status : 192350000);
      }
      expect(target.record(recordId(3))).toMatchObject({ statuscode: 192350004, statecode: 1 }); // Expired, through Draft → Expired
      expect(target.record(recordId(5))).toMatchObject({ _ownerid_value: TEAM, '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'team', new_region: 'EMEA' });
      // Writes never asked for a status the lifecycle does not allow: created without one, Draft → Expired after.
      const writes = target.requests.filter((q) => q.method === 'PATCH').map((q) => JSON.parse(q.body ?? '{}') as Record<string, unknown>);
      expect(writes.filter((w) => 'statuscode' in w)).toEqual([{ statecode: 1, statuscode: 192350004 }]);

      const again = await journey(['restore', 'org-archive', '--json'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ counts: { unchanged: 10 } });
    } finally {
      await target.close();
    }
  }, 120_000);

  it('reports per record when the org refuses one, and restores the rest', async () => {
    const target = await startEmulator(seededTime);
    try {
      const r = await journey(['restore', 'org-archive', '--json'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      expect(r.code).toBe(2);
      const out = JSON.parse(r.stdout) as { records: { id: string; action: string; reason?: string; verified?: boolean }[] };
      const failed = out.records.filter((x) => x.action === 'failed');
      expect(failed.map((x) => x.id)).toEqual([UNREADABLE_ID]);
      expect(failed[0]?.reason).toContain('The customer journey definition (msdyncrm_workflowdefinition) is not valid');
      expect(out.records.filter((x) => x.action === 'created' && x.verified === true)).toHaveLength(9);
      expect(r.stderr).toContain('journey: 1 of 10 records could not be restored');
    } finally {
      await target.close();
    }
  }, 120_000);

  it('skips equal records, reports different ones and leaves them alone, and overwrites Draft ones when asked', async () => {
    const target = await startEmulator({ ...seededTime, codec: lenientCodec });
    try {
      await journey(['restore', 'org-archive'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      const client = createJourneyClient({ orgUrl: target.url, getToken: () => 'test' });
      await client.updateRaw(recordId(6), { msdyncrm_description: 'edited after the archive' });
      await client.goLive(recordId(7));
      await target.settle();
      const wentTo = (await client.get(recordId(7))).status;
      expect(wentTo === 'Live' || wentTo === 'Error').toBe(true);
      const before = target.record(recordId(6));

      const dry = await journey(['restore', 'org-archive', '--dry-run', '--overwrite'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      expect(dry.code).toBe(1);
      expect(dry.stdout).toContain(`would overwrite "Event invitation" ${recordId(6)}`);
      expect(dry.stdout).toContain(`blocked         "Entry tiles" ${recordId(7)}`);
      expect(dry.stdout).toContain(`the org's record is ${wentTo}; restore --overwrite replaces only Draft records`);
      expect(dry.stdout).toContain('(dry run, nothing written)');
      expect(target.record(recordId(6))).toEqual(before);

      const plain = await journey(['restore', 'org-archive'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      expect(plain.code).toBe(1);
      expect(plain.stdout).toContain(`differs         "Event invitation" ${recordId(6)}: the org's record differs in msdyncrm_description; left alone (--overwrite replaces Draft records)`);
      expect(target.record(recordId(6))?.['msdyncrm_description']).toBe('edited after the archive');

      const forced = await journey(['restore', 'org-archive', '--overwrite', '--json'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      const out = JSON.parse(forced.stdout) as { records: { id: string; action: string; verified?: boolean }[] };
      expect(out.records.find((x) => x.id === recordId(6))).toMatchObject({ action: 'overwritten', verified: true });
      expect(out.records.find((x) => x.id === recordId(7))).toMatchObject({ action: 'blocked' });
      expect(forced.code).toBe(1);
      const archived = JSON.parse(await readFile(join(dir, 'org-archive', 'raw', `${recordId(6)}.json`), 'utf8')) as Record<string, unknown>;
      expect(archived['msdyncrm_description']).toBeUndefined(); // the archived record has no description: the edit is emptied
      expect(target.record(recordId(6))?.['msdyncrm_description']).toBeNull();
    } finally {
      await target.close();
    }
  }, 120_000);
});

describe('journey restore: bad input', () => {
  it('stops at an org that answers 401, with one clear message and no token in it', async () => {
    const strict = await startEmulator({ ...seededTime, acceptToken: (t) => t === 'the-right-token' });
    try {
      const r = await journey(['restore', 'org-archive', '--org', strict.url], { cwd: dir, env: { JOURNEY_TOKEN: 'a-wrong-secret-token' } });
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('journey:'))).toHaveLength(1);
      expect(r.stderr).toMatch(/journey: GET .* failed with 401 Unauthorized/);
      expect(r.stderr + r.stdout).not.toContain('a-wrong-secret-token');
      expect(strict.records()).toEqual([]);
    } finally {
      await strict.close();
    }
  });


  it('refuses a folder that is not an archive', async () => {
    await mkdir(join(dir, 'not-an-archive'), { recursive: true });
    await writeFile(join(dir, 'not-an-archive', 'welcome.journey.ts'), 'export {};');
    const r = await J(['restore', 'not-an-archive']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('journey: not-an-archive is not a journey archive: it has no archive.json; give the folder journey archive --out wrote\n');
    await writeFile(join(dir, 'not-an-archive', 'archive.json'), '{"format": 7}');
    const r2 = await J(['restore', 'not-an-archive']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe('journey: not-an-archive/archive.json is not a journey archive manifest: "format" is 7, expected 1\n');
    const r3 = await J(['restore', 'no-such-folder']);
    expect(r3.stderr).toBe('journey: no-such-folder: no such folder; give the folder journey archive --out wrote\n');
  });

  it('refuses a manifest that names files outside the archive, for restore and for a new archive alike', async () => {
    await mkdir(join(dir, 'crafted'), { recursive: true });
    await writeFile(join(dir, 'precious.txt'), 'keep me');
    const manifest = { format: 1, org: org.url, journeys: [], files: { '../precious.txt': 'x' } };
    await writeFile(join(dir, 'crafted', 'archive.json'), JSON.stringify(manifest));
    const r = await J(['restore', 'crafted']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('journey: crafted/archive.json is not a journey archive manifest: "files" names "../precious.txt", which is not a file of an archive\n');
    const again = await J(['archive', '--out', 'crafted']);
    expect(again.code).toBe(2);
    expect(await readFile(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a raw file edited by hand, naming it, and writes nothing', async () => {
    const r0 = await J(['archive', '--out', 'edited']);
    expect(r0.code).toBe(0);
    const file = join(dir, 'edited', 'raw', `${recordId(2)}.json`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('Workflow definition sample', 'Workflow definition sample (tidied)'));
    const target = await startEmulator(seededTime);
    try {
      const r = await journey(['restore', 'edited'], { cwd: dir, env: { JOURNEY_ORG_URL: target.url } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`journey: edited: raw/${recordId(2)}.json was changed after it was archived (the SHA-256 does not match archive.json)`);
      expect(target.requests.filter((q) => q.method !== 'GET')).toEqual([]);
      expect(target.records()).toEqual([]);
      const report = await journey(['migrate-report', 'edited'], { cwd: dir });
      expect(report.code).toBe(2);
      expect(report.stderr).toContain(`raw/${recordId(2)}.json was changed after it was archived`);
    } finally {
      await target.close();
    }
  }, 120_000);
});

describe('every tile type', () => {
  it('the builder journeys cover every tile type the builder writes', () => {
    const types = new Set<string>();
    const visit = (a: { type: string; children: readonly { type: string; children: readonly unknown[] }[] }): void => {
      types.add(a.type);
      for (const c of a.children) visit(c as never);
    };
    for (const tree of [invitation(), ...everyTileJourneys()]) visit(tree.root as never);
    expect([...types].sort()).toEqual(
      [
        'bpf_root', 'Segment', 'Email', 'Scheduler', 'Trigger', 'Splitter', 'SplitterBranch', 'CreateCrmActivity', 'InvokeWorkflow',
        'CreateLead', 'Event', 'LandingPage', 'Survey', 'MarketingForm', 'RecordUpdate', 'LinkedInCampaign', 'empty', 'new_SmsChannel',
      ].sort(),
    );
  });
});
