/**
 * What a journey module exports: built journeys, builders, or functions returning either. Used
 * by the loader thread on every module it imports; nothing here imports a journey file itself.
 *
 * @module
 */
import type { JourneyTree } from '@customer-journey/dsl';

/** One journey found among a module's exports. */
export interface ExportedJourney {
  /** The export it came from (`default` for the default export). */
  readonly exportName: string;
  /** The built journey. */
  readonly tree: JourneyTree;
}

/**
 * An export that cannot be used (it throws, or returns a promise). `reason` is one line without
 * the file name.
 */
export class ExportError extends Error {
  override name = 'ExportError' as const;
}

/**
 * `true` for a value shaped like a built {@link JourneyTree} (settings with a name, a root with
 * an id and children). Checked by shape, so journeys built by another copy of the dsl count too.
 *
 * @example
 * ```ts
 * import { journey } from '@customer-journey/dsl';
 * import { isJourneyTree } from '@customer-journey/cli';
 *
 * isJourneyTree(journey('Welcome', { target: 'contact' }).build()); // true
 * isJourneyTree(journey('Welcome', { target: 'contact' }));         // false: a builder
 * ```
 */
export function isJourneyTree(value: unknown): value is JourneyTree {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const root = v['root'] as Record<string, unknown> | null | undefined;
  const settings = v['settings'] as Record<string, unknown> | null | undefined;
  return (
    root !== null && typeof root === 'object' && typeof root['id'] === 'string' && Array.isArray(root['children']) &&
    settings !== null && typeof settings === 'object' && typeof settings['name'] === 'string'
  );
}

function isBuilder(value: unknown): value is { build(): unknown } {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { build?: unknown }).build === 'function'
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/** The first line of an error (with its class name unless it is a plain `Error`). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}

/** A promise that was exported or returned: handled here, so its rejection is not reported twice. */
function promiseProblem(value: PromiseLike<unknown>, what: string): ExportError {
  Promise.resolve(value).then(undefined, () => undefined);
  return new ExportError(`${what}; export the journey itself, or a function returning it synchronously`);
}

/** Turns one export into a journey, or `undefined` when it is something else. */
function journeyOf(exportName: string, value: unknown): JourneyTree | undefined {
  let candidate = value;
  if (isThenable(candidate)) throw promiseProblem(candidate, `export "${exportName}" is a promise`);
  if (typeof candidate === 'function' && !isBuilder(candidate) && !isClass(candidate) && candidate.length === 0) {
    try {
      candidate = (candidate as () => unknown)();
    } catch (error) {
      throw new ExportError(`export "${exportName}" threw: ${firstLine(error)}`, { cause: error });
    }
    if (isThenable(candidate)) throw promiseProblem(candidate, `export "${exportName}" returns a promise`);
  }
  if (isJourneyTree(candidate)) return candidate;
  if (isBuilder(candidate)) {
    let built: unknown;
    try {
      built = candidate.build();
    } catch (error) {
      throw new ExportError(`building export "${exportName}" failed: ${firstLine(error)}`, { cause: error });
    }
    return isJourneyTree(built) ? built : undefined;
  }
  return undefined;
}

/**
 * Every journey a module namespace exports, default export first; the same journey exported
 * twice counts once.
 *
 * @throws {@link ExportError} when an export throws, fails to build, or is (or returns) a promise
 */
export function journeysOfModule(loaded: Record<string, unknown>): ExportedJourney[] {
  let namespace = loaded;
  // A .ts file outside a `"type": "module"` package loads as CommonJS: its exports then arrive
  // as the properties of the default export, so look there too.
  const wrapped = namespace['default'];
  if (wrapped !== null && typeof wrapped === 'object' && !isJourneyTree(wrapped) && !isBuilder(wrapped) && !isThenable(wrapped)) {
    namespace = { ...(wrapped as Record<string, unknown>), ...namespace };
    delete namespace['default'];
    if ('default' in (wrapped as Record<string, unknown>)) namespace['default'] = (wrapped as Record<string, unknown>)['default'];
  }
  const names = Object.keys(namespace).filter((n) => n !== '__esModule' && n !== 'module.exports');
  names.sort((x, y) => (x === 'default' ? -1 : y === 'default' ? 1 : 0));
  const found: ExportedJourney[] = [];
  const seenExports = new Set<unknown>();
  const seenTrees = new Set<JourneyTree>();
  for (const exportName of names) {
    const value = namespace[exportName];
    if (seenExports.has(value)) continue;
    seenExports.add(value);
    const tree = journeyOf(exportName, value);
    if (tree === undefined || seenTrees.has(tree)) continue;
    seenTrees.add(tree);
    found.push({ exportName, tree });
  }
  if (found.length === 0) {
    throw new ExportError('exports no journey (export a built journey, a builder, or a function returning one)');
  }
  return found;
}
