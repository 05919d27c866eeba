import { beforeAll, describe, expect, it } from 'vitest';
import type { Activity, JourneyTree } from '../src/model.js';
import { renderMermaid, tileLabel } from '../src/render/index.js';
import { loadMermaid, parseFlowchart, type ParsedFlowchart } from './helpers/render-dom.js';
import { allNames, chainTree, countTiles, everyTileTree, makeTree, NASTY_NAMES, type TileSpec } from './helpers/render-trees.js';

/** The label text a reader sees for a name: line breaks, tabs and control characters as spaces or U+FFFD. */
function shown(name: string): string {
  return name
    .replace(/\r\n|[\n\r\u2028\u2029]/g, ' ')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

function vertexFor(parsed: ParsedFlowchart, activityId: string): { text: string; classes: readonly string[]; type: string | undefined } {
  const v = parsed.vertices.get(`t${activityId.replace(/[^A-Za-z0-9_]/g, '_')}`);
  if (v === undefined) throw new Error(`no vertex for ${activityId}`);
  return v;
}

function findActivity(tree: JourneyTree, predicate: (a: Activity) => boolean): Activity {
  const stack: Activity[] = [tree.root];
  while (stack.length > 0) {
    const a = stack.pop() as Activity;
    if (predicate(a)) return a;
    for (const c of a.children) stack.push(c);
  }
  throw new Error('not found');
}

beforeAll(async () => {
  await loadMermaid();
});

describe('renderMermaid', () => {
  it('parses with mermaid, one vertex per tile and one edge per parent link', async () => {
    const tree = everyTileTree();
    const text = renderMermaid(tree);
    expect(text.startsWith('flowchart TD\n')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    const parsed = await parseFlowchart(text);
    expect(parsed.diagramType).toBe('flowchart-v2');
    const tiles = countTiles(tree);
    expect(parsed.vertices.size).toBe(tiles);
    expect(parsed.edges).toHaveLength(tiles - 1);
  });

  it('labels nodes by tile type and name, root by the journey name, nested items in the label', async () => {
    const tree = everyTileTree();
    const parsed = await parseFlowchart(renderMermaid(tree));
    expect(vertexFor(parsed, '01').text).toBe('Start\nEvery tile');
    const segment = findActivity(tree, (a) => a.type === 'Segment');
    expect(vertexFor(parsed, segment.id).text).toBe(
      'Segment group\nCustomers\n• Segment: Demo segment\n• Segment: Unsubscribed (Exclusion)',
    );
    const email = findActivity(tree, (a) => a.type === 'Email');
    expect(vertexFor(parsed, email.id).text).toBe(
      'Email\nInvitation\n• Landing page: Event page\n• Event: Summit 2026\n• Survey: Feedback\n• Marketing form: Sign-up form',
    );
    const expectations: Record<string, string> = {
      Scheduler: 'Wait',
      Trigger: 'If/then',
      Splitter: 'Split',
      SplitterBranch: 'Branch',
      CreateCrmActivity: 'Activity',
      InvokeWorkflow: 'Run workflow',
      CreateLead: 'Create lead',
      Event: 'Event',
      LandingPage: 'Landing page',
      MarketingForm: 'Marketing form',
      Survey: 'Survey',
      RecordUpdate: 'Record updated',
      LinkedInCampaign: 'LinkedIn campaign',
      contoso_SmsTile: 'contoso_SmsTile',
    };
    for (const [type, label] of Object.entries(expectations)) {
      const tile = findActivity(tree, (a) => a.type === type);
      expect(vertexFor(parsed, tile.id).text.split('\n')[0], type).toBe(label);
      expect(vertexFor(parsed, tile.id).text.split('\n')[1], type).toBe(tile.header?.name);
    }
    const empty = findActivity(tree, (a) => a.type === 'empty');
    expect(vertexFor(parsed, empty.id).text).toBe('(empty)');
    expect(vertexFor(parsed, empty.id).type).toBe('circle');
  });

  it('labels yes/no, splitter branch and parallel edges', async () => {
    const tree = everyTileTree();
    const parsed = await parseFlowchart(renderMermaid(tree));
    const byEnd = new Map(parsed.edges.map((e) => [e.end, e]));
    const label = (a: Activity): string => byEnd.get(`t${a.id}`)?.text ?? '<missing>';
    const yes = findActivity(tree, (a) => a.relation === 'YesBranch');
    const no = findActivity(tree, (a) => a.relation === 'NoBranch');
    expect(label(yes)).toBe('yes');
    expect(label(no)).toBe('no');
    expect(byEnd.get(`t${no.id}`)?.stroke).toBe('dotted');
    const splitter = findActivity(tree, (a) => a.type === 'Splitter');
    expect(splitter.children.map(label)).toEqual(['Half A', 'Half B']);
    const entry = findActivity(tree, (a) => a.type === 'RecordUpdate');
    expect(entry.children.map(label)).toEqual(entry.children.map((c) => `branch ${c.branch}`));
    // Two entry tiles under the root are parallel flows too.
    expect(tree.root.children.map(label)).toEqual(['branch 0', 'branch 1']);
    // A single child of a plain tile has no label.
    const email = findActivity(tree, (a) => a.type === 'Email');
    expect(label(email)).toBe('');
  });

  it('uses sanitized ActivityIds as node ids and keeps them unique', async () => {
    const tree = makeTree('Ids', [
      { type: 'Email', name: 'a', id: '01-2' },
      { type: 'Email', name: 'b', id: '01_2' },
      { type: 'Email', name: 'c', id: '01 2' },
      { type: 'Email', name: 'd', id: 'end' },
      { type: 'Email', name: 'e', id: 'style:#x;' },
      { type: 'Email', name: 'f', id: '' },
    ]);
    const text = renderMermaid(tree);
    const parsed = await parseFlowchart(text);
    expect(parsed.vertices.size).toBe(7);
    expect(parsed.edges).toHaveLength(6);
    expect([...parsed.vertices.keys()]).toEqual(['t01', 't01_2', 't01_2__2', 't01_2__3', 'tend', 'ts_tyle__x_', 't']);
    expect([...parsed.vertices.values()].map((v) => v.text.split('\n')[1])).toEqual(['Ids', 'a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('escapes every nasty name so that mermaid shows it exactly (as one line)', async () => {
    const specs: TileSpec[] = NASTY_NAMES.map((name) => ({ type: 'Email', name }));
    const tree = makeTree('Nasty "journey" <b>|#', [
      {
        type: 'Splitter',
        name: 'Split "by" <x>',
        children: NASTY_NAMES.map((name) => ({ type: 'SplitterBranch', name, children: [{ type: 'Trigger', name, children: [{ type: 'Email', name, relation: 'YesBranch' }, { type: 'empty', relation: 'NoBranch' }] }] })),
      },
      ...specs,
    ]);
    const text = renderMermaid(tree, { showIds: true });
    // Nothing from a name may leave its quotes: every line is a node, an edge or a class definition.
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart TD');
    for (const line of lines.slice(1)) {
      expect(line.replaceAll('<br/>', '\n')).toMatch(/^ {2}(t\w*(\(\["|\{\{"|\{"|\(\("|\("|\[\["|\[")[^"<>|]*("\]\)|"\}\}|"\}|"\)\)|"\)|"\]\]|"\]):::\w+|t\w* -\.?->(\|"[^"\n<>|]*"\|)? t\w*|classDef \w+ [^"\n]+)$/);
    }
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('%%{');
    const parsed = await parseFlowchart(text);
    expect(parsed.vertices.size).toBe(countTiles(tree));
    expect(parsed.edges).toHaveLength(countTiles(tree) - 1);
    expect(parsed.vertices.get('t01')?.text).toBe('Start\nNasty "journey" <b>|#\nid 01');
    for (const a of tree.root.children.slice(1)) {
      expect(vertexFor(parsed, a.id).text).toBe(`Email\n${shown(a.header?.name ?? '')}\nid ${a.id}`);
    }
    const splitter = tree.root.children[0] as Activity;
    const edgeLabels = new Map(parsed.edges.map((e) => [e.end, e.text]));
    for (const branch of splitter.children) {
      const name = shown(branch.header?.name ?? '');
      // Edge labels are trimmed; node labels keep inner spacing.
      expect(edgeLabels.get(`t${branch.id}`)).toBe(name.trim());
      const trigger = branch.children[0] as Activity;
      expect(vertexFor(parsed, trigger.id).text).toBe(`If/then\n${name}\nid ${trigger.id}`);
    }
  });

  it('supports LR and shows ids only when asked', async () => {
    const tree = everyTileTree();
    const lr = renderMermaid(tree, { direction: 'LR' });
    expect(lr.startsWith('flowchart LR\n')).toBe(true);
    await parseFlowchart(lr);
    expect(lr).not.toContain('id 01_0');
    const withIds = await parseFlowchart(renderMermaid(tree, { showIds: true }));
    const segment = findActivity(tree, (a) => a.type === 'Segment');
    expect(vertexFor(withIds, segment.id).text.split('\n').at(-1)).toBe(`id ${segment.id}`);
  });

  it('styles tiles by family with class definitions', async () => {
    const text = renderMermaid(everyTileTree());
    const parsed = await parseFlowchart(text);
    expect(vertexFor(parsed, '01').classes).toEqual(['start']);
    const families = new Set([...parsed.vertices.values()].flatMap((v) => v.classes));
    expect([...families].sort()).toEqual(['action', 'audience', 'condition', 'content', 'custom', 'message', 'placeholder', 'split', 'start', 'wait']);
    for (const family of families) expect(text).toContain(`  classDef ${family} `);
  });

  it('is deterministic and does not change the tree', () => {
    const tree = everyTileTree();
    const before = JSON.stringify(tree);
    expect(renderMermaid(tree)).toBe(renderMermaid(everyTileTree()));
    expect(JSON.stringify(tree)).toBe(before);
  });

  it('draws a subtree when given an activity, and a lone root', async () => {
    const tree = everyTileTree();
    const trigger = findActivity(tree, (a) => a.type === 'Trigger');
    const parsed = await parseFlowchart(renderMermaid(trigger));
    expect(vertexFor(parsed, trigger.id).text).toBe('If/then\nRegistered?');
    // The trigger, its yes path (activity, wait, split, two branches, two tiles) and the empty no path.
    expect(parsed.vertices.size).toBe(9);
    const lone = await parseFlowchart(renderMermaid(makeTree('Nothing yet', [])));
    expect([...lone.vertices.values()].map((v) => v.text)).toEqual(['Start\nNothing yet']);
  });

  it('renders a 5,000-deep chain without recursion, and mermaid parses a 200-deep one', async () => {
    const deep = renderMermaid(chainTree(5000));
    expect(deep.split('\n').filter((l) => l.includes(' --> '))).toHaveLength(5000);
    expect(deep).toContain('t01_c4999["Email<br/>Step 4999"]:::message');
    const parsed = await parseFlowchart(renderMermaid(chainTree(200)));
    expect(parsed.vertices.size).toBe(201);
    expect(parsed.edges).toHaveLength(200);
  });

  it('lists every tile name of a tree', () => {
    const tree = everyTileTree();
    const text = renderMermaid(tree);
    for (const name of allNames(tree)) expect(text).toContain(name.replace(/"/g, '#quot;'));
  });
});

describe('tileLabel', () => {
  it('gives the human label of every known type and the id of unknown ones', () => {
    expect(
      ['Segment', 'Email', 'Scheduler', 'Trigger', 'Splitter', 'SplitterBranch', 'CreateCrmActivity', 'InvokeWorkflow', 'CreateLead', 'Event', 'LandingPage', 'MarketingForm', 'Survey', 'RecordUpdate', 'LinkedInCampaign', 'empty', 'bpf_root'].map(
        (type) => tileLabel({ type }),
      ),
    ).toEqual([
      'Segment group',
      'Email',
      'Wait',
      'If/then',
      'Split',
      'Branch',
      'Activity',
      'Run workflow',
      'Create lead',
      'Event',
      'Landing page',
      'Marketing form',
      'Survey',
      'Record updated',
      'LinkedIn campaign',
      '(empty)',
      'Start',
    ]);
    expect(tileLabel({ type: 'contoso_SmsTile' })).toBe('contoso_SmsTile');
    expect(tileLabel({ type: 'toString' })).toBe('toString');
    expect(tileLabel({ type: '__proto__' })).toBe('__proto__');
  });
});
