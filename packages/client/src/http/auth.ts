/**
 * Bearer tokens: from a caller's function or from an `@azure/identity`-style `TokenCredential`,
 * cached until shortly before they expire and refreshed on demand (after a 401).
 *
 * @module
 */

/**
 * A token as a token function may return it: the bare string, or an object with `token`
 * (`@azure/identity`'s `AccessToken`) or `accessToken` (MSAL's `AuthenticationResult`). When an
 * expiry is known (`expiresOnTimestamp` in epoch ms, or `expiresOn` as a `Date`), the client
 * caches the token until two minutes before it.
 *
 * @example
 * ```ts
 * const a: TokenResult = 'eyJ0eXAi…';
 * const b: TokenResult = { token: 'eyJ0eXAi…', expiresOnTimestamp: Date.now() + 3_600_000 };
 * const c: TokenResult = { accessToken: 'eyJ0eXAi…', expiresOn: new Date(Date.now() + 3_600_000) };
 * ```
 */
export type TokenResult =
  | string
  | { readonly token: string; readonly expiresOnTimestamp?: number }
  | { readonly accessToken: string; readonly expiresOn?: Date | null };

/**
 * What the client tells a token function.
 *
 * @example
 * ```ts
 * const getToken = async ({ scope, forceRefresh }: TokenRequest) => myCache.get(scope, { skipCache: forceRefresh });
 * ```
 */
export interface TokenRequest {
  /** The scope the token must be issued for: `<org origin>/.default`. */
  readonly scope: string;
  /** `true` after the org refused the previous token (401): do not return a cached one. */
  readonly forceRefresh: boolean;
  /** Aborted when the caller gives up on the request. */
  readonly signal?: AbortSignal;
}

/**
 * A function that returns a bearer token for the org. It is called before every attempt unless
 * it returned an expiry (then the client caches the token until shortly before it).
 *
 * @example
 * ```ts
 * const getToken: GetToken = () => process.env.DATAVERSE_TOKEN ?? '';
 * ```
 */
export type GetToken = (request: TokenRequest) => TokenResult | Promise<TokenResult>;

/**
 * The shape of an `@azure/identity` `TokenCredential` (for example `DefaultAzureCredential` or
 * `ClientSecretCredential`). The client asks it for the scope `<org origin>/.default`.
 *
 * @example
 * ```ts
 * import { DefaultAzureCredential } from '@azure/identity';
 * const credential: TokenCredentialLike = new DefaultAzureCredential();
 * ```
 */
export interface TokenCredentialLike {
  /** Returns a token for `scopes`, or `null` when none can be had. */
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal },
  ): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/**
 * Hands out bearer tokens to the transport.
 *
 * @example
 * ```ts
 * const tokens = createTokenProvider({ getToken: () => 'abc' }, 'https://org.crm.dynamics.com/.default');
 * await tokens.get();          // 'abc'
 * await tokens.get({ forceRefresh: true });
 * ```
 */
export interface TokenProvider {
  /** The scope tokens are requested for. */
  readonly scope: string;
  /** A token for the next attempt; `forceRefresh` bypasses the cache. */
  get(options?: { forceRefresh?: boolean; signal?: AbortSignal }): Promise<string>;
  /** Every token handed out so far (newest last, bounded), so that error text can be redacted. */
  readonly issued: readonly string[];
}

/** Refresh a cached token this long before it expires. */
const EXPIRY_MARGIN_MS = 120_000;
/** How many recent tokens are remembered for redaction. */
const REMEMBERED_TOKENS = 8;

interface Cached {
  readonly token: string;
  readonly expiresAt: number;
}

function unwrap(result: TokenResult | null | undefined): { token: string; expiresAt?: number } {
  if (typeof result === 'string') return { token: result };
  if (result !== null && typeof result === 'object') {
    if ('token' in result && typeof result.token === 'string') {
      return result.expiresOnTimestamp === undefined
        ? { token: result.token }
        : { token: result.token, expiresAt: result.expiresOnTimestamp };
    }
    if ('accessToken' in result && typeof result.accessToken === 'string') {
      return result.expiresOn instanceof Date
        ? { token: result.accessToken, expiresAt: result.expiresOn.getTime() }
        : { token: result.accessToken };
    }
  }
  throw new TypeError(
    'The token source returned no token: return a string, { token } or { accessToken } (check getToken or credential).',
  );
}

/**
 * Creates the {@link TokenProvider} for a client from `getToken` or `credential` (exactly one).
 *
 * @param source - `{ getToken }` or `{ credential }`.
 * @param scope - `<org origin>/.default`.
 * @param now - clock in epoch milliseconds, for expiry checks.
 *
 * @example
 * ```ts
 * const tokens = createTokenProvider({ credential: new DefaultAzureCredential() }, 'https://org.crm.dynamics.com/.default');
 * ```
 */
export function createTokenProvider(
  source: { readonly getToken?: GetToken | undefined; readonly credential?: TokenCredentialLike | undefined },
  scope: string,
  now: () => number = Date.now,
): TokenProvider {
  const { getToken, credential } = source;
  if ((getToken === undefined) === (credential === undefined)) {
    throw new TypeError('Pass exactly one of getToken (a function returning a bearer token) or credential (a TokenCredential).');
  }
  if (getToken !== undefined && typeof getToken !== 'function') {
    throw new TypeError('getToken must be a function that returns a bearer token.');
  }
  if (credential !== undefined && typeof credential.getToken !== 'function') {
    throw new TypeError('credential must have a getToken(scopes) method, like the credentials of @azure/identity.');
  }
  let cached: Cached | undefined;
  let pending: Promise<string> | undefined;
  const issued: string[] = [];

  const remember = (token: string): void => {
    if (token === '' || issued.includes(token)) return;
    issued.push(token);
    if (issued.length > REMEMBERED_TOKENS) issued.shift();
  };

  const fetchToken = async (forceRefresh: boolean, signal: AbortSignal | undefined): Promise<string> => {
    const raw = credential
      ? await credential.getToken(scope, signal ? { abortSignal: signal } : {})
      : await getToken!(signal ? { scope, forceRefresh, signal } : { scope, forceRefresh });
    const { token, expiresAt } = unwrap(raw);
    if (token === '') throw new TypeError('The token source returned an empty token.');
    // Checked here, without echoing the value: a header error from fetch would quote the token.
    if (/[^\x21-\x7e]/.test(token)) {
      throw new TypeError(
        'The token source returned a token with spaces or characters that cannot go in a header; return the bare access token (without "Bearer ").',
      );
    }
    remember(token);
    cached = expiresAt === undefined ? undefined : { token, expiresAt };
    return token;
  };

  return {
    scope,
    issued,
    async get(options = {}) {
      const forceRefresh = options.forceRefresh ?? false;
      if (!forceRefresh && cached && cached.expiresAt - EXPIRY_MARGIN_MS > now()) return cached.token;
      if (forceRefresh) cached = undefined;
      // Concurrent requests share one refresh instead of asking the identity provider n times.
      if (!forceRefresh && pending) return pending;
      const promise = fetchToken(forceRefresh, options.signal).finally(() => {
        if (pending === promise) pending = undefined;
      });
      pending = promise;
      return promise;
    },
  };
}

/**
 * Replaces every occurrence of the given secrets in `text` with `[redacted]`, whatever their
 * length (longest first, so that a token that contains another is removed whole).
 *
 * @example
 * ```ts
 * redact('Bearer abc failed', ['abc']); // 'Bearer [redacted] failed'
 * ```
 */
export function redact(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  let out = text;
  const ordered = secrets.length === 1 ? secrets : [...secrets].sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (secret !== '' && out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out;
}
