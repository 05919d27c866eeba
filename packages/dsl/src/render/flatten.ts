/**
 * An iterative pre-order flattening of the activity tree that both renderers draw from. No
 * recursion: a chain of any depth is walked with an explicit stack in time linear in the number
 * of tiles.
 *
 * @module
 */
import type { Activity, JourneyTree } from '../model.js';
import { nestedItemText, tileFamily, tileLabel, type TileFamily } from './labels.js';

/** How an edge into a tile is drawn and labelled. */
export type EdgeKind = 'default' | 'yes' | 'no' | 'branch' | 'parallel';

/** One tile of the flattened tree. */
export interface FlatNode {
  /** Position in pre-order (the root is 0). */
  readonly index: number;
  /** The tile. */
  readonly activity: Activity;
  /** Index of the parent, `-1` for the top tile. */
  readonly parent: number;
  /** Distance from the top tile. */
  readonly depth: number;
  /** Indices of the children, in branch order. */
  readonly children: number[];
  /** Human type label ({@link tileLabel}). */
  readonly typeLabel: string;
  /** The tile's name (the journey's name for the root of a journey), if any. */
  readonly name: string | undefined;
  /** Lines describing the nested items. */
  readonly nested: readonly string[];
  /** The colour family. */
  readonly family: TileFamily;
  /** How the edge from the parent is drawn. */
  readonly edgeKind: EdgeKind;
  /** The label of the edge from the parent, if it has one. */
  readonly edgeLabel: string | undefined;
}

/** The tile at the top of what to draw, and the name to show on it when it is a journey's root. */
function topOf(input: JourneyTree | Activity): { top: Activity; topName: string | undefined } {
  if ('root' in input && typeof input.root === 'object' && input.root !== null) {
    const tree = input;
    const settingsName = tree.settings?.name;
    return { top: tree.root, topName: settingsName === undefined || settingsName === '' ? undefined : settingsName };
  }
  const activity = input as Activity;
  return { top: activity, topName: undefined };
}

function edgeOf(parent: Activity, child: Activity, siblings: number): { kind: EdgeKind; label: string | undefined } {
  const relation = typeof child.relation === 'string' ? child.relation.toLowerCase() : '';
  if (relation === 'yesbranch') return { kind: 'yes', label: 'yes' };
  if (relation === 'nobranch') return { kind: 'no', label: 'no' };
  if (parent.type === 'Splitter') {
    const name = child.header?.name?.trim();
    return { kind: 'branch', label: name !== undefined && name !== '' ? name : `branch ${child.branch}` };
  }
  if (siblings > 1) return { kind: 'parallel', label: `branch ${child.branch}` };
  return { kind: 'default', label: undefined };
}

interface Frame {
  readonly activity: Activity;
  readonly parent: number;
  readonly depth: number;
  readonly edgeKind: EdgeKind;
  readonly edgeLabel: string | undefined;
  /** When set, this frame only marks that the walk has left this tile's subtree. */
  readonly exit: boolean;
}

/**
 * Flattens a journey (or any subtree) into pre-order. A tile that is reached again while it is
 * still on the current path (a cycle in a hand-made object graph) is not descended into again.
 */
export function flatten(input: JourneyTree | Activity): FlatNode[] {
  const { top, topName } = topOf(input);
  const nodes: FlatNode[] = [];
  const onPath = new Set<Activity>();
  const stack: Frame[] = [
    { activity: top, parent: -1, depth: 0, edgeKind: 'default', edgeLabel: undefined, exit: false },
  ];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const activity = frame.activity;
    if (frame.exit) {
      onPath.delete(activity);
      continue;
    }
    const index = nodes.length;
    const nestedItems = Array.isArray(activity.nested) ? activity.nested : [];
    const headerName = activity.header?.name;
    const name = index === 0 && topName !== undefined ? topName : headerName === '' ? undefined : headerName;
    const node: FlatNode = {
      index,
      activity,
      parent: frame.parent,
      depth: frame.depth,
      children: [],
      typeLabel: tileLabel(activity),
      name,
      nested: nestedItems.map(nestedItemText),
      family: tileFamily(activity.type),
      edgeKind: frame.edgeKind,
      edgeLabel: frame.edgeLabel,
    };
    nodes.push(node);
    if (frame.parent >= 0) (nodes[frame.parent] as FlatNode).children.push(index);
    if (onPath.has(activity)) continue;
    const children = Array.isArray(activity.children) ? activity.children : [];
    if (children.length === 0) continue;
    onPath.add(activity);
    stack.push({ ...frame, exit: true });
    // Push in reverse so that the first child is visited first.
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as Activity;
      const edge = edgeOf(activity, child, children.length);
      stack.push({
        activity: child,
        parent: index,
        depth: frame.depth + 1,
        edgeKind: edge.kind,
        edgeLabel: edge.label,
        exit: false,
      });
    }
  }
  return nodes;
}
