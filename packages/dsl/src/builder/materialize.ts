/**
 * Materialization: turns recorded steps into activities in one iterative pre-order pass, assigns
 * ids from the per-journey counters, resolves keys and freezes what it made.
 *
 * @internal
 * @module
 */
import { JourneyBuildError, describeTile } from '../errors.js';
import { activityCounterOf, childActivityId } from '../ids.js';
import type { EntityTarget, Item, JsonObject, JsonValue, Relation } from '../model.js';
import type { ItemSpec, Step, StepNode, TileSpec } from './steps.js';
import { itemLabel, stepsOf } from './steps.js';

/** A link in the chain of tile names from the root, for messages. */
interface PathNode {
  readonly type: string;
  readonly name: string;
  readonly parent: PathNode | undefined;
}

/** An activity while it is being made (frozen at the end). */
export interface MutableActivity {
  type: string;
  id: string;
  relation: Relation;
  branch: number;
  target?: EntityTarget;
  header?: Item;
  nested: Item[];
  children: MutableActivity[];
  key?: string;
  extra?: JsonObject;
  propertiesExtra?: JsonObject;
}

interface MutableCondition {
  sourceItemId: string;
  condition: string;
  extra?: JsonObject;
}

interface PendingCondition {
  readonly condition: MutableCondition;
  readonly key: string;
  readonly path: PathNode | undefined;
}

interface KeyEntry {
  readonly itemId: number;
  readonly path: PathNode | undefined;
}

/** One chain to lay out under a parent. */
interface Task {
  readonly parent: MutableActivity;
  readonly parentPath: PathNode | undefined;
  readonly relation: Relation;
  readonly branch: number;
  readonly first: Step | undefined;
  readonly last: StepNode | undefined;
  /** The chain is its parent's only child, so a leading `parallel` may fan out under the parent. */
  readonly exclusive: boolean;
  /** An empty chain becomes an `empty` placeholder (trigger branches). */
  readonly placeholder: boolean;
}

/** Options of a {@link Materializer}. */
export interface MaterializerOptions {
  /** The journey's target, written on every tile but `empty`. */
  readonly target: EntityTarget;
  /** `false` leaves automatic activity ids unassigned (`''`), for tiles made during an edit. */
  readonly assignActivityIds: boolean;
  /** First value of the activity counter. */
  readonly firstCounter: number;
  /** First value of the item counter. */
  readonly firstItemId: number;
  /** How messages name the place above the first tiles, e.g. `Journey "Welcome"`. */
  readonly context: string;
}

const pathArray = (path: PathNode | undefined): string[] => {
  const names: string[] = [];
  for (let node = path; node !== undefined; node = node.parent) names.push(node.name);
  return names.reverse();
};

/**
 * Sets an own, enumerable property. Plain assignment of a `__proto__` key would set the object's
 * prototype instead (and the key would be lost), so that key is defined.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A deep copy of a JSON value whose objects and arrays are queued for freezing. Iterative. Every
 * key is copied as an own property, `__proto__` included.
 */
export function cloneJson<T>(value: T, frozen: object[]): T {
  if (value === null || typeof value !== 'object') return value;
  const root = emptyLike(value);
  const stack: [Record<string, unknown>, Record<string, unknown>][] = [[value as Record<string, unknown>, root]];
  for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
    const [source, target] = pair;
    frozen.push(target);
    for (const key of Object.keys(source)) {
      const child = source[key];
      if (child !== null && typeof child === 'object') {
        const next = emptyLike(child);
        setOwn(target, key, next);
        stack.push([child as Record<string, unknown>, next]);
      } else if (child !== undefined) {
        setOwn(target, key, child);
      }
    }
  }
  return root as T;
}

/** An empty array or object, as `source` is one or the other. */
const emptyLike = (source: object): Record<string, unknown> => (Array.isArray(source) ? [] : {}) as Record<string, unknown>;

/** The shared, frozen empty list of nested items. */
const NO_ITEMS: Item[] = Object.freeze([]) as unknown as Item[];

/** Lays out steps as activities. One instance per build (or per `tools.tiles` call). */
export class Materializer {
  /** Every object made, to be frozen once at the end. */
  readonly frozen: object[] = [];
  /** Keys seen so far. */
  readonly keys = new Map<string, KeyEntry>();
  readonly #pending: PendingCondition[] = [];
  readonly #options: MaterializerOptions;
  readonly #takenCounters = new Set<number>();
  readonly #takenItems = new Set<number>();
  readonly #explicitIds = new Map<string, PathNode | undefined>();
  readonly #explicitItems = new Map<number, PathNode | undefined>();
  #counter: number;
  #itemCounter: number;
  /** The path of the activity made last. */
  #path: PathNode | undefined;
  #highestCounter = -1;
  #highestItem = -1;

  constructor(options: MaterializerOptions) {
    this.#options = options;
    this.#counter = options.firstCounter;
    this.#itemCounter = options.firstItemId;
  }

  /** The next activity counter: above every counter used. */
  get nextActivityId(): number {
    return Math.max(this.#counter, this.#highestCounter + 1);
  }

  /** The next item id: above every item id used. */
  get nextItemId(): number {
    return Math.max(this.#itemCounter, this.#highestItem + 1);
  }

  /**
   * Makes the hidden root (id `01`, header item 0 unless `spec` says otherwise) from the spec of
   * `rootSpec`. Call {@link Materializer.scan} with the same spec first, so that the automatic
   * ids of the root's nested items skip the explicit ids of every tile.
   */
  root(spec: TileSpec): MutableActivity {
    const problem = spec.problem;
    if (problem !== undefined) this.#fail(undefined, problem.code, problem.message);
    return this.#activity(spec, this.detachedParent(), undefined, 'Default', 0, true);
  }

  /** A detached parent for tiles whose place is not known yet. */
  detachedParent(): MutableActivity {
    return { type: 'bpf_root', id: '', relation: 'Default', branch: 0, nested: [], children: [] };
  }

  /** Reserves the explicit ids of every step (and of the root's spec), so that automatic ids skip them. */
  scan(last: StepNode | undefined, root?: TileSpec): void {
    const lists: (StepNode | undefined)[] = [last];
    const tile = (spec: TileSpec): void => {
      if (spec.id !== undefined) {
        const n = activityCounterOf(spec.id);
        if (n !== undefined) {
          this.#takenCounters.add(n);
          if (n > this.#highestCounter) this.#highestCounter = n;
        }
      }
      if (spec.header !== undefined) item(spec.header);
      for (const nested of spec.nested) item(nested);
    };
    const item = (spec: ItemSpec): void => {
      if (spec.itemId !== undefined) {
        this.#takenItems.add(spec.itemId);
        if (spec.itemId > this.#highestItem) this.#highestItem = spec.itemId;
      }
    };
    if (root !== undefined) tile(root);
    for (let list = lists.pop(); lists.length > 0 || list !== undefined; list = lists.pop()) {
      for (let node = list; node !== undefined; node = node.prev) {
        const step = node.step;
        switch (step.kind) {
          case 'tile':
            tile(step);
            break;
          case 'trigger':
            tile(step.tile);
            lists.push(step.yes, step.no);
            break;
          case 'split':
            tile(step.tile);
            for (const branch of step.branches) {
              tile(branch.tile);
              lists.push(branch.steps);
            }
            break;
          case 'parallel':
            lists.push(...step.branches);
            break;
          case 'empty':
            break;
        }
      }
    }
  }

  /** Lays out a chain under `parent`, depth first, without recursion. */
  run(parent: MutableActivity, last: StepNode | undefined, exclusive: boolean): void {
    const tasks: Task[] = [
      { parent, parentPath: undefined, relation: 'Default', branch: 0, first: undefined, last, exclusive, placeholder: false },
    ];
    for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
      const steps = stepsOf(task.last);
      if (task.first !== undefined) steps.unshift(task.first);
      if (steps.length === 0 && task.placeholder) steps.push({ kind: 'empty' });
      let current = task.parent;
      let path = task.parentPath;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i] as Step;
        const relation = i === 0 ? task.relation : 'Default';
        const branch = i === 0 ? task.branch : 0;
        if (step.kind === 'parallel') {
          const problem = step.problem;
          if (problem !== undefined) this.#fail(path, problem.code, problem.message);
          if (i === 0 && !task.exclusive) {
            this.#fail(path, 'parallel-needs-tile', 'a branch cannot start with parallel; put a tile before it, and the parallel branches after that tile');
          }
          step.branches.forEach((branchSteps, k) => {
            if (branchSteps === undefined) {
              this.#fail(path, 'empty-branch', `parallel branch ${k} adds no tile; each parallel branch needs at least one tile`);
            }
          });
          for (let k = step.branches.length - 1; k >= 0; k--) {
            tasks.push({ parent: current, parentPath: path, relation: 'Default', branch: k, first: undefined, last: step.branches[k], exclusive: false, placeholder: false });
          }
          continue;
        }
        current = this.#activity(step.kind === 'empty' ? undefined : step.kind === 'tile' ? step : step.tile, current, path, relation, branch);
        path = this.#path;
        if (step.kind === 'trigger') {
          tasks.push(
            { parent: current, parentPath: path, relation: 'NoBranch', branch: 1, first: undefined, last: step.no, exclusive: false, placeholder: true },
            { parent: current, parentPath: path, relation: 'YesBranch', branch: 0, first: undefined, last: step.yes, exclusive: false, placeholder: true },
          );
        } else if (step.kind === 'split') {
          for (let k = step.branches.length - 1; k >= 0; k--) {
            const branchStep = step.branches[k];
            if (branchStep === undefined) continue;
            tasks.push({
              parent: current,
              parentPath: path,
              relation: 'Default',
              branch: k,
              first: branchStep.tile,
              last: branchStep.steps,
              exclusive: true,
              placeholder: false,
            });
          }
        }
      }
    }
  }

  /** Resolves condition sources to item ids; `external` looks up keys made elsewhere. */
  resolve(external?: { readonly itemIdOf: (key: string) => number | undefined; readonly keys: () => Iterable<string> }): void {
    for (const pending of this.#pending) {
      const itemId = this.keys.get(pending.key)?.itemId ?? external?.itemIdOf(pending.key);
      if (itemId === undefined) {
        const known = [...new Set([...this.keys.keys(), ...(external?.keys() ?? [])])].sort();
        this.#fail(
          pending.path,
          'unknown-key',
          `condition source "${pending.key}" is not a key of this journey; known keys: ${known.length === 0 ? '(none)' : known.join(', ')}`,
        );
      }
      pending.condition.sourceItemId = String(itemId);
    }
  }

  /** Freezes every object made. */
  freeze(): void {
    for (const object of this.frozen) Object.freeze(object);
  }

  #fail(path: PathNode | undefined, code: string, reason: string): never {
    const where = path === undefined ? this.#options.context : describeTile(path.type, path.name, pathArray(path));
    throw new JourneyBuildError(`${where}: ${reason}`, { path: pathArray(path), code });
  }

  #describe(path: PathNode | undefined): string {
    return path === undefined ? 'the root' : describeTile(path.type, path.name, pathArray(path));
  }

  #nextCounter(): number {
    while (this.#takenCounters.has(this.#counter)) this.#counter++;
    return this.#counter++;
  }

  #nextItemId(): number {
    while (this.#takenItems.has(this.#itemCounter)) this.#itemCounter++;
    return this.#itemCounter++;
  }

  /** Makes one activity under `parent`; its path (for messages) is left in `#path`. */
  #activity(
    spec: TileSpec | undefined,
    parent: MutableActivity,
    parentPath: PathNode | undefined,
    relation: Relation,
    branch: number,
    isRoot = false,
  ): MutableActivity {
    // Messages about the root name the journey (the build's context) rather than a tile.
    const path: PathNode | undefined = isRoot ? undefined : { type: spec?.type ?? 'empty', name: spec?.name ?? 'empty', parent: parentPath };
    this.#path = path;
    if (spec === undefined) {
      const empty = {
        type: 'empty',
        id: this.#options.assignActivityIds ? childActivityId(parent.id, this.#nextCounter()) : '',
        relation,
        branch,
        nested: NO_ITEMS,
        children: [],
      } as MutableActivity;
      parent.children.push(empty);
      this.frozen.push(empty, empty.children);
      return empty;
    }
    const problem = spec.problem;
    if (problem !== undefined) this.#fail(path, problem.code, problem.message);
    let id: string;
    if (spec.id !== undefined) {
      id = spec.id;
      if (this.#explicitIds.has(id)) {
        this.#fail(path, 'duplicate-id', `id "${id}" is already used by ${this.#describe(this.#explicitIds.get(id))}; activity ids must be unique`);
      }
      this.#explicitIds.set(id, path);
    } else {
      id = this.#options.assignActivityIds ? childActivityId(parent.id, this.#nextCounter()) : '';
    }
    const target = spec.target === 'journey' ? this.#options.target : spec.target;
    let header: Item | undefined;
    if (spec.header !== undefined) {
      header = this.#item(spec.header, path, spec.conditions);
      if (spec.key !== undefined) this.#key(spec.key, header.itemId, path);
    } else if (spec.key !== undefined) {
      this.#fail(path, 'invalid-key', `key "${spec.key}" needs a header item to refer to; this tile has none`);
    }
    let activity: MutableActivity;
    if (target !== null && header !== undefined) {
      activity = { type: spec.type, id, relation: spec.relation ?? relation, branch: spec.branch ?? branch, target, header, nested: NO_ITEMS, children: [] };
    } else {
      activity = { type: spec.type, id, relation: spec.relation ?? relation, branch: spec.branch ?? branch } as MutableActivity;
      if (target !== null) activity.target = target;
      if (header !== undefined) activity.header = header;
      activity.nested = NO_ITEMS;
      activity.children = [];
    }
    const count = spec.nested.length;
    if (count > 0) {
      const nested = new Array<Item>(count);
      for (let i = 0; i < count; i++) {
        const itemSpec = spec.nested[i] as ItemSpec;
        const item = this.#item(itemSpec, path, undefined);
        nested[i] = item;
        if (itemSpec.key !== undefined) this.#key(itemSpec.key, item.itemId, path);
      }
      activity.nested = nested;
      this.frozen.push(nested);
    }
    if (spec.key !== undefined) activity.key = spec.key;
    if (spec.activityExtra !== undefined) activity.extra = cloneJson(spec.activityExtra, this.frozen);
    if (spec.propertiesExtra !== undefined) activity.propertiesExtra = cloneJson(spec.propertiesExtra, this.frozen);
    parent.children.push(activity);
    this.frozen.push(activity, activity.children);
    return activity;
  }

  #item(spec: ItemSpec, path: PathNode | undefined, conditionOptions: TileSpec['conditions']): Item {
    let itemId: number;
    if (spec.itemId !== undefined) {
      itemId = spec.itemId;
      if (this.#explicitItems.has(itemId)) {
        this.#fail(path, 'duplicate-id', `${itemLabel(spec)} itemId ${itemId} is already used by ${this.#describe(this.#explicitItems.get(itemId))}; item ids must be unique`);
      }
      this.#explicitItems.set(itemId, path);
    } else {
      itemId = this.#nextItemId();
    }
    let item: Record<string, unknown>;
    if (spec.raw) {
      item = { type: spec.type, itemId };
      const fields = spec.fields;
      for (const name of Object.keys(fields)) {
        const value = fields[name];
        if (value !== undefined) setOwn(item, name, cloneJson(value, this.frozen));
      }
    } else {
      // The whole item, in output order, with defined primitive values only: one copy.
      item = { ...spec.fields };
      item['itemId'] = itemId;
    }
    if (conditionOptions !== undefined) {
      const conditions: MutableCondition[] = [];
      for (const option of conditionOptions) {
        const condition: MutableCondition = { sourceItemId: option.sourceItemId ?? '', condition: option.condition };
        if (option.extra !== undefined) condition.extra = cloneJson(option.extra, this.frozen);
        if (option.source !== undefined) this.#pending.push({ condition, key: option.source, path });
        conditions.push(condition);
        this.frozen.push(condition);
      }
      this.frozen.push(conditions);
      item['conditions'] = conditions;
    }
    if (spec.key !== undefined) item['key'] = spec.key;
    if (spec.extra !== undefined) item['extra'] = cloneJson(spec.extra as JsonValue, this.frozen);
    this.frozen.push(item);
    return item as unknown as Item;
  }

  #key(key: string, itemId: number, path: PathNode | undefined): void {
    const existing = this.keys.get(key);
    if (existing !== undefined) {
      this.#fail(path, 'duplicate-key', `key "${key}" is already used by ${this.#describe(existing.path)}; keys must be unique in a journey`);
    }
    this.keys.set(key, { itemId, path });
  }
}
