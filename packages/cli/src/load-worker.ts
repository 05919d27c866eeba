/**
 * The loader thread: imports journey files one at a time for the command line and answers with
 * the journeys each exports, or with why it cannot be used. It runs in a worker thread with tsx
 * registered once (by the bootstrap in `load.ts`), so every file of a run shares one module
 * graph: `@customer-journey/dsl` and the helpers journey files import load once, not per file.
 *
 * A journey file is code, and this thread keeps what it does to itself:
 *
 * - every timer, rejected promise or uncaught error it causes is traced to it (through an
 *   `AsyncLocalStorage` entered for its import), also after its import has finished;
 * - a file has finished loading once its module has run and the timers it started have fired,
 *   so a timer that throws a moment later is still that file's error;
 * - `process.exit` ends nothing: the call is reported as the calling file's error;
 * - a file that never finishes (a top-level `await` that never settles, an endless loop) is
 *   stopped from the main thread, which terminates this thread and starts another.
 *
 * @module
 */
import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { firstLine, journeysOfModule, type ExportedJourney } from './journey-exports.js';

/** Where in a file something happened (1-based). */
export interface SourceLocation {
  readonly line: number;
  readonly column?: number;
}

/** Why a file cannot be used: one line without the file name, and where in the file, when known. */
export interface LoadFailure {
  readonly reason: string;
  readonly location?: SourceLocation;
}

/** What the main thread asks. */
export type LoaderRequest = { readonly kind: 'load'; readonly id: number; readonly path: string } | { readonly kind: 'finish' };

/** What this thread answers. */
export type LoaderReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'loaded'; readonly id: number; readonly journeys: readonly ExportedJourney[] }
  | { readonly kind: 'failed'; readonly id: number; readonly failure: LoadFailure }
  /** The module has run; the file still waits for the timers it started (where they were started). */
  | { readonly kind: 'waiting'; readonly id: number; readonly timers: readonly string[] }
  /** A file already answered failed afterwards (a timer, a rejected promise). */
  | { readonly kind: 'late'; readonly id: number; readonly failure: LoadFailure }
  /** An error no file can be blamed for. */
  | { readonly kind: 'stray'; readonly failure: LoadFailure }
  | { readonly kind: 'finished' };

/** A file being loaded, or loaded, by this thread. */
interface FileState {
  readonly id: number;
  readonly path: string;
  readonly url: string;
  answered: boolean;
  failure: LoadFailure | undefined;
  /** Timers and immediates it started that have not run yet: async id -> resource and where. */
  readonly timers: Map<number, { readonly resource: unknown; readonly where: string | undefined }>;
}

const port = parentPort;
if (port === null) throw new Error('load-worker runs only as a worker thread');

const context = new AsyncLocalStorage<FileState>();
const states: FileState[] = [];
let current: FileState | undefined;

const post = (reply: LoaderReply): void => port.postMessage(reply);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where `text` (a stack or an esbuild message) points into the file: the first `path:line:column`
 * or `url:line:column` in it (source-mapped positions, as tsx registers source maps).
 */
function locate(text: string | undefined, state: Pick<FileState, 'path' | 'url'>): SourceLocation | undefined {
  if (text === undefined) return undefined;
  let best: { at: number; location: SourceLocation } | undefined;
  for (const name of [state.url, state.path]) {
    // Preceded by the start, a space or "(": a longer path that merely ends the same way does not count.
    const match = new RegExp(`(?<![^\\s(])${escapeRegExp(name)}:(\\d+)(?::(\\d+))?`, 'm').exec(text);
    if (match !== null && (best === undefined || match.index < best.at)) {
      const line = Number(match[1]);
      best = { at: match.index, location: match[2] === undefined ? { line } : { line, column: Number(match[2]) } };
    }
  }
  return best?.location;
}

/** The failure an error stands for, located in the file when its stack or message points there. */
function failureOf(error: unknown, state: FileState, prefix: string): LoadFailure {
  // esbuild (through tsx) reports a syntax error as "<file>:<line>:<column>: ERROR: <text>", the column 0-based.
  const message = error instanceof Error ? error.message : undefined;
  const transform = message === undefined ? null : /^Transform failed with \d+ errors?:\n(.*?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (transform !== null) {
    return { reason: `${prefix}: ${transform[4] ?? ''}`, location: { line: Number(transform[2]), column: Number(transform[3]) + 1 } };
  }
  const stack = error instanceof Error ? error.stack : undefined;
  const location = locate(stack, state);
  return location === undefined ? { reason: `${prefix}: ${firstLine(error)}` } : { reason: `${prefix}: ${firstLine(error)}`, location };
}

/** Records the first failure of a file; one already answered is reported at once. */
function fail(state: FileState, failure: LoadFailure): void {
  if (state.failure !== undefined) return;
  state.failure = failure;
  if (state.answered) post({ kind: 'late', id: state.id, failure });
}

/** The file an error comes from: the one whose code was running, else the one named in its stack. */
function blame(error: unknown, prefix: string): void {
  let state = context.getStore() ?? current;
  if (state === undefined && error instanceof Error) {
    state = states.find((s) => locate(error.stack, s) !== undefined);
  }
  if (state === undefined) post({ kind: 'stray', failure: { reason: `${prefix}: ${firstLine(error)}` } });
  else fail(state, failureOf(error, state, prefix));
}

process.on('uncaughtException', (error) => blame(error, 'failed after loading'));
process.on('unhandledRejection', (reason) => blame(reason, 'failed after loading (a promise was rejected)'));

/** Thrown by `process.exit` here, so that the calling code stops; the call is the file's error. */
class ProcessExitCalled extends Error {
  override name = 'ProcessExitCalled';
}

process.exit = ((code?: number | string | null) => {
  const state = context.getStore() ?? current;
  const shown = code === undefined || code === null ? '' : String(code);
  const error = new ProcessExitCalled(`called process.exit(${shown})`);
  if (state !== undefined) {
    const location = locate(error.stack, state);
    const reason = `called process.exit(${shown}) while loading; a journey file must export journeys, not end the process`;
    fail(state, location === undefined ? { reason } : { reason, location });
  }
  throw error;
}) as typeof process.exit;

// Timers started by a file's code: the file has not finished loading until they have run.
const TIMER_TYPES = new Set(['Timeout', 'Immediate']);
const timerOwners = new Map<number, FileState>();
createHook({
  init(asyncId, type, _triggerAsyncId, resource) {
    if (!TIMER_TYPES.has(type)) return;
    const state = context.getStore();
    if (state === undefined || state.answered) return;
    const location = locate(new Error().stack, state);
    state.timers.set(asyncId, { resource, where: location === undefined ? undefined : `${state.path}:${location.line}${location.column === undefined ? '' : `:${location.column}`}` });
    timerOwners.set(asyncId, state);
  },
  destroy(asyncId) {
    const state = timerOwners.get(asyncId);
    if (state === undefined) return;
    timerOwners.delete(asyncId);
    state.timers.delete(asyncId);
  },
}).enable();

/** Timers of the file that still keep it loading (unref'd ones never do). */
function pendingTimers(state: FileState): string[] {
  const out: string[] = [];
  for (const { resource, where } of state.timers.values()) {
    const ref = resource as { hasRef?: () => boolean };
    if (typeof ref.hasRef === 'function' && !ref.hasRef()) continue;
    out.push(where ?? 'an unknown place');
  }
  return out;
}

const turn = (): Promise<void> => new Promise((done) => setImmediate(done));
const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Waits until the file's own timers have run (or it failed); the main thread bounds the wait. */
async function settle(state: FileState): Promise<void> {
  await turn(); // rejections and immediates of the module's last tick
  let told = false;
  for (let timers = pendingTimers(state); timers.length > 0 && state.failure === undefined; timers = pendingTimers(state)) {
    if (!told) post({ kind: 'waiting', id: state.id, timers: [...new Set(timers)] });
    told = true;
    await pause(5);
    await turn();
  }
}

async function load(id: number, path: string): Promise<void> {
  const state: FileState = { id, path, url: pathToFileURL(path).href, answered: false, failure: undefined, timers: new Map() };
  states.push(state);
  current = state;
  let journeys: ExportedJourney[] | undefined;
  try {
    const namespace = (await context.run(state, () => import(state.url))) as Record<string, unknown>;
    // Exported functions run as the file's code, so what they start is traced to it too.
    if (state.failure === undefined) journeys = context.run(state, () => journeysOfModule(namespace));
  } catch (error) {
    if (error instanceof Error && error.name === 'ExportError') fail(state, { reason: error.message });
    else fail(state, failureOf(error, state, 'failed to load'));
  }
  await settle(state);
  current = undefined;
  state.answered = true;
  if (state.failure !== undefined || journeys === undefined) {
    post({ kind: 'failed', id, failure: state.failure ?? { reason: 'failed to load' } });
    return;
  }
  try {
    post({ kind: 'loaded', id, journeys });
  } catch (error) {
    post({ kind: 'failed', id, failure: { reason: `exports a journey that cannot be read: ${firstLine(error)} (a journey holds data only)` } });
  }
}

/** The end of a run: one more turn for the last errors, then every remaining timer is left alone. */
async function finish(): Promise<void> {
  await turn();
  await pause(0);
  await turn();
  post({ kind: 'finished' });
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: LoaderRequest) => {
  queue = queue
    .then(() => (request.kind === 'load' ? load(request.id, request.path) : finish()))
    .catch((error: unknown) => post({ kind: 'stray', failure: { reason: `the loader failed: ${firstLine(error)}` } }));
});
post({ kind: 'ready' });
