/**
 * A journey's life through the binary, as a user lives it: plan, push, list, go-live, a refused
 * push, a live edit, a new version, a rename, stop. Every command starts its own embedded emulator
 * on the same data file, so each one sees what the last one did.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DSL_URL, fixture, journey, lines, withBuiltCliInTempDir } from './helpers.js';

let dir: string;
withBuiltCliInTempDir((made) => (dir = made));

const J = (args: readonly string[]) => journey(args, { cwd: dir });

const RECORD = '6628bbf7-c52a-e911-a9b7-000d3a1e6adc';
const FILE = 'launch.journey.mjs';

/** Writes the journey file: `email` changes a tile's settings, `extra` adds a tile, `name` renames. */
async function write(options: { name?: string; email?: string; extra?: boolean } = {}): Promise<void> {
  const extra = options.extra === true ? `\n  .email('Thanks', { emailId: '384e5a1a-464a-e911-a873-000d3a1fe344' })` : '';
  await writeFile(
    join(dir, FILE),
    `import { journey } from '${DSL_URL}';
export default journey(${JSON.stringify(options.name ?? 'Launch')}, {
  target: 'contact', recordId: '${RECORD}', start: '2026-01-01T09:00:00Z', end: '2099-01-01T09:00:00Z',
})
  .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
  .email('Welcome', { emailId: '${options.email ?? '184e5a1a-464a-e911-a873-000d3a1fe344'}' })${extra}
  .build();
`,
    'utf8',
  );
}

interface Listed {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}
const listed = async (...args: string[]): Promise<Listed[]> => (JSON.parse((await J(['list', '--json', ...args])).stdout) as { journeys: Listed[] }).journeys;

describe('a journey from draft to live and beyond, on the command line', () => {
  let v2 = '';

  it('plans a create (exit 1), pushes it, then plans nothing to do (exit 0)', async () => {
    await write();
    const plan = await J(['plan', FILE]);
    expect(plan.code).toBe(1);
    expect(lines(plan.stdout)).toStrictEqual([`create     "Launch" (${FILE}) ${RECORD} (2 tiles)`, '    steps:    create "Launch" as a Draft', '1 journey: 1 to create, 0 to update, 0 unchanged, 0 blocked (plan, nothing written)']);
    const push = await J(['push', FILE]);
    expect(push.code).toBe(0);
    expect(lines(push.stdout)[0]).toBe(`created    "Launch" (${FILE}) ${RECORD}`);
    const again = await J(['plan', FILE, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ journeys: [{ id: RECORD, status: 'Draft', action: 'unchanged', changes: [] }] });
  });

  it('lists the journeys, by status too', async () => {
    const all = await J(['list']);
    expect(all.code).toBe(0);
    expect(lines(all.stdout)).toStrictEqual([`${RECORD}  Draft   "Launch"`, '1 journey']);
    const live = await J(['list', '--status', 'Live']);
    expect(lines(live.stdout)).toStrictEqual(['0 journeys (Live)']);
    const bad = await J(['list', '--status', 'Running']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status "Running" is not a journey status; use one of "Draft", "Going live", "Live", "Live, editable"/);
  });

  it('goes live by file and waits', async () => {
    const r = await J(['go-live', FILE, '--wait']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toStrictEqual([`Live "Launch" ${RECORD}`]);
    expect(await listed('--status', 'live')).toStrictEqual([{ id: RECORD, name: 'Launch', status: 'Live' }]);
  });

  it('blocks a tile change to a Live journey (exit 2) and refuses to push it, writing nothing', async () => {
    const before = await readFile(join(dir, '.journey-emulator/data.json'), 'utf8');
    await write({ email: '284e5a1a-464a-e911-a873-000d3a1fe344' });
    const plan = await J(['plan', FILE]);
    expect(plan.code).toBe(2);
    expect(lines(plan.stdout)).toStrictEqual([
      `blocked    "Launch" (${FILE}) ${RECORD} [Live]`,
      '    tile      New contacts › Welcome: recordId "184e5a1a-464a-e911-a873-000d3a1fe344" -> "284e5a1a-464a-e911-a873-000d3a1fe344"',
      '    reason:   "Launch" is Live, and a Live journey takes no edits except through Live, editable',
      "    way out:  push with live: 'edit' (journey push --live-edit) to go Live → Live, editable → update → Going live → Live",
      '1 journey: 0 to create, 0 to update, 0 unchanged, 1 blocked (plan, nothing written)',
    ]);
    const push = await J(['push', FILE]);
    expect(push.code).toBe(2);
    expect(lines(push.stdout)[0]).toMatch(/^refused {4}"Launch" \(launch\.journey\.mjs\): Journey "Launch" \(6628bbf7-.*\) was not pushed: "Launch" is Live/);
    expect(push.stderr).toMatch(/1 of 1 journey could not be pushed/);
    expect(await readFile(join(dir, '.journey-emulator/data.json'), 'utf8')).toBe(before);
  });

  it('pushes the tile change through a live edit', async () => {
    const plan = await J(['plan', FILE, '--live-edit']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('    steps:    enter Live, editable (Live → Live, editable); update the record; go live again (Live, editable → Going live); wait until it is Live');
    const push = await J(['push', FILE, '--live-edit']);
    expect(push.code).toBe(0);
    expect(lines(push.stdout)[0]).toBe(`updated    "Launch" (${FILE}) ${RECORD} (live edit, Live again)`);
    expect(await listed()).toStrictEqual([{ id: RECORD, name: 'Launch', status: 'Live' }]);
    expect((await J(['plan', FILE])).code).toBe(0);
  });

  it('makes a new version for a pipeline change, stops the previous one, and then finds it', async () => {
    await write({ email: '284e5a1a-464a-e911-a873-000d3a1fe344', extra: true });
    const refused = await J(['push', FILE, '--live-edit']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain("(journey push --new-version) to create \\\"Launch (v2)\\\"".replace(/\\/g, ''));
    const push = await J(['push', FILE, '--new-version', '--stop-previous', '--json']);
    expect(push.code).toBe(0);
    const out = JSON.parse(push.stdout) as { journeys: { id: string; name: string; action: string; previousId: string }[] };
    expect(out.journeys[0]).toMatchObject({ name: 'Launch (v2)', action: 'new-version', previousId: RECORD });
    v2 = out.journeys[0]?.id ?? '';
    expect(v2).not.toBe(RECORD);
    expect(await listed()).toStrictEqual([
      { id: RECORD, name: 'Launch', status: 'Stopped' },
      { id: v2, name: 'Launch (v2)', status: 'Draft' },
    ]);
    const again = await J(['plan', FILE]);
    expect(again.code).toBe(0);
    expect(lines(again.stdout)[0]).toBe(`unchanged  "Launch (v2)" (${FILE}) ${v2} [Draft]`);
    // The file is compared with the version it is on the org, under the version's name.
    const diff = await J(['diff', FILE, 'org']);
    expect(diff.code).toBe(0);
    expect(lines(diff.stdout)).toStrictEqual([`--- ${FILE}`, `+++ org:${v2}`, 'No differences.']);
  });

  it('says "renamed" for a journey renamed in code: the same record', async () => {
    await write({ name: 'Launch 2026', email: '284e5a1a-464a-e911-a873-000d3a1fe344', extra: true });
    const push = await J(['push', FILE]);
    expect(push.code).toBe(0);
    expect(lines(push.stdout)[0]).toBe(`renamed    "Launch 2026 (v2)" (${FILE}) ${v2} (was "Launch (v2)")`);
    expect((await listed()).map((j) => j.name)).toStrictEqual(['Launch', 'Launch 2026 (v2)']);
  });

  it('stops by file (the latest version), and says why a stop is refused', async () => {
    const draft = await J(['stop', v2]);
    expect(draft.code).toBe(2);
    expect(draft.stderr).toMatch(/from Draft \(192350000\) to Stopping/);
    expect((await J(['go-live', v2, '--wait'])).code).toBe(0);
    const stop = await J(['stop', FILE, '--wait', '--json']);
    expect(stop.code).toBe(0);
    expect(JSON.parse(stop.stdout)).toStrictEqual({ id: v2, name: 'Launch 2026 (v2)', status: 'Stopped' });
  });

  it('says why a journey whose end date has passed stops as soon as it goes live', async () => {
    await writeFile(
      join(dir, 'past.journey.mjs'),
      `import { journey } from '${DSL_URL}';\nexport default journey('Last spring', { target: 'contact', start: '2026-03-01T09:00:00Z', end: '2026-04-01T09:00:00Z' })\n  .segment('S', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] }).build();\n`,
      'utf8',
    );
    expect((await J(['push', 'past.journey.mjs'])).code).toBe(0);
    const r = await J(['go-live', 'past.journey.mjs', '--wait']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[1]).toBe('Its end date 2026-04-01T09:00:00Z has passed, so it stopped as soon as it went live; give it a later end date to run it.');
    expect(lines(r.stdout)[0]).toMatch(/^(Stopped|Expired) "Last spring" /);
  });

  it('refuses to go live with a file whose journey is not on the org', async () => {
    await writeFile(join(dir, 'other.journey.mjs'), `import { journey } from '${DSL_URL}';\nexport default journey('Never pushed', { target: 'contact' }).build();\n`, 'utf8');
    const r = await J(['go-live', 'other.journey.mjs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other\.journey\.mjs: "Never pushed" is not on the org \(no record .*\); push it first/);
  });
});

describe('usage errors about records', () => {
  it('refuses two journeys that would write one record, before reading anything', async () => {
    const file = (name: string, recordId?: string) =>
      `import { journey } from '${DSL_URL}';\nexport default journey(${JSON.stringify(name)}, { target: 'contact'${recordId === undefined ? '' : `, recordId: '${recordId}'`} }).build();\n`;
    await writeFile(join(dir, 'a.journey.mjs'), file('Same name'), 'utf8');
    await writeFile(join(dir, 'b.journey.mjs'), file('Same name'), 'utf8');
    const names = await J(['plan', 'a.journey.mjs', 'b.journey.mjs']);
    expect(names.code).toBe(2);
    expect(names.stderr).toBe(
      'journey: 2 journeys are named "Same name": a.journey.mjs, b.journey.mjs; a name identifies a journey on the org unless it declares a recordId, so rename all but one or give each its own recordId\n',
    );
    await writeFile(join(dir, 'b.journey.mjs'), file('Other name', RECORD), 'utf8');
    await writeFile(join(dir, 'c.journey.mjs'), file('Third name', RECORD), 'utf8');
    const records = await J(['push', 'b.journey.mjs', 'c.journey.mjs']);
    expect(records.code).toBe(2);
    expect(records.stderr).toBe(`journey: 2 journeys would write the record ${RECORD}: b.journey.mjs, c.journey.mjs; give each journey its own recordId\n`);
    // With their own recordIds, two journeys may share a name.
    await writeFile(join(dir, 'c.journey.mjs'), file('Same name', '7728bbf7-c52a-e911-a9b7-000d3a1e6adc'), 'utf8');
    expect((await J(['plan', 'a.journey.mjs', 'c.journey.mjs'])).code).toBe(1);
  });

  it('asks which export a file of several journeys means, and for a file beside "org"', async () => {
    const several = await J(['go-live', fixture('two-journeys.mjs')]);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/two-journeys\.mjs exports 2 journeys \(welcome, winBack\); choose one as .*two-journeys\.mjs#<export>/);
    const both = await J(['diff', 'org', 'org']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('journey: diff: "org" stands for the org\'s record of the journey file on the other side; give a journey file there\n');
  });
});
