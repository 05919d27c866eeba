/**
 * The HTTP server: listens on loopback, checks the bearer token, applies injected faults, reads
 * the body, dispatches to the journey operations and writes OData responses. Also keeps the
 * request log and counters that tests inspect.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JourneyCodec } from './codec.js';
import { DEFAULT_ENTITY_SET } from './entity.js';
import { ERROR_CODES, ODataError, badRequest, errorBodyText, resourceNotFound } from './errors.js';
import { FaultController, type Fault, type FaultKind, type RateFaultOptions } from './faults.js';
import { JourneyService } from './journeys.js';
import { route, splitApiPath } from './router.js';
import { DurabilityError, RecordStore, UnstorableRecordError, type StoredRecord } from './store.js';

/**
 * Options of {@link startEmulator}.
 *
 * @example
 * ```ts
 * const options: EmulatorOptions = { port: 0, goLiveDelayMs: 10, faults: { rate: 0.3, seed: 7 } };
 * ```
 */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  readonly port?: number;
  /** Interface to listen on. @defaultValue `'127.0.0.1'` */
  readonly host?: string;
  /** Entity set name of the journey table. @defaultValue `'msdyncrm_customerjourneys'` */
  readonly entitySet?: string;
  /** Delay from Going live to Live or Error. @defaultValue 50 */
  readonly goLiveDelayMs?: number;
  /** Delay from Stopping to Stopped. @defaultValue 50 */
  readonly stopDelayMs?: number;
  /** Random faults from the start (see {@link FaultController.setRate}). */
  readonly faults?: RateFaultOptions;
  /** Decides whether a bearer token is accepted (401 otherwise). @defaultValue any non-empty token */
  readonly acceptToken?: (token: string) => boolean;
  /** Set to `false` to serve requests without `Authorization`. @defaultValue true */
  readonly requireAuth?: boolean;
  /**
   * JSON file that keeps the records across restarts. A write is answered only once its change is
   * on disk: it is appended to the journal `<dataFile>.journal` and synced first; the journal is
   * folded into `dataFile` on start, now and then while running, and on `close()`.
   */
  readonly dataFile?: string;
  /** Largest request body accepted; larger ones get 413. @defaultValue 32 MiB */
  readonly maxBodyBytes?: number;
  /** Most entries kept in {@link Emulator.requests}; older ones are dropped. @defaultValue 10000 */
  readonly requestLogLimit?: number;
  /**
   * Bytes of each request body kept in its log entry; the rest is cut off and marked (see
   * {@link RequestLogEntry.bodyBytes}). @defaultValue 64 KiB
   */
  readonly requestLogBodyBytes?: number;
  /**
   * Total bytes the request log may hold (bodies, URLs and headers); the oldest entries are dropped
   * beyond it. @defaultValue 32 MiB
   */
  readonly requestLogMaxBytes?: number;
  /** Replaces parts of the codec (parse, check, format-error recognition). */
  readonly codec?: Partial<JourneyCodec>;
  /**
   * Clock for `createdon` and `modifiedon`, and for the moves due at a journey's end date (see
   * {@link Emulator.tick}). @defaultValue `() => new Date()`
   */
  readonly clock?: () => Date;
}

/**
 * One logged request. Never holds the `Authorization` header.
 *
 * @example
 * ```ts
 * const creates = emulator.requests.filter((r: RequestLogEntry) => r.method === 'POST');
 * ```
 */
export interface RequestLogEntry {
  /** HTTP method. */
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** Path without the query. */
  readonly path: string;
  /** Request headers (lower-case names) without `authorization`, `proxy-authorization` and `cookie`. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Body text, if any. A body longer than `requestLogBodyBytes` keeps only its beginning, followed
   * by the marker `…[truncated: <n> bytes in all]`.
   */
  readonly body?: string;
  /** Length of the body as received, in bytes (present whenever there was a body). */
  readonly bodyBytes?: number;
  /** `true` when `body` holds only the beginning of the body. */
  readonly bodyTruncated?: boolean;
  /** Status answered (absent for dropped connections). */
  readonly status?: number;
  /** Fault applied, if any. */
  readonly fault?: FaultKind;
}

/**
 * Counters of requests, statuses and faults.
 *
 * @example
 * ```ts
 * const { requests, faults }: EmulatorStats = emulator.stats;
 * ```
 */
export interface EmulatorStats {
  /** Requests received. */
  readonly requests: number;
  /** Responses by HTTP status. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Faults applied, in total. */
  readonly faults: number;
  /** Faults applied, by kind. */
  readonly faultsByKind: Readonly<Record<FaultKind, number>>;
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const res = await fetch(`${emulator.url}/api/data/v9.2/msdyncrm_customerjourneys`, { headers: { Authorization: 'Bearer t' } });
 * await emulator.close();
 * ```
 */
export interface Emulator {
  /** Org URL, e.g. `http://127.0.0.1:5885`. */
  readonly url: string;
  /** Web API base, `<url>/api/data/v9.2`. */
  readonly apiUrl: string;
  /** Entity set name of the journey table. */
  readonly entitySet: string;
  /** Fault injection: `script`, `setRate`, `clear`. */
  readonly faults: FaultController;
  /** Snapshot of the counters. */
  readonly stats: EmulatorStats;
  /** Logged requests, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /** Copies of the stored journey records, in insertion order. */
  records(): StoredRecord[];
  /** Copy of one stored record, or `undefined`. */
  record(id: string): StoredRecord | undefined;
  /** Stores records as given (id, timestamps, status and version filled in); returns their ids. */
  seed(records: readonly Readonly<Record<string, unknown>>[]): string[];
  /**
   * Completes every pending status transition (Going live, Stopping) now; resolves once the
   * results are on disk (with a data file).
   */
  settle(): Promise<void>;
  /**
   * Applies the status moves due on the emulator's `clock` now: a Live journey becomes Stopped at
   * its end date, a Stopped one Expired 30 days after it. Reads and writes apply them to the
   * records they touch; this applies them to every record, and resolves once the moves are stored
   * (on disk, with a data file), as `settle()` does.
   */
  tick(): Promise<void>;
  /** Empties the request log. */
  clearRequests(): void;
  /** Removes every record, empties the log, zeroes the counters and clears faults. */
  reset(): void;
  /** Waits until every change so far is on disk in `dataFile`'s journal (a no-op without one); rethrows a failed write. */
  flush(): Promise<void>;
  /** Stops listening, drops open connections, clears timers, writes pending changes and folds the journal into `dataFile`. */
  close(): Promise<void>;
}

const HIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

function loggedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (HIDDEN_HEADERS.has(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function emptyFaultCounts(): Record<FaultKind, number> {
  return { '429': 0, '503': 0, drop: 0, 'drop-after': 0, latency: 0 };
}

class BodyTooLarge extends Error {}

/**
 * How deeply a JSON request body may nest objects and arrays. Deeper bodies are refused at the door
 * with 400, before they are parsed, so that no record is too deep to serialize.
 *
 * @example
 * ```ts
 * const tooDeep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1); // answered 400
 * ```
 */
export const MAX_JSON_DEPTH = 512;

/**
 * The position at which JSON text nests objects and arrays deeper than `limit`, or `undefined`.
 * Scans the text once, without recursion; brackets inside strings do not count.
 *
 * @example
 * ```ts
 * jsonTooDeepAt('[[1]]', 1); // 1
 * jsonTooDeepAt('{"a":"[[["}', 1); // undefined
 * ```
 */
export function jsonTooDeepAt(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth += 1;
      if (depth > limit) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth -= 1;
  }
  return undefined;
}

/** Whether a `Content-Type` names JSON (`application/json`, or any `+json` type). */
function isJsonMediaType(contentType: string): boolean {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

const TRUNCATED = (bytes: number): string => `…[truncated: ${bytes} bytes in all]`;

/** The beginning of a body too long for the log, with the marker, cut at a character boundary. */
function truncatedForLog(body: Buffer, keep: number): string {
  let end = Math.max(0, keep);
  // Step back over UTF-8 continuation bytes so no character is cut in half.
  while (end > 0 && ((body[end] as number) & 0xc0) === 0x80) end -= 1;
  return body.subarray(0, end).toString('utf8') + TRUNCATED(body.length);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

function bearerToken(req: IncomingMessage): string | undefined {
  const value = req.headers.authorization;
  if (typeof value !== 'string') return undefined;
  const m = /^Bearer\s+(\S.*)$/i.exec(value.trim());
  return m ? (m[1] as string).trim() : undefined;
}

/**
 * Starts an emulator on loopback.
 *
 * @throws DataFileError when `dataFile` cannot be used: a folder, a path under a regular file, a
 * file or journal it cannot read without dropping something, or a file another emulator has open.
 * @example
 * ```ts
 * const emulator = await startEmulator({ faults: { rate: 0.3, kinds: ['429', '503', 'drop', 'drop-after'], retryAfterSeconds: 0, seed: 7 } });
 * console.log(emulator.url); // http://127.0.0.1:54321
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulatorWith(await RecordStore.open(options.dataFile), options);
}

/**
 * Starts an emulator on a store that is already open (`options.dataFile` is not read). Tests use it
 * to run the emulator on a store whose file operations fail on purpose.
 *
 * @example
 * ```ts
 * const emulator = await startEmulatorWith(await RecordStore.open(dataFile, { io }), {});
 * ```
 */
export async function startEmulatorWith(store: RecordStore, options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const entitySet = options.entitySet ?? DEFAULT_ENTITY_SET;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const logLimit = options.requestLogLimit ?? 10_000;
  const logBodyBytes = options.requestLogBodyBytes ?? 64 * 1024;
  const logMaxBytes = options.requestLogMaxBytes ?? 32 * 1024 * 1024;
  const requireAuth = options.requireAuth ?? true;
  const acceptToken = options.acceptToken ?? (() => true);

  const service = new JourneyService(store, {
    entitySet,
    goLiveDelayMs: options.goLiveDelayMs ?? 50,
    stopDelayMs: options.stopDelayMs ?? 50,
    ...(options.codec ? { codec: options.codec } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const faults = new FaultController(options.faults);
  let log: RequestLogEntry[] = [];
  let logBytes = 0;
  /** The bytes each entry still in the log holds; an entry dropped or cleared from the log has none. */
  let entryBytes = new WeakMap<RequestLogEntry, number>();
  /** Counts the bytes an entry holds and drops the oldest entries beyond the limits. */
  const account = (entry: RequestLogEntry, bytes: number): void => {
    const held = entryBytes.get(entry);
    if (held === undefined) return;
    entryBytes.set(entry, held + bytes);
    logBytes += bytes;
    let drop = 0;
    let freed = 0;
    while (drop < log.length && (log.length - drop > logLimit || logBytes - freed > logMaxBytes)) {
      const oldest = log[drop] as RequestLogEntry;
      freed += entryBytes.get(oldest) ?? 0;
      entryBytes.delete(oldest);
      drop += 1;
    }
    if (drop > 0) {
      log.splice(0, drop);
      logBytes -= freed;
    }
  };
  const clearLog = (): void => {
    log = [];
    logBytes = 0;
    entryBytes = new WeakMap();
  };
  let requestCount = 0;
  let statuses: Record<number, number> = {};
  let faultCount = 0;
  let faultsByKind = emptyFaultCounts();
  const latencyTimers = new Set<ReturnType<typeof setTimeout>>();
  let orgUrl = '';
  let closed = false;

  const respond = (res: ServerResponse, entry: { status?: number }, status: number, headers: Record<string, string>, body?: unknown): void => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    entry.status = status;
    const requestId = randomUUID();
    const base: Record<string, string> = { 'OData-Version': '4.0', 'REQ_ID': requestId, 'x-ms-service-request-id': requestId };
    if (body === undefined) {
      res.writeHead(status, { ...base, ...headers, 'Content-Length': '0' });
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...base,
      'Content-Type': 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  };

  const respondError = (res: ServerResponse, entry: { status?: number }, error: ODataError): void => {
    statuses[error.status] = (statuses[error.status] ?? 0) + 1;
    entry.status = error.status;
    const requestId = randomUUID();
    const text = errorBodyText(error);
    res.writeHead(error.status, {
      'OData-Version': '4.0',
      'REQ_ID': requestId,
      'x-ms-service-request-id': requestId,
      'Content-Type': 'application/json; odata.metadata=minimal; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      ...error.headers,
    });
    res.end(text);
  };

  const applyFault = (fault: Fault, entry: { fault?: FaultKind }): void => {
    faultCount += 1;
    faultsByKind[fault.kind] += 1;
    entry.fault = fault.kind;
  };

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        latencyTimers.delete(timer);
        resolve();
      }, ms);
      latencyTimers.add(timer);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requestCount += 1;
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://emulator.invalid');
    const entry: { -readonly [K in keyof RequestLogEntry]: RequestLogEntry[K] } = { method, url: rawUrl, path: url.pathname, headers: loggedHeaders(req) };
    log.push(entry);
    entryBytes.set(entry, 0);
    let headerBytes = 0;
    for (const [name, value] of Object.entries(entry.headers)) headerBytes += name.length + value.length;
    account(entry, 64 + rawUrl.length * 2 + headerBytes);

    const api = (() => {
      try {
        return splitApiPath(url.pathname);
      } catch (error) {
        if (error instanceof ODataError) return error;
        throw error;
      }
    })();
    if (api instanceof ODataError) return respondError(res, entry, api);
    if (!api) return respondError(res, entry, resourceNotFound(url.pathname));

    if (requireAuth) {
      const token = bearerToken(req);
      if (token === undefined || token === '' || !acceptToken(token)) {
        const error = new ODataError(
          401,
          ERROR_CODES.unauthorized,
          token === undefined ? 'Bearer token is required: send an Authorization: Bearer <token> header.' : 'The bearer token was rejected (expired or invalid).',
          { 'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=${orgUrl}/` },
        );
        return respondError(res, entry, error);
      }
    }

    const fault = faults.next({ method, url: rawUrl });
    let dropAfter = false;
    if (fault) {
      applyFault(fault, entry);
      switch (fault.kind) {
        case '429':
          return respondError(
            res,
            entry,
            new ODataError(429, ERROR_CODES.throttled, 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', {
              'Retry-After': String(fault.retryAfterSeconds ?? 1),
            }),
          );
        case '503':
          return respondError(
            res,
            entry,
            new ODataError(
              503,
              ERROR_CODES.unavailable,
              'The service is temporarily unavailable. Try again later.',
              fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
            ),
          );
        case 'drop':
          req.socket.destroy();
          return;
        case 'drop-after':
          dropAfter = true;
          break;
        case 'latency':
          await delay(fault.latencyMs);
          if (closed) return;
          break;
      }
    }

    let raw: Buffer;
    try {
      raw = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        return respondError(res, entry, new ODataError(413, ERROR_CODES.tooLarge, `The request body is larger than the limit of ${maxBodyBytes} bytes.`));
      }
      throw error;
    }
    const text = raw.toString('utf8');
    if (raw.length > 0) {
      const truncated = raw.length > logBodyBytes;
      const kept = truncated ? truncatedForLog(raw, logBodyBytes) : text;
      entry.body = kept;
      entry.bodyBytes = raw.length;
      if (truncated) entry.bodyTruncated = true;
      account(entry, kept.length * 2);
    }

    let response;
    try {
      let body: unknown;
      if (text.trim() !== '') {
        const contentType = req.headers['content-type'];
        if (contentType !== undefined && !isJsonMediaType(contentType)) {
          throw badRequest(`The request body must be JSON sent with 'Content-Type: application/json'; got '${contentType}'.`);
        }
        const tooDeep = jsonTooDeepAt(text, MAX_JSON_DEPTH);
        if (tooDeep !== undefined) {
          throw badRequest(`The request body nests JSON objects and arrays deeper than the limit of ${MAX_JSON_DEPTH} levels (at character ${tooDeep}).`);
        }
        try {
          body = JSON.parse(text);
        } catch (error) {
          throw new ODataError(400, ERROR_CODES.badRequest, `The request body is not valid JSON: ${(error as Error).message}`);
        }
      }
      response = route(service, entitySet, method, api.resource, {
        orgUrl,
        version: api.version,
        params: url.searchParams,
        headers: req.headers,
        body,
      });
    } catch (error) {
      if (dropAfter) {
        req.socket.destroy();
        return;
      }
      if (error instanceof ODataError) return respondError(res, entry, error);
      if (error instanceof UnstorableRecordError) return respondError(res, entry, badRequest(error.message));
      return respondError(res, entry, new ODataError(500, ERROR_CODES.internal, `An unexpected error occurred: ${(error as Error).message ?? String(error)}`));
    }
    // Answer only what is on disk: the change this request made, and any change it has seen.
    if (store.hasUnsyncedChanges) {
      try {
        await store.durable();
      } catch (error) {
        if (dropAfter) {
          req.socket.destroy();
          return;
        }
        const message = error instanceof DurabilityError ? error.message : `The change could not be made durable: ${(error as Error).message}`;
        return respondError(res, entry, new ODataError(503, ERROR_CODES.unavailable, message));
      }
    }
    if (dropAfter) {
      req.socket.destroy();
      return;
    }
    respond(res, entry, response.status, response.headers, response.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        respondError(res, {}, new ODataError(500, ERROR_CODES.internal, 'An unexpected error occurred.'));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : address.address;
  orgUrl = `http://${hostForUrl}:${address.port}`;

  const emulator: Emulator = {
    url: orgUrl,
    apiUrl: `${orgUrl}/api/data/v9.2`,
    entitySet,
    faults,
    get stats(): EmulatorStats {
      return { requests: requestCount, statuses: { ...statuses }, faults: faultCount, faultsByKind: { ...faultsByKind } };
    },
    get requests(): readonly RequestLogEntry[] {
      return log;
    },
    records: () => store.all().map((r) => structuredClone(r)),
    record: (id) => {
      const r = store.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    seed: (records) => service.seed(records),
    settle: async () => {
      service.settle();
      await store.durable();
    },
    tick: async () => {
      service.tick();
      await store.durable();
    },
    clearRequests: clearLog,
    reset: () => {
      store.clear();
      clearLog();
      requestCount = 0;
      statuses = {};
      faultCount = 0;
      faultsByKind = emptyFaultCounts();
      faults.clear();
    },
    flush: () => store.flush(),
    close: async () => {
      if (closed) return;
      closed = true;
      service.close();
      for (const timer of latencyTimers) clearTimeout(timer);
      latencyTimers.clear();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      await store.close();
    },
  };
  return emulator;
}
