/**
 * The `journey` binary, run as a user runs it: `node packages/cli/dist/bin.js ...` in a real
 * folder, with real journey files and the emulator (embedded, or started by `journey emulator`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DSL_URL, exitOf, fixture, journey, lines, spawnJourney, waitForOutput, withBuiltCliInTempDir } from './helpers.js';

let dir: string;
withBuiltCliInTempDir((made) => (dir = made));

const J = (args: readonly string[], env?: Record<string, string>) => journey(args, { cwd: dir, ...(env ? { env } : {}) });


describe('journey build', () => {
  it('prints the entity payload of the default export', async () => {
    const r = await J(['build', fixture('invitation.journey.ts')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const entity = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(entity['msdyncrm_name']).toBe('Event invitation');
    expect(entity['msdyncrm_entitytarget']).toBe(0);
    const definition = JSON.parse(entity['msdyncrm_workflowdefinition'] as string) as { ActivityTypeId: string }[];
    expect(definition.map((a) => a.ActivityTypeId)).toStrictEqual(['bpf_root', 'Segment', 'Email', 'Trigger', 'Email', 'Email']);
  });

  it('prints only the definition with --definition, the canonical JSON with --canonical', async () => {
    const def = await J(['build', fixture('invitation.journey.ts'), '--definition']);
    expect(def.code).toBe(0);
    expect(def.stdout.startsWith('[\n  {\n')).toBe(true); // pretty
    expect((JSON.parse(def.stdout) as unknown[]).length).toBe(6);

    const canonical = await J(['build', fixture('invitation.journey.ts'), '--canonical']);
    expect(canonical.code).toBe(0);
    const again = await J(['build', fixture('invitation.journey.ts'), '--canonical']);
    expect(again.stdout).toBe(canonical.stdout); // deterministic
    expect(Object.keys(JSON.parse(canonical.stdout) as object)).toStrictEqual(['definition', 'designerState', 'settings']);
  });

  it('loads JavaScript with several exports: a builder and a function returning a journey', async () => {
    const r = await J(['build', fixture('two-journeys.mjs'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { journeys: { file: string; export: string; name: string; entity: Record<string, unknown> }[] };
    expect(out.journeys.map((j) => [j.export, j.name, j.entity['msdyncrm_name']])).toStrictEqual([
      ['welcome', 'Welcome', 'Welcome'],
      ['winBack', 'Win back', 'Win back'],
    ]);
    const one = await J(['build', fixture('two-journeys.mjs'), '--export', 'winBack']);
    expect((JSON.parse(one.stdout) as Record<string, unknown>)['msdyncrm_name']).toBe('Win back');
  });

  it('loads a TypeScript file written to a temp folder, without a compile step', async () => {
    const file = join(dir, 'temp.journey.ts');
    await writeFile(
      file,
      [
        `import { journey } from ${JSON.stringify(DSL_URL)};`,
        `const name: string = 'Temp journey';`,
        `export const temp = () => journey(name, { target: 'account' })`,
        `  .segment('Accounts', { include: [{ id: '91d2115b-544a-e911-a873-000d3a1fe344' }] });`,
        '',
      ].join('\n'),
    );
    const r = await J(['build', 'temp.journey.ts', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { journeys: { file: string; export: string; name: string }[] };
    expect(out.journeys).toMatchObject([{ file: 'temp.journey.ts', export: 'temp', name: 'Temp journey' }]);
  });
});

describe('journey files that cannot be used', () => {
  it('what a journey file prints goes to stderr, so --json output stays one JSON document', async () => {
    await writeFile(
      join(dir, 'chatty.journey.mjs'),
      `import { journey } from '${DSL_URL}';\nconsole.log('building the chatty journey');\nexport default journey('Chatty', { target: 'contact' }).build();\n`,
      'utf8',
    );
    const r = await J(['build', 'chatty.journey.mjs', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).journeys[0].name).toBe('Chatty');
    expect(r.stderr).toContain('building the chatty journey');
  });

  it('a missing file: one line naming it, exit 2', async () => {
    const r = await J(['build', 'nowhere/missing.journey.ts']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toStrictEqual(['journey: nowhere/missing.journey.ts: file not found']);
  });

  it('a file that exports no journey: one line, exit 2', async () => {
    const r = await J(['validate', fixture('no-journey.ts')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toStrictEqual([
      `journey: ${fixture('no-journey.ts')}: exports no journey (export a built journey, a builder, or a function returning one)`,
    ]);
  });

  it('a file that throws while loading: one line with its message and the line it threw at, exit 2', async () => {
    const r = await J(['render', fixture('throws.ts')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toStrictEqual([`journey: ${fixture('throws.ts')}:1:7: failed to load: the journey file is broken on purpose`]);
  });

  it('a file with a syntax error, and a file of another kind', async () => {
    await writeFile(join(dir, 'syntax.ts'), 'export const = ;\n');
    const syntax = await J(['build', 'syntax.ts']);
    expect(syntax.code).toBe(2);
    expect(lines(syntax.stderr)).toHaveLength(1);
    expect(lines(syntax.stderr)).toStrictEqual(['journey: syntax.ts:1:14: failed to load: Expected identifier but found "="']);

    await writeFile(join(dir, 'journey.json'), '{}');
    const json = await J(['build', 'journey.json']);
    expect(json.code).toBe(2);
    expect(lines(json.stderr)).toStrictEqual(['journey: journey.json: cannot load ".json" files; use .ts, .mts, .js or .mjs']);
  });
});

describe('usage and connection errors exit 2', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['build'], /missing required argument 'file'/],
    [['render', fixture('invitation.journey.ts'), '--format', 'png'], /Allowed choices are mermaid, svg/],
    [['push', fixture('invitation.journey.ts'), '--concurrency', '0'], /--concurrency must be a whole number above 0/],
    [['build', fixture('invitation.journey.ts'), '--definition', '--canonical'], /cannot be used with option '--canonical'/],
    [['build', fixture('invitation.journey.ts'), '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['pull', 'not-a-guid'], /"not-a-guid" is not a journey id/],
    [['push', fixture('invitation.journey.ts'), '--org', 'not a url'], /--org must be an org URL/],
    [['diff', fixture('two-journeys.mjs'), fixture('invitation.journey.ts')], /exports 2 journeys \(welcome, winBack\); choose one as/],
  ])('journey %j', async (args, message) => {
    const r = await J(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a connection error exits 2 with one line that never shows the token', async () => {
    // Port 9 is refused by fetch itself: a connection error without any network.
    const r = await J(['push', fixture('invitation.journey.ts'), '--org', 'http://127.0.0.1:9'], { JOURNEY_TOKEN: 'test-secret-token' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^failed {5}"Event invitation" \(\S+\): GET http:\/\/127\.0\.0\.1:9\/api\/data\/v9\.2\/msdyncrm_customerjourneys\(/);
    expect(lines(r.stderr)).toEqual(['journey: 1 of 1 journey could not be pushed (see the line above)']);
    expect(r.stdout + r.stderr).not.toContain('test-secret-token');
  });

  it('a --data path under a regular file, or a folder, is named in one line, exit 2', async () => {
    await writeFile(join(dir, 'not-a-folder'), 'x', 'utf8');
    for (const args of [
      ['emulator', '--port', '0', '--data', 'not-a-folder/data.json'],
      ['push', fixture('invitation.journey.ts'), '--data', 'not-a-folder/data.json'],
    ]) {
      const r = await J(args);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toEqual([`journey: The emulator data file ${join(dir, 'not-a-folder/data.json')} cannot be used: ${join(dir, 'not-a-folder')} is a file, not a folder.`]);
    }
    const folder = await J(['push', fixture('invitation.journey.ts'), '--data', '.']);
    expect(folder.code).toBe(2);
    expect(lines(folder.stderr)).toEqual([`journey: The emulator data file ${dir} is a folder; give the path of a file, e.g. ${join(dir, 'journeys.json')}.`]);
  });

  it('plan says a connection error once, on the journey line, and exits 2', async () => {
    const r = await J(['plan', fixture('invitation.journey.ts'), '--org', 'http://127.0.0.1:9'], { JOURNEY_TOKEN: 'test-secret-token' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^failed {5}"Event invitation" \(\S+\): GET http:\/\/127\.0\.0\.1:9\//);
    expect(lines(r.stderr)).toEqual(['journey: 1 of 1 journey could not be planned (see the failed line above)']);
    expect(r.stdout + r.stderr).not.toContain('test-secret-token');
  });

  it('the installed bin, a shim outside dist/, runs the program with its arguments and exit code', async () => {
    const shim = fileURLToPath(new URL('../bin/journey.js', import.meta.url));
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [shim, ...args], { cwd: dir }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const missing = await run(['build', 'nowhere.ts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('journey: nowhere.ts: file not found\n');
  });

  it('help and version exit 0', async () => {
    const help = await J(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['build', 'validate', 'render', 'push', 'pull', 'diff', 'emulator']) expect(help.stdout).toContain(command);
    const version = await J(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('journey validate', () => {
  it('exit 0 for a valid journey', async () => {
    const r = await J(['validate', fixture('invitation.journey.ts')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`${fixture('invitation.journey.ts')}: Valid: no findings in journey "Event invitation"`);
  });

  it('lists every problem with the path of its tile, exit 1', async () => {
    const r = await J(['validate', fixture('invalid.journey.ts'), fixture('two-journeys.mjs')]);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`${fixture('invalid.journey.ts')}: Error: 4 errors, 2 warnings in journey "Broken"`);
    expect(out.slice(1, 7).map((l) => l.replace(/: .*$/, ''))).toStrictEqual([
      'Error ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations at journey "Broken"',
      'Error ErrorSegmentGroupWithoutSegments at Customers',
      'Error ErrorContentTileWithoutRecord at Customers › Invitation',
      'Error ErrorTriggerWithoutConditions at Customers › Invitation › Opened?',
      'Warning WarningTriggerBranchMissing at Customers › Invitation › Opened?',
      'Warning WarningTriggerBranchMissing at Customers › Invitation › Opened?',
    ]);
    expect(out).toContain(`${fixture('two-journeys.mjs')}#welcome: Valid: no findings in journey "Welcome"`);
    expect(out.at(-1)).toBe('3 journeys checked, 1 with errors');
  });

  it('--json gives every finding with its path', async () => {
    const r = await J(['validate', fixture('invalid.journey.ts'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      source: string;
      journeys: { name: string; result: string; findings: { result: string; fault: string; activityId: string; path: string | null }[] }[];
    };
    expect(out.ok).toBe(false);
    expect(out.source).toBe('local');
    expect(out.journeys[0]?.result).toBe('Error');
    expect(out.journeys[0]?.findings.filter((f) => f.result === 'Error').map((f) => [f.fault, f.activityId, f.path])).toStrictEqual([
      ['ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations', '', null],
      ['ErrorSegmentGroupWithoutSegments', '01_0', 'Customers'],
      ['ErrorContentTileWithoutRecord', '01_1', 'Customers › Invitation'],
      ['ErrorTriggerWithoutConditions', '01_2', 'Customers › Invitation › Opened?'],
    ]);
  });
});

describe('journey render', () => {
  it('prints Mermaid by default', async () => {
    const r = await J(['render', fixture('invitation.journey.ts')]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('flowchart')).toBe(true);
    expect(r.stdout).toContain('Registered?');
  });

  it('writes SVG to --out', async () => {
    const r = await J(['render', fixture('invitation.journey.ts'), '--format', 'svg', '--out', 'diagrams/invitation.svg', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'svg', journeys: [{ name: 'Event invitation', out: 'diagrams/invitation.svg' }] });
    const svg = await readFile(join(dir, 'diagrams/invitation.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('asks for --export before writing several journeys to one file', async () => {
    const r = await J(['render', fixture('two-journeys.mjs'), '--out', 'both.mmd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exports 2 journeys \(welcome, winBack\); choose one with --export/);
    expect(existsSync(join(dir, 'both.mmd'))).toBe(false);
  });
});

describe('push, pull and diff against the embedded emulator', () => {
  // Every command starts its own emulator on the same data file, so records persist between commands.
  let invitationId = '';

  it('push creates, then finds the journey unchanged', async () => {
    const first = await J(['push', fixture('invitation.journey.ts'), '--json']);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as { dryRun: boolean; journeys: { name: string; id: string; action: string }[]; summary: unknown };
    expect(out.dryRun).toBe(false);
    expect(out.journeys).toMatchObject([{ name: 'Event invitation', action: 'created' }]);
    expect(out.summary).toStrictEqual({ created: 1, updated: 0, unchanged: 0, failed: 0 });
    invitationId = out.journeys[0]?.id ?? '';
    expect(invitationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(existsSync(join(dir, '.journey-emulator/data.json'))).toBe(true);

    const second = await J(['push', fixture('invitation.journey.ts')]);
    expect(second.code).toBe(0);
    expect(lines(second.stdout)).toStrictEqual([
      `unchanged  "Event invitation" (${fixture('invitation.journey.ts')}) ${invitationId}`,
      '1 journey: 0 created, 0 updated, 1 unchanged',
      `Wrote to the local emulator, which keeps its records in ${join(dir, '.journey-emulator/data.json')}; use --org <url> to push to an org.`,
    ]);
  });

  it('push --dry-run is journey plan: the tile-level plan, exit 1 for changes pending, nothing written', async () => {
    const plan = await J(['push', fixture('invitation-v2.journey.ts'), '--dry-run']);
    expect(plan.code).toBe(1);
    expect(lines(plan.stdout)).toStrictEqual([
      `update     "Event invitation" (${fixture('invitation-v2.journey.ts')}#invitation) ${invitationId} [Draft]`,
      '    tile      Customers › Invitation (final): name "Invitation" -> "Invitation (final)"',
      '    tile      Customers › Invitation (final) › Registered?: timeoutValue 5 -> 7',
      '    steps:    update the record',
      '1 journey: 0 to create, 1 to update, 0 unchanged, 0 blocked (plan, nothing written)',
    ]);
    const same = await J(['plan', fixture('invitation-v2.journey.ts')]);
    expect(same.stdout).toBe(plan.stdout);
    const json = await J(['push', fixture('invitation-v2.journey.ts'), fixture('two-journeys.mjs'), '--dry-run', '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { journeys: { name: string; action: string; changes?: { kind: string }[] }[]; summary: unknown };
    expect(out.journeys.map((j) => [j.name, j.action])).toStrictEqual([
      ['Event invitation', 'update'],
      ['Welcome', 'create'],
      ['Win back', 'create'],
    ]);
    expect(out.journeys[0]?.changes?.map((c) => c.kind)).toStrictEqual(['tile', 'tile']);
    expect(out.summary).toStrictEqual({ create: 2, update: 1, unchanged: 0, blocked: 0, failed: 0 });

    // Nothing was written: the org still holds the first version.
    const unchanged = await J(['plan', fixture('invitation.journey.ts')]);
    expect(unchanged.code).toBe(0);
    expect(lines(unchanged.stdout).at(-1)).toBe('1 journey: 0 to create, 0 to update, 1 unchanged, 0 blocked (plan, nothing written)');
  });

  it('push of folders: every *.journey.* file, a progress line each, created/updated/unchanged per journey', async () => {
    const r = await J(['push', fixture('folder'), fixture('two-journeys.mjs'), fixture('invitation-v2.journey.ts'), '--concurrency', '2']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((l) => l.split(' (')[0])).toStrictEqual([
      'created    "Folder journey A"',
      'created    "Folder journey B"',
      'created    "Welcome"',
      'created    "Win back"',
      'updated    "Event invitation"',
      '5 journeys: 4 created, 1 updated, 0 unchanged',
      expect.stringMatching(/^Wrote to the local emulator, which keeps its records in .*data\.json; use --org <url> to push to an org\.$/),
    ]);
    expect(r.stdout).not.toContain('helper.ts'); // a folder with *.journey.* files pushes only those
    const progress = lines(r.stderr);
    expect(progress).toHaveLength(5);
    expect(progress.map((l) => l.replace(/\] .*/, ']')).sort()).toStrictEqual(['[1/5]', '[2/5]', '[3/5]', '[4/5]', '[5/5]']);
  });

  it('diff of a file against the org after the update, and of two files', async () => {
    const equal = await J(['diff', `org:${invitationId}`, fixture('invitation-v2.journey.ts')]);
    expect(equal.code).toBe(0);
    expect(lines(equal.stdout)).toStrictEqual([
      `--- org:${invitationId}`,
      `+++ ${fixture('invitation-v2.journey.ts')}#invitation`,
      'No differences.',
    ]);

    const files = await J(['diff', fixture('invitation.journey.ts'), fixture('invitation-v2.journey.ts')]);
    expect(files.code).toBe(1);
    expect(lines(files.stdout).slice(2)).toStrictEqual([
      '~ changed Customers › Invitation (final) [Email, key invite]',
      '    name: "Invitation" -> "Invitation (final)"',
      '~ changed Customers › Invitation (final) › Registered? [Trigger]',
      '    timeoutValue: 5 -> 7',
      '0 added, 0 removed, 0 moved, 2 changed, 0 settings changed',
    ]);

    const json = await J(['diff', fixture('two-journeys.mjs#welcome'), fixture('two-journeys.mjs#winBack'), '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { a: string; b: string; equal: boolean; settings: { property: string }[]; summary: unknown };
    expect(out.equal).toBe(false);
    expect(out.settings.map((s) => s.property)).toStrictEqual(['name']);
    expect(out.summary).toStrictEqual({ added: 0, removed: 0, moved: 0, changed: 2, settings: 1 });
  });

  it('diff against an id the org does not hold: exit 2 with the service message', async () => {
    const r = await J(['diff', fixture('invitation.journey.ts'), 'org:00000000-0000-4000-8000-000000000001']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/404 Not Found/);
  });

  it('pull prints TypeScript that rebuilds the journey, or writes it to --out', async () => {
    const printed = await J(['pull', invitationId]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('@customer-journey/dsl');
    expect(printed.stdout).toContain('Invitation (final)');

    const written = await J(['pull', invitationId, '--out', 'pulled/invitation.journey.ts', '--json']);
    expect(written.code).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({ id: invitationId, name: 'Event invitation', out: 'pulled/invitation.journey.ts' });
    const code = await readFile(join(dir, 'pulled/invitation.journey.ts'), 'utf8');
    expect(code).toBe((JSON.parse(written.stdout) as { code: string }).code);

    // The pulled file is a journey file itself: it rebuilds the record exactly.
    const roundTrip = await J(['diff', 'pulled/invitation.journey.ts', `org:${invitationId}`]);
    expect(roundTrip.stdout).toContain('No differences.');
    expect(roundTrip.code).toBe(0);
  });

  it('pull of an id the org does not hold: exit 2', async () => {
    const r = await J(['pull', '00000000-0000-4000-8000-000000000002']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^journey: GET http:\/\/127\.0\.0\.1:\d+\/api\/data\/v9\.2\/msdyncrm_customerjourneys\(00000000-0000-4000-8000-000000000002\) failed with 404/);
  });

  it('keeps records in --data instead of the default file', async () => {
    const r = await J(['push', fixture('two-journeys.mjs'), '--data', 'other/records.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 created');
    expect(existsSync(join(dir, 'other/records.json'))).toBe(true);
  });
});

describe('journey emulator', () => {
  it('runs in the foreground, serves the org, and stops on SIGTERM with exit 0', async () => {
    const child = spawnJourney(['emulator', '--port', '0', '--data', 'fg/data.json'], { cwd: dir });
    const [, url] = await waitForOutput(child, /Emulator running at (http:\/\/127\.0\.0\.1:\d+)/);
    expect(url).toBeDefined();

    // Commands reach it through JOURNEY_ORG_URL, and through --org with a token.
    const viaEnv = await J(['push', fixture('invitation.journey.ts'), '--json'], { JOURNEY_ORG_URL: url as string });
    expect(viaEnv.code).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ journeys: [{ action: 'created' }] });
    const viaOrg = await J(['push', fixture('invitation.journey.ts'), '--org', url as string], { JOURNEY_TOKEN: 'test-secret-token' });
    expect(viaOrg.code).toBe(0);
    expect(viaOrg.stdout).toContain('unchanged');
    const validated = await J(['validate', fixture('invalid.journey.ts'), '--org', url as string, '--json'], { JOURNEY_TOKEN: 'test-secret-token' });
    expect(JSON.parse(validated.stdout)).toMatchObject({ source: 'org' });
    expect([0, 1]).toContain(validated.code);

    // Errors name the request but never the token.
    const missing = await J(['pull', '00000000-0000-4000-8000-000000000003', '--org', url as string], { JOURNEY_TOKEN: 'test-secret-token' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/404/);
    expect(missing.stderr + missing.stdout).not.toContain('test-secret-token');

    const response = await fetch(`${url}/api/data/v9.2/msdyncrm_customerjourneys`, { headers: { Authorization: 'Bearer local' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { value: { msdyncrm_name: string }[] };
    expect(body.value.map((r) => r.msdyncrm_name)).toStrictEqual(['Event invitation']);

    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(existsSync(join(dir, 'fg/data.json'))).toBe(true);
  });

  it('--json prints the URL as JSON; SIGINT stops it too', async () => {
    const child = spawnJourney(['emulator', '--port', '0', '--data', 'fg2/data.json', '--json'], { cwd: dir });
    const [line] = await waitForOutput(child, /\{.*\}\n/);
    expect(JSON.parse(line)).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
  });
});
