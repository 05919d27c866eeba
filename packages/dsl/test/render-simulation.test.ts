/**
 * Diagrams with a simulation: counts on every tile and the share taking each branch, in Mermaid
 * (as mermaid itself parses it) and in SVG (as an XML parser reads it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { journey, renderMermaid, renderSvg, simulate, type SimulationResult } from '@customer-journey/dsl';
import { loadMermaid, parseFlowchart, parseSvg } from './helpers/render-dom.js';

const A = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';

const tree = journey('Event invitation', { start: '2026-02-01T09:00:00Z', end: '2026-02-04T09:00:00Z', timeZone: 92 })
  .segment('Customers', { include: [{ id: A }] })
  .email('Invitation', { emailId: EMAIL, nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 1, unit: 'Day' } }, {
    yes: (b) => b.email('Thank you', { emailId: EMAIL }),
    no: (b) =>
      b.split('Reminder test', [
        { name: 'Reminder', then: (r) => r.wait({ duration: { value: 5, unit: 'Day' } }).email('Reminder', { emailId: EMAIL }) },
        { name: 'Silence' },
      ]),
  })
  .build();

let run: SimulationResult;

beforeAll(async () => {
  await loadMermaid();
  run = simulate(tree, { contacts: 1_000, rates: { UserRegistered: 0.25 }, seed: 4, splits: { 'Reminder test': { percentages: [50] } } });
});

/** The share of a branch as the diagrams write it. */
const pct = (key: string, id: string): string => {
  const branches = run.tiles[id]?.branches ?? {};
  const total = Object.values(branches).reduce((s, n) => s + n, 0);
  return `${(((branches[key] ?? 0) / total) * 100).toFixed(1)}%`;
};

describe('renderMermaid with a simulation', () => {
  it('writes each tile counts and each branch share, and still parses', async () => {
    const parsed = await parseFlowchart(renderMermaid(tree, { simulation: run }));
    expect(parsed.vertices.get('t01')?.text).toBe('Start\nEvent invitation\n1000 contacts');
    expect(parsed.vertices.get('t01_0_1')?.text).toBe('Email\nInvitation\n• Landing page: Event page\n1000 entered');
    const wait = run.tiles['01_0_1_2_4_5_6'];
    expect(wait?.waiting).toBeGreaterThan(0);
    expect(parsed.vertices.get('t01_0_1_2_4_5_6')?.text).toBe(`Wait\nWait 5 days\n${wait?.entered} entered · ${wait?.waiting} waiting`);
    const edges = new Map(parsed.edges.map((e) => [`${e.start}>${e.end}`, e.text]));
    expect(edges.get('t01_0_1_2>t01_0_1_2_3')).toBe(`yes · ${pct('yes', '01_0_1_2')}`);
    expect(edges.get('t01_0_1_2>t01_0_1_2_4')).toBe(`no · ${pct('no', '01_0_1_2')}`);
    expect(edges.get('t01_0_1_2_4>t01_0_1_2_4_5')).toBe(`Reminder · ${pct('0', '01_0_1_2_4')}`);
    expect(edges.get('t01_0_1_2_4>t01_0_1_2_4_8')).toBe(`Silence · ${pct('1', '01_0_1_2_4')}`);
    expect(edges.get('t01_0>t01_0_1')).toBe('');
  });

  it('draws the same picture as before without a result', () => {
    const plain = renderMermaid(tree);
    expect(plain).not.toContain('entered');
    expect(plain).toContain('t01_0_1_2 -->|"yes"| t01_0_1_2_3');
  });
});

describe('renderSvg with a simulation', () => {
  it('adds a counts line to every box, taller boxes, and shares on branch edges', async () => {
    const plain = renderSvg(tree);
    const svg = renderSvg(tree, { simulation: run });
    const doc = await parseSvg(svg);
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const counts = new Map(
      Array.from(doc.querySelectorAll('g.tile')).map((g) => [g.getAttribute('data-activity-id'), g.querySelector('tspan.counts')?.textContent]),
    );
    expect(counts.get('01')).toBe('1000 contacts');
    expect(counts.get('01_0')).toBe('1000 entered');
    expect(counts.get('01_0_1_2_3')).toBe(`${run.tiles['01_0_1_2_3']?.entered} entered`);
    const labels = Array.from(doc.querySelectorAll('g.edge-labels text')).map((t) => t.textContent);
    expect(labels).toEqual([`yes · ${pct('yes', '01_0_1_2')}`, `no · ${pct('no', '01_0_1_2')}`, `Reminder · ${pct('0', '01_0_1_2_4')}`, `Silence · ${pct('1', '01_0_1_2_4')}`]);
    const height = (text: string): number => Number(/height="(\d+)"/.exec(text)?.[1]);
    expect(height(svg)).toBeGreaterThan(height(plain));
    const title = doc.querySelector('g.tile[data-activity-id="01_0"] title')?.textContent;
    expect(title).toContain('1000 entered');
    expect(plain).not.toContain('class="counts"');
  });
});
