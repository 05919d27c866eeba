/**
 * `journey simulate`, run as a user runs it: the built binary as a child process, on real journey
 * and scenario files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, journey, withBuiltCliInTempDir } from './helpers.js';

let dir: string;
withBuiltCliInTempDir((made) => (dir = made));

const J = (args: readonly string[]) => journey(['simulate', ...args], { cwd: dir });
const INVITATION = fixture('invitation.journey.ts');
const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';

describe('journey simulate', () => {
  it('prints the funnel per tile for anonymous contacts at the given rates', async () => {
    const r = await J([INVITATION, '--contacts', '1000', '--rates', 'UserRegistered=0.3', '--seed', '7']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Simulation of "Event invitation": 1000 contacts, 2026-02-01 09:00 UTC to 2026-03-01 09:00 UTC (UTC), seed 7');
    expect(lines.slice(2, 5)).toEqual([
      ' entered  waiting  tile',
      '    1000        0  Customers (Segment group)',
      '    1000        0    Invitation (Email)',
    ]);
    const trigger = /^ {4}1000 {8}0 {6}Registered\? \(If\/then\) → yes: (\d+) \((\d+\.\d)%\), no: (\d+) \((\d+\.\d)%\)$/.exec(lines[5] ?? '');
    expect(trigger).not.toBeNull();
    const yes = Number(trigger?.[1]);
    expect(yes + Number(trigger?.[3])).toBe(1000);
    expect(Math.abs(yes - 300)).toBeLessThanOrEqual(4 * Math.sqrt(1000 * 0.3 * 0.7));
    expect(lines[6]).toBe(`${String(yes).padStart(8)}        0        Thank you (Email)`);
  });

  it('gives byte-equal JSON for the same seed, and another result for another seed', async () => {
    const args = [INVITATION, '--contacts', '500', '--rates', 'UserRegistered=0.5', '--format', 'json'];
    const first = await J([...args, '--seed', '3']);
    const again = await J([...args, '--seed', '3']);
    const other = await J([...args, '--seed', '4']);
    expect(first.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    const result = JSON.parse(first.stdout) as { contactCount: number; seed: number; contacts: object; tiles: Record<string, { entered: number }> };
    expect(result).toMatchObject({ journey: 'Event invitation', contactCount: 500, seed: 3, contacts: {} });
    expect(result.tiles['01_0']?.entered).toBe(500);
  });

  it('reads contacts, interactions and splits from a scenario file and prints each path', async () => {
    await writeFile(
      join(dir, 'scenario.json'),
      JSON.stringify({
        contacts: [{ id: 'ann', segments: [SEGMENT] }, { id: 'bob', segments: ['Demo segment'] }],
        interactions: [{ contact: 'ann', at: '2026-02-03T10:00:00Z', source: 'page', type: 'UserRegistered' }],
      }),
    );
    const r = await J([INVITATION, '--interactions', 'scenario.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('       2        0      Registered? (If/then) → yes: 1 (50.0%), no: 1 (50.0%)\n');
    expect(r.stdout.split('\nPaths:\n')[1]).toBe(
      [
        '  ann',
        '    2026-02-01 09:00 UTC  Customers',
        '    2026-02-01 09:00 UTC  Invitation (email sent)',
        '    2026-02-01 09:00 UTC  Registered? (yes at 2026-02-03 10:00 UTC)',
        '    2026-02-03 10:00 UTC  Thank you (email sent)',
        '  bob',
        '    2026-02-01 09:00 UTC  Customers',
        '    2026-02-01 09:00 UTC  Invitation (email sent)',
        '    2026-02-01 09:00 UTC  Registered? (no at 2026-02-06 09:00 UTC)',
        '    2026-02-06 09:00 UTC  Reminder (email sent)',
        '',
      ].join('\n'),
    );
    const list = await J([INVITATION, '--interactions', 'scenario.json', '--format', 'json']);
    const result = JSON.parse(list.stdout) as { contacts: Record<string, { name: string }[]> };
    expect(result.contacts['bob']?.map((s) => s.name)).toEqual(['Customers', 'Invitation', 'Registered?', 'Reminder']);
  });

  it('accepts a plain list of interactions for anonymous contacts, and prints the warnings', async () => {
    await writeFile(join(dir, 'interactions.json'), JSON.stringify([{ contact: 'contact-2', at: '2026-02-02T09:00:00Z', source: 'page', type: 'UserRegistered' }]));
    const r = await J([INVITATION, '--contacts', '3', '--interactions', 'interactions.json', '--until', '2026-02-03T09:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('       3        2      Registered? (If/then) → yes: 1 (100.0%), no: 0 (0.0%)\n');
    expect(r.stdout).toContain(
      '\nWarnings (1):\n  - If/then "Registered?" (Customers › Invitation › Registered?): 2 contacts were still waiting there when the simulation ended at 2026-02-03T09:00:00.000Z',
    );
  });

  it('draws the counts on an SVG written to --out, or on a Mermaid diagram', async () => {
    const r = await J([INVITATION, '--contacts', '200', '--seed', '1', '--rates', 'UserRegistered=0.5', '--format', 'svg', '--out', 'out/invitation.svg']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote out/invitation.svg (svg, "Event invitation", 200 contacts, 0 warnings)\n');
    const svg = await readFile(join(dir, 'out/invitation.svg'), 'utf8');
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('>200 contacts</tspan>');
    expect(svg).toContain('>200 entered</tspan>');
    const mermaid = await J([INVITATION, '--contacts', '200', '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart TD\n/);
    expect(mermaid.stdout).toContain('<br/>200 entered"]:::message');
    expect(mermaid.stdout).toContain('t01_0_1_2 -->|"no · 100.0#37;"| t01_0_1_2_4'); // % as a Mermaid entity
  });

  it('shows progress on stderr for large runs', async () => {
    const r = await J([INVITATION, '--contacts', '20000', '--rates', 'UserRegistered=0.3']);
    expect(r.code).toBe(0);
    const progress = r.stderr.split('\n').filter((l) => l !== '');
    expect(progress.at(-1)).toBe('simulating: 100% (20000/20000 contacts)');
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(r.stdout).toContain('   20000        0  Customers (Segment group)');
    const small = await J([INVITATION, '--contacts', '9999']);
    expect(small.stderr).toBe('');
  });

  it('refuses bad input with exit code 2 and one line saying what is valid', async () => {
    await writeFile(join(dir, 'bad-source.json'), JSON.stringify([{ contact: 'contact-1', at: '2026-02-02T09:00:00Z', source: 'pgae', type: 'UserRegistered' }]));
    await writeFile(join(dir, 'not-json.json'), '{ contacts: 3 ');
    await writeFile(join(dir, 'odd-field.json'), JSON.stringify({ contacts: 3, people: [] }));
    await writeFile(join(dir, 'listed.json'), JSON.stringify({ contacts: [{ id: 'ann' }] }));
    const cases: [string[], string][] = [
      [[INVITATION, '--rates', 'UserRegistered=2'], 'journey: Simulation of "Event invitation": rates.UserRegistered 2 is not a probability; give a number from 0 to 1\n'],
      [[INVITATION, '--rates', 'UserRegistered'], '"UserRegistered" is not type=probability; give pairs such as UserRegistered=0.3,EmailOpened=0.5'],
      [[INVITATION, '--rates', 'Clicked=0.2'], 'rates.Clicked "Clicked" is not an interaction the simulation knows; use one of UserRegistered, EmailDelivered'],
      [[INVITATION, '--contacts', '-5'], '--contacts must be a whole number, 0 or more.'],
      [[INVITATION, '--seed', 'abc'], '--seed must be a whole number.'],
      [[INVITATION, '--format', 'png'], 'Allowed choices are text, json, svg, mermaid'],
      [[INVITATION, '--interactions', 'missing.json'], 'journey: --interactions missing.json: file not found\n'],
      [[INVITATION, '--interactions', 'not-json.json'], 'journey: --interactions not-json.json: not JSON ('],
      [[INVITATION, '--interactions', 'odd-field.json'], 'journey: --interactions odd-field.json: unknown field "people"; a scenario file may hold contacts, interactions, rates, seed, splits, waitUntil, start, until, timeZone, timelines\n'],
      [[INVITATION, '--interactions', 'listed.json', '--contacts', '5'], 'journey: --contacts and the contacts listed in listed.json cannot be used together; choose one\n'],
      [
        [INVITATION, '--interactions', 'bad-source.json'],
        'journey: Simulation of "Event invitation": interactions[0].source "pgae" is not the key or ActivityItemId of an item of the journey; keys: invite, page; or give an item id such as 1\n',
      ],
      [[INVITATION, '--start', 'tomorrow'], 'journey: Simulation of "Event invitation": start "tomorrow" is not an ISO 8601 date-time; use e.g. 2026-02-01T09:00:00Z\n'],
      [[fixture('two-journeys.mjs')], 'journey: '],
      [[fixture('two-journeys.mjs'), '--export', 'nope'], 'no journey exported as "nope" (exports: welcome, winBack)'],
    ];
    for (const [args, message] of cases) {
      const r = await J(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    const two = await J([fixture('two-journeys.mjs')]);
    expect(two.stderr).toMatch(/two-journeys\.mjs exports 2 journeys \(welcome, winBack\); choose one with --export\n$/);
    const chosen = await J([fixture('two-journeys.mjs'), '--export', 'winBack', '--start', '2026-05-01T00:00:00Z', '--contacts', '2']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('       2        0  Lapsed (Segment group)');
  });
});
