/**
 * How the command line reaches an org and says why it cannot: the token, an Azure sign-in (with
 * `@azure/identity` replaced by stand-ins, so nothing signs in for real), the emulator on
 * loopback, URLs it refuses, hosts that do not resolve and connections refused. The binary is run
 * as a child process where its output matters: each reason is printed once.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@customer-journey/emulator';
import type { TokenCredentialLike } from '@customer-journey/client';
import { connect, type IdentityLoader } from '../src/connect.js';
import { createContext, UsageError } from '../src/context.js';
import { BIN, cleanEnv, ensureBuilt, fixture, journey, tempDir } from './helpers.js';

const ORG = 'https://contoso.crm4.dynamics.com';

function ctx(env: Record<string, string> = {}) {
  return createContext({ env, stdout: { write: () => true }, stderr: { write: () => true } });
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

/** A stand-in for `@azure/identity` whose credential answers with `answer`. */
function identity(answer: (scope: string | string[]) => Promise<{ token: string; expiresOnTimestamp: number } | null>): IdentityLoader & { calls: number } {
  const loader = Object.assign(
    async () => ({
      DefaultAzureCredential: class implements TokenCredentialLike {
        getToken(scope: string | string[]) {
          loader.calls += 1;
          return answer(scope);
        }
      },
    }),
    { calls: 0 },
  );
  return loader;
}

/** An error shaped like `@azure/identity`'s AggregateAuthenticationError. */
function aggregate(): Error {
  const errors = [
    Object.assign(new Error('EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.'), { name: 'CredentialUnavailableError' }),
    Object.assign(new Error('ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.'), { name: 'CredentialUnavailableError' }),
    Object.assign(new Error(`Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.\nmore detail`), { name: 'CredentialUnavailableError' }),
  ];
  return Object.assign(new Error(`ChainedTokenCredential authentication failed.\n${errors.join('\n')}`), { name: 'AggregateAuthenticationError', errors });
}

describe('--org without JOURNEY_TOKEN', () => {
  it('signs in with DefaultAzureCredential once, before anything else, for the org scope', async () => {
    const scopes: (string | string[])[] = [];
    const loader = identity(async (scope) => {
      scopes.push(scope);
      return { token: 'azure-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    });
    const connection = await connect(ctx(), { org: ORG }, loader);
    expect(connection.orgUrl).toBe(ORG);
    expect(scopes).toEqual([`${ORG}/.default`]);
  });

  it('a failed sign-in: one message that says what to do, and one short line per credential', async () => {
    const error = await usageError(connect(ctx(), { org: ORG }, identity(() => Promise.reject(aggregate()))));
    const [first, ...reasons] = error.message.split('\n');
    expect(first).toBe(`--org ${ORG} needs a token: set JOURNEY_TOKEN, or sign in with \`az login\`. No Azure credential could sign in:`);
    expect(reasons).toEqual([
      '  - EnvironmentCredential is unavailable. No underlying credential could be used.',
      '  - ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.',
      '  - Azure CLI could not be found.',
    ]);
    expect(error.message).not.toMatch(/AggregateAuthenticationError|ChainedTokenCredential|troubleshoot/);
  });

  it('a sign-in that gives no token says so the same way', async () => {
    const error = await usageError(connect(ctx(), { org: ORG }, identity(async () => null)));
    expect(error.message).toMatch(/needs a token: set JOURNEY_TOKEN, or sign in with `az login`\..*\n {2}- DefaultAzureCredential returned no token\.$/);
  });

  it('without @azure/identity installed, says how to install it', async () => {
    const missing: IdentityLoader = () => Promise.reject(Object.assign(new Error("Cannot find package '@azure/identity'"), { code: 'ERR_MODULE_NOT_FOUND' }));
    const error = await usageError(connect(ctx(), { org: ORG }, missing));
    expect(error.message).toBe(
      `--org ${ORG} needs a token: set JOURNEY_TOKEN, or install @azure/identity (npm install @azure/identity; it needs Node.js 22 or later) and sign in with \`az login\``,
    );
  });

  it('never signs in for a loopback emulator, and never with a token set', async () => {
    for (const org of ['http://127.0.0.1:5885', 'http://localhost:5885', 'http://[::1]:5885']) {
      const loader = identity(() => Promise.reject(new Error('must not be asked')));
      await connect(ctx(), { org }, loader);
      expect(loader.calls, org).toBe(0);
    }
    const loader = identity(() => Promise.reject(new Error('must not be asked')));
    await connect(ctx({ JOURNEY_TOKEN: 'tok-123456' }), { org: ORG }, loader);
    expect(loader.calls).toBe(0);
  });

  it('refuses plain http to a real org, and credentials in the URL, naming --org', async () => {
    const http = await usageError(connect(ctx(), { org: 'http://contoso.crm4.dynamics.com' }));
    expect(http.message).toBe(
      '--org must use https: http://contoso.crm4.dynamics.com would send the bearer token unencrypted. Plain http is only for a local emulator (localhost, 127.0.0.1, ::1); use https://contoso.crm4.dynamics.com',
    );
    const userinfo = await usageError(connect(ctx({ JOURNEY_TOKEN: 'tok-123456' }), { org: 'https://me:pw@contoso.crm4.dynamics.com' }));
    expect(userinfo.message).toMatch(/^--org must not contain a user name or password/);
    const env = await usageError(connect(ctx({ JOURNEY_ORG_URL: 'http://10.1.2.3:8080' }), {}));
    expect(env.message).toMatch(/^JOURNEY_ORG_URL must use https/);
  });
});

describe('the binary: each reason printed once', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let emulator: Emulator;

  beforeAll(async () => {
    await ensureBuilt();
    ({ dir, remove } = await tempDir());
    emulator = await startEmulator();
  }, 300_000);
  afterAll(async () => {
    await emulator?.close();
    await remove?.();
  });

  const J = (args: readonly string[], env?: Record<string, string>) => journey(args, { cwd: dir, ...(env ? { env } : {}) });
  const count = (text: string, part: string): number => text.split(part).length - 1;

  it('--org on loopback without a token reaches the emulator; a record without a name pulls as code that builds', async () => {
    const [id] = emulator.seed([{ msdyncrm_name: '', msdyncrm_entitytarget: 0 }]);
    const r = await J(['pull', id!, '--org', emulator.url, '--out', 'nameless.journey.ts']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const built = await J(['build', 'nameless.journey.ts']);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ msdyncrm_name: `Journey ${id!}` });
  });

  it('--org http:// to a real host: exit 2, one line naming --org', async () => {
    const r = await J(['push', fixture('invitation.journey.ts'), '--org', 'http://contoso.crm4.dynamics.com']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'journey: --org must use https: http://contoso.crm4.dynamics.com would send the bearer token unencrypted. Plain http is only for a local emulator (localhost, 127.0.0.1, ::1); use https://contoso.crm4.dynamics.com',
    ]);
    expect(r.stdout + r.stderr).not.toMatch(/orgUrl|RangeError/);
  });

  it('a refused connection: said once, at once, as refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await J(['push', fixture('invitation.journey.ts'), '--org', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    const all = r.stdout + r.stderr;
    expect(count(all, `connection refused by 127.0.0.1:${port}`)).toBe(1);
    expect(all).not.toMatch(/connection broke|attempts/);
  });

  it('a host that does not resolve: said once, at once, naming the host', async () => {
    // Node runs with a preload that makes every lookup fail: no query leaves the machine.
    const preload = pathToFileURL(fixture('dns-fails.mjs')).href;
    const run = promisify(execFile);
    let out = '';
    let code = 0;
    try {
      const r = await run(process.execPath, ['--import', preload, BIN, 'push', fixture('invitation.journey.ts'), '--org', 'https://contoso-typo.crm4.dynamics.com'], {
        cwd: dir,
        env: cleanEnv({ JOURNEY_TOKEN: 'test-secret-token' }),
      });
      out = r.stdout + r.stderr;
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      code = e.code ?? -1;
      out = (e.stdout ?? '') + (e.stderr ?? '');
    }
    expect(code).toBe(2);
    expect(count(out, 'could not resolve host contoso-typo.crm4.dynamics.com (ENOTFOUND)')).toBe(1);
    expect(out).not.toMatch(/connection broke|attempts|test-secret-token/);
  });
});
