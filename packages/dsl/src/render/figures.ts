/**
 * Figures from a simulation, for the diagrams: each tile's counts and the share of contacts
 * taking each branch.
 *
 * @module
 */
import type { SimulationResult } from '../simulate/types.js';
import type { FlatNode } from './flatten.js';

/** What a diagram writes for one tile from a simulation. */
export interface TileFigures {
  /** `120 entered · 3 waiting`, `1000 contacts` on the start, or `undefined` when the result has no such tile. */
  readonly counts: string | undefined;
  /** `30.4%`: the share of the parent's contacts that took the branch into this tile, under triggers and splits. */
  readonly share: string | undefined;
}

const NONE: TileFigures = Object.freeze({ counts: undefined, share: undefined });

/** The figures of a node, or none without a result. */
export function figuresOf(node: FlatNode, nodes: readonly FlatNode[], result: SimulationResult | undefined): TileFigures {
  if (result === undefined) return NONE;
  const activity = node.activity;
  let counts: string | undefined;
  if (node.index === 0 && activity.type === 'bpf_root') {
    counts = `${result.contactCount} contact${result.contactCount === 1 ? '' : 's'}`;
  } else {
    const tile = Object.prototype.hasOwnProperty.call(result.tiles, activity.id) ? result.tiles[activity.id] : undefined;
    if (tile !== undefined) counts = `${tile.entered} entered${tile.waiting > 0 ? ` · ${tile.waiting} waiting` : ''}`;
  }
  return { counts, share: shareOf(node, nodes, result) };
}

function shareOf(node: FlatNode, nodes: readonly FlatNode[], result: SimulationResult): string | undefined {
  const parent = nodes[node.parent];
  if (parent === undefined) return undefined;
  const id = parent.activity.id;
  const branches = Object.prototype.hasOwnProperty.call(result.tiles, id) ? result.tiles[id]?.branches : undefined;
  if (branches === undefined) return undefined;
  let key: string;
  if (parent.activity.type === 'Trigger') {
    // The same rule the simulation uses: the relation, else branch 0 is the yes branch.
    const relation = typeof node.activity.relation === 'string' ? node.activity.relation.toLowerCase() : '';
    key = relation === 'yesbranch' || (relation !== 'nobranch' && node.activity.branch === 0) ? 'yes' : 'no';
  } else {
    key = String(parent.children.indexOf(node.index));
  }
  const total = Object.values(branches).reduce((sum, n) => sum + n, 0);
  const taken = branches[key];
  if (total === 0 || taken === undefined) return undefined;
  return `${((taken / total) * 100).toFixed(1)}%`;
}
