/**
 * The library side of the command line: `run` with captured output, and `loadJourneys`.
 */
import { describe, expect, it } from 'vitest';
import { JourneyFilesError, JourneyLoadError, loadJourneyFiles, loadJourneys, run, type RunIo } from '../src/index.js';
import { FIXTURES, fixture } from './helpers.js';

function capture(extra: Partial<RunIo> = {}): { io: RunIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: FIXTURES, env: {}, ...extra },
    out: () => out,
    err: () => err,
  };
}

describe('run', () => {
  it('returns 2 for a usage error and writes it to the given stderr', async () => {
    const c = capture();
    expect(await run(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toMatch(/unknown command 'frobnicate'/);
    expect(c.out()).toBe('');
  });

  it('returns 0 for help, written to the given stdout', async () => {
    const c = capture();
    expect(await run(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Usage: journey');
  });

  it('returns 1 for a diff that finds differences, 0 for none', async () => {
    const c = capture();
    expect(await run(['diff', 'two-journeys.mjs#welcome', 'two-journeys.mjs#winBack', '--json'], c.io)).toBe(1);
    expect(JSON.parse(c.out())).toMatchObject({ a: 'two-journeys.mjs#welcome', b: 'two-journeys.mjs#winBack', equal: false });
    const same = capture();
    expect(await run(['diff', 'two-journeys.mjs#welcome', 'two-journeys.mjs#welcome'], same.io)).toBe(0);
    expect(same.out()).toContain('No differences.');
  });

  it('redacts the token from anything it prints on stderr', async () => {
    const c = capture({ env: { JOURNEY_TOKEN: 'very-secret-token' } });
    expect(await run(['build', 'very-secret-token.ts'], c.io)).toBe(2);
    expect(c.err()).toBe('journey: ***.ts: file not found\n');
  });
});

describe('loadJourneys', () => {
  it('returns every journey a module exports, default first, builders built and functions called', async () => {
    const journeys = await loadJourneys(fixture('two-journeys.mjs'));
    expect(journeys.map((j) => [j.exportName, j.tree.settings.name])).toStrictEqual([
      ['welcome', 'Welcome'],
      ['winBack', 'Win back'],
    ]);
  });

  it('throws a JourneyLoadError naming the file', async () => {
    await expect(loadJourneys('missing.ts', FIXTURES)).rejects.toThrow(new JourneyLoadError('missing.ts', 'file not found'));
    await expect(loadJourneys(fixture('no-journey.ts'))).rejects.toBeInstanceOf(JourneyLoadError);
  });
});

describe('loadJourneyFiles', () => {
  it('loads many files through one loader and returns frozen journeys, file by file', async () => {
    const journeys = await loadJourneyFiles(['two-journeys.mjs', 'invitation.journey.ts'], { cwd: FIXTURES });
    expect(journeys.map((j) => [j.file, j.exportName, j.tree.settings.name])).toStrictEqual([
      ['two-journeys.mjs', 'welcome', 'Welcome'],
      ['two-journeys.mjs', 'winBack', 'Win back'],
      ['invitation.journey.ts', 'default', 'Event invitation'],
    ]);
    const [, , invitation] = journeys;
    expect(Object.isFrozen(invitation?.tree)).toBe(true);
    expect(Object.isFrozen(invitation?.tree.root.children[0]?.header)).toBe(true);
  });

  it('throws one JourneyFilesError naming every file that cannot be used', async () => {
    const error = await loadJourneyFiles(['throws.ts', 'invitation.journey.ts', 'no-journey.ts', 'missing.ts'], { cwd: FIXTURES }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JourneyFilesError);
    const files = error as JourneyFilesError;
    expect(files.message).toBe('3 of 4 journey files could not be loaded');
    expect(files.errors.map((e) => [e.file, e.line, e.column, e.reason])).toStrictEqual([
      ['throws.ts', 1, 7, 'failed to load: the journey file is broken on purpose'],
      ['no-journey.ts', undefined, undefined, 'exports no journey (export a built journey, a builder, or a function returning one)'],
      ['missing.ts', undefined, undefined, 'file not found'],
    ]);
    expect(files.errors[0]?.message).toBe('throws.ts:1:7: failed to load: the journey file is broken on purpose');
  });

  it('refuses a timeout that is not above 0', async () => {
    await expect(loadJourneyFiles(['invitation.journey.ts'], { cwd: FIXTURES, timeoutMs: 0 })).rejects.toThrow('timeoutMs must be above 0, got 0');
  });
});
