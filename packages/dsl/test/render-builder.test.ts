import { describe, expect, it } from 'vitest';
import { journey, renderMermaid, renderSvg, tileLabel, type JourneyTree } from '@customer-journey/dsl';
import { parseFlowchart, parseSvg } from './helpers/render-dom.js';

const GUID = (n: number): string => `184e5a1a-464a-e911-a873-000d3a1f${String(n).padStart(4, '0')}`;

function eventInvite(): JourneyTree {
  return journey('Event invitation "2026" <beta>', {
    target: 'contact',
    start: '2026-02-01T09:00:00Z',
    end: '2026-03-01T09:00:00Z',
  })
    .segment('Customers', { include: [{ id: GUID(1), name: 'Demo_segment_09c58544', displayName: 'Demo segment' }] })
    .email('Invitation', { emailId: GUID(2), key: 'invite', nested: [{ type: 'LandingPage', id: GUID(3), name: 'Event page', key: 'page' }] })
    .trigger(
      'Registered?',
      { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } },
      {
        yes: (b) =>
          b
            .activity('Follow-up call', { activityType: 'phonecall' })
            .wait({ duration: { value: 1, unit: 'Day' } })
            .split('A/B | test', [
              { name: 'Version "A"', then: (a) => a.email('Thank you A', { emailId: GUID(4) }) },
              { name: 'Version <B>', then: (x) => x.email('Thank you B', { emailId: GUID(5) }) },
            ]),
        no: (b) =>
          b.email('Reminder', { emailId: GUID(7) }).parallel(
            (p) => p.email('Reminder #1', { emailId: GUID(6) }),
            (p) => p.custom('contoso_Sms', 'Text 🎉 message', {}),
          ),
      },
    )
    .build();
}

describe('diagrams of built journeys', () => {
  it('exports the renderers from the package entry', () => {
    expect(typeof renderMermaid).toBe('function');
    expect(typeof renderSvg).toBe('function');
    expect(tileLabel({ type: 'Splitter' })).toBe('Split');
  });

  it('draws a built journey as a Mermaid flowchart that mermaid parses', async () => {
    const tree = eventInvite();
    const parsed = await parseFlowchart(renderMermaid(tree));
    const labels = [...parsed.vertices.values()].map((v) => v.text);
    expect(labels[0]).toBe('Start\nEvent invitation "2026" <beta>');
    expect(labels).toContain('Email\nInvitation\n• Landing page: Event page');
    expect(labels).toContain('Split\nA/B | test');
    expect(labels).toContain('contoso_Sms\nText 🎉 message');
    expect(labels.some((l) => l.startsWith('Wait'))).toBe(true);
    const edgeTexts = parsed.edges.map((e) => e.text).filter((t) => t !== '');
    expect(edgeTexts).toEqual(['yes', 'Version "A"', 'Version <B>', 'no', 'branch 0', 'branch 1']);
  });

  it('draws a built journey as SVG with every tile name', async () => {
    const tree = eventInvite();
    const svg = renderSvg(tree);
    const doc = await parseSvg(svg);
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const titles = Array.from(doc.querySelectorAll('g.tile > title')).map((t) => t.textContent ?? '');
    for (const name of ['Customers', 'Invitation', 'Registered?', 'Follow-up call', 'A/B | test', 'Version "A"', 'Version <B>', 'Thank you A', 'Thank you B', 'Reminder', 'Reminder #1', 'Text 🎉 message']) {
      expect(titles.some((t) => t.includes(`: ${name}\n`)), name).toBe(true);
    }
  });
});
