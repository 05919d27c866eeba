import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { journey, type JourneyTree } from '@customer-journey/dsl';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/index.js';

/** The repository's root folder. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export const SET = 'msdyncrm_customerjourneys';
export const TOKEN = 'test-token-value';

/** A small valid journey. */
export function sampleTree(name = 'Welcome'): JourneyTree {
  return journey(name, { target: 'contact', start: '2026-02-01T09:00:00Z', end: '2026-03-01T09:00:00Z' })
    .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
    .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
    .build();
}

export interface Api {
  readonly emulator: Emulator;
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  json(path: string, init?: RequestInit & { json?: unknown }): Promise<{ res: Response; body: any }>;
  create(body: Record<string, unknown>): Promise<string>;
}

export async function start(options: EmulatorOptions = {}): Promise<Api> {
  return connect(await startEmulator(options));
}

/** The same helpers for an emulator started otherwise (e.g. with `startEmulatorWith`). */
export function connect(emulator: Emulator): Api {
  const call = (path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${TOKEN}`);
    const { json, ...rest } = init;
    if (json !== undefined) {
      headers.set('Content-Type', 'application/json');
      rest.body = JSON.stringify(json);
    }
    const url = path.startsWith('http') ? path : `${emulator.apiUrl}/${path}`;
    return fetch(url, { ...rest, headers });
  };
  return {
    emulator,
    fetch: call,
    json: async (path, init) => {
      const res = await call(path, init);
      const text = await res.text();
      return { res, body: text === '' ? undefined : JSON.parse(text) };
    },
    create: async (body) => {
      const res = await call(SET, { method: 'POST', json: body });
      if (res.status !== 204) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      const entityId = res.headers.get('OData-EntityId') ?? '';
      return /\(([^)]+)\)$/.exec(entityId)?.[1] ?? '';
    },
  };
}

/** A process started by {@link startProcess}. */
export interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** Everything written so far. */
  readonly output: () => { stdout: string; stderr: string };
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** Starts a process in the repository's root and waits for the first line that is a URL. */
export function startProcess(command: string, args: readonly string[], options: { detached?: boolean } = {}): Promise<Running> {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false }) as unknown as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^http:\/\/\S+$/m.exec(stdout)?.[0];
      if (url !== undefined) resolve({ child, url, output: () => ({ stdout, stderr }), exited });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void exited.then((code) => reject(new Error(`exited with ${code} before printing a URL: ${stdout}${stderr}`)));
  });
}

/** Starts the `journey-emulator` command line from its sources. */
export const emulatorCli = (...args: string[]): Promise<Running> => startProcess(process.execPath, ['--import', 'tsx', cli, ...args]);
