/**
 * Loading journey files at scale and when they misbehave, through the built `journey` binary:
 * a thousand files sharing their modules, every broken file reported, errors after loading,
 * `process.exit`, files that never finish, source-mapped lines, and names used twice.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, journey, lines, withBuiltCliInTempDir } from './helpers.js';

let dir: string;
withBuiltCliInTempDir((made) => (dir = made));

const J = (args: readonly string[]) => journey(args, { cwd: dir });


/** Writes a file under the temp folder (creating folders) and returns its name relative to it. */
async function put(name: string, text: string): Promise<string> {
  await mkdir(join(dir, name, '..'), { recursive: true });
  await writeFile(join(dir, name), text);
  return name;
}

/** The source of a small valid journey. */
function journeySource(name: string, extra = ''): string {
  return [
    "import { journey } from '@customer-journey/dsl';",
    extra,
    `export default journey(${JSON.stringify(name)}, { target: 'contact' })`,
    "  .segment('Customers', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })",
    "  .email('Invitation', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })",
    '  .build();',
    '',
  ].join('\n');
}

describe('a thousand journey files', () => {
  it('validates a folder of 1,000 files, loading the modules they share once', async () => {
    // Every file imports the same helper; it counts how often it is evaluated.
    await put(
      'many/shared.ts',
      [
        'const counter = globalThis as { sharedLoads?: number };',
        'counter.sharedLoads = (counter.sharedLoads ?? 0) + 1;',
        'export const loads: number = counter.sharedLoads;',
        '',
      ].join('\n'),
    );
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        put(
          `many/j${String(i).padStart(4, '0')}.journey.ts`,
          journeySource(`Journey ${i}`, "import { loads } from './shared.js';\nconst suffix: string = ` (shared module loaded ${loads}x)`;").replace(
            `"Journey ${i}"`,
            `"Journey ${i}" + suffix`,
          ),
        ),
      ),
    );
    const r = await J(['validate', 'many', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; journeys: { file: string; name: string; result: string }[] };
    expect(out.ok).toBe(true);
    expect(out.journeys).toHaveLength(1000);
    expect(out.journeys[0]).toMatchObject({ file: join('many', 'j0000.journey.ts'), name: 'Journey 0 (shared module loaded 1x)' });
    expect(new Set(out.journeys.map((j) => j.name.replace(/^Journey \d+ /, '')))).toStrictEqual(new Set(['(shared module loaded 1x)']));
  }, 300_000);
});

describe('journey files that misbehave', () => {
  it('reports every file that cannot be used, each with its line, then exits 2', async () => {
    const good = await put('all/good.ts', journeySource('Good'));
    const throws = await put(
      'all/throws.ts',
      [
        'interface Options { readonly strict: boolean }',
        'const options: Options = { strict: true };',
        'type Name = string;',
        'function fail(name: Name, o: Options): never {',
        '  throw new Error(`cannot build ${name} (${String(o.strict)})`);',
        '}',
        "fail('the journey', options);",
        '',
      ].join('\n'),
    );
    const syntax = await put('all/syntax.ts', 'const ok: number = 1;\nexport const = ;\n');
    const none = await put('all/none.ts', 'export const answer: number = 42;\n');
    const r = await J(['validate', good, throws, syntax, 'all/missing.ts', none]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(''); // nothing is checked until every file loads
    expect(lines(r.stderr)).toStrictEqual([
      // Line 5, column 9 of the TypeScript source: the stack is source-mapped.
      'journey: all/throws.ts:5:9: failed to load: cannot build the journey (true)',
      'journey: all/syntax.ts:2:14: failed to load: Expected identifier but found "="',
      'journey: all/missing.ts: file not found',
      'journey: all/none.ts: exports no journey (export a built journey, a builder, or a function returning one)',
      'journey: 4 of 5 journey files could not be loaded',
    ]);
  });

  it('an error after loading (a timer, a rejected promise, an exported rejection) is that file\'s load error', async () => {
    const timer = await put('late/timer.ts', journeySource('Timer', "setTimeout(() => {\n  throw new Error('a timer failed');\n}, 50);"));
    const rejected = await put('late/rejected.ts', journeySource('Rejected', "Promise.reject(new Error('a promise was broken'));"));
    const exported = await put('late/exported.ts', "export default Promise.reject(new Error('not a journey'));\n");
    const good = await put('late/good.ts', journeySource('Good'));
    const r = await J(['validate', timer, rejected, exported, good]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stdout).not.toContain('Valid');
    expect(lines(r.stderr)).toStrictEqual([
      'journey: late/timer.ts:3:9: failed after loading: a timer failed',
      'journey: late/rejected.ts:2:16: failed after loading (a promise was rejected): a promise was broken',
      'journey: late/exported.ts: export "default" is a promise; export the journey itself, or a function returning it synchronously',
      'journey: 3 of 4 journey files could not be loaded',
    ]);
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('a file calling process.exit(0): push fails naming it, and writes nothing', async () => {
    const now = await put('exit/now.ts', journeySource('Exits now', 'process.exit(0);'));
    const later = await put('exit/later.ts', journeySource('Exits later', 'setTimeout(() => process.exit(0), 20);'));
    const good = await put('exit/good.ts', journeySource('Good'));
    const r = await J(['push', now, later, good, '--data', 'exit/records.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toStrictEqual([
      'journey: exit/now.ts:2:9: called process.exit(0) while loading; a journey file must export journeys, not end the process',
      'journey: exit/later.ts:2:26: called process.exit(0) while loading; a journey file must export journeys, not end the process',
      'journey: 2 of 3 journey files could not be loaded',
    ]);
    expect(existsSync(join(dir, 'exit/records.json'))).toBe(false);
  });

  it('a file that never finishes loading is named after --load-timeout, and the others still load', async () => {
    const awaits = await put('slow/awaits.ts', `${journeySource('Awaits')}await new Promise(() => {});\n`);
    const loops = await put('slow/loops.ts', `${journeySource('Loops')}while (Date.now() > 0) {}\n`);
    const timer = await put('slow/timer.ts', journeySource('Timer', 'setTimeout(() => {}, 600_000);'));
    const good = await put('slow/good.ts', journeySource('Good'));
    const r = await J(['validate', awaits, loops, timer, good, '--load-timeout', '1']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toStrictEqual([
      'journey: slow/awaits.ts: did not finish loading within 1 s (its code is still running or waiting); raise --load-timeout if it needs longer',
      'journey: slow/loops.ts: did not finish loading within 1 s (its code is still running or waiting); raise --load-timeout if it needs longer',
      `journey: slow/timer.ts: did not finish loading within 1 s (it still waits for a timer started at ${join(dir, 'slow/timer.ts')}:2:1); raise --load-timeout if it needs longer`,
      'journey: 3 of 4 journey files could not be loaded',
    ]);
  });

  it('--load-timeout holds for the commands that take one journey file, too', async () => {
    const awaits = await put('slow/one.ts', `${journeySource('One')}await new Promise(() => {});\n`);
    const expected = [
      'journey: slow/one.ts: did not finish loading within 1 s (its code is still running or waiting); raise --load-timeout if it needs longer',
    ];
    for (const args of [['simulate', awaits], ['go-live', awaits], ['stop', `${awaits}#default`], ['render', awaits]]) {
      const r = await J([...args, '--load-timeout', '1']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toStrictEqual(expected);
    }
  });

  it('--load-timeout takes seconds above 0 and defaults to 30', async () => {
    for (const bad of ['0', '-1', 'soon']) {
      const r = await J(['validate', fixture('invitation.journey.ts'), '--load-timeout', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--load-timeout must be a number of seconds above 0, such as 30 or 2.5.');
    }
    const help = await J(['validate', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--load-timeout <seconds> how long one journey file may take to load before it is reported (default: 30)',
    );
  });
});

describe('module formats', () => {
  it('a .ts file outside a "type": "module" package loads as CommonJS, its exports included', async () => {
    await put('commonjs/package.json', '{}\n');
    const file = await put(
      'commonjs/legacy.ts',
      [
        "import { journey } from '@customer-journey/dsl';",
        "const segment = { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] };",
        "export const legacy = journey('Legacy', { target: 'contact' }).segment('Everyone', segment);",
        "export default journey('Legacy default', { target: 'contact' }).segment('Everyone', segment).build();",
        '',
      ].join('\n'),
    );
    const r = await J(['validate', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { journeys: { export: string; name: string }[] };
    expect(out.journeys.map((j) => [j.export, j.name])).toStrictEqual([
      ['default', 'Legacy default'],
      ['legacy', 'Legacy'],
    ]);
  });
});

describe('validate and push over folders', () => {
  it('validate accepts folders, as push does', async () => {
    const r = await J(['validate', fixture('folder')]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toStrictEqual([
      `${join(fixture('folder'), 'a.journey.ts')}: Valid: no findings in journey "Folder journey A"`,
      `${join(fixture('folder'), 'nested/b.journey.mjs')}: Valid: no findings in journey "Folder journey B"`,
      '2 journeys checked, 0 with errors',
    ]);
  });

  it('push reports every name used twice, with its files, before anything is written', async () => {
    const a = await put('dupes/a.journey.ts', journeySource('Welcome'));
    const b = await put('dupes/b.journey.ts', journeySource('Welcome'));
    const c = await put(
      'dupes/c.journey.ts',
      [
        "import { journey } from '@customer-journey/dsl';",
        "const segment = { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] };",
        "export const first = journey('Win back', { target: 'contact' }).segment('Lapsed', segment);",
        "export const second = journey('Win back', { target: 'contact' }).segment('Lapsed again', segment);",
        '',
      ].join('\n'),
    );
    const d = await put('dupes/d.journey.ts', journeySource('Welcome'));
    const unique = await put('dupes/e.journey.ts', journeySource('Only once'));
    const long = 'Invitation to the spring summit for every customer who registered last year, second wave';
    const f = await put('dupes/f.journey.ts', journeySource(long));
    const g = await put('dupes/g.journey.ts', journeySource(long));
    const r = await J(['push', 'dupes', '--data', 'dupes.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toStrictEqual([
      `journey: 3 journeys are named "Welcome": ${a}, ${b}, ${d}; a name identifies a journey on the org unless it declares a recordId, so rename all but one or give each its own recordId`,
      `journey: 2 journeys are named "Win back": ${c}#first, ${c}#second; a name identifies a journey on the org unless it declares a recordId, so rename all but one or give each its own recordId`,
      // A long name is cut to 80 characters in the message.
      `journey: 2 journeys are named "${long.slice(0, 79)}…": ${f}, ${g}; a name identifies a journey on the org unless it declares a recordId, so rename all but one or give each its own recordId`,
    ]);
    expect(unique).toBe('dupes/e.journey.ts');
    expect(existsSync(join(dir, 'dupes.json'))).toBe(false);
  });
});
