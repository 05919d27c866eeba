/**
 * Loading journey files: TypeScript through tsx (no separate compile step), JavaScript through
 * `import()`. A journey file exports built journeys, builders, or functions returning either.
 *
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JourneyTree } from '@customer-journey/dsl';

/** One journey found in a file. */
export interface LoadedJourney {
  /** The file, as the user named it. */
  readonly file: string;
  /** The export it came from (`default` for the default export). */
  readonly exportName: string;
  /** The built journey. */
  readonly tree: JourneyTree;
}

/**
 * A journey file could not be used: it does not exist, does not load, or exports no journey.
 * The message is one line naming the file and the problem.
 *
 * @example
 * ```ts
 * try {
 *   await loadJourneys('missing.ts');
 * } catch (error) {
 *   if (error instanceof JourneyLoadError) console.error(error.message); // 'missing.ts: file not found'
 * }
 * ```
 */
export class JourneyLoadError extends Error {
  override name = 'JourneyLoadError' as const;
  /** The file, as the user named it. */
  readonly file: string;
  /** What went wrong, without the file name. */
  readonly reason: string;

  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
    this.file = file;
    this.reason = reason;
  }
}

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);
const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/**
 * `true` for a value shaped like a built {@link JourneyTree} (settings with a name, a root with
 * an id and children). Checked by shape, so journeys built by another copy of the dsl count too.
 *
 * @example
 * ```ts
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

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return (text.split('\n')[0] ?? '').trim() || 'unknown error';
}

/** Turns one export into a journey, or `undefined` when it is something else. */
function journeyOf(file: string, exportName: string, value: unknown): JourneyTree | undefined {
  let candidate = value;
  if (typeof candidate === 'function' && !isBuilder(candidate) && !isClass(candidate) && candidate.length === 0) {
    try {
      candidate = (candidate as () => unknown)();
    } catch (error) {
      throw new JourneyLoadError(file, `export "${exportName}" threw: ${firstLine(error)}`, { cause: error });
    }
    if (candidate instanceof Promise) {
      throw new JourneyLoadError(file, `export "${exportName}" returns a promise; export the journey or a function returning it synchronously`);
    }
  }
  if (isJourneyTree(candidate)) return candidate;
  if (isBuilder(candidate)) {
    let built: unknown;
    try {
      built = candidate.build();
    } catch (error) {
      throw new JourneyLoadError(file, `building export "${exportName}" failed: ${firstLine(error)}`, { cause: error });
    }
    return isJourneyTree(built) ? built : undefined;
  }
  return undefined;
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  if (TS_EXTENSIONS.has(extname(path).toLowerCase())) {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(url)) as Record<string, unknown>;
}

/**
 * Loads every journey a file exports: a built `JourneyTree`, a builder (its `.build()` is
 * called) or a function without parameters returning either, as the default export or any
 * named export. The same journey exported twice counts once. TypeScript files load through tsx.
 *
 * @param file - path of the module, relative to `cwd`
 * @param cwd - directory relative paths start from (defaults to `process.cwd()`)
 * @returns the journeys in export order (default export first)
 * @throws {@link JourneyLoadError} when the file is missing, throws while loading or exports no journey
 *
 * @example
 * ```ts
 * import { loadJourneys } from '@customer-journey/cli';
 * for (const { exportName, tree } of await loadJourneys('journeys/welcome.journey.ts')) {
 *   console.log(exportName, tree.settings.name);
 * }
 * ```
 */
export async function loadJourneys(file: string, cwd: string = process.cwd()): Promise<LoadedJourney[]> {
  const path = resolve(cwd, file);
  const ext = extname(path).toLowerCase();
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new JourneyLoadError(file, 'file not found');
  }
  if (info.isDirectory()) throw new JourneyLoadError(file, 'is a folder, not a journey file');
  if (!TS_EXTENSIONS.has(ext) && !JS_EXTENSIONS.has(ext)) {
    throw new JourneyLoadError(file, `cannot load "${ext || 'no extension'}" files; use .ts, .mts, .js or .mjs`);
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = await importModule(path);
  } catch (error) {
    throw new JourneyLoadError(file, `failed to load: ${firstLine(error)}`, { cause: error });
  }
  // A .ts file outside a `"type": "module"` package loads as CommonJS: its exports then arrive
  // as the properties of the default export, so look there too.
  const wrapped = namespace.default;
  if (wrapped !== null && typeof wrapped === 'object' && !isJourneyTree(wrapped) && !isBuilder(wrapped)) {
    namespace = { ...(wrapped as Record<string, unknown>), ...namespace };
    delete namespace.default;
    if ('default' in (wrapped as Record<string, unknown>)) namespace.default = (wrapped as Record<string, unknown>).default;
  }
  const names = Object.keys(namespace).filter((n) => n !== '__esModule' && n !== 'module.exports');
  names.sort((x, y) => (x === 'default' ? -1 : y === 'default' ? 1 : 0));
  const found: LoadedJourney[] = [];
  const seenExports = new Set<unknown>();
  const seenTrees = new Set<JourneyTree>();
  for (const exportName of names) {
    const value = namespace[exportName];
    if (seenExports.has(value)) continue;
    seenExports.add(value);
    const tree = journeyOf(file, exportName, value);
    if (tree === undefined || seenTrees.has(tree)) continue;
    seenTrees.add(tree);
    found.push({ file, exportName, tree });
  }
  if (found.length === 0) {
    throw new JourneyLoadError(
      file,
      'exports no journey (export a built journey, a builder, or a function returning one)',
    );
  }
  return found;
}

const JOURNEY_FILE = /\.journey\.(ts|mts|js|mjs)$/i;
const SOURCE_FILE = /\.(ts|mts|js|mjs)$/i;
const SKIPPED = /\.(d\.ts|d\.mts|test\.[mc]?[jt]s|spec\.[mc]?[jt]s)$/i;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const pending = [dir];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    const entries = await readdir(at, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(at, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !SKIPPED.test(entry.name)) out.push(full);
    }
  }
  return out.sort();
}

/**
 * Expands files and folders into journey files. A folder contributes its `*.journey.ts|js|mjs`
 * files (searched recursively, skipping `node_modules` and dot folders) or, when it has none,
 * every `.ts` / `.js` module in it (declaration and test files left out). Files are kept as given.
 *
 * @example
 * ```ts
 * await expandJourneyFiles(['journeys', 'extra/one.ts']); // ['journeys/a.journey.ts', 'journeys/b.journey.ts', 'extra/one.ts']
 * ```
 */
export async function expandJourneyFiles(inputs: readonly string[], cwd: string = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let isDir = false;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch {
      throw new JourneyLoadError(input, 'file not found');
    }
    if (!isDir) {
      files.push(input);
      continue;
    }
    const all = await filesUnder(path);
    const journeys = all.filter((f) => JOURNEY_FILE.test(f));
    const chosen = journeys.length > 0 ? journeys : all;
    if (chosen.length === 0) throw new JourneyLoadError(input, 'folder holds no .ts or .js journey files');
    for (const f of chosen) files.push(join(input, relative(path, f)));
  }
  return [...new Set(files)];
}
