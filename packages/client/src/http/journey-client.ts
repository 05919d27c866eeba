/**
 * The journey client: create, read, list, update, delete, validate, publish and stop customer
 * journeys (`msdyncrm_customerjourney`) through the Dataverse Web API, and push them idempotently.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import {
  isGuid,
  JOURNEY_STATUS_CODES,
  journeyStatusOf,
  normalizeGuid,
  type JourneyStatus,
  type JourneyTree,
  type ValidationResult,
} from '@customer-journey/dsl';
import { fromEntity, JourneyFormatError, parseValidationResult, toEntity, toValidateRequest } from '../codec/index.js';
import { createTokenProvider, type GetToken, type TokenCredentialLike } from './auth.js';
import { createLimiter } from './concurrency.js';
import { ConcurrencyError, DataverseError, NotFoundError, TimeoutError, UnexpectedResponseError } from './errors.js';
import { journeyIdFromName, normalizeJourneyId } from './journey-id.js';
import type { JourneyPlan, PlanOptions } from './plan.js';
import { createOrRecognise, GO_LIVE_DONE, pushJourney, resolvePlan, STOP_DONE, type PushOperations } from './push.js';
import { buildFilter, type StructuredFilter } from './odata-filter.js';
import { resolveOrgUrl } from './org-url.js';
import { type Clock, normalizeRetryOptions, type RetryOptions, systemClock } from './retry.js';
import { createTransport, DEFAULT_MAX_RESPONSE_BYTES, type Transport, type TransportResponse } from './transport.js';
import { collectionElementTexts } from './raw-page.js';

/** Whether the code runs in Node, where requests go through undici unless a `fetch` is given. */
function isNodeRuntime(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** Primary key of the journey table. */
const ID_COLUMN = 'msdyncrm_customerjourneyid';
/** Columns a {@link JourneyRecord} always needs, added to any `select`. */
const RECORD_COLUMNS = [
  ID_COLUMN,
  'statuscode',
  'msdyncrm_name',
  'msdyncrm_entitytarget',
  'msdyncrm_workflowdefinition',
  'msdyncrm_customerjourneydesignerstate',
] as const;
const VALIDATE_ACTION = 'msdyncrm_CustomerJourneyValidate';
const ETAG_CACHE_SIZE = 10_000;
/** What an entity set or column name may be (it goes into the URL as it is). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Options shared by every form of {@link JourneyClientOptions} (everything but the token source).
 *
 * @example
 * ```ts
 * const common: JourneyClientBaseOptions = { orgUrl: 'https://contoso.crm4.dynamics.com', timeoutMs: 30_000, concurrency: 8 };
 * const client = createJourneyClient({ ...common, getToken: () => token });
 * ```
 */
export interface JourneyClientBaseOptions {
  /**
   * The org, e.g. `https://contoso.crm4.dynamics.com`. Must be https, except for loopback hosts
   * (a local emulator on `http://127.0.0.1:…`).
   */
  readonly orgUrl: string | URL;
  /**
   * Web API version.
   * @defaultValue '9.2'
   */
  readonly apiVersion?: string;
  /**
   * The `fetch` to use (to route through a proxy, add tracing, or observe requests in tests). It is
   * called with `redirect: 'manual'`.
   * @defaultValue in Node, no `fetch` at all: requests go through undici's `request` over one
   * keep-alive agent shared by the clients that use the default; elsewhere `globalThis.fetch`
   */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Largest response body the client reads, in bytes. A larger one is not read: the request fails
   * with {@link ResponseTooLargeError}. The default holds a full page of 5,000 journeys of about
   * 50 KiB each; lower it to bound memory, or ask for smaller pages (`pageSize`).
   * @defaultValue 268_435_456 (256 MiB, {@link DEFAULT_MAX_RESPONSE_BYTES})
   */
  readonly maxResponseBytes?: number;
  /** Retry policy, or the retry limit as a number, or `false` for none. See {@link RetryOptions}. */
  readonly retry?: RetryOptions | number | boolean;
  /**
   * Timeout of each attempt in milliseconds (`Infinity` for none).
   * @defaultValue 120_000
   */
  readonly timeoutMs?: number;
  /**
   * Entity set of the journey table. Older metadata names it `msdyncrm_customerjourneies`.
   * @defaultValue 'msdyncrm_customerjourneys'
   */
  readonly entitySet?: string;
  /**
   * Most requests this client has in flight at once, across all operations (Dataverse allows 52
   * concurrent requests per user).
   * @defaultValue 16
   */
  readonly concurrency?: number;
  /**
   * `User-Agent` header.
   * @defaultValue '@customer-journey/client'
   */
  readonly userAgent?: string;
  /** Clock for retry backoff, status polling and token expiry. @defaultValue {@link systemClock} */
  readonly clock?: Clock;
  /** Randomness for retry jitter, in [0, 1). @defaultValue Math.random */
  readonly random?: () => number;
}

/**
 * Options of {@link createJourneyClient}: the org, and exactly one of `getToken` or `credential`.
 *
 * @example
 * ```ts
 * import { DefaultAzureCredential } from '@azure/identity';
 * const options: JourneyClientOptions = {
 *   orgUrl: 'https://contoso.crm4.dynamics.com',
 *   credential: new DefaultAzureCredential(),
 *   retry: { limit: 6 },
 * };
 * ```
 */
export type JourneyClientOptions = JourneyClientBaseOptions &
  (
    | {
        /** Returns a bearer token (string, `{ token }` or `{ accessToken }`) for the org. */
        readonly getToken: GetToken;
        readonly credential?: undefined;
      }
    | {
        /** An `@azure/identity` `TokenCredential`; asked for `<org>/.default`. */
        readonly credential: TokenCredentialLike;
        readonly getToken?: undefined;
      }
  );

/**
 * A journey as read from the org.
 *
 * @example
 * ```ts
 * const record: JourneyRecord = await client.get(id);
 * console.log(record.status, record.journey.settings.name, record.etag);
 * ```
 */
export interface JourneyRecord {
  /** `msdyncrm_customerjourneyid`, lower case. */
  readonly id: string;
  /** `@odata.etag` (weak, e.g. `W/"470867"`), for `If-Match`. */
  readonly etag: string | undefined;
  /** `statuscode`. */
  readonly statusCode: number | undefined;
  /** Label of `statuscode` (`'Draft'`, `'Live'`, …); `undefined` for a code the model does not know. */
  readonly status: JourneyStatus | undefined;
  /** The journey parsed from the record. With `select`, settings hold only the selected fields. */
  readonly journey: JourneyTree;
  /** The raw record as the service returned it. */
  readonly entity: Readonly<Record<string, unknown>>;
}

/**
 * A journey record exactly as the org sent it, for archives that must keep every column.
 *
 * @example
 * ```ts
 * const raw: RawJourneyRecord = await client.getRaw(id);
 * await writeFile(`raw/${raw.id}.json`, raw.text);
 * ```
 */
export interface RawJourneyRecord {
  /** `msdyncrm_customerjourneyid`, lower case. */
  readonly id: string;
  /** `@odata.etag`, when the org sent one. */
  readonly etag: string | undefined;
  /** The parsed body: every column, with the annotations the org added. */
  readonly entity: Readonly<Record<string, unknown>>;
  /** The response body exactly as received, byte for byte. */
  readonly text: string;
}

/**
 * A record that {@link JourneyClient.list} in tolerant mode could not read as a journey: its
 * definition, designer state or a setting is malformed. The raw record is kept, never dropped.
 *
 * @example
 * ```ts
 * for await (const entry of client.list({ tolerant: true })) {
 *   if (!entry.ok) console.warn(`${entry.id ?? '(no id)'}: ${entry.error.message}`);
 * }
 * ```
 */
export interface UnreadableJourney {
  /** Always `false`: the record is not a readable journey. */
  readonly ok: false;
  /** `msdyncrm_customerjourneyid`, lower case, when the record has a usable one. */
  readonly id: string | undefined;
  /** The raw record as the org returned it. */
  readonly entity: Readonly<Record<string, unknown>>;
  /** Why it could not be read (a `JourneyFormatError` with the JSON path, or a {@link DataverseError}). */
  readonly error: Error;
}

/**
 * One entry of a tolerant {@link JourneyClient.list}: a readable journey (`ok: true`) or an
 * {@link UnreadableJourney}.
 *
 * @example
 * ```ts
 * const readable = (e: ListEntry) => (e.ok ? e.journey.settings.name : undefined);
 * ```
 */
export type ListEntry = (JourneyRecord & { readonly ok: true }) | UnreadableJourney;

/**
 * One record of {@link JourneyClient.listRaw}: exactly as the org sent it in the page, nothing
 * parsed beyond JSON, so a record whose definition is malformed reads fine.
 *
 * @example
 * ```ts
 * for await (const raw of client.listRaw()) await writeFile(`raw/${raw.id}.json`, raw.text);
 * ```
 */
export interface RawListEntry {
  /** `msdyncrm_customerjourneyid`, lower case, when the record has a usable one. */
  readonly id: string | undefined;
  /** `@odata.etag`, when the org sent one. */
  readonly etag: string | undefined;
  /** The parsed record: the columns asked for, with the annotations the org added. */
  readonly entity: Readonly<Record<string, unknown>>;
  /** The record's text exactly as it stands in the page, byte for byte. */
  readonly text: string;
}

/**
 * What {@link JourneyClient.listRaw} reads.
 *
 * @example
 * ```ts
 * const query: RawListQuery = { status: ['Live', 'Stopped'], pageSize: 200 };
 * ```
 */
export interface RawListQuery extends RequestOptions {
  /** OData `$filter`: your own text, or a structured filter whose values are escaped for you. */
  readonly filter?: string | StructuredFilter;
  /** Only journeys in these statuses (joined to `filter` with `and`). */
  readonly status?: JourneyStatus | readonly JourneyStatus[];
  /** Only these columns (and the id); every column when absent. */
  readonly select?: readonly string[];
  /** Records per page (`Prefer: odata.maxpagesize`, at most 5,000). */
  readonly pageSize?: number;
  /**
   * Ask for every annotation (`Prefer: odata.include-annotations="*"`): formatted values, and the
   * table and navigation property of each lookup.
   * @defaultValue true
   */
  readonly annotations?: boolean;
}

/**
 * Options of {@link JourneyClient.updateRaw}.
 *
 * @example
 * ```ts
 * await client.updateRaw(id, { msdyncrm_description: 'v2' }, { ifMatch: raw.etag });
 * ```
 */
export interface RawUpdateOptions extends RequestOptions {
  /** `If-Match` value. @defaultValue `'*'` (update only an existing record, never create one) */
  readonly ifMatch?: string;
}

/**
 * Options every operation accepts.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 30_000);
 * await client.validate(tree, { signal: controller.signal });
 * ```
 */
export interface RequestOptions {
  /** Aborts the operation (and any retry wait or poll). */
  readonly signal?: AbortSignal;
}

/**
 * Options of {@link JourneyClient.get}.
 *
 * @example
 * ```ts
 * await client.get(id, { select: ['msdyncrm_name', 'modifiedon'] });
 * ```
 */
export interface GetOptions extends RequestOptions {
  /** Columns to read; the columns a record needs (id, status, name, target, definition, designer state) are always added. */
  readonly select?: readonly string[];
}

/**
 * What {@link JourneyClient.list} returns.
 *
 * @example
 * ```ts
 * const query: ListQuery = { filter: { msdyncrm_name: "O'Brien" }, status: ['Draft', 'Stopped'], pageSize: 100 };
 * ```
 */
export interface ListQuery extends RequestOptions {
  /** OData `$filter`: your own text, or a structured filter whose values are escaped for you. */
  readonly filter?: string | StructuredFilter;
  /** Only journeys in these statuses (joined to `filter` with `and`). */
  readonly status?: JourneyStatus | readonly JourneyStatus[];
  /** Columns to read (see {@link GetOptions.select}). */
  readonly select?: readonly string[];
  /** At most this many journeys in total. */
  readonly top?: number;
  /** Records per page (`Prefer: odata.maxpagesize`, at most 5,000). */
  readonly pageSize?: number;
  /**
   * Keep going past records that cannot be read as journeys, yielding them as
   * {@link UnreadableJourney} entries (and readable ones with `ok: true`) instead of throwing.
   * @defaultValue false
   */
  readonly tolerant?: boolean;
}

/**
 * Options of {@link JourneyClient.create}.
 *
 * @example
 * ```ts
 * await client.create(tree, { id: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc' });
 * ```
 */
export interface CreateOptions extends RequestOptions {
  /** The record id; a random UUID when absent. */
  readonly id?: string;
}

/**
 * Options of {@link JourneyClient.update}.
 *
 * @example
 * ```ts
 * await client.update(id, tree, { ifMatch: record.etag });
 * ```
 */
export interface UpdateOptions extends RequestOptions {
  /**
   * `If-Match` value. Defaults to the ETag this client last read for the journey, else `*`
   * (update only an existing journey). `false` sends no `If-Match`, which makes the PATCH an upsert
   * that overwrites whatever is there.
   */
  readonly ifMatch?: string | false;
}

/**
 * Options of {@link JourneyClient.delete}.
 *
 * @example
 * ```ts
 * await client.delete(id, { ifMatch: record.etag });
 * ```
 */
export interface DeleteOptions extends RequestOptions {
  /** `If-Match` value: delete only if the journey still has this ETag. */
  readonly ifMatch?: string;
}

/**
 * The outcome of a write.
 *
 * @example
 * ```ts
 * const { etag } = await client.update(id, tree);
 * ```
 */
export interface WriteResult {
  /** The journey's id. */
  readonly id: string;
  /** The journey's new ETag, when the service returned it. */
  readonly etag: string | undefined;
}

/**
 * Options of {@link JourneyClient.goLive} and {@link JourneyClient.stop}.
 *
 * @example
 * ```ts
 * await client.goLive(id, { wait: true, pollIntervalMs: 1000, timeoutMs: 120_000 });
 * ```
 */
export interface LifecycleOptions extends RequestOptions {
  /**
   * Wait until the journey is Live or Error (go live), or Stopped or Error (stop). A journey whose
   * end date has passed by then is Stopped or Expired, which ends the wait too.
   * @defaultValue false
   */
  readonly wait?: boolean;
  /**
   * Delay between status reads while waiting.
   * @defaultValue 2_000
   */
  readonly pollIntervalMs?: number;
  /**
   * Longest wait; then a {@link TimeoutError}.
   * @defaultValue 600_000
   */
  readonly timeoutMs?: number;
}

/**
 * Result of {@link JourneyClient.goLive} or {@link JourneyClient.stop}.
 *
 * @example
 * ```ts
 * const { status, validation } = await client.goLive(id, { wait: true });
 * if (status === 'Error') console.error(validation?.ActivityValidationResults);
 * ```
 */
export interface LifecycleResult {
  /** The status reached (`Going live`/`Stopping` when not waiting). */
  readonly status: JourneyStatus | undefined;
  /** The journey as last read. */
  readonly record: JourneyRecord;
  /** On Error: the parsed `msdyncrm_validationresults`, when the record has them. */
  readonly validation?: ValidationResult;
}

/**
 * Options of {@link JourneyClient.push}: those of {@link JourneyClient.plan}, and how long to wait
 * for the status changes a live edit or `stopPrevious` makes.
 *
 * @example
 * ```ts
 * await client.push(tree, { live: 'edit', wait: { pollIntervalMs: 1000, timeoutMs: 120_000 } });
 * await client.push(tree, { onPipelineChange: 'new-version', stopPrevious: true });
 * ```
 */
export interface PushOptions extends PlanOptions {
  /** Polling of the status changes the push waits for (see {@link LifecycleOptions}). */
  readonly wait?: Pick<LifecycleOptions, 'pollIntervalMs' | 'timeoutMs'>;
}

/**
 * What {@link JourneyClient.push} did.
 *
 * @example
 * ```ts
 * const { id, action } = await client.push(tree); // action: 'created' | 'updated' | 'unchanged' | 'new-version'
 * ```
 */
export interface PushResult {
  /** The record written (for a new version, the new record). */
  readonly id: string;
  /**
   * `created`, `updated` (also through a live edit), `unchanged` (nothing was written), or
   * `new-version` (a new record `"<name> (v2)"`, …, was created; see `previousId`).
   */
  readonly action: 'created' | 'updated' | 'unchanged' | 'new-version';
  /** For a new version: the record it follows. */
  readonly previousId?: string;
  /** The version written to or created (2 for `"<name> (v2)"`, …); absent for the journey's own record. */
  readonly version?: number;
  /** When the push renamed the record: its name before. */
  readonly renamedFrom?: string;
  /** The status the push left the journey in, when it moved it (a live edit: `Live`). */
  readonly status?: JourneyStatus;
}

/**
 * One entry of {@link JourneyClient.pushMany}'s result, in input order.
 *
 * @example
 * ```ts
 * for (const r of results) if (!r.ok) console.error(r.name, r.error.message);
 * ```
 */
export type PushManyEntry =
  | ({ readonly index: number; readonly name: string; readonly ok: true } & PushResult)
  | { readonly index: number; readonly name: string; readonly ok: false; readonly id: string | undefined; readonly error: unknown };

/**
 * Progress of {@link JourneyClient.pushMany}.
 *
 * @example
 * ```ts
 * const onProgress = ({ done, total }: PushProgress) => process.stdout.write(`\r${done}/${total}`);
 * ```
 */
export interface PushProgress {
  /** Journeys finished (pushed or failed). */
  readonly done: number;
  /** Journeys in the batch. */
  readonly total: number;
  /** The entry that just finished. */
  readonly entry: PushManyEntry;
}

/**
 * Options of {@link JourneyClient.pushMany}.
 *
 * @example
 * ```ts
 * await client.pushMany(trees, { concurrency: 8, onProgress: ({ done, total }) => console.log(done, total) });
 * ```
 */
export interface PushManyOptions extends Omit<PushOptions, 'id'> {
  /**
   * Journeys pushed at once (the client's request limit applies on top).
   * @defaultValue the client's `concurrency`
   */
  readonly concurrency?: number;
  /** Called after each journey. */
  readonly onProgress?: (progress: PushProgress) => void;
  /** Record ids by index; missing ones come from each journey's `recordId`, else from its name. */
  readonly ids?: readonly (string | undefined)[];
}

/**
 * A client for the customer journeys of one org.
 *
 * Writes are safe to retry: a create is a PATCH upsert of a client-chosen id with
 * `If-None-Match: *` (so a retried create that already landed is recognised, never duplicated), an
 * update carries `If-Match`, and the validate action has no side effects.
 *
 * @example
 * ```ts
 * const client = createJourneyClient({ orgUrl: 'https://contoso.crm4.dynamics.com', credential });
 * const { id } = await client.push(eventInvite);
 * const { status } = await client.goLive(id, { wait: true });
 * ```
 */
export interface JourneyClient {
  /** `<org>/api/data/v<version>/`. */
  readonly baseUrl: string;
  /** The entity set used for journeys. */
  readonly entitySet: string;

  /**
   * Creates a journey and returns its id. Sent as `PATCH <set>(<id>)` with `If-None-Match: *`;
   * if the id exists already with the same content (a retried create that landed) the id is
   * returned, otherwise a {@link ConcurrencyError} is thrown.
   *
   * @example
   * ```ts
   * const id = await client.create(tree);
   * ```
   */
  create(tree: JourneyTree, options?: CreateOptions): Promise<string>;

  /**
   * Reads one journey. Throws {@link NotFoundError} when there is none with that id.
   *
   * @example
   * ```ts
   * const { journey, status, etag } = await client.get(id);
   * ```
   */
  get(id: string, options?: GetOptions): Promise<JourneyRecord>;

  /**
   * Lists journeys, page by page (following `@odata.nextLink`), as an async iterable.
   *
   * @example
   * ```ts
   * for await (const record of client.list({ filter: { msdyncrm_name: "O'Brien" }, status: 'Draft' })) {
   *   console.log(record.id, record.journey.settings.name);
   * }
   * ```
   */
  list(query?: ListQuery & { readonly tolerant?: false }): AsyncIterable<JourneyRecord>;
  /**
   * Lists journeys in tolerant mode: a record that cannot be read as a journey (a malformed
   * definition, say) is yielded as an {@link UnreadableJourney} with its raw record, and the
   * listing goes on.
   *
   * @example
   * ```ts
   * for await (const entry of client.list({ tolerant: true })) {
   *   if (entry.ok) console.log(entry.journey.settings.name);
   *   else console.warn(`unreadable ${entry.id}: ${entry.error.message}`);
   * }
   * ```
   */
  list(query: ListQuery & { readonly tolerant: true }): AsyncIterable<ListEntry>;

  /**
   * Reads one journey record exactly as the org sends it: every column, with all annotations
   * (`Prefer: odata.include-annotations="*"`), and the body text byte for byte. For archives;
   * nothing is parsed beyond JSON, so a record with a malformed definition reads fine.
   *
   * @example
   * ```ts
   * const raw = await client.getRaw(id);
   * raw.entity['msdyncrm_workflowdefinition']; // the definition string, untouched
   * ```
   */
  getRaw(id: string, options?: RequestOptions): Promise<RawJourneyRecord>;

  /**
   * Lists journey records exactly as the org sends them, page by page: every column (or the
   * `select`ed ones) with every annotation, and each record's text byte for byte as it stands in
   * the page. Nothing is parsed beyond JSON, so no record is ever skipped. For archives: a page
   * of records costs one request instead of one per record.
   *
   * @example
   * ```ts
   * for await (const raw of client.listRaw({ pageSize: 100 })) {
   *   await writeFile(`raw/${raw.id}.json`, raw.text);
   * }
   * ```
   */
  listRaw(query?: RawListQuery): AsyncIterable<RawListEntry>;

  /**
   * Creates a record with exactly these columns (as the Web API takes them: lookups as
   * `<nav>@odata.bind`), under a chosen id: `PATCH <set>(<id>)` with `If-None-Match: *`. An id
   * that exists already raises a {@link ConcurrencyError} and nothing is written. For restoring
   * archived records as they were; `create` and `push` write journey trees.
   *
   * @example
   * ```ts
   * await client.createRaw(id, { msdyncrm_name: 'Welcome', msdyncrm_workflowdefinition: definition });
   * ```
   */
  createRaw(id: string, columns: Readonly<Record<string, unknown>>, options?: RequestOptions): Promise<WriteResult>;

  /**
   * Writes exactly these columns to an existing record: `PATCH <set>(<id>)` with `If-Match`
   * (`options.ifMatch`, else `*`). A stale ETag raises a {@link ConcurrencyError}, a missing record a
   * {@link NotFoundError}; nothing is written then.
   *
   * @example
   * ```ts
   * const raw = await client.getRaw(id);
   * await client.updateRaw(id, { statecode: 1, statuscode: 192350004 }, { ifMatch: raw.etag });
   * ```
   */
  updateRaw(id: string, columns: Readonly<Record<string, unknown>>, options?: RawUpdateOptions): Promise<WriteResult>;

  /**
   * Replaces a journey's design and settings. Sends `If-Match` with the ETag this client last read
   * for it (or `options.ifMatch`); a journey changed by someone else in between raises
   * {@link ConcurrencyError} and nothing is overwritten.
   *
   * @example
   * ```ts
   * const record = await client.get(id);
   * await client.update(id, edit(record.journey, (j) => { j.settings.description = 'v2'; }));
   * ```
   */
  update(id: string, tree: JourneyTree, options?: UpdateOptions): Promise<WriteResult>;

  /**
   * Deletes a journey. A retried delete that finds the journey gone counts as done.
   *
   * @example
   * ```ts
   * await client.delete(id);
   * ```
   */
  delete(id: string, options?: DeleteOptions): Promise<void>;

  /**
   * Publishes a journey: sets `statuscode` to Going live (192350006). With `wait`, reads the
   * journey until it is Live or Error; on Error the result carries the parsed validation results.
   *
   * @example
   * ```ts
   * const { status, validation } = await client.goLive(id, { wait: true });
   * ```
   */
  goLive(id: string, options?: LifecycleOptions): Promise<LifecycleResult>;

  /**
   * Stops a live journey: sets `statuscode` to Stopping (192350007). With `wait`, reads the
   * journey until it is Stopped (or Error).
   *
   * @example
   * ```ts
   * await client.stop(id, { wait: true });
   * ```
   */
  stop(id: string, options?: LifecycleOptions): Promise<LifecycleResult>;

  /**
   * Runs Check for Errors (`msdyncrm_CustomerJourneyValidate`) on a journey tree, or on a stored
   * journey by id.
   *
   * @example
   * ```ts
   * const result = await client.validate(tree);
   * if (result.Result === 'Error') console.error(result.ActivityValidationResults);
   * ```
   */
  validate(treeOrId: JourneyTree | string, options?: RequestOptions): Promise<ValidationResult>;

  /**
   * Plans a push without writing anything: reads the journey's record (the id is `options.id`,
   * else the journey's declared `settings.recordId`, else derived from its name), and, once the
   * journey has gone live, its latest version; reconciles the tiles with the stored ones (they
   * keep their ids); lists every change as `settings`, `tile` or `pipeline`; and decides by the
   * record's status what a push with these options would do: `create`, `unchanged`, `update`
   * (with the lifecycle steps it takes) or `blocked` (with the reason and the way out).
   *
   * @example
   * ```ts
   * const plan = await client.plan(tree);
   * if (plan.action === 'blocked') console.error(`${plan.status}: ${plan.reason}. ${plan.remedy}`);
   * for (const c of plan.changes) console.log(c.kind, c.path.join(' › '), c.field, c.before, '->', c.after);
   * ```
   */
  plan(tree: JourneyTree, options?: PlanOptions): Promise<JourneyPlan>;

  /**
   * Makes the org hold this journey, idempotently, as {@link JourneyClient.plan} says. Absent, it
   * is created (a retried create that landed is recognised, never duplicated); the same (the
   * columns it would write are equal after canonical JSON, once the tiles have their stored ids),
   * nothing is written (`unchanged`); otherwise it is updated with `If-Match` of the ETag just
   * read, the tiles keeping their stored ids. A Live journey is changed only with `live: 'edit'`
   * (Live → Live, editable → update → Going live → Live), a change the status locks for good only
   * with `onPipelineChange: 'new-version'`. Anything the status refuses throws a
   * {@link LifecycleError} and writes nothing. A push never writes the status.
   *
   * @example
   * ```ts
   * const { id, action } = await client.push(eventInvite);
   * await client.push(eventInvite, { live: 'edit' });                         // a Live journey, through Live, editable
   * await client.push(eventInvite, { onPipelineChange: 'new-version', stopPrevious: true }); // "Event invitation (v2)"
   * ```
   */
  push(tree: JourneyTree, options?: PushOptions): Promise<PushResult>;

  /**
   * Pushes many journeys with bounded concurrency. Never throws for a single journey: each entry
   * of the result says what happened to the journey at that index.
   *
   * @example
   * ```ts
   * const results = await client.pushMany(trees, { concurrency: 8 });
   * const failed = results.filter((r) => !r.ok);
   * ```
   */
  pushMany(trees: readonly JourneyTree[], options?: PushManyOptions): Promise<PushManyEntry[]>;
}

/** The `$select` of `select` with the columns always read added; `undefined` (every column) without `select`. */
function selectColumns(select: readonly string[] | undefined, always: readonly string[] = RECORD_COLUMNS): string | undefined {
  if (select === undefined) return undefined;
  const columns = new Set<string>(always);
  for (const column of select) {
    if (!IDENTIFIER.test(column)) throw new TypeError(`Not a column name for select: ${JSON.stringify(column)}`);
    columns.add(column);
  }
  return [...columns].join(',');
}

function query(params: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** The `$filter` of a listing: the caller's filter and the statuses asked for, joined with `and`. */
function listFilter(filter: string | StructuredFilter | undefined, status: JourneyStatus | readonly JourneyStatus[] | undefined): string | undefined {
  const filters: string[] = [];
  if (filter !== undefined) filters.push(buildFilter(filter));
  if (status !== undefined) {
    const statuses: readonly JourneyStatus[] = typeof status === 'string' ? [status] : status;
    const codes = statuses.map((label) => {
      const code = JOURNEY_STATUS_CODES[label];
      if (code === undefined) throw new RangeError(`Unknown journey status ${JSON.stringify(label)}; use one of ${Object.keys(JOURNEY_STATUS_CODES).join(', ')}`);
      return code;
    });
    if (codes.length > 0) filters.push(buildFilter({ statuscode: codes.length === 1 ? codes[0]! : { in: codes } }));
  }
  return filters.length <= 1 ? filters[0] : filters.map((f) => `(${f})`).join(' and ');
}

const positiveInteger = (name: string, value: number | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
};

/** `Prefer: odata.maxpagesize`: a positive integer of at most 5,000. */
function pageSizeOf(value: number | undefined): number | undefined {
  const pageSize = positiveInteger('pageSize', value);
  if (pageSize !== undefined && pageSize > 5000) throw new RangeError(`pageSize must be at most 5000, got ${pageSize}`);
  return pageSize;
}

/** A record's `@odata.etag`, when it has one. */
function etagIn(record: Readonly<Record<string, unknown>>): string | undefined {
  const etag = record['@odata.etag'];
  return typeof etag === 'string' ? etag : undefined;
}

/** A listed record's id, lower case, when it has a usable one. */
function listedIdIn(record: Readonly<Record<string, unknown>>): string | undefined {
  const rawId = record[ID_COLUMN];
  return typeof rawId === 'string' && isGuid(rawId) ? normalizeGuid(rawId) : undefined;
}

/**
 * The record a push of `tree` writes to: the id given, else the journey's declared `recordId`, else
 * the id derived from its name.
 */
function recordIdOf(tree: JourneyTree, given: string | undefined): string {
  if (given !== undefined) return normalizeJourneyId(given);
  const declared = tree.settings.recordId;
  return declared !== undefined ? normalizeJourneyId(declared) : journeyIdFromName(tree.settings.name);
}

/**
 * Creates a {@link JourneyClient}. Validates the options at once: a non-https org URL (other than
 * loopback) is a `RangeError`, a malformed one a `TypeError`.
 *
 * @example
 * ```ts
 * import { DefaultAzureCredential } from '@azure/identity';
 * import { createJourneyClient } from '@customer-journey/client';
 *
 * const client = createJourneyClient({
 *   orgUrl: 'https://contoso.crm4.dynamics.com',
 *   credential: new DefaultAzureCredential(),
 * });
 * for await (const record of client.list({ status: 'Live' })) console.log(record.journey.settings.name);
 * ```
 */
export function createJourneyClient(options: JourneyClientOptions): JourneyClient {
  const { baseUrl, scope } = resolveOrgUrl(options.orgUrl, options.apiVersion ?? '9.2');
  const entitySet = options.entitySet ?? 'msdyncrm_customerjourneys';
  if (!IDENTIFIER.test(entitySet)) throw new TypeError(`entitySet must be an entity set name, got ${JSON.stringify(entitySet)}`);
  const timeoutMs = options.timeoutMs ?? 120_000;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number of milliseconds (or Infinity), got ${String(timeoutMs)}`);
  const concurrency = options.concurrency ?? 16;
  const fetchImpl = options.fetch ?? (isNodeRuntime() ? undefined : globalThis.fetch);
  if (fetchImpl !== undefined && typeof fetchImpl !== 'function') throw new TypeError('options.fetch must be a fetch function');
  if (fetchImpl === undefined && !isNodeRuntime()) throw new TypeError('No fetch available: pass options.fetch');
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new RangeError(`maxResponseBytes must be a positive whole number of bytes, got ${String(maxResponseBytes)}`);
  }
  const clock = options.clock ?? systemClock;
  const tokens = createTokenProvider({ getToken: options.getToken, credential: options.credential }, scope, () => clock.now());
  const transport: Transport = createTransport({
    baseUrl,
    tokens,
    fetch: fetchImpl,
    maxResponseBytes,
    retry: normalizeRetryOptions(options.retry),
    timeoutMs,
    limiter: createLimiter(concurrency),
    userAgent: options.userAgent ?? '@customer-journey/client',
    clock,
    random: options.random ?? Math.random,
  });

  /** Last ETag read per journey, bounded (oldest dropped first). */
  const etags = new Map<string, string>();
  const rememberEtag = (id: string, etag: unknown): void => {
    if (typeof etag !== 'string') return;
    etags.delete(id);
    etags.set(id, etag);
    if (etags.size > ETAG_CACHE_SIZE) etags.delete(etags.keys().next().value as string);
  };

  /** The ETag a write answered with (in the returned record, else the header), remembered for `id`. */
  const writtenEtag = (id: string, response: TransportResponse): string | undefined => {
    const etag = (response.body as Record<string, unknown> | undefined)?.['@odata.etag'] ?? response.headers.get('etag') ?? undefined;
    rememberEtag(id, etag);
    return typeof etag === 'string' ? etag : undefined;
  };

  const recordPath = (id: string): string => `${entitySet}(${id})`;
  const signalOf = (o: RequestOptions | undefined): { signal?: AbortSignal } => (o?.signal ? { signal: o.signal } : {});

  /** Where a record came from, for the errors about it. */
  interface RecordSource {
    readonly method: string;
    readonly url: string;
    readonly status?: number | undefined;
    /** Its place in the response, for a record of a page (`$.value[3]`). */
    readonly at?: string;
  }

  const describeBody = (value: unknown): string =>
    value === undefined ? 'an empty body' : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

  const unexpected = (source: RecordSource, what: string, hint: string): UnexpectedResponseError =>
    new UnexpectedResponseError(
      { method: source.method, url: source.url, ...(source.status === undefined ? {} : { status: source.status }), hint: transport.redact(hint) },
      what,
    );

  /** A format error whose text may quote the response, with every token removed. */
  const redacted = (error: JourneyFormatError): JourneyFormatError => {
    const reason = transport.redact(error.reason);
    const expected = error.expected === undefined ? undefined : transport.redact(error.expected);
    if (reason === error.reason && expected === error.expected) return error;
    return new JourneyFormatError(error.path, reason, expected, error.position);
  };

  /**
   * Reads a record of the journey table. `expectedId` is the id asked for: a record without an
   * id takes it, a record with another id is refused.
   */
  function toRecord(entity: unknown, expectedId: string | undefined, source: RecordSource): JourneyRecord {
    const at = source.at === undefined ? '' : ` at ${source.at}`;
    if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) {
      throw unexpected(
        source,
        `returned ${describeBody(entity)}${at} where a journey record belongs`,
        `Expected a JSON object with ${ID_COLUMN} and the journey columns; check that orgUrl points at a Dataverse org and entitySet (${entitySet}) at the journey table`,
      );
    }
    const record = entity as Readonly<Record<string, unknown>>;
    const rawId = record[ID_COLUMN];
    let id: string | undefined = expectedId;
    if (rawId !== undefined && rawId !== null) {
      if (typeof rawId !== 'string' || !isGuid(rawId.trim())) {
        throw unexpected(source, `returned a record${at} whose ${ID_COLUMN} is not a GUID`, `Expected an id such as 6628bbf7-c52a-e911-a9b7-000d3a1e6adc`);
      }
      id = normalizeGuid(rawId.trim());
      if (expectedId !== undefined && id !== expectedId) {
        throw unexpected(
          source,
          `returned another record${at}`,
          `Asked for the journey ${expectedId} and got the record ${id}; nothing of it is used. Check any proxy or gateway between the client and the org`,
        );
      }
    }
    if (id === undefined) {
      throw unexpected(source, `returned a record${at} without ${ID_COLUMN}`, `Every journey record needs its ${ID_COLUMN}; a select list must not leave it out`);
    }
    const etag = etagIn(record);
    const statusCode = typeof record['statuscode'] === 'number' ? (record['statuscode'] as number) : undefined;
    let journey: JourneyTree;
    try {
      journey = fromEntity(record);
    } catch (error) {
      throw error instanceof JourneyFormatError ? redacted(error) : error;
    }
    rememberEtag(id, etag);
    return {
      id,
      etag,
      statusCode,
      status: journeyStatusOf(statusCode),
      journey,
      entity: record,
    };
  }

  async function get(id: string, options?: GetOptions): Promise<JourneyRecord> {
    const key = normalizeJourneyId(id);
    const response = await transport.request({
      method: 'GET',
      path: recordPath(key) + query({ $select: selectColumns(options?.select) }),
      notFoundHint: `No journey has the id ${key}; check the id, or list() the journeys that exist`,
      ...signalOf(options),
    });
    return toRecord(response.body, key, { method: 'GET', url: response.url, status: response.status });
  }

  async function tryGet(id: string, options?: RequestOptions): Promise<JourneyRecord | undefined> {
    try {
      return await get(id, options);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** PATCH that only creates (`If-None-Match: *`). Returns the new ETag, or throws 412 as ConcurrencyError. */
  async function createOnly(id: string, tree: JourneyTree, options?: RequestOptions): Promise<string | undefined> {
    const response = await transport.request({
      method: 'PATCH',
      path: recordPath(id) + query({ $select: ID_COLUMN }),
      body: toEntity(tree),
      headers: { 'If-None-Match': '*', Prefer: 'return=representation' },
      conflictHint: `A journey with the id ${id} already exists; use update() or push() to change it`,
      ...signalOf(options),
    });
    return writtenEtag(id, response);
  }

  async function write(id: string, tree: JourneyTree, ifMatch: string | false, options?: RequestOptions): Promise<WriteResult> {
    const response = await transport.request({
      method: 'PATCH',
      path: recordPath(id) + query({ $select: ID_COLUMN }),
      body: toEntity(tree),
      headers: { Prefer: 'return=representation', ...(ifMatch === false ? {} : { 'If-Match': ifMatch }) },
      conflictHint:
        ifMatch === '*' || ifMatch === false
          ? undefined
          : `The journey ${id} changed since its ETag ${ifMatch} was read, and nothing was overwritten; get() it again, reapply the change and update with the new ETag`,
      notFoundHint: `No journey has the id ${id}; create() or push() it instead`,
      ...signalOf(options),
    });
    return { id, etag: writtenEtag(id, response) };
  }

  async function create(tree: JourneyTree, options?: CreateOptions): Promise<string> {
    const id = options?.id === undefined ? randomUUID() : normalizeJourneyId(options.id);
    // A 412 from a create that an earlier attempt landed is recognised; someone else's record is not.
    const conflict = await createOrRecognise(pushOps, id, tree, options);
    if (conflict !== undefined) throw conflict;
    return id;
  }

  async function getRaw(id: string, options?: RequestOptions): Promise<RawJourneyRecord> {
    const key = normalizeJourneyId(id);
    const path = recordPath(key);
    const response = await transport.request({
      method: 'GET',
      path,
      headers: { Prefer: 'odata.include-annotations="*"' },
      notFoundHint: `No journey has the id ${key}; check the id, or list() the journeys that exist`,
      ...signalOf(options),
    });
    const entity = response.body;
    const source: RecordSource = { method: 'GET', url: response.url, status: response.status };
    if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) {
      throw unexpected(source, `returned ${describeBody(entity)} where a journey record belongs`, 'Expected a JSON object with the columns of the journey');
    }
    const record = entity as Record<string, unknown>;
    const rawId = record[ID_COLUMN];
    if (typeof rawId === 'string' && isGuid(rawId.trim()) && normalizeGuid(rawId.trim()) !== key) {
      throw unexpected(source, 'returned another record', `Asked for the journey ${key} and got the record ${normalizeGuid(rawId.trim())}; nothing of it is used`);
    }
    const etag = etagIn(record);
    return { id: key, etag, entity: record, text: response.text };
  }

  /** A listed record that cannot be read as a journey, kept raw. */
  function unreadable(entity: unknown, error: unknown): UnreadableJourney {
    const record = entity !== null && typeof entity === 'object' && !Array.isArray(entity) ? (entity as Record<string, unknown>) : { value: entity };
    return { ok: false, id: listedIdIn(record), entity: record, error: error instanceof Error ? error : new Error(String(error)) };
  }

  /**
   * How a listing that starts at `first` goes on after each page: the page's `@odata.nextLink`, or
   * `undefined` after the last page. A link that is not a string, or one back to a page already
   * read (by URL), is refused: following it would read the same pages for ever.
   */
  function nextLinks(first: string): (page: RecordSource, body: unknown, yielded: number) => string | undefined {
    const read = new Set<string>([transport.resolve(first).href]);
    return (page, body, yielded) => {
      const next = (body as { '@odata.nextLink'?: unknown } | null | undefined)?.['@odata.nextLink'];
      if (next === undefined || next === null) return undefined;
      if (typeof next !== 'string') {
        throw unexpected(page, 'returned an @odata.nextLink that is not a URL', 'Expected the URL of the next page as a string, or no @odata.nextLink on the last page');
      }
      const nextUrl = transport.resolve(next).href;
      if (read.has(nextUrl)) {
        throw unexpected(
          page,
          `returned an @odata.nextLink back to a page already read (${nextUrl})`,
          `The org's paging goes round in a circle, so the listing stops after ${yielded} records instead of reading the same pages for ever; narrow the query with filter or top, and report it to the org's administrator`,
        );
      }
      read.add(nextUrl);
      return next;
    };
  }

  /** The records of a page, or an {@link UnexpectedResponseError} when the body is not `{ value: [...] }`. */
  function pageValues(page: RecordSource, body: unknown): unknown[] {
    const values = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { value?: unknown }).value : undefined;
    if (Array.isArray(values)) return values;
    const what =
      body === null || typeof body !== 'object' || Array.isArray(body)
        ? `returned ${describeBody(body)} where a page of records belongs`
        : values === undefined
          ? 'returned a page without value'
          : `returned a page whose value is ${describeBody(values)}, not an array`;
    throw unexpected(page, what, 'Expected a JSON object { "value": [records…] }; check that orgUrl points at a Dataverse org and entitySet at the journey table');
  }

  async function* list(q: ListQuery = {}): AsyncGenerator<JourneyRecord | ListEntry, void, undefined> {
    const top = positiveInteger('top', q.top);
    const pageSize = pageSizeOf(q.pageSize);
    const filter = listFilter(q.filter, q.status);
    const headers = pageSize === undefined ? undefined : { Prefer: `odata.maxpagesize=${pageSize}` };
    let path: string | undefined =
      entitySet +
      query({
        $select: selectColumns(q.select),
        $filter: filter,
        $top: top === undefined ? undefined : String(top),
      });
    let yielded = 0;
    const follow = nextLinks(path);
    while (path !== undefined) {
      const response = await transport.request({ method: 'GET', path, ...(headers ? { headers } : {}), ...signalOf(q) });
      const page: RecordSource = { method: 'GET', url: response.url, status: response.status };
      const body = response.body;
      const values = pageValues(page, body);
      for (let k = 0; k < values.length; k++) {
        const entity: unknown = values[k];
        if (top !== undefined && yielded >= top) return;
        yielded += 1;
        const source: RecordSource = { ...page, at: `$.value[${k}]` };
        if (q.tolerant !== true) {
          yield toRecord(entity, undefined, source);
          continue;
        }
        let entry: ListEntry;
        try {
          entry = { ...toRecord(entity, undefined, source), ok: true };
        } catch (error) {
          if (!(error instanceof JourneyFormatError || error instanceof DataverseError)) throw error;
          entry = unreadable(entity, error);
        }
        yield entry;
      }
      if (top !== undefined && yielded >= top) break;
      path = follow(page, body, yielded);
    }
  }

  async function* listRaw(q: RawListQuery = {}): AsyncGenerator<RawListEntry, void, undefined> {
    const pageSize = pageSizeOf(q.pageSize);
    const select = selectColumns(q.select, [ID_COLUMN]);
    const prefer = [q.annotations === false ? undefined : 'odata.include-annotations="*"', pageSize === undefined ? undefined : `odata.maxpagesize=${pageSize}`]
      .filter((p): p is string => p !== undefined)
      .join(',');
    const headers = prefer === '' ? undefined : { Prefer: prefer };
    let path: string | undefined = entitySet + query({ $select: select, $filter: listFilter(q.filter, q.status) });
    let yielded = 0;
    const follow = nextLinks(path);
    while (path !== undefined) {
      const response = await transport.request({ method: 'GET', path, ...(headers ? { headers } : {}), ...signalOf(q) });
      const body = response.body as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
      // A page that is not { value: [...] } is an error here as in list(): an archive must never
      // take a broken page for an empty one.
      const values = pageValues({ method: 'GET', url: response.url, status: response.status }, body);
      const texts = collectionElementTexts(response.text);
      const exact = texts !== undefined && texts.length === values.length;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        const entity = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
        yielded += 1;
        yield {
          id: listedIdIn(entity),
          etag: etagIn(entity),
          entity,
          text: exact ? texts[i]! : JSON.stringify(value),
        };
      }
      path = follow({ method: 'GET', url: response.url, status: response.status }, body, yielded);
    }
  }

  async function writeRaw(id: string, columns: Readonly<Record<string, unknown>>, condition: Record<string, string>, options?: RequestOptions): Promise<WriteResult> {
    const key = normalizeJourneyId(id);
    const creating = condition['If-None-Match'] !== undefined;
    const response = await transport.request({
      method: 'PATCH',
      path: recordPath(key) + query({ $select: ID_COLUMN }),
      body: columns,
      headers: { ...condition, Prefer: 'return=representation' },
      conflictHint: creating
        ? `A journey with the id ${key} already exists; nothing was written`
        : condition['If-Match'] === '*'
          ? undefined
          : `The journey ${key} changed since its ETag ${condition['If-Match'] ?? ''} was read, and nothing was overwritten`,
      notFoundHint: `No journey has the id ${key}; nothing was written`,
      ...signalOf(options),
    });
    return { id: key, etag: writtenEtag(key, response) };
  }

  async function update(id: string, tree: JourneyTree, options?: UpdateOptions): Promise<WriteResult> {
    const key = normalizeJourneyId(id);
    const ifMatch = options?.ifMatch ?? etags.get(key) ?? '*';
    return write(key, tree, ifMatch, options);
  }

  async function remove(id: string, options?: DeleteOptions): Promise<void> {
    const key = normalizeJourneyId(id);
    try {
      await transport.request({
        method: 'DELETE',
        path: recordPath(key),
        ...(options?.ifMatch !== undefined ? { headers: { 'If-Match': options.ifMatch } } : {}),
        conflictHint: `The journey ${key} changed since its ETag ${options?.ifMatch ?? ''} was read; it was not deleted`,
        notFoundHint: `No journey has the id ${key}`,
        ...signalOf(options),
      });
    } catch (error) {
      // An earlier attempt may have deleted it before its response was lost.
      if (error instanceof NotFoundError && error.attempts > 1) return;
      throw error;
    } finally {
      etags.delete(key);
    }
  }

  function validationOf(record: JourneyRecord): ValidationResult | undefined {
    const raw = record.entity['msdyncrm_validationresults'];
    if (typeof raw !== 'string' || raw.trim() === '') return undefined;
    return parseValidationResult(raw);
  }

  async function transition(
    id: string,
    target: JourneyStatus,
    done: ReadonlySet<JourneyStatus>,
    options: LifecycleOptions | undefined,
    ifMatch = '*',
    awaited = [...done].join(' or '),
  ): Promise<LifecycleResult> {
    const key = normalizeJourneyId(id);
    const pollIntervalMs = options?.pollIntervalMs ?? 2_000;
    const waitMs = options?.timeoutMs ?? 600_000;
    if (!(pollIntervalMs >= 0)) throw new RangeError(`pollIntervalMs must be a non-negative number, got ${String(pollIntervalMs)}`);
    if (!(waitMs > 0)) throw new RangeError(`timeoutMs must be a positive number, got ${String(waitMs)}`);
    const response = await transport.request({
      method: 'PATCH',
      path: recordPath(key),
      body: { statuscode: JOURNEY_STATUS_CODES[target] },
      headers: { 'If-Match': ifMatch, Prefer: 'return=representation' },
      conflictHint: ifMatch === '*' ? undefined : `The journey ${key} changed since it was read, and its status was left as it is; push again`,
      notFoundHint: `No journey has the id ${key}`,
      ...signalOf(options),
    });
    let record =
      response.body !== undefined && response.body !== null && typeof response.body === 'object'
        ? toRecord(response.body, key, { method: 'PATCH', url: response.url, status: response.status })
        : await get(key, options);
    if (options?.wait === true) {
      const deadline = clock.now() + waitMs;
      while (record.status === undefined || !done.has(record.status)) {
        if (clock.now() >= deadline) {
          throw new TimeoutError(
            {
              method: 'GET',
              url: transport.resolve(recordPath(key)).href,
              hint: `The journey is still ${record.status ?? `in status ${String(record.statusCode)}`}; raise timeoutMs or check the journey in the org`,
            },
            `did not reach ${awaited} within ${waitMs} ms`,
          );
        }
        await clock.sleep(pollIntervalMs, options.signal);
        record = await get(key, options);
      }
    }
    const validation = record.status === 'Error' ? validationOf(record) : undefined;
    return validation === undefined ? { status: record.status, record } : { status: record.status, record, validation };
  }

  async function validate(treeOrId: JourneyTree | string, options?: RequestOptions): Promise<ValidationResult> {
    let tree: JourneyTree;
    let id: string | undefined;
    if (typeof treeOrId === 'string') {
      const record = await get(treeOrId, options);
      tree = record.journey;
      id = record.id;
    } else {
      tree = treeOrId;
    }
    const response = await transport.request({
      method: 'POST',
      path: VALIDATE_ACTION,
      body: id === undefined ? toValidateRequest(tree) : toValidateRequest(tree, id),
      idempotent: true, // Check for Errors changes nothing, so repeating it is safe.
      ...signalOf(options),
    });
    return parseValidationResult(response.body);
  }

  const pushOps: PushOperations = {
    tryGet,
    createOnly,
    write,
    transition,
    now: () => clock.now(),
  };

  async function plan(tree: JourneyTree, options?: PlanOptions): Promise<JourneyPlan> {
    return (await resolvePlan(pushOps, tree, recordIdOf(tree, options?.id), options ?? {})).plan;
  }

  async function push(tree: JourneyTree, options?: PushOptions): Promise<PushResult> {
    return pushJourney(pushOps, tree, recordIdOf(tree, options?.id), options ?? {});
  }

  async function pushMany(trees: readonly JourneyTree[], options?: PushManyOptions): Promise<PushManyEntry[]> {
    const workers = positiveInteger('concurrency', options?.concurrency) ?? (Number.isFinite(concurrency) ? concurrency : 16);
    const { concurrency: _c, onProgress: _p, ids: _i, ...pushOptions } = options ?? {};
    const results: PushManyEntry[] = new Array<PushManyEntry>(trees.length);
    let next = 0;
    let done = 0;
    const runOne = async (index: number): Promise<void> => {
      const tree = trees[index]!;
      const name = tree.settings.name;
      const given = options?.ids?.[index];
      let entry: PushManyEntry;
      let id: string | undefined;
      try {
        id = recordIdOf(tree, given);
        const result = await push(tree, { ...pushOptions, id });
        entry = { index, name, ok: true, ...result };
      } catch (error) {
        entry = { index, name, ok: false, id, error };
      }
      results[index] = entry;
      done += 1;
      options?.onProgress?.({ done, total: trees.length, entry });
    };
    const worker = async (): Promise<void> => {
      while (next < trees.length) {
        options?.signal?.throwIfAborted();
        const index = next;
        next += 1;
        await runOne(index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, trees.length) }, worker));
    return results;
  }

  return {
    baseUrl: baseUrl.href,
    entitySet,
    create,
    get,
    list: ((q?: ListQuery) => ({ [Symbol.asyncIterator]: () => list(q) })) as JourneyClient['list'],
    getRaw,
    listRaw: (q?: RawListQuery) => ({ [Symbol.asyncIterator]: () => listRaw(q) }),
    createRaw: (id, columns, o) => writeRaw(id, columns, { 'If-None-Match': '*' }, o),
    updateRaw: (id, columns, o) => writeRaw(id, columns, { 'If-Match': o?.ifMatch ?? '*' }, o),
    update,
    delete: remove,
    goLive: (id, o) => transition(id, 'Going live', GO_LIVE_DONE, o, '*', 'Live or Error'),
    stop: (id, o) => transition(id, 'Stopping', STOP_DONE, o),
    validate,
    plan,
    push,
    pushMany,
  };
}
