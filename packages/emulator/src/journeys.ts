/**
 * The journey operations behind the HTTP routes: create, retrieve, list, update and upsert,
 * delete, the validate action, status transitions and their completion. Works on parsed requests
 * and returns plain responses; knows nothing about sockets.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { resolveCodec, emptyTree, settingsFromRecord, settingsFromValidateBody, type JourneyCodec } from './codec.js';
import {
  EMULATOR_USER_ID,
  JOURNEY_ID,
  JOURNEY_LOGICAL_NAME,
  JOURNEY_LOOKUPS,
  KNOWN_COLUMNS,
  LOOKUP_LOGICAL_NAME,
  annotationFilter,
  etagOf,
  newRecordDefaults,
  readPayload,
  normalizeGuid,
  shapeRecord,
} from './entity.js';
import { ERROR_CODES, ODataError, badRequest, duplicateRecord, recordNotFound, versionMismatch } from './errors.js';
import { STATUS, TransitionScheduler, isTransitionAllowed, stateOf, statusLabel, transitionRefusal, type PendingKind } from './lifecycle.js';
import { nextLink, parsePrefer, parseQuery, runQuery, type Preferences, type QueryOptions } from './query.js';
import { contentChanges, deleteRefusal, dueStatus, recordState, writeRefusal } from './status-rules.js';
import { canEdit } from '@customer-journey/dsl';
import type { RecordStore, StoredRecord } from './store.js';
import type { JourneyTree, ValidationResult } from '@customer-journey/dsl';

/**
 * A request as the journey operations see it.
 *
 * @example
 * ```ts
 * const req: OperationRequest = { orgUrl, version: 'v9.2', params: new URLSearchParams(), headers: {}, body: undefined };
 * ```
 */
export interface OperationRequest {
  /** Org URL, e.g. `http://127.0.0.1:5885`. */
  readonly orgUrl: string;
  /** API version segment of the request, e.g. `v9.2`. */
  readonly version: string;
  /** Query string parameters. */
  readonly params: URLSearchParams;
  /** Request headers (lower-case names). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON body, if any. */
  readonly body: unknown;
}

/**
 * A response of a journey operation.
 *
 * @example
 * ```ts
 * const res: OperationResponse = service.list(req); // { status: 200, headers: {}, body: { value: [...] } }
 * ```
 */
export interface OperationResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers: Record<string, string>;
  /** JSON body, if any. */
  readonly body?: unknown;
}

/**
 * Settings of the journey operations.
 *
 * @example
 * ```ts
 * const options: JourneyServiceOptions = { entitySet: 'msdyncrm_customerjourneys', goLiveDelayMs: 50, stopDelayMs: 50 };
 * ```
 */
export interface JourneyServiceOptions {
  /** Entity set name. */
  readonly entitySet: string;
  /** Delay from Going live to Live or Error. */
  readonly goLiveDelayMs: number;
  /** Delay from Stopping to Stopped. */
  readonly stopDelayMs: number;
  /** Codec parts to replace. */
  readonly codec?: Partial<JourneyCodec>;
  /** Clock for `createdon` and `modifiedon`, and for the moves due at a journey's end date. */
  readonly clock?: () => Date;
}

function header(headers: OperationRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function etagMatches(condition: string, etag: string): boolean {
  const normalize = (tag: string): string => tag.trim().replace(/^W\//, '');
  const current = normalize(etag);
  return condition.split(',').some((tag) => tag.trim() === '*' || normalize(tag) === current);
}

function hasColumn(values: Readonly<Record<string, unknown>>, column: string): boolean {
  return Object.prototype.hasOwnProperty.call(values, column);
}

/**
 * The journey table and its operations.
 *
 * @example
 * ```ts
 * const service = new JourneyService(store, { entitySet: 'msdyncrm_customerjourneys', goLiveDelayMs: 50, stopDelayMs: 50 });
 * const response = service.create(request);
 * ```
 */
export class JourneyService {
  private readonly codec: JourneyCodec;
  private readonly scheduler: TransitionScheduler;
  private readonly clock: () => Date;

  constructor(
    private readonly store: RecordStore,
    private readonly options: JourneyServiceOptions,
  ) {
    this.codec = resolveCodec(options.codec);
    this.clock = options.clock ?? (() => new Date());
    this.scheduler = new TransitionScheduler((id, kind) => this.completeTransition(id, kind));
    for (const record of store.all()) this.scheduleFor(String(record[JOURNEY_ID]), record.statuscode);
  }

  /** Completes pending transitions now. */
  settle(): void {
    this.scheduler.settle();
  }

  /**
   * Applies the status moves due on the clock now (Live to Stopped at the end date, Stopped to
   * Expired 30 days later) to every record. Reads and writes apply them to the records they touch.
   */
  tick(): void {
    for (const record of this.store.all()) this.due(record);
  }

  /** Number of transitions still pending. */
  get pendingTransitions(): number {
    return this.scheduler.size;
  }

  /** Stops every timer. */
  close(): void {
    this.scheduler.close();
  }

  /** Whether `$select`, `$filter` and `$orderby` may name this column. */
  isKnownColumn = (name: string): boolean => KNOWN_COLUMNS.has(name) || (!name.includes('@') && this.store.hasSeenColumn(name));

  private now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private entityUrl(req: OperationRequest, id: string): string {
    return `${req.orgUrl}/api/data/${req.version}/${this.options.entitySet}(${id})`;
  }

  private context(req: OperationRequest, select: readonly string[] | undefined, suffix: string): string {
    const columns = select ? `(${select.join(',')})` : '';
    return `${req.orgUrl}/api/data/${req.version}/$metadata#${this.options.entitySet}${columns}${suffix}`;
  }

  private preferenceApplied(prefs: Preferences, representation: boolean): Record<string, string> {
    const applied: string[] = [];
    if (representation && prefs.returnRepresentation) applied.push('return=representation');
    if (prefs.includeAnnotations !== undefined) applied.push(`odata.include-annotations=${prefs.includeAnnotations}`);
    return applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {};
  }

  /** The status code, state code and transition a write asks for, checked against the current status. */
  private nextStatus(current: number | undefined, values: Record<string, unknown>): void {
    const sentStatus = hasColumn(values, 'statuscode') ? values.statuscode : undefined;
    const sentState = hasColumn(values, 'statecode') ? values.statecode : undefined;
    if (sentStatus === null) throw badRequest("'statuscode' cannot be null.");
    if (sentState === null) throw badRequest("'statecode' cannot be null.");
    let status = typeof sentStatus === 'number' ? sentStatus : undefined;
    if (status === undefined && typeof sentState === 'number') {
      if (current !== undefined && stateOf(current) === sentState) {
        delete values.statecode;
        return;
      }
      status = sentState === 1 ? STATUS.expired : STATUS.draft;
    }
    if (status === undefined) return;
    if (typeof sentState === 'number' && sentState !== stateOf(status)) {
      throw new ODataError(
        400,
        ERROR_CODES.invalidTransition,
        `${statusLabel(status)} is not a valid status for state code ${sentState}; it belongs to state code ${stateOf(status)}.`,
      );
    }
    if (current !== undefined && !isTransitionAllowed(current, status)) {
      throw new ODataError(400, ERROR_CODES.invalidTransition, transitionRefusal(current, status));
    }
    values.statuscode = status;
    values.statecode = stateOf(status);
  }

  /** Parses the definition through the codec when the write touches it; refuses malformed ones. */
  private checkDefinition(next: StoredRecord, values: Readonly<Record<string, unknown>>): void {
    if (!hasColumn(values, 'msdyncrm_workflowdefinition') && !hasColumn(values, 'msdyncrm_customerjourneydesignerstate')) return;
    const definition = next.msdyncrm_workflowdefinition;
    if (typeof definition !== 'string') return;
    try {
      this.parseRecord(next, definition);
    } catch (error) {
      const format = this.codec.formatError(error);
      if (!format) throw error;
      const where = format.path !== undefined && !format.message.includes(format.path) ? ` at ${format.path}` : '';
      throw badRequest(`The customer journey definition (msdyncrm_workflowdefinition) is not valid${where}: ${format.message}`);
    }
  }

  /** Parses a record's definition through the codec, with the record's designer state and settings; throws what the codec throws. */
  private parseRecord(record: StoredRecord, definition: string): JourneyTree {
    const state = record.msdyncrm_customerjourneydesignerstate;
    return this.codec.parse(definition, typeof state === 'string' ? state : undefined, settingsFromRecord(record));
  }

  /** Reads a stored record's definition; `undefined` when it has none or it cannot be read. */
  private treeOf(record: StoredRecord): JourneyTree | undefined {
    const definition = record.msdyncrm_workflowdefinition;
    if (typeof definition !== 'string' || definition === '') return undefined;
    try {
      return this.parseRecord(record, definition);
    } catch {
      return undefined;
    }
  }

  /** Refuses a write the status rules do not allow (400, the rule and the status named). */
  private checkStatusRules(current: StoredRecord, next: StoredRecord): void {
    const now = this.clock();
    if (canEdit('draft', recordState(current, now))) return;
    const refusal = writeRefusal(current, contentChanges(current, next, (r) => this.treeOf(r)), now);
    if (refusal) throw new ODataError(400, ERROR_CODES.refused, refusal.message);
  }

  /** The record after the status moves due on the clock (stored when there is one). */
  private due(record: StoredRecord): StoredRecord {
    const status = dueStatus(record, this.clock());
    if (status === undefined) return record;
    const next = this.revise(record, { statuscode: status, statecode: stateOf(status) });
    const id = String(record[JOURNEY_ID]);
    this.store.put(id, next);
    this.scheduler.cancel(id);
    return next;
  }

  /** The record with `values` merged in, a new row version and `modifiedon` now (not stored yet). */
  private revise(record: StoredRecord, values: Readonly<Record<string, unknown>>): StoredRecord {
    const next = this.merge(record, values);
    next.versionnumber = this.store.nextVersion();
    next.modifiedon = this.now();
    return next;
  }

  private merge(base: StoredRecord, values: Readonly<Record<string, unknown>>): StoredRecord {
    const next: StoredRecord = { ...base };
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    return next;
  }

  private scheduleFor(id: string, status: unknown): void {
    if (status === STATUS.goingLive) this.scheduler.schedule(id, 'go-live', this.options.goLiveDelayMs);
    else if (status === STATUS.stopping) this.scheduler.schedule(id, 'stop', this.options.stopDelayMs);
    else this.scheduler.cancel(id);
  }

  private writeResponse(req: OperationRequest, prefs: Preferences, record: StoredRecord, created: boolean): OperationResponse {
    const id = String(record[JOURNEY_ID]);
    if (prefs.returnRepresentation) {
      const query = parseQuery(req.params, this.isKnownColumn);
      const body = {
        '@odata.context': this.context(req, query.select, '/$entity'),
        ...shapeRecord(record, { ...(query.select ? { select: query.select } : {}), annotations: annotationFilter(prefs.includeAnnotations) }),
      };
      return { status: created ? 201 : 200, headers: { ETag: etagOf(record), ...this.preferenceApplied(prefs, true) }, body };
    }
    return { status: 204, headers: { 'OData-EntityId': this.entityUrl(req, id) } };
  }

  private insert(id: string, values: Record<string, unknown>): StoredRecord {
    this.nextStatus(undefined, values);
    const now = this.now();
    const record = this.merge({ [JOURNEY_ID]: id, ...newRecordDefaults(now) }, values);
    record.versionnumber = this.store.nextVersion();
    this.checkDefinition(record, values);
    this.store.put(id, record);
    this.scheduleFor(id, record.statuscode);
    return record;
  }

  /**
   * `POST /<set>`: creates a record; a client-supplied id that exists gives 412.
   *
   * @example
   * ```ts
   * service.create({ orgUrl, version: 'v9.2', params, headers, body: { msdyncrm_name: 'Welcome' } }).status; // 204
   * ```
   */
  create(req: OperationRequest): OperationResponse {
    const prefs = parsePrefer(req.headers.prefer);
    const payload = readPayload(req.body);
    const id = payload.id ?? randomUUID();
    if (this.store.has(id)) throw duplicateRecord();
    const record = this.insert(id, { ...payload.values });
    return this.writeResponse(req, prefs, record, true);
  }

  /**
   * `GET /<set>(<id>)`: one record, with `ETag`; 304 for a matching `If-None-Match`.
   *
   * @example
   * ```ts
   * service.retrieve(req, id).headers.ETag; // 'W/"1001"'
   * ```
   */
  retrieve(req: OperationRequest, id: string): OperationResponse {
    const stored = this.store.get(id);
    if (!stored) throw recordNotFound(JOURNEY_LOGICAL_NAME, id);
    const record = this.due(stored);
    const prefs = parsePrefer(req.headers.prefer);
    const query = parseQuery(req.params, this.isKnownColumn);
    const etag = etagOf(record);
    const ifNoneMatch = header(req.headers, 'if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatch !== 'null' && prefs.includeAnnotations === undefined && etagMatches(ifNoneMatch, etag)) {
      return { status: 304, headers: { ETag: etag } };
    }
    const body = {
      '@odata.context': this.context(req, query.select, '/$entity'),
      ...shapeRecord(record, { ...(query.select ? { select: query.select } : {}), annotations: annotationFilter(prefs.includeAnnotations) }),
    };
    return { status: 200, headers: { ETag: etag, ...this.preferenceApplied(prefs, false) }, body };
  }

  /**
   * `GET /<set>`: records matching `$filter`, ordered, selected and paged.
   *
   * @example
   * ```ts
   * service.list({ ...req, params: new URLSearchParams('$filter=statuscode eq 192350001') });
   * ```
   */
  list(req: OperationRequest): OperationResponse {
    const prefs = parsePrefer(req.headers.prefer);
    const query: QueryOptions = parseQuery(req.params, this.isKnownColumn);
    const page = runQuery(
      this.store.all().map((r) => this.due(r)),
      query,
      prefs.maxPageSize,
    );
    const annotations = annotationFilter(prefs.includeAnnotations);
    const body: Record<string, unknown> = { '@odata.context': this.context(req, query.select, '') };
    if (query.count) body['@odata.count'] = page.total;
    body.value = page.items.map((r) => shapeRecord(r, { ...(query.select ? { select: query.select } : {}), annotations }));
    if (page.nextSkip !== undefined) {
      const size = prefs.maxPageSize ?? page.items.length;
      body['@odata.nextLink'] = nextLink(
        `${req.orgUrl}/api/data/${req.version}/${this.options.entitySet}`,
        query,
        Math.floor(page.nextSkip / Math.max(1, size)) + 1,
        page.nextSkip,
      );
    }
    const applied: string[] = [];
    if (prefs.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
    if (prefs.includeAnnotations !== undefined) applied.push(`odata.include-annotations=${prefs.includeAnnotations}`);
    return { status: 200, headers: applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {}, body };
  }

  /**
   * `PATCH /<set>(<id>)`: update, or create when missing (upsert). `If-Match: *` stops the
   * create (404), `If-None-Match: *` stops the update (412), a stale `If-Match` ETag gives 412.
   * The status rules (`status-rules.ts`) refuse with 400 what the journey's status locks.
   *
   * @example
   * ```ts
   * service.update({ ...req, headers: { 'if-match': 'W/"1001"' }, body: { msdyncrm_name: 'Renamed' } }, id).status; // 204
   * ```
   */
  update(req: OperationRequest, id: string): OperationResponse {
    const prefs = parsePrefer(req.headers.prefer);
    const ifMatch = header(req.headers, 'if-match');
    const ifNoneMatch = header(req.headers, 'if-none-match');
    const found = this.store.get(id);
    const existing = found === undefined ? undefined : this.due(found);
    const payload = readPayload(req.body);
    const values = { ...payload.values };
    if (!existing) {
      if (ifMatch !== undefined) throw recordNotFound(JOURNEY_LOGICAL_NAME, id);
      return this.writeResponse(req, prefs, this.insert(id, values), true);
    }
    if (ifNoneMatch !== undefined && ifNoneMatch.trim() === '*') throw duplicateRecord();
    if (ifMatch !== undefined && !etagMatches(ifMatch, etagOf(existing))) throw versionMismatch();
    const current = typeof existing.statuscode === 'number' ? existing.statuscode : STATUS.draft;
    this.nextStatus(current, values);
    const next = this.revise(existing, values);
    this.checkDefinition(next, values);
    this.checkStatusRules(existing, next);
    this.store.put(id, next);
    if (next.statuscode !== existing.statuscode) this.scheduleFor(id, next.statuscode);
    return this.writeResponse(req, prefs, next, false);
  }

  /**
   * `DELETE /<set>(<id>)`: 204, 404 when missing; refused while Live or Live, editable, and while
   * the status settles (Going live, Stopping).
   *
   * @example
   * ```ts
   * service.remove(req, id).status; // 204
   * ```
   */
  remove(req: OperationRequest, id: string): OperationResponse {
    const found = this.store.get(id);
    if (!found) throw recordNotFound(JOURNEY_LOGICAL_NAME, id);
    const existing = this.due(found);
    const ifMatch = header(req.headers, 'if-match');
    if (ifMatch !== undefined && !etagMatches(ifMatch, etagOf(existing))) throw versionMismatch();
    const refusal = deleteRefusal(existing);
    if (refusal) throw new ODataError(400, ERROR_CODES.refused, refusal.message);
    this.store.delete(id);
    this.scheduler.cancel(id);
    return { status: 204, headers: {} };
  }

  /**
   * `POST /msdyncrm_CustomerJourneyValidate`: Check for Errors on the journey in the body.
   *
   * @example
   * ```ts
   * service.validate({ ...req, body: { FieldValueName: 'Welcome', FieldValueWorkflowDefinition: definition } }).body;
   * ```
   */
  validate(req: OperationRequest): OperationResponse {
    const body = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('msdyncrm_CustomerJourneyValidate expects a JSON object of FieldValue* parameters.');
    }
    const fields = body as Record<string, unknown>;
    const definition = fields.FieldValueWorkflowDefinition;
    if (definition !== undefined && definition !== null && typeof definition !== 'string') {
      throw badRequest("Cannot convert the parameter 'FieldValueWorkflowDefinition' to the expected type 'Edm.String'.");
    }
    const settings = settingsFromValidateBody(fields);
    // The action takes no designer state; for a saved journey the service has it, so use the
    // stored one, and the counters are checked as they would be on go-live.
    const savedId = typeof fields.FieldValueCustomerJourneyId === 'string' ? normalizeGuid(fields.FieldValueCustomerJourneyId) : undefined;
    const saved = savedId === undefined ? undefined : this.store.get(savedId);
    const state = saved?.msdyncrm_customerjourneydesignerstate;
    let tree;
    try {
      tree = typeof definition === 'string' ? this.codec.parse(definition, typeof state === 'string' ? state : undefined, settings) : emptyTree(settings);
    } catch (error) {
      const format = this.codec.formatError(error);
      if (!format) throw error;
      const where = format.path !== undefined && !format.message.includes(format.path) ? ` at ${format.path}` : '';
      throw badRequest(`FieldValueWorkflowDefinition is not a valid customer journey definition${where}: ${format.message}`);
    }
    const result = this.codec.check(tree);
    return {
      status: 200,
      headers: {},
      body: {
        '@odata.context': `${req.orgUrl}/api/data/${req.version}/$metadata#Microsoft.Dynamics.CRM.msdyncrm_CustomerJourneyValidateResponse`,
        ValidationResult: JSON.stringify(result),
      },
    };
  }

  /** Runs Check for Errors on a stored record (for going live). */
  private checkRecord(record: StoredRecord): ValidationResult {
    const definition = record.msdyncrm_workflowdefinition;
    try {
      const tree = typeof definition === 'string' ? this.parseRecord(record, definition) : emptyTree(settingsFromRecord(record));
      return this.codec.check(tree);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { Result: 'Error', ActivityValidationResults: [{ ActivityId: '', Fault: 'ErrorInvalidWorkflowDefinition', Result: 'Error', ErrorMessageArguments: [reason] }] };
    }
  }

  private completeTransition(id: string, kind: PendingKind): void {
    const record = this.store.get(id);
    if (!record) return;
    let values: Record<string, unknown>;
    if (kind === 'go-live') {
      if (record.statuscode !== STATUS.goingLive) return;
      const result = this.checkRecord(record);
      const status = result.Result === 'Error' ? STATUS.error : STATUS.live;
      values = { statuscode: status, statecode: stateOf(status), msdyncrm_validationresults: JSON.stringify(result) };
      // The publisher is set when the journey first goes live: from then on it has gone live.
      if (status === STATUS.live && typeof record._msdyncrm_publishedby_value !== 'string') {
        const publishedBy = JOURNEY_LOOKUPS.find((l) => l.attribute === 'msdyncrm_publishedby');
        if (publishedBy) {
          values._msdyncrm_publishedby_value = typeof record._ownerid_value === 'string' ? record._ownerid_value : EMULATOR_USER_ID;
          values['_msdyncrm_publishedby_value' + LOOKUP_LOGICAL_NAME] = 'systemuser';
        }
      }
    } else {
      if (record.statuscode !== STATUS.stopping) return;
      values = { statuscode: STATUS.stopped, statecode: stateOf(STATUS.stopped) };
    }
    this.store.put(id, this.revise(record, values));
  }

  /**
   * Stores records as given (for tests), filling the id, timestamps, status and row version.
   * Lookups may be given as `<nav>@odata.bind` or as `_<attr>_value`.
   *
   * @example
   * ```ts
   * service.seed([{ msdyncrm_name: 'Imported', statuscode: 192350001 }]); // ['<new id>']
   * ```
   */
  seed(records: readonly Readonly<Record<string, unknown>>[]): string[] {
    const ids: string[] = [];
    const now = this.now();
    for (const input of records) {
      const binds: Record<string, unknown> = {};
      const plain: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(input)) {
        if (key.endsWith('@odata.bind')) binds[key] = value;
        else plain[key] = value;
      }
      const bound = readPayload(binds).values;
      const rawId = plain[JOURNEY_ID];
      const id = typeof rawId === 'string' && rawId !== '' ? rawId.replace(/^\{|\}$/g, '').toLowerCase() : randomUUID();
      const record = this.merge({ ...newRecordDefaults(now), ...plain, [JOURNEY_ID]: id }, bound);
      if (typeof record.statuscode === 'number' && !hasColumn(plain, 'statecode')) record.statecode = stateOf(record.statuscode);
      record.versionnumber = this.store.nextVersion();
      this.store.put(id, record);
      this.scheduleFor(id, record.statuscode);
      ids.push(id);
    }
    return ids;
  }
}
