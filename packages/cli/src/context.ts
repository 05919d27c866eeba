/**
 * What every command shares: where output goes, the environment, and the errors that end a
 * command with a given exit code.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_LOAD_TIMEOUT_MS } from './load.js';

/**
 * Something text can be written to (`process.stdout` fits).
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const sink: TextSink = { write: (chunk) => lines.push(chunk) };
 * ```
 */
export interface TextSink {
  /** Writes a chunk of text. */
  write(chunk: string): unknown;
  /** `true` on a terminal: progress lines are then redrawn in place. */
  readonly isTTY?: boolean;
}

/**
 * Where {@link run} reads and writes. Every field is optional; the defaults are the process's.
 *
 * @example
 * ```ts
 * let out = '';
 * const code = await run(['build', 'welcome.journey.ts'], { stdout: { write: (s) => (out += s) } });
 * ```
 */
export interface RunIo {
  /** Standard output. @defaultValue `process.stdout` */
  readonly stdout?: TextSink;
  /** Standard error. @defaultValue `process.stderr` */
  readonly stderr?: TextSink;
  /** Directory relative paths start from. @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /** Environment (`JOURNEY_TOKEN`, `JOURNEY_ORG_URL`). @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops a long-running command (`journey emulator`) as SIGINT / SIGTERM do. */
  readonly signal?: AbortSignal;
}

/**
 * Exit codes of the command line.
 *
 * @example
 * ```ts
 * if ((await run(['validate', 'welcome.journey.ts'])) === ExitCode.failed) console.error('fix the journey');
 * ```
 */
export const ExitCode = Object.freeze({
  /** Everything went well. */
  ok: 0,
  /** A check failed (validation errors) or a diff found differences. */
  failed: 1,
  /** Usage error, unreadable journey file, or a connection / service error. */
  error: 2,
});

/**
 * A failure that ends the command with exit code 2 and one line on stderr.
 *
 * @example
 * ```ts
 * throw new UsageError('choose one of --definition and --canonical');
 * ```
 */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}

/** The version of this package (its `package.json`, the same from `src` and from `dist`); `0.0.0` when unreadable. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The resolved I/O of one run. */
export interface Context {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal | undefined;
  /** How long one journey file may take to load, in milliseconds (`--load-timeout`). */
  loadTimeoutMs: number;
  /** Writes a line to stdout. */
  out(line: string): void;
  /** Writes a line to stderr. */
  err(line: string): void;
  /** Writes a JSON document (pretty, one per command) to stdout. */
  json(value: unknown): void;
  /** Removes every secret this run knows of from a text. */
  redact(text: string): string;
}

/** Builds the context of one run from the caller's {@link RunIo}. */
export function createContext(io: RunIo = {}): Context {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const secrets = [env['JOURNEY_TOKEN']].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const redact = (text: string): string => secrets.reduce((t, s) => t.split(s).join('***'), text);
  return {
    stdout,
    stderr,
    cwd: io.cwd ?? process.cwd(),
    env,
    signal: io.signal,
    loadTimeoutMs: DEFAULT_LOAD_TIMEOUT_MS,
    out: (line) => void stdout.write(`${line}\n`),
    err: (line) => void stderr.write(`${redact(line)}\n`),
    json: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    redact,
  };
}
