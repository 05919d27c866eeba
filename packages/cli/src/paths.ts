/**
 * Paths of names: how the command line names a tile to a person (`Customers › Invitation ›
 * Registered?`), the same way the Check for Errors listing does.
 *
 * @module
 */
import type { Activity, JourneyTree } from '@customer-journey/dsl';

/** Separator between the names of a tile path. */
export const PATH_SEPARATOR = ' › ';

/** What the root (the journey itself) is called in a path. */
export const ROOT_PATH = '(root)';

/**
 * The label of one tile in a path: its name, else its type in brackets.
 *
 * @example
 * ```ts
 * tileLabel(tree.root.children[0]!); // 'Customers'
 * ```
 */
export function tileLabel(tile: Activity): string {
  const name = tile.header?.name;
  return typeof name === 'string' && name.trim() !== '' ? name : `[${tile.type}]`;
}

/**
 * A function giving the path of names from the root of any tile of a journey, by `ActivityId`
 * (the first tile in pre-order with that id wins; the root is `(root)`, an unknown id
 * `tile "<id>"`). Paths are computed on demand, so a deep journey costs nothing until asked.
 *
 * @example
 * ```ts
 * const pathOf = tilePaths(tree);
 * pathOf('01_2'); // 'Customers › Invitation › Registered?'
 * ```
 */
export function tilePaths(tree: JourneyTree): (activityId: string) => string {
  const parents = new Map<string, Activity | undefined>();
  const tiles = new Map<string, Activity>();
  const stack: { tile: Activity; parent: Activity | undefined }[] = [{ tile: tree.root, parent: undefined }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { tile, parent } = next;
    if (tiles.has(tile.id)) continue;
    tiles.set(tile.id, tile);
    parents.set(tile.id, parent);
    for (let i = tile.children.length - 1; i >= 0; i--) {
      const child = tile.children[i];
      if (child !== undefined) stack.push({ tile: child, parent: tile });
    }
  }
  const rootId = tree.root.id;
  return (activityId) => {
    if (activityId === rootId) return ROOT_PATH;
    let at = tiles.get(activityId);
    if (at === undefined) return `tile ${JSON.stringify(activityId)}`;
    const names: string[] = [];
    while (at !== undefined && at.id !== rootId) {
      names.push(tileLabel(at));
      at = parents.get(at.id);
    }
    return names.reverse().join(PATH_SEPARATOR);
  };
}
