/**
 * Mermaid flowcharts of journeys, for Markdown and pull requests.
 *
 * @module
 */
import type { Activity, JourneyTree } from '../model.js';
import type { SimulationResult } from '../simulate/types.js';
import { figuresOf, type TileFigures } from './figures.js';
import { flatten, type FlatNode } from './flatten.js';
import type { TileFamily } from './labels.js';
import { mermaidText } from './text.js';

/**
 * Options of {@link renderMermaid}.
 *
 * @example
 * ```ts
 * import { renderMermaid, type MermaidRenderOptions } from '@customer-journey/dsl';
 *
 * const options: MermaidRenderOptions = { direction: 'LR', showIds: true };
 * const text = renderMermaid(tree, options);
 * ```
 */
export interface MermaidRenderOptions {
  /** Flow direction: top-down or left-to-right. @defaultValue `'TD'` */
  readonly direction?: 'TD' | 'LR';
  /** Add each tile's `ActivityId` to its label. @defaultValue `false` */
  readonly showIds?: boolean;
  /**
   * A result of `simulate` for this journey: each tile's label gets its counts (`120 entered ·
   * 3 waiting`, the start node the number of contacts) and each edge out of a trigger or split
   * the share of contacts that took it (`yes · 30.4%`). @defaultValue no figures
   */
  readonly simulation?: SimulationResult;
}

/** Mermaid class definitions, one per tile family, in the order they are written. */
const CLASS_DEFS: ReadonlyArray<readonly [TileFamily, string]> = [
  ['start', 'fill:#eceff1,stroke:#37474f,color:#263238'],
  ['audience', 'fill:#e3f2fd,stroke:#1565c0,color:#0d47a1'],
  ['message', 'fill:#e8f5e9,stroke:#2e7d32,color:#1b5e20'],
  ['content', 'fill:#f1f8e9,stroke:#689f38,color:#33691e'],
  ['wait', 'fill:#fff8e1,stroke:#f9a825,color:#5d4037'],
  ['condition', 'fill:#fff3e0,stroke:#ef6c00,color:#e65100'],
  ['split', 'fill:#f3e5f5,stroke:#7b1fa2,color:#4a148c'],
  ['action', 'fill:#e0f7fa,stroke:#00838f,color:#006064'],
  ['placeholder', 'fill:#ffffff,stroke:#9e9e9e,stroke-dasharray:3 3,color:#757575,font-size:10px'],
  ['custom', 'fill:#fafafa,stroke:#616161,color:#212121'],
];

/** Opening and closing brackets of a node's shape. */
function shapeOf(node: FlatNode): readonly [string, string] {
  switch (node.family) {
    case 'start':
      return ['(["', '"])'];
    case 'condition':
      return ['{"', '"}'];
    case 'wait':
      return ['("', '")'];
    case 'placeholder':
      return ['(("', '"))'];
    case 'split':
      return node.activity.type === 'Splitter' ? ['{{"', '"}}'] : ['("', '")'];
    case 'custom':
      return ['[["', '"]]'];
    default:
      return ['["', '"]'];
  }
}

/**
 * A Mermaid node id for an `ActivityId`: `t` followed by the id with every character other than
 * an ASCII letter, digit or `_` replaced by `_`, and a numeric suffix if that id is taken.
 * Normal ids read as themselves: `01_2_4` becomes `t01_2_4`.
 */
function nodeIdFor(activityId: unknown, used: Set<string>): string {
  const raw = typeof activityId === 'string' ? activityId : String(activityId);
  // `style` and `classDef` would trip Mermaid's colour-value preprocessing (see `mermaidText`).
  const base = `t${raw.replace(/[^A-Za-z0-9_]/g, '_').replace(/style|classDef/g, (w) => `${w.slice(0, 1)}_${w.slice(1)}`)}`;
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}__${n}`;
  used.add(id);
  return id;
}

function labelOf(node: FlatNode, showIds: boolean, figures: TileFigures): string {
  if (node.family === 'placeholder') {
    return showIds ? `${mermaidText(node.typeLabel)}<br/>${mermaidText(node.activity.id)}` : mermaidText(node.typeLabel);
  }
  const lines: string[] = [mermaidText(node.typeLabel)];
  if (node.name !== undefined) lines.push(mermaidText(node.name));
  for (const nested of node.nested) lines.push(`• ${mermaidText(nested)}`);
  if (showIds) lines.push(`id ${mermaidText(String(node.activity.id))}`);
  if (figures.counts !== undefined) lines.push(mermaidText(figures.counts));
  return lines.join('<br/>');
}

/**
 * Draws a journey as a Mermaid `flowchart`, ready for a Markdown ` ```mermaid ` block or a pull
 * request description.
 *
 * - Each tile is a node labelled with its type ({@link tileLabel}) and its name; the nested items
 *   of a tile (segments of a segment group, content in an email) are listed in its label. The
 *   hidden root is drawn as a "Start" node carrying the journey's name.
 * - Trigger edges are labelled `yes` / `no`, edges into splitter branches carry the branch's name,
 *   and several children of any other tile (parallel flows) are labelled `branch <ParentBranchId>`.
 * - `empty` placeholders are small dashed circles reached by dotted edges.
 * - With `simulation`, each tile's label ends with its counts from that result and each edge out
 *   of a trigger or split carries the share of contacts that took it; without it the output is
 *   exactly as before.
 * - Node ids are `t` + the `ActivityId` with anything but `[A-Za-z0-9_]` replaced by `_` (made
 *   unique if needed). All text is written inside `"..."` labels with `"`, `#`, `&`, `<`, `>`,
 *   `|`, `` ` ``, `;`, `%` and `\` as Mermaid entities (`#quot;`, `#35;`, …) and line breaks as
 *   spaces, so no name can break out of its label.
 *
 * The output is deterministic and built without recursion in time linear in the number of tiles.
 * Mermaid itself refuses to draw very large diagrams by default (`maxTextSize` 50,000 characters,
 * `maxEdges` 500); use {@link renderSvg} for those.
 *
 * @param tree - The journey (or any activity, to draw a subtree).
 * @param options - Direction and whether to show `ActivityId`s.
 * @returns The Mermaid source, ending with a newline.
 *
 * @example
 * ```ts
 * import { journey, renderMermaid } from '@customer-journey/dsl';
 *
 * const tree = journey('Welcome', { target: 'contact' })
 *   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
 *   .build();
 * const markdown = '```mermaid\n' + renderMermaid(tree) + '```\n';
 * // flowchart TD
 * //   t01(["Start<br/>Welcome"]):::start
 * //   t01_0["Segment group<br/>New contacts<br/>• Segment: 51d2115b-…"]:::audience
 * //   t01 --> t01_0
 * //   …
 * ```
 */
export function renderMermaid(tree: JourneyTree | Activity, options: MermaidRenderOptions = {}): string {
  const direction = options.direction === 'LR' ? 'LR' : 'TD';
  const showIds = options.showIds === true;
  const nodes = flatten(tree);
  const ids: string[] = new Array<string>(nodes.length);
  const used = new Set<string>();
  const families = new Set<TileFamily>();
  const out: string[] = [`flowchart ${direction}`];
  for (const node of nodes) {
    const id = nodeIdFor(node.activity.id, used);
    ids[node.index] = id;
    families.add(node.family);
    const [open, close] = shapeOf(node);
    const figures = figuresOf(node, nodes, options.simulation);
    out.push(`  ${id}${open}${labelOf(node, showIds, figures)}${close}:::${node.family}`);
    if (node.parent >= 0) {
      const from = ids[node.parent] as string;
      const arrow = node.family === 'placeholder' ? '-.->' : '-->';
      const edgeLabel = figures.share === undefined ? node.edgeLabel : node.edgeLabel === undefined ? figures.share : `${node.edgeLabel} · ${figures.share}`;
      const label = edgeLabel === undefined ? '' : `|"${mermaidText(edgeLabel)}"|`;
      out.push(`  ${from} ${arrow}${label} ${id}`);
    }
  }
  for (const [family, style] of CLASS_DEFS) {
    if (families.has(family)) out.push(`  classDef ${family} ${style}`);
  }
  return `${out.join('\n')}\n`;
}
