/**
 * Which org a command talks to, and how it authenticates.
 *
 * - `--org <url>`: that org, with the bearer token in `JOURNEY_TOKEN`. Without it, a loopback URL
 *   (a local emulator) gets a stand-in token, and any other org is signed in to with
 *   `@azure/identity`'s `DefaultAzureCredential` (an optional peer dependency, loaded only then),
 *   once, before the command does anything, so that a failed sign-in is one clear message.
 * - no `--org`: the emulator at `JOURNEY_ORG_URL`, else an emulator started in this process for
 *   the command, keeping its records in `--data` (default `.journey-emulator/data.json`) so that
 *   one command sees what an earlier one pushed.
 *
 * @module
 */
import { resolve } from 'node:path';
import { createJourneyClient, isLoopbackHost, resolveOrgUrl, type JourneyClient, type TokenCredentialLike } from '@customer-journey/client';
import { UsageError, type Context } from './context.js';

/** Where the embedded emulator keeps its records unless `--data` says otherwise. */
export const DEFAULT_DATA_FILE = '.journey-emulator/data.json';

/** The token sent to an emulator on loopback when `JOURNEY_TOKEN` is not set (it accepts any). */
const EMULATOR_TOKEN = 'local-emulator-token';

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

/** What `connect` needs from `@azure/identity`. */
export interface IdentityModule {
  readonly DefaultAzureCredential: new () => TokenCredentialLike;
}

/** Loads `@azure/identity`; rejects when it is not installed. */
export type IdentityLoader = () => Promise<IdentityModule>;

/** The real loader: a variable specifier keeps `@azure/identity` out of every bundle and install. */
const importIdentity: IdentityLoader = async () => {
  const specifier = '@azure/identity';
  return (await import(specifier)) as IdentityModule;
};

/** Checks an org URL given by `flag` (`--org`, `JOURNEY_ORG_URL`), saying what is wrong in the flag's name. */
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
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new UsageError(
      `${flag} must use https: ${parsed.origin} would send the bearer token unencrypted. Plain http is only for a local emulator (localhost, 127.0.0.1, ::1); use https://${parsed.host}`,
    );
  }
  return url.replace(/\/+$/, '');
}

/** A client for `orgUrl`; option errors of the client name `flag` instead of `orgUrl`. */
function clientFor(orgUrl: string, flag: string, auth: { getToken: () => string } | { credential: TokenCredentialLike }): JourneyClient {
  try {
    return createJourneyClient({ orgUrl, ...auth });
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(error.message.replace(/\borgUrl\b/g, flag));
    throw error;
  }
}

/** One short line for a credential that could not sign in. */
function reasonLine(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\s*To troubleshoot, visit \S+\.?/g, '').trim();
  const sentences = text.split(/(?<=\.)\s+/);
  let line = sentences[0] ?? '';
  // "EnvironmentCredential is unavailable." says little alone: add the reason that follows (not
  // the instructions some credentials give next).
  const next = sentences[1];
  if (line.split(/\s+/).length <= 4 && next !== undefined && !/^(Please|To|Visit|See)\b/.test(next)) line = `${line} ${next}`;
  return `  - ${line.length > 120 ? `${line.slice(0, 119)}…` : line}`;
}

/** The message for a sign-in that failed: what to do, then one line per credential tried. */
function signInFailed(orgUrl: string, error: unknown): UsageError {
  const errors = (error as { errors?: unknown }).errors;
  const reasons = Array.isArray(errors) && errors.length > 0 ? errors : [error];
  return new UsageError(
    [`--org ${orgUrl} needs a token: set JOURNEY_TOKEN, or sign in with \`az login\`. No Azure credential could sign in:`, ...reasons.map(reasonLine)].join('\n'),
  );
}

/**
 * Signs in to `orgUrl` with `DefaultAzureCredential`, once, and returns a credential that hands out
 * that token first and asks `DefaultAzureCredential` again only when it runs out.
 */
async function signIn(orgUrl: string, loadIdentity: IdentityLoader, signal: AbortSignal | undefined): Promise<TokenCredentialLike> {
  let identity: IdentityModule;
  try {
    identity = await loadIdentity();
  } catch {
    throw new UsageError(
      `--org ${orgUrl} needs a token: set JOURNEY_TOKEN, or install @azure/identity (npm install @azure/identity; it needs Node.js 22 or later) and sign in with \`az login\``,
    );
  }
  const credential = new identity.DefaultAzureCredential();
  const { scope } = resolveOrgUrl(orgUrl, '9.2');
  let first: Awaited<ReturnType<TokenCredentialLike['getToken']>>;
  try {
    first = await credential.getToken(scope, signal ? { abortSignal: signal } : {});
  } catch (error) {
    throw signInFailed(orgUrl, error);
  }
  if (first === null) throw signInFailed(orgUrl, new Error('DefaultAzureCredential returned no token.'));
  let prefetched: typeof first | undefined = first;
  return {
    getToken: async (scopes, options) => {
      const token = prefetched;
      prefetched = undefined;
      if (token != null && token.expiresOnTimestamp - 120_000 > Date.now()) return token;
      try {
        return await credential.getToken(scopes, options);
      } catch (error) {
        throw signInFailed(orgUrl, error);
      }
    },
  };
}

/**
 * Opens the connection a command asked for (see the module description).
 *
 * @param loadIdentity - how `@azure/identity` is loaded (replaced in tests).
 * @example
 * ```ts
 * const connection = await connect(ctx, { org: 'https://contoso.crm.dynamics.com' });
 * try { await connection.client.get(id); } finally { await connection.close(); }
 * ```
 */
export async function connect(ctx: Context, options: OrgOptions, loadIdentity: IdentityLoader = importIdentity): Promise<Connection> {
  const token = ctx.env['JOURNEY_TOKEN'];
  const hasToken = token !== undefined && token !== '';
  const getToken = (): string => (hasToken ? token : EMULATOR_TOKEN);
  if (options.org !== undefined) {
    const orgUrl = checkUrl(options.org, '--org');
    // A local emulator takes any token: never ask for an Azure sign-in for it.
    const local = isLoopbackHost(new URL(orgUrl).hostname);
    const client =
      hasToken || local
        ? clientFor(orgUrl, '--org', { getToken })
        : clientFor(orgUrl, '--org', { credential: await signIn(orgUrl, loadIdentity, ctx.signal) });
    return { client, orgUrl, embedded: false, close: async () => {} };
  }
  const envUrl = ctx.env['JOURNEY_ORG_URL'];
  if (envUrl !== undefined && envUrl !== '') {
    const orgUrl = checkUrl(envUrl, 'JOURNEY_ORG_URL');
    return { client: clientFor(orgUrl, 'JOURNEY_ORG_URL', { getToken }), orgUrl, embedded: false, close: async () => {} };
  }
  // The emulator makes the data file's folder, and names the path when it cannot be used.
  const dataFile = resolve(ctx.cwd, options.data ?? DEFAULT_DATA_FILE);
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
