/**
 * Loading journey files: TypeScript through tsx (no separate compile step), JavaScript through
 * `import()`. A journey file exports built journeys, builders, or functions returning either.
 *
 * Every file of a run loads in one loader thread (see `load-worker.ts`) that registers tsx once,
 * so shared modules such as `@customer-journey/dsl` load once for a thousand files. The thread
 * also keeps a file's misbehaviour to that file: an error thrown later by a timer or a rejected
 * promise, a call to `process.exit`, or a file that never finishes loading is reported as that
 * file's error, and the run goes on with the next file.
 *
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JourneyTree } from '@customer-journey/dsl';
import type { ExportedJourney } from './journey-exports.js';
import type { LoaderReply, LoaderRequest, LoadFailure, SourceLocation } from './load-worker.js';

export { isJourneyTree } from './journey-exports.js';

/** One journey found in a file. */
export interface LoadedJourney {
  /** The file, as the user named it. */
  readonly file: string;
  /** The export it came from (`default` for the default export). */
  readonly exportName: string;
  /** The built journey. */
  readonly tree: JourneyTree;
}

/** How a journey is named in output: `file` for a default export, else `file#export`. */
export function journeyLabel(j: Pick<LoadedJourney, 'file' | 'exportName'>): string {
  return j.exportName === 'default' ? j.file : `${j.file}#${j.exportName}`;
}

/**
 * A journey file could not be used: it does not exist, does not load, exports no journey, fails
 * after loading, ends the process, or never finishes loading. The message is one line naming the
 * file (and the line in it, when known) and the problem.
 *
 * @example
 * ```ts
 * import { JourneyLoadError, loadJourneys } from '@customer-journey/cli';
 *
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
  /** The line (1-based) in the file the problem comes from, when known (source-mapped for TypeScript). */
  readonly line: number | undefined;
  /** The column (1-based) on that line, when known. */
  readonly column: number | undefined;

  constructor(file: string, reason: string, options?: { cause?: unknown; line?: number; column?: number }) {
    const line = options?.line;
    const column = line === undefined ? undefined : options?.column;
    super(`${file}${line === undefined ? '' : `:${line}${column === undefined ? '' : `:${column}`}`}: ${reason}`, options);
    this.file = file;
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}

/**
 * Some journey files of a run could not be used: every one of them is in `errors` (in the order
 * the files were given), so that one run shows them all.
 *
 * @example
 * ```ts
 * import { JourneyFilesError, loadJourneyFiles } from '@customer-journey/cli';
 *
 * try {
 *   await loadJourneyFiles(['a.journey.ts', 'b.journey.ts']);
 * } catch (error) {
 *   if (error instanceof JourneyFilesError) for (const e of error.errors) console.error(e.message);
 * }
 * ```
 */
export class JourneyFilesError extends Error {
  override name = 'JourneyFilesError' as const;
  /** One error per file that could not be used. */
  readonly errors: readonly JourneyLoadError[];
  /** How many files the run had. */
  readonly total: number;

  constructor(errors: readonly JourneyLoadError[], total: number) {
    super(`${errors.length} of ${total} journey file${total === 1 ? '' : 's'} could not be loaded`);
    this.errors = Object.freeze([...errors]);
    this.total = total;
  }
}

/**
 * How {@link loadJourneyFiles} loads.
 *
 * @example
 * ```ts
 * import { loadJourneyFiles, type LoadOptions } from '@customer-journey/cli';
 *
 * const options: LoadOptions = { cwd: 'journeys', timeoutMs: 60_000 };
 * const journeys = await loadJourneyFiles(['welcome.journey.ts'], options);
 * ```
 */
export interface LoadOptions {
  /** Directory relative paths start from. @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /**
   * How long one file may take to load, in milliseconds: its module running and the timers it
   * starts. A file still loading then is reported as not finishing. @defaultValue `30_000`
   */
  readonly timeoutMs?: number;
}

/**
 * How long one journey file may take to load unless told otherwise (30 s; `--load-timeout`).
 *
 * @example
 * ```ts
 * import { DEFAULT_LOAD_TIMEOUT_MS, loadJourneyFiles } from '@customer-journey/cli';
 *
 * await loadJourneyFiles(['slow.journey.ts'], { timeoutMs: 2 * DEFAULT_LOAD_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_LOAD_TIMEOUT_MS = 30_000;

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);
const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/** Checks that a file exists and can be loaded at all, before any thread is started. */
async function checkFile(file: string, cwd: string): Promise<string | JourneyLoadError> {
  const path = resolve(cwd, file);
  const ext = extname(path).toLowerCase();
  let info;
  try {
    info = await stat(path);
  } catch {
    return new JourneyLoadError(file, 'file not found');
  }
  if (info.isDirectory()) return new JourneyLoadError(file, 'is a folder, not a journey file');
  if (!TS_EXTENSIONS.has(ext) && !JS_EXTENSIONS.has(ext)) {
    return new JourneyLoadError(file, `cannot load "${ext || 'no extension'}" files; use .ts, .mts, .js or .mjs`);
  }
  return path;
}

/** Freezes a journey that came from the loader thread, as a built journey is (iteratively: trees can be deep). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next === null || typeof next !== 'object' || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const child of Object.values(next)) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return value;
}

/** `file:` URL of one of tsx's APIs (`tsx/esm/api`, `tsx/cjs/api`), resolved as an import from this package. */
function tsxApiUrl(subpath: './esm/api' | './cjs/api'): string {
  const resolveImport = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolveImport === 'function') {
    try {
      return resolveImport(`tsx${subpath.slice(1)}`);
    } catch {
      // fall through to the package's exports map
    }
  }
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require(manifest) as { exports?: Record<string, { import?: { default?: string } }> };
  const target = pkg.exports?.[subpath]?.import?.default;
  if (target === undefined) throw new Error(`tsx does not export "tsx${subpath.slice(1)}"; reinstall @customer-journey/cli`);
  return pathToFileURL(join(manifest, '..', target)).href;
}

/** The loader thread's module: `.js` next to this file when built, `.ts` when run from the sources. */
function workerEntryUrl(): string {
  const here = fileURLToPath(import.meta.url);
  return new URL(`./load-worker${extname(here) === '.ts' ? '.ts' : '.js'}`, import.meta.url).href;
}

/**
 * Registers tsx in the new thread (its ESM hooks, and its CommonJS ones for `.ts` files outside a
 * `"type": "module"` package), then starts the loader module (which may itself be TypeScript).
 */
const BOOTSTRAP = [
  "import { workerData } from 'node:worker_threads';",
  'for (const api of workerData.tsx) (await import(api)).register();',
  'await import(workerData.entry);',
].join('\n');

type Outcome =
  | { readonly kind: 'loaded'; readonly journeys: readonly ExportedJourney[] }
  | { readonly kind: 'failed'; readonly failure: LoadFailure; readonly fatal: boolean };

/** The main thread's end of one loader thread. */
class LoaderThread {
  readonly #worker: Worker;
  readonly #late = new Map<number, LoadFailure>();
  readonly #stray: LoadFailure[] = [];
  #waiting: { id: number; timers: readonly string[] } | undefined;
  #pending: ((reply: LoaderReply | { kind: 'exit'; code: number } | { kind: 'error'; error: unknown }) => void) | undefined;
  #exited = false;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: LoaderReply) => {
      if (reply.kind === 'late') this.#late.set(reply.id, reply.failure);
      else if (reply.kind === 'stray') this.#stray.push(reply.failure);
      else if (reply.kind === 'waiting') this.#waiting = { id: reply.id, timers: reply.timers };
      else this.#pending?.(reply);
    });
    worker.on('error', (error) => this.#pending?.({ kind: 'error', error }));
    worker.on('exit', (code) => {
      this.#exited = true;
      this.#pending?.({ kind: 'exit', code });
    });
  }

  /** Starts a thread and waits until tsx is registered in it. */
  static async start(): Promise<LoaderThread> {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(BOOTSTRAP)}`), {
      workerData: { tsx: [tsxApiUrl('./esm/api'), tsxApiUrl('./cjs/api')], entry: workerEntryUrl() },
      // What a journey file prints is not the command's output: it goes to stderr, so that
      // --json output stays one JSON document.
      stdout: true,
    });
    worker.stdout.pipe(process.stderr, { end: false });
    const thread = new LoaderThread(worker);
    const first = await thread.#next();
    if (first.kind !== 'ready') {
      await thread.close();
      const why = first.kind === 'error' ? String((first.error as Error)?.message ?? first.error) : first.kind;
      throw new Error(`could not start the journey loader: ${why}`);
    }
    return thread;
  }

  #next(): Promise<LoaderReply | { kind: 'exit'; code: number } | { kind: 'error'; error: unknown }> {
    if (this.#exited) return Promise.resolve({ kind: 'exit', code: 1 });
    return new Promise((done) => {
      this.#pending = (reply) => {
        this.#pending = undefined;
        done(reply);
      };
    });
  }

  /** Loads one file; a file that takes longer than `timeoutMs` ends this thread (`fatal`). */
  async load(id: number, path: string, timeoutMs: number): Promise<Outcome> {
    this.#waiting = undefined;
    const reply = this.#next();
    this.#worker.postMessage({ kind: 'load', id, path } satisfies LoaderRequest);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), timeoutMs);
    });
    const answer = await Promise.race([reply, timedOut]);
    clearTimeout(timer);
    if (answer === 'timeout') {
      const seconds = `${Number((timeoutMs / 1000).toFixed(3))} s`;
      // Set by the 'waiting' message meanwhile (the assignment above does not hold any more).
      const told = this.#waiting as { id: number; timers: readonly string[] } | undefined;
      const waiting = told?.id === id ? told.timers : undefined;
      const why =
        waiting === undefined
          ? 'its code is still running or waiting'
          : `it still waits for ${waiting.length === 1 ? 'a timer' : 'timers'} started at ${waiting.join(', ')}`;
      return { kind: 'failed', fatal: true, failure: { reason: `did not finish loading within ${seconds} (${why}); raise --load-timeout if it needs longer` } };
    }
    if (answer.kind === 'loaded') return { kind: 'loaded', journeys: answer.journeys };
    if (answer.kind === 'failed') return { kind: 'failed', fatal: false, failure: answer.failure };
    const why = answer.kind === 'exit' ? `exit code ${answer.code}` : answer.kind === 'error' ? String((answer.error as Error)?.message ?? answer.error) : answer.kind;
    return { kind: 'failed', fatal: true, failure: { reason: `the loader stopped while loading this file (${why})` } };
  }

  /** Gives the files' last timers and rejections a turn (they then show in `late` and `stray`). */
  async finish(): Promise<void> {
    const reply = this.#next();
    this.#worker.postMessage({ kind: 'finish' } satisfies LoaderRequest);
    await reply;
  }

  /** Failures of files that had already answered, by file, so far. */
  get late(): ReadonlyMap<number, LoadFailure> {
    return this.#late;
  }

  /** Failures no file can be blamed for, so far. */
  get stray(): readonly LoadFailure[] {
    return this.#stray;
  }

  async close(): Promise<void> {
    if (!this.#exited) await this.#worker.terminate();
  }
}

function loadError(file: string, failure: LoadFailure): JourneyLoadError {
  const location: SourceLocation | undefined = failure.location;
  return new JourneyLoadError(file, failure.reason, location === undefined ? {} : { line: location.line, ...(location.column === undefined ? {} : { column: location.column }) });
}

/**
 * Loads every journey of every file, all through one loader thread (see the module description),
 * and reports every file that cannot be used, not only the first. Each file may export built
 * journeys, builders (their `.build()` is called) or functions without parameters returning
 * either, as the default export or any named export; the same journey exported twice counts once.
 *
 * @param files - paths of the modules, relative to `options.cwd`
 * @returns the journeys, file by file in the order given, each file's in export order (default first)
 * @throws {@link JourneyFilesError} listing a {@link JourneyLoadError} for each file that is
 * missing, does not load, exports no journey, fails after loading, calls `process.exit` or does
 * not finish loading within `options.timeoutMs`
 *
 * @example
 * ```ts
 * import { loadJourneyFiles } from '@customer-journey/cli';
 *
 * const journeys = await loadJourneyFiles(['journeys/welcome.journey.ts', 'journeys/winback.journey.ts'], { timeoutMs: 10_000 });
 * for (const { file, exportName, tree } of journeys) console.log(file, exportName, tree.settings.name);
 * ```
 */
export async function loadJourneyFiles(files: readonly string[], options: LoadOptions = {}): Promise<LoadedJourney[]> {
  const cwd = options.cwd ?? process.cwd();
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be above 0, got ${timeoutMs}`);
  const checked = await Promise.all(files.map((file) => checkFile(file, cwd)));
  const results: (readonly ExportedJourney[] | JourneyLoadError | undefined)[] = checked.map((c) => (typeof c === 'string' ? undefined : c));
  let thread: LoaderThread | undefined;
  const stray: LoadFailure[] = [];
  // A file that failed after it answered (a timer, a rejected promise) is a file that failed.
  const collectLate = (from: LoaderThread): void => {
    for (const [id, failure] of from.late) {
      if (!(results[id] instanceof JourneyLoadError)) results[id] = loadError(files[id] as string, failure);
    }
  };
  try {
    for (let id = 0; id < checked.length; id++) {
      const path = checked[id];
      if (typeof path !== 'string') continue;
      thread ??= await LoaderThread.start();
      const outcome = await thread.load(id, path, timeoutMs);
      if (outcome.kind === 'loaded') results[id] = outcome.journeys;
      else results[id] = loadError(files[id] as string, outcome.failure);
      if (outcome.kind === 'failed' && outcome.fatal) {
        collectLate(thread);
        await thread.close();
        thread = undefined;
      }
    }
    if (thread !== undefined) {
      await thread.finish();
      collectLate(thread);
      stray.push(...thread.stray);
    }
  } finally {
    await thread?.close();
  }
  const errors = results.filter((r): r is JourneyLoadError => r instanceof JourneyLoadError);
  if (errors.length === 0 && stray.length > 0) {
    // Something failed that no file can be blamed for: the run cannot be trusted either.
    errors.push(...stray.map((failure) => loadError(files.length === 1 ? (files[0] as string) : 'journey files', failure)));
  }
  if (errors.length > 0) throw new JourneyFilesError(errors, files.length);
  const journeys: LoadedJourney[] = [];
  results.forEach((result, id) => {
    for (const { exportName, tree } of result as readonly ExportedJourney[]) {
      journeys.push({ file: files[id] as string, exportName, tree: deepFreeze(tree) });
    }
  });
  return journeys;
}

/**
 * Loads every journey a file exports: a built `JourneyTree`, a builder (its `.build()` is
 * called) or a function without parameters returning either, as the default export or any
 * named export. The same journey exported twice counts once. TypeScript files load through tsx.
 * To load many files, use {@link loadJourneyFiles}: one loader for all of them.
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
  try {
    return await loadJourneyFiles([file], { cwd });
  } catch (error) {
    if (error instanceof JourneyFilesError && error.errors.length === 1) throw error.errors[0];
    throw error;
  }
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
 * every `.ts` / `.js` module in it (declaration and test files left out). Files are kept as given,
 * missing ones too: loading them reports them with every other file that cannot be used.
 *
 * @throws {@link JourneyLoadError} for a folder without journey files ({@link JourneyFilesError}
 * when there are several)
 *
 * @example
 * ```ts
 * import { expandJourneyFiles } from '@customer-journey/cli';
 *
 * await expandJourneyFiles(['journeys', 'extra/one.ts']); // ['journeys/a.journey.ts', 'journeys/b.journey.ts', 'extra/one.ts']
 * ```
 */
export async function expandJourneyFiles(inputs: readonly string[], cwd: string = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  const errors: JourneyLoadError[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let isDir = false;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch {
      // Missing: loading says so, together with the other files' problems.
    }
    if (!isDir) {
      files.push(input);
      continue;
    }
    const all = await filesUnder(path);
    const journeys = all.filter((f) => JOURNEY_FILE.test(f));
    const chosen = journeys.length > 0 ? journeys : all;
    if (chosen.length === 0) errors.push(new JourneyLoadError(input, 'folder holds no .ts or .js journey files'));
    for (const f of chosen) files.push(join(input, relative(path, f)));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new JourneyFilesError(errors, inputs.length);
  return [...new Set(files)];
}
