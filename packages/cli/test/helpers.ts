/**
 * Test helpers: run the built `journey` binary as a user would, and make sure it is built.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);

/** The monorepo root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The built binary. */
export const BIN = join(REPO, 'packages/cli/dist/bin.js');
/** Journey files used by the tests. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** `file://` URL of the built dsl, for journey files written to temp folders. */
export const DSL_URL = pathToFileURL(join(REPO, 'packages/dsl/dist/index.js')).href;

const PACKAGES = ['dsl', 'client', 'emulator', 'cli'] as const;

function newestIn(dir: string): number {
  let newest = 0;
  const pending = [dir];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

function needsBuild(): boolean {
  return PACKAGES.some((pkg, i) => {
    const out = outputs()[i] as string;
    if (!existsSync(out)) return true;
    return newestIn(join(REPO, 'packages', pkg, 'src')) > statSync(out).mtimeMs;
  });
}

function outputs(): string[] {
  return PACKAGES.map((pkg) => join(REPO, 'packages', pkg, 'dist', pkg === 'cli' ? 'bin.js' : 'index.js'));
}

/**
 * Builds the binary and the packages it depends on when any of them is missing or older than its
 * sources. A failed build is an error only when something is missing; otherwise the tests run the
 * last good build (sources being edited elsewhere can break a build for a moment).
 */
export async function ensureBuilt(): Promise<void> {
  if (!needsBuild()) return;
  try {
    await run('pnpm', ['-r', '--filter', '@customer-journey/cli...', 'run', 'build'], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const detail = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    if (outputs().every((out) => existsSync(out))) {
      console.warn(`Building the command line failed; testing the last build.\n${detail}`);
      return;
    }
    throw new Error(`Building the command line failed:\n${detail}`, { cause: error });
  }
}

/** What a run of the binary gave. */
export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of the tests without the variables that choose an org. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('JOURNEY_ORG_URL' in extra)) delete env['JOURNEY_ORG_URL'];
  if (!('JOURNEY_TOKEN' in extra)) delete env['JOURNEY_TOKEN'];
  delete env['NODE_OPTIONS'];
  return env;
}

/** Runs `node dist/bin.js ...args` and resolves with its exit code and output (never rejects). */
export async function journey(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Starts `journey ...args` in the background (for `journey emulator`). */
export function spawnJourney(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the first match of `pattern` in the child's stdout (rejects if it exits first). */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const match = pattern.exec(text);
      if (match !== null) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve(match);
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`exited with ${code} before printing ${pattern}: ${text}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Resolves with the exit code of a child. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * A fresh folder for one group of tests, inside this package (so that journey files written
 * there resolve `@customer-journey/dsl` like the fixtures do); removed by the returned function.
 */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const base = fileURLToPath(new URL('./.tmp/', import.meta.url));
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(join(base, 'run-'));
  const remove = async (): Promise<void> => {
    await rm(dir, { recursive: true, force: true });
    await rmdir(base).catch(() => undefined); // only when no other run still uses it
  };
  return { dir, remove };
}

/**
 * Registers what a command-line test file needs around its tests: the build, and a temporary
 * folder that is removed afterwards. `use` receives the folder before the first test runs.
 */
export function withBuiltCliInTempDir(use: (dir: string) => void): void {
  let remove: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    const made = await tempDir();
    remove = made.remove;
    use(made.dir);
  }, 300_000);
  afterAll(async () => {
    await remove?.();
  });
}

/** Output as lines, without empty ones. */
export const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** A fixture's absolute path. */
export const fixture = (name: string): string => join(FIXTURES, name);
