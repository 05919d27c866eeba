import { describe, expect, it } from 'vitest';
import type { Activity, JourneyTree } from '../src/model.js';
import { renderMermaid, renderSvg } from '../src/render/index.js';
import { parseSvg, scanSvg } from './helpers/render-dom.js';
import { allNames, chainTree, countTiles, everyTileTree, makeTree, NASTY_NAMES, type TileSpec } from './helpers/render-trees.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Box {
  readonly id: string;
  readonly type: string;
  readonly family: string;
  readonly title: string;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill: string;
}

/** Parses an SVG, asserting it is well formed, and returns its document and tile boxes. */
async function parse(svg: string): Promise<{ doc: Document; boxes: Box[]; byId: Map<string, Box> }> {
  const doc = await parseSvg(svg);
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  const root = doc.documentElement;
  expect(root.localName).toBe('svg');
  expect(root.namespaceURI).toBe(SVG_NS);
  const boxes: Box[] = [];
  // Static node lists: jsdom's live collections get slow on large documents.
  for (const g of Array.from(doc.querySelectorAll('g.tile'))) {
    const cls = g.getAttribute('class') ?? '';
    const rect = g.querySelector('rect');
    const title = g.querySelector('title');
    const text = g.querySelector('text');
    if (rect === null || title === null || text === null) throw new Error('tile without rect, title or text');
    boxes.push({
      id: g.getAttribute('data-activity-id') ?? '',
      type: g.getAttribute('data-type') ?? '',
      family: cls.replace('tile ', ''),
      title: title.textContent ?? '',
      text: Array.from(text.querySelectorAll('tspan')).map((t) => t.textContent ?? '').join('\n'),
      x: Number(rect.getAttribute('x')),
      y: Number(rect.getAttribute('y')),
      w: Number(rect.getAttribute('width')),
      h: Number(rect.getAttribute('height')),
      fill: rect.getAttribute('fill') ?? '',
    });
  }
  return { doc, boxes, byId: new Map(boxes.map((b) => [b.id, b])) };
}

interface Rect {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Asserts that no two boxes overlap (sweep over boxes sorted by top), and all lie inside the viewBox. */
function expectNoOverlap(viewBox: string | null | undefined, boxes: readonly Rect[]): void {
  const [, , vw, vh] = (viewBox ?? '').split(' ').map(Number);
  const sorted = [...boxes].sort((a, b) => a.y - b.y || a.x - b.x);
  const outside = sorted.filter(
    (b) => !(b.w > 0 && b.h > 0 && b.x >= 0 && b.y >= 0 && b.x + b.w <= (vw ?? 0) && b.y + b.h <= (vh ?? 0)),
  );
  expect(outside.map((b) => b.id)).toEqual([]);
  const overlaps: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as Rect;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as Rect;
      if (b.y >= a.y + a.h) break; // sorted by top: nothing further down can overlap a
      if (!(b.x >= a.x + a.w || a.x >= b.x + b.w)) overlaps.push(`${a.id}/${b.id}`);
    }
  }
  expect(overlaps).toEqual([]);
}

/** Asserts each parent is centred over its first and last child, and children sit lower. */
function expectCentred(tree: JourneyTree | Activity, byId: ReadonlyMap<string, Rect>): void {
  const bad: string[] = [];
  const stack: Activity[] = ['root' in tree ? tree.root : tree];
  while (stack.length > 0) {
    const a = stack.pop() as Activity;
    const p = byId.get(a.id) as Rect;
    if (a.children.length > 0) {
      const first = byId.get((a.children[0] as Activity).id) as Rect;
      const last = byId.get((a.children.at(-1) as Activity).id) as Rect;
      const mid = (first.x + first.w / 2 + last.x + last.w / 2) / 2;
      if (Math.abs(p.x + p.w / 2 - mid) > 0.11) bad.push(`${a.id} not centred`);
      for (const c of a.children) if ((byId.get(c.id) as Rect).y <= p.y + p.h) bad.push(`${c.id} not below ${a.id}`);
    }
    for (const c of a.children) stack.push(c);
  }
  expect(bad).toEqual([]);
}

/** What XML can hold of a name: line breaks normalized, other control characters as U+FFFD. */
function xmlSafe(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\uFFFD');
}

/** A small seeded generator so the random trees are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TYPES = ['Email', 'Scheduler', 'CreateCrmActivity', 'InvokeWorkflow', 'CreateLead', 'Event', 'LandingPage', 'RecordUpdate', 'x_Custom'];

function randomTree(seed: number, maxTiles: number): JourneyTree {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let budget = maxTiles;
  interface Mutable { type: string; name?: string; relation?: 'YesBranch' | 'NoBranch'; nested?: { type: string; name: string }[]; children: Mutable[] }
  const make = (): Mutable => {
    budget--;
    const nestedCount = random() < 0.3 ? Math.floor(random() * 7) : 0;
    const words = Math.floor(random() * 12);
    return {
      type: pick(TYPES),
      name: Array.from({ length: words }, () => pick(['Welcome', 'offer', 'an extraordinarily-long-word-without-spaces', '🎉', '日本語', 'x'])).join(' '),
      nested: Array.from({ length: nestedCount }, (_, k) => ({ type: 'LandingPage', name: `Page ${k}` })),
      children: [],
    };
  };
  const top = make();
  const open: Mutable[] = [top];
  while (budget > 0 && open.length > 0) {
    const parent = open.splice(Math.floor(random() * open.length), 1)[0] as Mutable;
    const shape = random();
    if (shape < 0.2) {
      parent.type = 'Trigger';
      const yes = make();
      yes.relation = 'YesBranch';
      const no: Mutable = random() < 0.4 ? { type: 'empty', relation: 'NoBranch', children: [] } : { ...make(), relation: 'NoBranch' };
      parent.children.push(yes, no);
    } else if (shape < 0.3) {
      parent.type = 'Splitter';
      const k = 2 + Math.floor(random() * 3);
      for (let i = 0; i < k && budget > 0; i++) {
        budget--;
        const branch: Mutable = { type: 'SplitterBranch', name: `Branch ${i}`, children: [make()] };
        parent.children.push(branch);
      }
    } else {
      const k = random() < 0.15 ? 2 + Math.floor(random() * 3) : 1;
      for (let i = 0; i < k && budget > 0; i++) parent.children.push(make());
    }
    for (const c of parent.children) {
      if (c.type === 'SplitterBranch') open.push(...c.children);
      else if (c.type !== 'empty') open.push(c);
    }
  }
  return makeTree(`Random ${seed}`, [top as TileSpec]);
}

describe('renderSvg', () => {
  it('is a standalone, well-formed SVG document with a viewBox and no external resources', async () => {
    const svg = renderSvg(everyTileTree());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const { doc } = await parse(svg);
    const root = doc.documentElement;
    expect(root.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
    expect(root.getAttribute('width')).toBe(root.getAttribute('viewBox')?.split(' ')[2]);
    for (const tag of ['script', 'image', 'foreignObject', 'style', 'a', 'use']) {
      expect(doc.getElementsByTagName(tag), tag).toHaveLength(0);
    }
    for (const el of Array.from(doc.getElementsByTagName('*'))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.toLowerCase().startsWith('on'), attr.name).toBe(false);
        expect(attr.name).not.toMatch(/href$/i);
        if (attr.value.includes('url(')) expect(attr.value).toMatch(/^url\(#[\w-]+\)$/);
      }
    }
    expect(doc.getElementsByTagName('title')[0]?.textContent).toBe('Customer journey: Every tile');
  });

  it('draws one box per tile with its type, name and nested items, and one edge per link', async () => {
    const tree = everyTileTree();
    const { doc, boxes, byId } = await parse(renderSvg(tree));
    expect(boxes).toHaveLength(countTiles(tree));
    expect(doc.querySelectorAll('g.edges > path')).toHaveLength(countTiles(tree) - 1);
    const email = boxes.find((b) => b.type === 'Email') as Box;
    expect(email.text).toBe('EMAIL\nInvitation\n• Landing page: Event page\n• Event: Summit 2026\n• Survey: Feedback\n• Marketing form: Sign-up form');
    expect(email.title).toBe(
      `Email: Invitation\n• Landing page: Event page\n• Event: Summit 2026\n• Survey: Feedback\n• Marketing form: Sign-up form\nActivityId ${email.id}`,
    );
    expect(byId.get('01')?.text).toBe('START\nEvery tile');
    expect(boxes.find((b) => b.type === 'Trigger')?.text).toBe('IF/THEN\nRegistered?');
    expect(boxes.find((b) => b.type === 'contoso_SmsTile')?.text).toBe('CONTOSO_SMSTILE\nCustom SMS');
    const empty = boxes.find((b) => b.type === 'empty') as Box;
    expect(empty.text).toBe('(empty)');
    expect(empty.w).toBeLessThan(email.w);
    expect(empty.h).toBeLessThan(email.h);
    for (const name of allNames(tree)) expect(boxes.some((b) => b.title.includes(name)), name).toBe(true);
  });

  it('labels yes/no, splitter branch and parallel edges', async () => {
    const { doc } = await parse(renderSvg(everyTileTree()));
    const labels = Array.from(doc.querySelectorAll('g.edge-labels > text')).map((t) => t.textContent);
    expect(labels.filter((l) => l === 'yes')).toHaveLength(1);
    expect(labels.filter((l) => l === 'no')).toHaveLength(1);
    expect(labels).toContain('Half A');
    expect(labels).toContain('Half B');
    for (let b = 0; b < 6; b++) expect(labels).toContain(`branch ${b}`);
  });

  it('colours tile families differently', async () => {
    const { boxes } = await parse(renderSvg(everyTileTree()));
    const fillByFamily = new Map<string, string>();
    for (const b of boxes) {
      const known = fillByFamily.get(b.family);
      if (known !== undefined) expect(b.fill, b.family).toBe(known);
      fillByFamily.set(b.family, b.fill);
    }
    expect(fillByFamily.size).toBe(10);
    expect(new Set(fillByFamily.values()).size).toBe(10);
  });

  it('lays out without overlaps and centres parents over their children', async () => {
    const tree = everyTileTree();
    const { doc, boxes, byId } = await parse(renderSvg(tree));
    expectNoOverlap(doc.documentElement.getAttribute('viewBox'), boxes);
    expectCentred(tree, byId);
  });

  it('tucks a short branch in next to a wide one instead of beyond its whole width', async () => {
    const wide: TileSpec = {
      type: 'Email',
      name: 'Yes path',
      relation: 'YesBranch',
      children: [
        {
          type: 'Splitter',
          name: 'Four ways',
          children: ['A', 'B', 'C', 'D'].map((b) => ({ type: 'SplitterBranch', name: b, children: [{ type: 'Email', name: `Mail ${b}` }] })),
        },
      ],
    };
    const tree = makeTree('Tidy', [{ type: 'Trigger', name: 'Opened?', children: [wide, { type: 'Email', name: 'No path', relation: 'NoBranch' }] }]);
    const { doc, boxes, byId } = await parse(renderSvg(tree));
    expectNoOverlap(doc.documentElement.getAttribute('viewBox'), boxes);
    expectCentred(tree, byId);
    const yes = boxes.find((b) => b.title.startsWith('Email: Yes path')) as Box;
    const no = boxes.find((b) => b.title.startsWith('Email: No path')) as Box;
    const mailD = boxes.find((b) => b.title.startsWith('Email: Mail D')) as Box;
    expect(no.y).toBe(yes.y);
    // On its own row the no path sits one gap to the right of the yes path, above the yes path's
    // widest rows.
    expect(no.x - (yes.x + yes.w)).toBeCloseTo(28, 5);
    expect(no.x).toBeLessThan(mailD.x + mailD.w);
  });

  it('lays out random trees without overlaps, parents centred', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const tree = randomTree(seed, 5 + (seed % 7) * 20);
      const scan = scanSvg(renderSvg(tree, { showIds: seed % 2 === 0, nodeWidth: 150 + (seed % 3) * 60 }));
      expect(scan.error).toBeUndefined();
      expect(scan.boxes).toHaveLength(countTiles(tree));
      expectNoOverlap(scan.viewBox, scan.boxes);
      expectCentred(tree, new Map(scan.boxes.map((b) => [b.id, b])));
    }
  });

  it('escapes nasty names, keeps every full name in a title and wraps or cuts long ones', async () => {
    const long = `${'Very long name '.repeat(20)}end`;
    const names = [...NASTY_NAMES, long, 'Ünïcode\u2028separator', 'lone \uD800 surrogate'];
    const tree = makeTree('Nasty <svg> & "co" \'x\'', [
      {
        type: 'Splitter',
        name: 'Split',
        children: names.map((name) => ({ type: 'SplitterBranch', name, children: [{ type: 'Email', name, nested: [{ type: 'LandingPage', name }] }] })),
      },
    ]);
    const svg = renderSvg(tree, { showIds: true });
    expect(svg).not.toContain('<script>');
    const { doc, boxes } = await parse(svg);
    expect(boxes).toHaveLength(countTiles(tree));
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(doc.getElementsByTagName('title')[0]?.textContent).toBe('Customer journey: Nasty <svg> & "co" \'x\'');
    for (const name of names) {
      const expected = xmlSafe(name).replace('\uD800', '\uFFFD');
      expect(boxes.filter((b) => b.title.includes(`Email: ${expected}\n`)), JSON.stringify(name)).toHaveLength(1);
    }
    const longBox = boxes.find((b) => b.type === 'Email' && b.title.includes(long)) as Box;
    const lines = longBox.text.split('\n');
    expect(lines[0]).toBe('EMAIL');
    expect(lines.slice(1, 4).every((l) => l.length <= 40)).toBe(true);
    expect(lines[3]?.endsWith('…')).toBe(true);
    expect(lines[4]?.startsWith('• Landing page: Very long')).toBe(true);
    expect(lines[4]?.endsWith('…')).toBe(true);
    // A long branch name on an edge is cut and carries its full text in a title.
    const edgeTitles = Array.from(doc.querySelectorAll('g.edge-labels > text > title')).map((t) => t.textContent);
    expect(edgeTitles).toContain(long);
    expectNoOverlap(doc.documentElement.getAttribute('viewBox'), boxes);
  });

  it('lists many nested items up to a limit, then +n more', async () => {
    const nested = Array.from({ length: 9 }, (_, k) => ({ type: 'SegmentItem', displayName: `Segment ${k}` }));
    const tree = makeTree('Segments', [{ type: 'Segment', name: 'Many', nested }]);
    const { boxes } = await parse(renderSvg(tree, { maxNestedItems: 4 }));
    const box = boxes.find((b) => b.type === 'Segment') as Box;
    expect(box.text.split('\n')).toEqual(['SEGMENT GROUP', 'Many', '• Segment: Segment 0', '• Segment: Segment 1', '• Segment: Segment 2', '+6 more']);
    for (let k = 0; k < 9; k++) expect(box.title).toContain(`• Segment: Segment ${k}`);
  });

  it('renders a 5,000-deep chain without recursion', async () => {
    const tree = chainTree(5000);
    const svg = renderSvg(tree);
    // jsdom takes long to build a document this size; its XML parser alone checks it quickly.
    const scan = scanSvg(svg);
    expect(scan.error).toBeUndefined();
    expect(scan.root).toBe('http://www.w3.org/2000/svg svg');
    expect(scan.boxes).toHaveLength(5001);
    expectNoOverlap(scan.viewBox, scan.boxes);
    expect(scan.boxes.find((b) => b.id === '01_c4999')?.title).toBe('Email: Step 4999\nActivityId 01_c4999');
    // A chain is one column.
    expect(new Set(scan.boxes.map((b) => b.x + b.w / 2)).size).toBe(1);
    // A shorter chain goes through jsdom's DOMParser as well.
    const { doc, boxes } = await parse(renderSvg(chainTree(300)));
    expect(boxes).toHaveLength(301);
    expectNoOverlap(doc.documentElement.getAttribute('viewBox'), boxes);
  });

  it('is deterministic and does not change the tree', () => {
    const tree = everyTileTree();
    const before = JSON.stringify(tree);
    expect(renderSvg(tree)).toBe(renderSvg(everyTileTree()));
    expect(JSON.stringify(tree)).toBe(before);
  });

  it('draws a subtree given an activity, and a journey with no tiles', async () => {
    const tree = everyTileTree();
    const email = tree.root.children[0]?.children[0] as Activity;
    const { boxes, byId } = await parse(renderSvg(email));
    expect(boxes).toHaveLength(10);
    expectCentred(email, byId);
    const lone = await parse(renderSvg(makeTree('Nothing yet', [])));
    expect(lone.boxes.map((b) => b.text)).toEqual(['START\nNothing yet']);
  });
});

describe('hand-made trees', () => {
  it('draws a tile that is its own ancestor once more as a leaf instead of looping', () => {
    const loop: { -readonly [K in keyof Activity]: Activity[K] } = {
      type: 'Email',
      id: '01_0',
      relation: 'Default',
      branch: 0,
      header: { type: 'Email', itemId: 1, name: 'Loop' },
      nested: [],
      children: [],
    };
    loop.children = [loop];
    const scan = scanSvg(renderSvg(loop));
    expect(scan.error).toBeUndefined();
    expect(scan.boxes.map((b) => b.id)).toEqual(['01_0', '01_0']);
    expect(renderMermaid(loop).split('\n').filter((l) => l.includes('-->'))).toEqual(['  t01_0 --> t01_0__2']);
  });
});
