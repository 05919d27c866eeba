/**
 * Standalone SVG drawings of journeys.
 *
 * @module
 */
import type { Activity, JourneyTree } from '../model.js';
import type { SimulationResult } from '../simulate/types.js';
import { figuresOf, type TileFigures } from './figures.js';
import { flatten, type FlatNode } from './flatten.js';
import type { TileFamily } from './labels.js';
import { layoutTree, type BoxSize } from './layout.js';
import { multiLine, oneLine, truncate, wrap, xmlEscape } from './text.js';

/**
 * Options of {@link renderSvg}.
 *
 * @example
 * ```ts
 * import { renderSvg, type SvgRenderOptions } from '@customer-journey/dsl';
 *
 * const options: SvgRenderOptions = { showIds: true, nodeWidth: 240 };
 * const svg = renderSvg(tree, options);
 * ```
 */
export interface SvgRenderOptions {
  /** Add each tile's `ActivityId` to its box. @defaultValue `false` */
  readonly showIds?: boolean;
  /** Width of a tile's box in pixels (clamped to 120..600). @defaultValue `220` */
  readonly nodeWidth?: number;
  /** Most lines of a tile's name before it is cut with `…` (1..10). @defaultValue `3` */
  readonly maxNameLines?: number;
  /** Most nested items listed in a box before `+n more` (0..50). @defaultValue `4` */
  readonly maxNestedItems?: number;
  /**
   * A result of `simulate` for this journey: each box gets a line with its counts (`120 entered ·
   * 3 waiting`, the start box the number of contacts) and each edge out of a trigger or split
   * the share of contacts that took it (`yes · 30.4%`). @defaultValue no figures
   */
  readonly simulation?: SimulationResult;
}

interface Palette {
  readonly fill: string;
  readonly stroke: string;
  readonly accent: string;
}

/** Colours per tile family (the same palette as the Mermaid class definitions). */
const PALETTE: Readonly<Record<TileFamily, Palette>> = Object.freeze({
  start: { fill: '#eceff1', stroke: '#37474f', accent: '#37474f' },
  audience: { fill: '#e3f2fd', stroke: '#1565c0', accent: '#0d47a1' },
  message: { fill: '#e8f5e9', stroke: '#2e7d32', accent: '#1b5e20' },
  content: { fill: '#f1f8e9', stroke: '#689f38', accent: '#33691e' },
  wait: { fill: '#fff8e1', stroke: '#f9a825', accent: '#8d6e00' },
  condition: { fill: '#fff3e0', stroke: '#ef6c00', accent: '#bf360c' },
  split: { fill: '#f3e5f5', stroke: '#7b1fa2', accent: '#4a148c' },
  action: { fill: '#e0f7fa', stroke: '#00838f', accent: '#006064' },
  placeholder: { fill: '#ffffff', stroke: '#9e9e9e', accent: '#757575' },
  custom: { fill: '#fafafa', stroke: '#616161', accent: '#212121' },
});

const FONT_FAMILY = "'Segoe UI', Helvetica, Arial, sans-serif";
const TEXT_COLOUR = '#212121';
const EDGE_COLOUR = '#78909c';
const YES_COLOUR = '#2e7d32';
const NO_COLOUR = '#c62828';

const PAD_X = 10;
const PAD_Y = 8;
const TYPE_SIZE = 11;
const TYPE_LINE = 14;
const NAME_SIZE = 13;
const NAME_LINE = 17;
const NESTED_SIZE = 11;
const NESTED_LINE = 14;
const ID_SIZE = 10;
const ID_LINE = 13;
const COUNT_SIZE = 11;
const COUNT_LINE = 15;
const COUNT_COLOUR = '#37474f';
const NESTED_GAP = 4;
const EDGE_LABEL_SIZE = 11;
/** Average character width as a share of the font size (generous, so text stays in its box). */
const CHAR_EM = 0.56;
const PLACEHOLDER_WIDTH = 72;
const PLACEHOLDER_HEIGHT = 26;

/** The lines drawn inside one box. */
interface BoxText {
  readonly name: readonly string[];
  readonly nested: readonly string[];
  readonly id: string | undefined;
  /** Counts from a simulation. */
  readonly counts: string | undefined;
}

function clamp(value: number | undefined, lo: number, hi: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(hi, Math.max(lo, Math.round(value)));
}

/** Formats a coordinate with at most one decimal. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function unitsFor(widthPx: number, fontSize: number): number {
  return Math.max(4, Math.floor(widthPx / (fontSize * CHAR_EM)));
}

/** The full text of a tile for its `<title>` tooltip: type, full name, nested items, id and counts. */
function tooltipOf(node: FlatNode, counts: string | undefined): string {
  const lines: string[] = [node.name === undefined ? node.typeLabel : `${node.typeLabel}: ${node.name}`];
  for (const nested of node.nested) lines.push(`• ${nested}`);
  lines.push(`ActivityId ${String(node.activity.id)}`);
  if (counts !== undefined) lines.push(counts);
  return multiLine(lines.join('\n'));
}

/**
 * Draws a journey as a standalone SVG document: no scripts, no external resources, no Mermaid
 * needed, readable in any browser.
 *
 * - Tiles are laid out top-down, each parent centred over its children, without overlaps.
 * - Each tile is a box coloured by its family (audience, message, content, wait, condition,
 *   split, action, custom), showing its type ({@link tileLabel}), its name (wrapped, and cut with
 *   `…` when long) and its nested items. Every box has a `<title>` with the full, uncut text, so
 *   every tile name appears in the document and shows as a tooltip. `empty` placeholders are
 *   small dashed boxes.
 * - Edges are labelled `yes` / `no` under triggers, with the branch's name under a splitter and
 *   `branch <ParentBranchId>` for parallel flows.
 * - Each box is a `<g class="tile tile-<family>" data-activity-id="…" data-type="…">` holding a
 *   `<title>`, a `<rect>` at the box's absolute position, and `<text>`.
 * - With `simulation`, each box gets a last line (`<tspan class="counts">`) with its counts from
 *   that result and each edge out of a trigger or split the share of contacts that took it;
 *   without it the output is exactly as before.
 *
 * All text is XML-escaped; characters XML cannot hold are replaced by U+FFFD. The output is
 * deterministic and built without recursion in time linear in the number of tiles.
 *
 * @param tree - The journey (or any activity, to draw a subtree).
 * @param options - Box width, how much text to show, and whether to show `ActivityId`s.
 * @returns The SVG document (UTF-8 text, no XML declaration).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { journey, renderSvg } from '@customer-journey/dsl';
 *
 * const tree = journey('Welcome', { target: 'contact' })
 *   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
 *   .build();
 * writeFileSync('welcome.svg', renderSvg(tree));
 * ```
 */
export function renderSvg(tree: JourneyTree | Activity, options: SvgRenderOptions = {}): string {
  const boxWidth = clamp(options.nodeWidth, 120, 600, 220);
  const maxNameLines = clamp(options.maxNameLines, 1, 10, 3);
  const maxNested = clamp(options.maxNestedItems, 0, 50, 4);
  const showIds = options.showIds === true;

  const nodes = flatten(tree);
  const inner = boxWidth - 2 * PAD_X;
  const nameUnits = unitsFor(inner, NAME_SIZE);
  const smallUnits = unitsFor(inner, NESTED_SIZE);
  const typeUnits = unitsFor(inner, TYPE_SIZE);

  const texts: BoxText[] = new Array<BoxText>(nodes.length);
  const sizes: BoxSize[] = new Array<BoxSize>(nodes.length);
  const figures: TileFigures[] = nodes.map((node) => figuresOf(node, nodes, options.simulation));
  for (const node of nodes) {
    if (node.family === 'placeholder') {
      const id = showIds ? truncate(oneLine(String(node.activity.id)), unitsFor(PLACEHOLDER_WIDTH - 8, ID_SIZE)) : undefined;
      texts[node.index] = { name: [], nested: [], id, counts: undefined };
      sizes[node.index] = { width: PLACEHOLDER_WIDTH, height: PLACEHOLDER_HEIGHT + (id === undefined ? 0 : ID_LINE) };
      continue;
    }
    const name = node.name === undefined ? [] : wrap(oneLine(node.name), nameUnits, maxNameLines);
    const nested: string[] = [];
    const shown = node.nested.length > maxNested ? Math.max(0, maxNested - 1) : node.nested.length;
    for (let k = 0; k < shown; k++) nested.push(truncate(`• ${oneLine(node.nested[k] as string)}`, smallUnits));
    if (shown < node.nested.length) nested.push(`+${node.nested.length - shown} more`);
    const id = showIds ? truncate(oneLine(String(node.activity.id)), smallUnits) : undefined;
    const counts = figures[node.index]?.counts;
    texts[node.index] = { name, nested, id, counts: counts === undefined ? undefined : truncate(counts, smallUnits) };
    const height =
      2 * PAD_Y +
      TYPE_LINE +
      name.length * NAME_LINE +
      (nested.length > 0 ? NESTED_GAP + nested.length * NESTED_LINE : 0) +
      (id === undefined ? 0 : ID_LINE) +
      (counts === undefined ? 0 : COUNT_LINE);
    sizes[node.index] = { width: boxWidth, height };
  }

  const layout = layoutTree(nodes, sizes, { siblingGap: 28, rowGap: 56, margin: 16 });
  const W = Math.ceil(layout.totalWidth);
  const H = Math.ceil(layout.totalHeight);

  const edges: string[] = [];
  const labels: string[] = [];
  const boxes: string[] = [];
  const title = nodes[0]?.name ?? nodes[0]?.typeLabel ?? 'Journey';

  for (const node of nodes) {
    const i = node.index;
    const bx = layout.x[i] as number;
    const by = layout.y[i] as number;
    const bw = layout.width[i] as number;
    const bh = layout.height[i] as number;
    const cx = bx + bw / 2;

    if (node.parent >= 0) {
      const p = node.parent;
      const parent = nodes[p] as FlatNode;
      const px = (layout.x[p] as number) + (layout.width[p] as number) / 2;
      const pBottom = (layout.y[p] as number) + (layout.height[p] as number);
      const rowBottom = (layout.rowTop[parent.depth] as number) + (layout.rowHeight[parent.depth] as number);
      const bend = rowBottom + 16;
      const d = px === cx ? `M${num(px)} ${num(pBottom)}V${num(by)}` : `M${num(px)} ${num(pBottom)}V${num(bend)}H${num(cx)}V${num(by)}`;
      const dash = node.family === 'placeholder' ? ' stroke-dasharray="4 3"' : '';
      edges.push(`<path d="${d}"${dash} marker-end="url(#cj-arrow)"/>`);
      const share = figures[i]?.share;
      const edgeLabel = share === undefined ? node.edgeLabel : node.edgeLabel === undefined ? share : `${node.edgeLabel} · ${share}`;
      if (edgeLabel !== undefined) {
        const colour = node.edgeKind === 'yes' ? YES_COLOUR : node.edgeKind === 'no' ? NO_COLOUR : '#455a64';
        const full = oneLine(edgeLabel);
        // Centred on the edge and no wider than the box plus most of the gap, so that the labels
        // of neighbouring boxes never meet.
        const shown = truncate(full, unitsFor(bw + 20, EDGE_LABEL_SIZE));
        const tip = shown === full ? '' : `<title>${xmlEscape(multiLine(edgeLabel))}</title>`;
        labels.push(
          `<text x="${num(cx)}" y="${num(by - 7)}" fill="${colour}">${tip}${xmlEscape(shown)}</text>`,
        );
      }
    }

    const palette = PALETTE[node.family];
    const text = texts[i] as BoxText;
    const attrs = `data-activity-id="${xmlEscape(oneLine(String(node.activity.id)))}" data-type="${xmlEscape(oneLine(String(node.activity.type)))}"`;
    const parts: string[] = [];
    parts.push(`<g class="tile tile-${node.family}" ${attrs}>`);
    parts.push(`<title>${xmlEscape(tooltipOf(node, figures[i]?.counts))}</title>`);
    const rx = node.family === 'start' ? Math.min(bh / 2, 18) : node.family === 'placeholder' ? bh / 2 : 6;
    const dashed = node.family === 'placeholder' ? ' stroke-dasharray="4 3"' : '';
    const strokeWidth = node.family === 'condition' || node.family === 'split' ? 2 : 1.5;
    parts.push(
      `<rect x="${num(bx)}" y="${num(by)}" width="${num(bw)}" height="${num(bh)}" rx="${num(rx)}" fill="${palette.fill}" stroke="${palette.stroke}" stroke-width="${strokeWidth}"${dashed}/>`,
    );
    const tspans: string[] = [];
    let line = by + PAD_Y;
    if (node.family === 'placeholder') {
      tspans.push(`<tspan x="${num(cx)}" y="${num(by + 17)}" font-size="${TYPE_SIZE}" font-style="italic">${xmlEscape(node.typeLabel)}</tspan>`);
      if (text.id !== undefined) {
        tspans.push(`<tspan x="${num(cx)}" y="${num(by + 17 + ID_LINE)}" font-size="${ID_SIZE}">${xmlEscape(text.id)}</tspan>`);
      }
      parts.push(`<text text-anchor="middle" fill="${palette.accent}">${tspans.join('')}</text>`);
    } else {
      line += TYPE_LINE;
      const typeText = truncate(oneLine(node.typeLabel), typeUnits).toUpperCase();
      tspans.push(
        `<tspan x="${num(cx)}" y="${num(line - 3)}" font-size="${TYPE_SIZE}" font-weight="600" letter-spacing="0.4" fill="${palette.accent}">${xmlEscape(typeText)}</tspan>`,
      );
      for (const nameLine of text.name) {
        line += NAME_LINE;
        tspans.push(`<tspan x="${num(cx)}" y="${num(line - 4)}" font-size="${NAME_SIZE}">${xmlEscape(nameLine)}</tspan>`);
      }
      if (text.nested.length > 0) line += NESTED_GAP;
      for (const nestedLine of text.nested) {
        line += NESTED_LINE;
        tspans.push(`<tspan x="${num(cx)}" y="${num(line - 3)}" font-size="${NESTED_SIZE}" fill="#424242">${xmlEscape(nestedLine)}</tspan>`);
      }
      if (text.id !== undefined) {
        line += ID_LINE;
        tspans.push(`<tspan x="${num(cx)}" y="${num(line - 3)}" font-size="${ID_SIZE}" fill="#757575">${xmlEscape(text.id)}</tspan>`);
      }
      if (text.counts !== undefined) {
        line += COUNT_LINE;
        tspans.push(
          `<tspan class="counts" x="${num(cx)}" y="${num(line - 3)}" font-size="${COUNT_SIZE}" font-weight="600" fill="${COUNT_COLOUR}">${xmlEscape(text.counts)}</tspan>`,
        );
      }
      parts.push(`<text text-anchor="middle" fill="${TEXT_COLOUR}">${tspans.join('')}</text>`);
    }
    parts.push('</g>');
    boxes.push(parts.join(''));
  }

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="${xmlEscape(FONT_FAMILY)}" role="img" aria-labelledby="cj-title">`,
    `<title id="cj-title">${xmlEscape(multiLine(`Customer journey: ${title}`))}</title>`,
    '<defs><marker id="cj-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="' +
      EDGE_COLOUR +
      '"/></marker></defs>',
    `<rect class="background" x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<g class="edges" fill="none" stroke="${EDGE_COLOUR}" stroke-width="1.5">`,
    ...edges,
    '</g>',
    `<g class="edge-labels" text-anchor="middle" font-size="${EDGE_LABEL_SIZE}" font-weight="600" stroke="#ffffff" stroke-width="3" paint-order="stroke">`,
    ...labels,
    '</g>',
    '<g class="tiles">',
    ...boxes,
    '</g>',
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}
