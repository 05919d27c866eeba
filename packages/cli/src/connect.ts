/**
 * Which org a command talks to, and how it authenticates.
 *
 * - `--org <url>`: that org, with the bearer token in `JOURNEY_TOKEN`, else `@azure/identity`'s
 *   `DefaultAzureCredential` (loaded only then).
 * - no `--org`: the emulator at `JOURNEY_ORG_URL`, else an emulator started in this process for
 *   the command, keeping its records in `--data` (default `.journey-emulator/data.json`) so that
 *   one command sees what an earlier one pushed.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createJourneyClient, type JourneyClient } from '@customer-journey/client';
import { UsageError, type Context } from './context.js';

/** Where the embedded emulator keeps its records unless `--data` says otherwise. */
export const DEFAULT_DATA_FILE = '.journey-emulator/data.json';

/** The client the commands use. */
export type { JourneyClient };

/** Options of the commands that talk to an org. */
export interface OrgOptions {
  /** `--org <url>`. */
  readonly org?: string;
  /** `--data <file>`: records of the embedded emulator. */
  readonly data?: string;
}

/** A connection for one command; `close()` stops an embedded emulator. */
export interface Connection {
  readonly client: JourneyClient;
  /** The org URL (an emulator's on loopback when no `--org` was given). */
  readonly orgUrl: string;
  /** `true` when the client talks to an emulator started by this command. */
  readonly embedded: boolean;
  /** The file the embedded emulator keeps its records in (only when `embedded`). */
  readonly dataFile?: string;
  close(): Promise<void>;
}

function checkUrl(url: string, flag: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${flag} must be an org URL such as https://contoso.crm.dynamics.com, got "${url}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`${flag} must be an http(s) URL, got "${url}"`);
  }
  return url.replace(/\/+$/, '');
}

interface CredentialModule {
  DefaultAzureCredential: new () => {
    getToken(scopes: string | string[], options?: { abortSignal?: AbortSignal }): Promise<{ token: string; expiresOnTimestamp: number } | null>;
  };
}

async function defaultCredential(): Promise<InstanceType<CredentialModule['DefaultAzureCredential']>> {
  // A variable specifier keeps @azure/identity optional: it is loaded only for a real org without a token.
  const specifier = '@azure/identity';
  let mod: CredentialModule;
  try {
    mod = (await import(specifier)) as CredentialModule;
  } catch {
    throw new UsageError('--org needs a token: set JOURNEY_TOKEN, or install @azure/identity to sign in with DefaultAzureCredential');
  }
  return new mod.DefaultAzureCredential();
}

/**
 * Opens the connection a command asked for (see the module description).
 *
 * @example
 * ```ts
 * const connection = await connect(ctx, { org: 'https://contoso.crm.dynamics.com' });
 * try { await connection.client.get(id); } finally { await connection.close(); }
 * ```
 */
export async function connect(ctx: Context, options: OrgOptions): Promise<Connection> {
  const token = ctx.env['JOURNEY_TOKEN'];
  const hasToken = token !== undefined && token !== '';
  if (options.org !== undefined) {
    const orgUrl = checkUrl(options.org, '--org');
    const client = hasToken
      ? createJourneyClient({ orgUrl, getToken: () => token })
      : createJourneyClient({ orgUrl, credential: await defaultCredential() });
    return { client, orgUrl, embedded: false, close: async () => {} };
  }
  const getToken = (): string => (hasToken ? token : 'emulator');
  const envUrl = ctx.env['JOURNEY_ORG_URL'];
  if (envUrl !== undefined && envUrl !== '') {
    const orgUrl = checkUrl(envUrl, 'JOURNEY_ORG_URL');
    return { client: createJourneyClient({ orgUrl, getToken }), orgUrl, embedded: false, close: async () => {} };
  }
  const dataFile = resolve(ctx.cwd, options.data ?? DEFAULT_DATA_FILE);
  await mkdir(dirname(dataFile), { recursive: true });
  // Loaded on demand: commands that need no org do not pay for the emulator.
  const { startEmulator } = await import('@customer-journey/emulator');
  const emulator = await startEmulator({ dataFile });
  return {
    client: createJourneyClient({ orgUrl: emulator.url, getToken }),
    orgUrl: emulator.url,
    embedded: true,
    dataFile,
    close: () => emulator.close(),
  };
}
