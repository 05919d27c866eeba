/**
 * The library side of the command line: `run` with captured output, and `loadJourneys`.
 */
import { describe, expect, it } from 'vitest';
import { JourneyLoadError, loadJourneys, run, type RunIo } from '../src/index.js';
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
