/**
 * A top-down tree layout for the SVG renderer.
 *
 * Rows by depth (each as tall as its tallest box), and horizontally a Reingold-Tilford-style
 * layout: each subtree is moved as close to its left siblings as their outlines (the leftmost and
 * rightmost box on every row) allow, keeping a fixed gap on every row, and each parent is centred
 * over its first and last child. Boxes on one row keep the gap between them, and rows occupy
 * disjoint vertical intervals, so no two boxes can overlap. Both passes are loops over the
 * pre-order array (children always come after their parent), so a chain of any depth is laid out
 * without recursion; outlines are merged by rewriting only the rows two siblings share, which
 * keeps the whole layout linear in the number of tiles.
 *
 * @module
 */
import type { FlatNode } from './flatten.js';

/** Sizes of one box, computed by the caller. */
export interface BoxSize {
  readonly width: number;
  readonly height: number;
}

/** Spacing of the layout. */
export interface LayoutSpacing {
  /** Horizontal gap between neighbouring subtrees. */
  readonly siblingGap: number;
  /** Vertical gap between rows. */
  readonly rowGap: number;
  /** Margin around the drawing. */
  readonly margin: number;
}

/** The placed boxes: `x`/`y` are the top-left corners. */
export interface Layout {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly width: Float64Array;
  readonly height: Float64Array;
  /** Top of each row, by depth. */
  readonly rowTop: readonly number[];
  /** Height of each row, by depth. */
  readonly rowHeight: readonly number[];
  /** Width and height of the whole drawing, margins included. */
  readonly totalWidth: number;
  readonly totalHeight: number;
}

/** Places every node. `nodes` must be in pre-order, as {@link flatten} returns them. */
export function layoutTree(nodes: readonly FlatNode[], sizes: readonly BoxSize[], spacing: LayoutSpacing): Layout {
  const n = nodes.length;
  const width = new Float64Array(n);
  const height = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  // Each node's offset from its parent's centre.
  const offset = new Float64Array(n);

  const rowHeight: number[] = [];
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as FlatNode;
    const size = sizes[i] as BoxSize;
    width[i] = size.width;
    height[i] = size.height;
    const d = node.depth;
    while (rowHeight.length <= d) rowHeight.push(0);
    if (size.height > (rowHeight[d] as number)) rowHeight[d] = size.height;
  }
  const rowTop: number[] = new Array<number>(rowHeight.length);
  let top = spacing.margin;
  for (let d = 0; d < rowHeight.length; d++) {
    rowTop[d] = top;
    top += (rowHeight[d] as number) + spacing.rowGap;
  }
  const totalHeight = rowHeight.length === 0 ? 2 * spacing.margin : top - spacing.rowGap + spacing.margin;

  // Bottom-up: children have larger pre-order indices than their parent, so iterating backwards
  // finishes every child before its parent. A finished child's contour is handed to its parent
  // and dropped, so at most the contours of unfinished parents' children are alive.
  const contours: (Contour | undefined)[] = new Array<Contour | undefined>(n);
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i] as FlatNode;
    const half = (width[i] as number) / 2;
    const kids = node.children;
    let contour: Contour;
    if (kids.length === 0) {
      contour = { left: [-half], right: [half], shift: 0 };
    } else {
      // Place the children left to right, each as close to the ones before as the contours allow.
      // Positions are relative to the first child's centre until the parent is centred.
      const first = kids[0] as number;
      let acc = contours[first] as Contour;
      contours[first] = undefined;
      let last = 0;
      offset[first] = 0;
      for (let k = 1; k < kids.length; k++) {
        const c = kids[k] as number;
        const next = contours[c] as Contour;
        contours[c] = undefined;
        const pos = separation(acc, next, spacing.siblingGap);
        offset[c] = pos;
        last = pos;
        acc = mergeRight(acc, next, pos);
      }
      const mid = last / 2;
      for (const c of kids) offset[c] = (offset[c] as number) - mid;
      acc.shift -= mid;
      acc.left.push(-half - acc.shift);
      acc.right.push(half - acc.shift);
      contour = acc;
    }
    contours[i] = contour;
  }
  const top0 = contours[0];
  let minLeft = 0;
  let maxRight = 0;
  if (top0 !== undefined) {
    minLeft = Infinity;
    maxRight = -Infinity;
    for (const v of top0.left) minLeft = Math.min(minLeft, v + top0.shift);
    for (const v of top0.right) maxRight = Math.max(maxRight, v + top0.shift);
  }

  // Top-down: absolute centres, then corners.
  const totalWidth = n === 0 ? 2 * spacing.margin : maxRight - minLeft + 2 * spacing.margin;
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as FlatNode;
    const centre = node.parent < 0 ? spacing.margin - minLeft : (x[node.parent] as number) + (offset[i] as number);
    x[i] = centre;
  }
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as FlatNode;
    x[i] = (x[i] as number) - (width[i] as number) / 2;
    y[i] = rowTop[node.depth] as number;
  }
  return { x, y, width, height, rowTop, rowHeight, totalWidth, totalHeight };
}

/**
 * The outline of a laid-out subtree: for each row from the deepest (index 0) up to the subtree's
 * root (the last index), the left edge of its leftmost box and the right edge of its rightmost
 * box, relative to the root's centre once `shift` is added. Rows are stored deepest first so that
 * a parent adds its own row with a `push`, and `shift` moves a whole outline in constant time.
 */
interface Contour {
  readonly left: number[];
  readonly right: number[];
  shift: number;
}

/**
 * The smallest position for the centre of `next` (relative to the frame of `acc`) at which every
 * row of `next` is at least `gap` to the right of the same row of `acc`. Costs the height of the
 * shorter outline.
 */
function separation(acc: Contour, next: Contour, gap: number): number {
  const a = acc.right;
  const b = next.left;
  const common = Math.min(a.length, b.length);
  let pos = -Infinity;
  // Both outlines start at the children's row, which is the last index of each.
  for (let r = 0; r < common; r++) {
    const need = (a[a.length - 1 - r] as number) + acc.shift - ((b[b.length - 1 - r] as number) + next.shift) + gap;
    if (need > pos) pos = need;
  }
  return pos;
}

/**
 * Merges `next`, placed at `pos` in the frame of `acc`, into the outline of everything placed so
 * far (`acc` lies to the left). Reuses the taller outline and rewrites only the rows the two share,
 * so a sequence of merges costs time linear in the number of nodes.
 */
function mergeRight(acc: Contour, next: Contour, pos: number): Contour {
  const common = Math.min(acc.left.length, next.left.length);
  if (acc.left.length >= next.left.length) {
    // Shared rows take their right edge from `next`; deeper rows stay as they are.
    for (let r = 0; r < common; r++) {
      const ia = acc.right.length - 1 - r;
      const ib = next.right.length - 1 - r;
      acc.right[ia] = (next.right[ib] as number) + next.shift + pos - acc.shift;
    }
    return acc;
  }
  // `next` is taller: move it into the frame of `acc` and give it the shared rows' left edges.
  next.shift += pos;
  for (let r = 0; r < common; r++) {
    const ia = acc.left.length - 1 - r;
    const ib = next.left.length - 1 - r;
    next.left[ib] = (acc.left[ia] as number) + acc.shift - next.shift;
  }
  return next;
}
