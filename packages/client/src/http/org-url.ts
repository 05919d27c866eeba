/**
 * Checks an org URL and derives the Web API base URL and the token scope from it. Tokens only
 * travel over https, except to loopback hosts (a local emulator).
 *
 * @module
 */

/**
 * Where the client talks to.
 *
 * @example
 * ```ts
 * const org: OrgEndpoint = resolveOrgUrl('https://contoso.crm4.dynamics.com', '9.2');
 * org.baseUrl.href; // 'https://contoso.crm4.dynamics.com/api/data/v9.2/'
 * org.scope;        // 'https://contoso.crm4.dynamics.com/.default'
 * ```
 */
export interface OrgEndpoint {
  /** `<org>/api/data/v<version>/`. */
  readonly baseUrl: URL;
  /** Token scope: `<org origin>/.default`. */
  readonly scope: string;
}

/**
 * Whether `hostname` (as `URL.hostname` gives it) is a loopback host: `localhost`, `127.0.0.0/8`
 * or `::1`.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('[::1]');     // true
 * isLoopbackHost('10.0.0.1');  // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets[1] === '127' && octets.slice(1).every((o) => Number(o) <= 255);
}

/**
 * Validates `orgUrl` and `apiVersion` and returns the endpoint. Throws a `TypeError` for a value
 * that is not a usable URL (or carries credentials) and a `RangeError` for plain http to a host
 * that is not loopback, or for an unknown API version.
 *
 * @example
 * ```ts
 * resolveOrgUrl('http://127.0.0.1:8080', '9.2').baseUrl.href; // 'http://127.0.0.1:8080/api/data/v9.2/'
 * resolveOrgUrl('http://contoso.crm.dynamics.com', '9.2');     // throws RangeError
 * ```
 */
export function resolveOrgUrl(orgUrl: string | URL, apiVersion: string): OrgEndpoint {
  let url: URL;
  try {
    url = new URL(String(orgUrl));
  } catch {
    throw new TypeError(`orgUrl is not a URL: ${JSON.stringify(String(orgUrl))}. Use the org's address, e.g. https://contoso.crm.dynamics.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`orgUrl must be an https URL, got ${url.protocol} (${url.origin})`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('orgUrl must not contain a user name or password; pass credentials through getToken or credential');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new RangeError(
      `orgUrl must use https: ${url.origin} would send the bearer token unencrypted. Plain http is allowed only for loopback hosts (localhost, 127.0.0.0/8, ::1)`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(`orgUrl must not have a query or fragment: ${JSON.stringify(String(orgUrl))}`);
  }
  const version = String(apiVersion).replace(/^v/i, '');
  if (!/^\d+\.\d+$/.test(version)) {
    throw new RangeError(`apiVersion must look like '9.2' (the Web API version), got ${JSON.stringify(apiVersion)}`);
  }
  let path = url.pathname.replace(/\/+$/, '');
  // Accept an org URL that already ends in the Web API path.
  path = path.replace(/\/api\/data\/v\d+\.\d+$/i, '');
  const baseUrl = new URL(`${url.origin}${path}/api/data/v${version}/`);
  return { baseUrl, scope: `${url.origin}/.default` };
}
