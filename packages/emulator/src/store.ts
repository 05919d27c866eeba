/**
 * The record store: journeys in memory, in insertion order, with a row-version counter shared by
 * all records (as Dataverse's `versionnumber`), and, with a data file, durability.
 *
 * With a data file `journeys.json` the store keeps three kinds of files in its folder:
 *
 * - `journeys.json`, the **snapshot**: a {@link StoreFile}, one record a line, readable and
 *   editable while the emulator is stopped.
 * - `journeys.json.journal`, the **journal**: one JSON line per change since the snapshot,
 *   `{"v":<row version>,"op":"put","id":"<guid>","record":{…}}`, `{"v":…,"op":"delete","id":"<guid>"}`
 *   or `{"v":…,"op":"clear"}`. Every change is appended and synced to disk before the write that
 *   made it is answered; changes that arrive while a sync is in flight go into the next batch
 *   (group commit).
 * - `journeys.json.<pid>.tmp`: a snapshot being written. Only a killed process leaves one; it is
 *   removed when the store opens.
 * - `journeys.json.lock`: the id of the process that has the data file open, so that a second
 *   emulator on the same file is refused instead of interleaving its journal with the first one's.
 *   A lock left by a process that no longer runs is taken over.
 *
 * Opening loads the snapshot, replays the journal and compacts: the snapshot is written to a
 * temporary file, synced, renamed over the old one, the folder is synced, and only then is the
 * journal emptied. A change whose row version is not above the snapshot's `version` is already in
 * the snapshot and is skipped on replay, so a crash between any two of those steps loses nothing
 * and replays nothing twice. The journal is also compacted while running, once it outgrows both
 * `compactAfterBytes` and the snapshot, and on a clean close (which then removes it).
 *
 * @module
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { JOURNEY_ID, normalizeGuid } from './entity.js';

/**
 * A stored record: column values as they read back (lookups as `_<attr>_value`).
 *
 * @example
 * ```ts
 * const record: StoredRecord | undefined = emulator.record(id);
 * ```
 */
export type StoredRecord = Record<string, unknown>;

/**
 * Shape of the data file (the snapshot).
 *
 * @example
 * ```ts
 * const file = JSON.parse(await readFile('journeys.json', 'utf8')) as StoreFile;
 * ```
 */
export interface StoreFile {
  /** Format version of the file. */
  readonly format: 1;
  /** The last row version handed out when the snapshot was taken. */
  readonly version: number;
  /** Records in insertion order. */
  readonly records: readonly StoredRecord[];
}

/**
 * A data file or journal the store refuses to open: the message names the file and what is wrong
 * (the record's index, or the journal's line number). Nothing is changed on disk.
 *
 * @example
 * ```ts
 * try { await startEmulator({ dataFile: 'journeys.json' }); } catch (e) { if (e instanceof DataFileError) console.error(e.message); }
 * ```
 */
export class DataFileError extends Error {
  /** The file concerned. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = 'DataFileError';
    this.path = path;
  }
}

/**
 * A change that could not be made durable (the journal could not be written or synced). The
 * change stays in memory and is written again with the next batch; it was not acknowledged.
 *
 * @example
 * ```ts
 * try { await store.flush(); } catch (e) { if (e instanceof DurabilityError) console.error(e.message); }
 * ```
 */
export class DurabilityError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DurabilityError';
  }
}

/**
 * A record that cannot be serialized as JSON (too deep, circular, a `BigInt`): the write that
 * brought it is refused and nothing is stored.
 *
 * @example
 * ```ts
 * try { store.put(id, record); } catch (e) { if (e instanceof UnstorableRecordError) console.error(e.message); }
 * ```
 */
export class UnstorableRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnstorableRecordError';
  }
}

/**
 * The file operations the store's durability rests on; tests replace them to simulate a full
 * disk or a failing sync.
 *
 * @example
 * ```ts
 * const io: Partial<StoreIo> = { sync: async () => { throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }); } };
 * ```
 */
export interface StoreIo {
  /** Writes all of `data` at `position`. */
  write(handle: FileHandle, data: Buffer, position: number): Promise<void>;
  /** Makes what was written to the file durable (fdatasync). */
  sync(handle: FileHandle): Promise<void>;
}

/**
 * Options of {@link RecordStore.open}.
 *
 * @example
 * ```ts
 * const store = await RecordStore.open('journeys.json', { compactAfterBytes: 1024 * 1024 } satisfies StoreOptions);
 * ```
 */
export interface StoreOptions {
  /** The journal is compacted once it is larger than this and than the snapshot. @defaultValue 4 MiB */
  readonly compactAfterBytes?: number;
  /** Replaces file operations (for tests). */
  readonly io?: Partial<StoreIo>;
}

const defaultIo: StoreIo = {
  async write(handle, data, position) {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
      done += bytesWritten;
    }
  },
  sync: (handle) => handle.datasync(),
};

const DEFAULT_COMPACT_AFTER = 4 * 1024 * 1024;

/** Where the journal of a data file lives. */
function journalPath(dataFile: string): string {
  return `${dataFile}.journal`;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** The first folder on the way to `path` that is in fact a file, if any. */
async function fileInTheWay(path: string): Promise<string | undefined> {
  const chain: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) chain.unshift(dir);
  for (const dir of chain) {
    try {
      if (!(await stat(dir)).isDirectory()) return dir;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A one-line error for a path the store cannot use. */
async function unusablePath(file: string, what: string, error: unknown): Promise<DataFileError> {
  const code = errorCode(error);
  if (code === 'EISDIR') {
    const hint = what === 'data file' ? `give the path of a file, e.g. ${join(file, 'journeys.json')}` : 'move it out of the way';
    return new DataFileError(file, `The emulator ${what} ${file} is a folder; ${hint}.`);
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const blocker = await fileInTheWay(file);
    if (blocker !== undefined) return new DataFileError(file, `The emulator ${what} ${file} cannot be used: ${blocker} is a file, not a folder.`);
  }
  return new DataFileError(file, `The emulator ${what} ${file} cannot be used: ${reason(error)}`);
}

/** Reads a file, or `undefined` when it does not exist. */
async function readIfPresent(file: string, what: string): Promise<string | undefined> {
  try {
    if ((await stat(file)).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw await unusablePath(file, what, error);
  }
}

/** Syncs a folder so that a rename or a new file in it survives a crash (best effort where folders cannot be opened). */
async function syncFolder(dir: string, io: StoreIo): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await io.sync(handle);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await handle.close();
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Takes `<dataFile>.lock` for this process; refuses while another running process holds it. */
async function acquireLock(dataFile: string): Promise<string> {
  const file = `${dataFile}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return file;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw await unusablePath(file, 'lock file', error);
    }
    const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isSafeInteger(owner) && owner > 0 && isRunning(owner)) {
      const who = owner === process.pid ? 'this process' : `process ${owner}`;
      throw new DataFileError(
        dataFile,
        `The emulator data file ${dataFile} is in use by ${who} (another emulator has it open). Stop that emulator or use another data file; if none is running, delete ${file}.`,
      );
    }
    // Left by a process that is gone: take it over.
    await unlink(file).catch(() => undefined);
  }
  throw new DataFileError(dataFile, `The emulator data file ${dataFile} could not be locked: ${file} keeps coming back.`);
}

/** Removes `<base>.<pid>.tmp` files a killed process left while writing a snapshot. */
async function removeStaleTemps(dataFile: string): Promise<void> {
  const dir = dirname(dataFile);
  const prefix = `${basename(dataFile)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d+\.tmp$/.test(name.slice(prefix.length))) continue;
    await unlink(join(dir, name)).catch(() => undefined);
  }
}

/** The record with its id column in normalized form (the record itself when it already is). */
function withId(record: StoredRecord, id: string): StoredRecord {
  return record[JOURNEY_ID] === id ? record : { ...record, [JOURNEY_ID]: id };
}

interface Snapshot {
  readonly version: number;
  readonly records: Map<string, StoredRecord>;
  readonly json: Map<string, string>;
}

const MAX_LISTED_PROBLEMS = 10;

/** Checks a snapshot and indexes its records by normalized id; refuses anything it would have to drop. */
function parseSnapshot(file: string, text: string): Snapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `The emulator data file ${file} is not valid JSON: ${reason(error)}`);
  }
  if (!isPlainObject(parsed) || !Array.isArray(parsed.records)) {
    throw new DataFileError(file, `The emulator data file ${file} has no "records" array: expected {"format":1,"version":<number>,"records":[…]}.`);
  }
  if (hasOwn(parsed, 'format') && parsed.format !== 1) {
    throw new DataFileError(file, `The emulator data file ${file} has format ${JSON.stringify(parsed.format)}; this emulator reads format 1.`);
  }
  if (hasOwn(parsed, 'version') && !Number.isSafeInteger(parsed.version)) {
    throw new DataFileError(file, `The emulator data file ${file} has a "version" of ${JSON.stringify(parsed.version)}; it must be a whole number (the last row version handed out).`);
  }
  const problems: string[] = [];
  const records = new Map<string, StoredRecord>();
  const json = new Map<string, string>();
  const firstIndex = new Map<string, number>();
  (parsed.records as unknown[]).forEach((record, index) => {
    const at = `$.records[${index}]`;
    if (!isPlainObject(record)) {
      problems.push(`${at} is ${describeValue(record)}, not a record object`);
      return;
    }
    if (!hasOwn(record, JOURNEY_ID)) {
      problems.push(`${at} has no "${JOURNEY_ID}"`);
      return;
    }
    const raw = record[JOURNEY_ID];
    if (typeof raw !== 'string') {
      problems.push(`${at}.${JOURNEY_ID} is ${describeValue(raw)} (${JSON.stringify(raw)}), not a GUID string`);
      return;
    }
    const id = normalizeGuid(raw);
    if (id === undefined) {
      problems.push(`${at}.${JOURNEY_ID} "${raw}" is not a GUID (expected 8-4-4-4-12 hex digits)`);
      return;
    }
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) {
      problems.push(`$.records[${earlier}] and ${at} have the same ${JOURNEY_ID} ${id}`);
      return;
    }
    const normalized = withId(record, id);
    let text: string;
    try {
      text = JSON.stringify(normalized);
    } catch (error) {
      problems.push(`${at} cannot be kept: ${reason(error)}`);
      return;
    }
    firstIndex.set(id, index);
    records.set(id, normalized);
    json.set(id, text);
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
    const more = problems.length > MAX_LISTED_PROBLEMS ? `; and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
    throw new DataFileError(
      file,
      `The emulator data file ${file} cannot be loaded without dropping records: ${listed}${more}. Nothing was changed; fix the file and start again.`,
    );
  }
  return { version: typeof parsed.version === 'number' ? parsed.version : 1000, records, json };
}

type Change =
  | { readonly v: number; readonly op: 'put'; readonly id: string; readonly record: StoredRecord; readonly text: string }
  | { readonly v: number; readonly op: 'delete'; readonly id: string }
  | { readonly v: number; readonly op: 'clear' };

/** Parses the journal: complete lines must be changes; a last line without its newline is a torn write and is dropped. */
function parseJournal(file: string, text: string): { changes: Change[]; torn: boolean } {
  const changes: Change[] = [];
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const number = index + 1;
    const damaged = (what: string): DataFileError =>
      new DataFileError(
        file,
        `The emulator journal ${file} is damaged at line ${number}: ${what}. It holds changes made since the last snapshot; repair that line, or move the journal aside to start from ${file.replace(/\.journal$/, '')} alone (losing those changes).`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw damaged(`not valid JSON (${reason(error)})`);
    }
    if (!isPlainObject(parsed)) throw damaged(`${describeValue(parsed)}, not a change`);
    const v = parsed.v;
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw damaged('no row version "v"');
    const id = typeof parsed.id === 'string' ? normalizeGuid(parsed.id) : undefined;
    switch (parsed.op) {
      case 'put': {
        if (id === undefined) throw damaged('a "put" without a GUID "id"');
        if (!isPlainObject(parsed.record)) throw damaged('a "put" without a "record" object');
        const record = withId(parsed.record, id);
        changes.push({ v, op: 'put', id, record, text: JSON.stringify(record) });
        return;
      }
      case 'delete':
        if (id === undefined) throw damaged('a "delete" without a GUID "id"');
        changes.push({ v, op: 'delete', id });
        return;
      case 'clear':
        changes.push({ v, op: 'clear' });
        return;
      default:
        throw damaged(`an unknown "op" ${JSON.stringify(parsed.op)} (expected "put", "delete" or "clear")`);
    }
  });
  return { changes, torn: tail.trim() !== '' };
}

interface Waiter {
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Journal {
  readonly file: string;
  readonly dataFile: string;
  readonly handle: FileHandle;
  readonly lock: string;
}

/**
 * Records by id, with a shared row-version counter and, with a data file, a journal synced before
 * every write is answered.
 *
 * @example
 * ```ts
 * const store = await RecordStore.open('/tmp/journeys.json');
 * store.put(id, { msdyncrm_customerjourneyid: id, msdyncrm_name: 'Welcome', versionnumber: store.nextVersion() });
 * await store.durable(); // on disk now
 * await store.close();
 * ```
 */
export class RecordStore {
  private readonly records: Map<string, StoredRecord>;
  /** Each record's JSON, in the same order, for snapshots (only with a data file). */
  private readonly json: Map<string, string>;
  private readonly columnsSeen = new Set<string>();
  private version: number;
  /** Row version of the last change journaled (or the last snapshot). */
  private lastChange: number;
  private readonly io: StoreIo;
  private readonly compactAfterBytes: number;
  private snapshotBytes: number;
  private nextCompactAt: number;

  private pending: string[] = [];
  private appended = 0;
  private synced = 0;
  private waiters: Waiter[] = [];
  private running = false;
  private offset = 0;
  private truncateFirst = false;
  private closed = false;
  /** Serializes file work: a batch and a compaction never touch the journal at the same time. */
  private fileWork: Promise<void> = Promise.resolve();

  private constructor(
    private readonly journal: Journal | undefined,
    snapshot: Snapshot,
    options: StoreOptions,
  ) {
    this.records = snapshot.records;
    this.json = journal ? snapshot.json : new Map();
    this.version = snapshot.version;
    for (const record of this.records.values()) this.noteRecord(record);
    this.lastChange = this.version;
    this.io = { ...defaultIo, ...options.io };
    this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER;
    this.snapshotBytes = 0;
    this.nextCompactAt = this.compactAfterBytes;
  }

  /**
   * Opens a store. With a data file: removes stale temporary files, loads the snapshot, replays the
   * journal and compacts; the file and its folder are created when missing.
   *
   * @throws DataFileError when the file, a record in it, or a journal line is unusable.
   * @example
   * ```ts
   * const store = await RecordStore.open('journeys.json');
   * ```
   */
  static async open(dataFile?: string, options: StoreOptions = {}): Promise<RecordStore> {
    if (dataFile === undefined) return new RecordStore(undefined, { version: 1000, records: new Map(), json: new Map() }, options);
    try {
      await mkdir(dirname(dataFile), { recursive: true });
    } catch (error) {
      throw await unusablePath(dataFile, 'data file', error);
    }
    const lock = await acquireLock(dataFile);
    let handle: FileHandle | undefined;
    try {
      await removeStaleTemps(dataFile);
      const text = await readIfPresent(dataFile, 'data file');
      const snapshot = text === undefined || text.trim() === '' ? { version: 1000, records: new Map(), json: new Map() } : parseSnapshot(dataFile, text);
      const journalFile = journalPath(dataFile);
      const journalText = await readIfPresent(journalFile, 'journal');
      const { changes, torn } = journalText === undefined ? { changes: [], torn: false } : parseJournal(journalFile, journalText);
      try {
        // Positional writes need a handle without O_APPEND.
        handle = await open(journalFile, constants.O_RDWR | constants.O_CREAT);
      } catch (error) {
        throw await unusablePath(journalFile, 'journal', error);
      }
      const store = new RecordStore({ file: journalFile, dataFile, handle, lock }, snapshot, options);
      store.snapshotBytes = text === undefined ? 0 : Buffer.byteLength(text);
      store.replay(changes, snapshot.version);
      if (journalText === undefined) await syncFolder(dirname(dataFile), store.io);
      if (changes.length > 0 || torn) await store.compact();
      return store;
    } catch (error) {
      await handle?.close();
      await unlink(lock).catch(() => undefined);
      throw error;
    }
  }

  private replay(changes: readonly Change[], snapshotVersion: number): void {
    for (const change of changes) {
      if (change.v <= snapshotVersion) continue;
      switch (change.op) {
        case 'put':
          this.records.set(change.id, change.record);
          this.json.set(change.id, change.text);
          this.noteRecord(change.record);
          break;
        case 'delete':
          this.records.delete(change.id);
          this.json.delete(change.id);
          break;
        case 'clear':
          this.records.clear();
          this.json.clear();
          break;
      }
      if (change.v > this.version) this.version = change.v;
    }
    this.lastChange = this.version;
  }

  /** Hands out the next row version. */
  nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  /** The record with this id, matched without regard to case or braces (the stored object: do not change it outside the store). */
  get(id: string): StoredRecord | undefined {
    const key = normalizeGuid(id);
    return key === undefined ? undefined : this.records.get(key);
  }

  /** Whether a record exists (the id matched as in {@link RecordStore.get}). */
  has(id: string): boolean {
    const key = normalizeGuid(id);
    return key !== undefined && this.records.has(key);
  }

  /**
   * Stores a record (insert or replace) under its normalized id and journals the change.
   *
   * @throws UnstorableRecordError when the record cannot be serialized (nothing is stored).
   * @throws Error when the id is not a GUID or the store is closed.
   */
  put(id: string, record: StoredRecord): void {
    const key = this.key(id);
    let text: string;
    try {
      text = JSON.stringify(record);
    } catch (error) {
      throw new UnstorableRecordError(`The record ${key} cannot be stored: ${reason(error)}.`);
    }
    this.records.set(key, record);
    this.noteRecord(record);
    if (this.journal) {
      this.json.set(key, text);
      this.append(`{"v":${this.stamp()},"op":"put","id":"${key}","record":${text}}\n`);
    }
  }

  /** Removes a record; returns whether it existed. */
  delete(id: string): boolean {
    const key = normalizeGuid(id);
    if (key === undefined) return false;
    this.assertOpen();
    const existed = this.records.delete(key);
    if (existed && this.journal) {
      this.json.delete(key);
      this.append(`{"v":${this.stamp()},"op":"delete","id":"${key}"}\n`);
    }
    return existed;
  }

  /** Removes every record. */
  clear(): void {
    this.assertOpen();
    if (this.records.size === 0) return;
    this.records.clear();
    if (this.journal) {
      this.json.clear();
      this.append(`{"v":${this.stamp()},"op":"clear"}\n`);
    }
  }

  /** All records in insertion order (the stored objects). */
  all(): StoredRecord[] {
    return [...this.records.values()];
  }

  /** Number of records. */
  get size(): number {
    return this.records.size;
  }

  /** Whether some record has (or had) this column. */
  hasSeenColumn(name: string): boolean {
    return this.columnsSeen.has(name);
  }

  /** Whether some change is not yet known to be on disk (always `false` without a data file). */
  get hasUnsyncedChanges(): boolean {
    return this.synced < this.appended;
  }

  /**
   * Resolves once every change made so far is on disk (at once without a data file).
   *
   * @throws DurabilityError when the journal could not be written or synced; the changes stay in
   * memory and are written again with the next batch.
   */
  durable(): Promise<void> {
    if (this.synced >= this.appended) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo: this.appended, resolve, reject });
      this.kick();
    });
  }

  /**
   * Waits until every change so far is on disk and folds the journal into the data file, so that
   * the file itself holds every change; rethrows a failed write. A no-op without a data file.
   *
   * @throws DurabilityError when pending changes could not be written.
   */
  async flush(): Promise<void> {
    await this.durable();
    if (this.journal) await this.exclusive(() => (this.offset > 0 ? this.compact() : Promise.resolve()));
  }

  /**
   * Writes what is pending, folds the journal into the snapshot, removes the journal and releases
   * the file. Later changes are refused. A no-op without a data file.
   *
   * @throws DurabilityError when pending changes could not be written.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const journal = this.journal;
    if (!journal) return;
    try {
      await this.durable();
      await this.exclusive(async () => {
        // A compaction leaves the journal empty, or throws and keeps it.
        if (this.offset > 0) await this.compact();
        await unlink(journal.file);
        await syncFolder(dirname(journal.file), this.io);
      });
    } finally {
      await journal.handle.close();
      await unlink(journal.lock).catch(() => undefined);
    }
  }

  /** Runs file work after the work queued before it. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.fileWork.then(work);
    this.fileWork = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private key(id: string): string {
    const key = normalizeGuid(id);
    if (key === undefined) throw new Error(`A journey record id must be a GUID, got '${id}'.`);
    this.assertOpen();
    return key;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The record store is closed.');
  }

  private noteRecord(record: StoredRecord): void {
    for (const key of Object.keys(record)) this.columnsSeen.add(key);
    const version = record.versionnumber;
    if (typeof version === 'number' && version > this.version) this.version = version;
  }

  /** A row version for the next journaled change: strictly above the last change and the last snapshot. */
  private stamp(): number {
    if (this.version <= this.lastChange) this.version = this.lastChange + 1;
    this.lastChange = this.version;
    return this.version;
  }

  private append(line: string): void {
    this.pending.push(line);
    this.appended += 1;
    this.kick();
  }

  private kick(): void {
    if (this.running || !this.journal) return;
    this.running = true;
    // Start after the current turn, so that changes made together share a batch.
    queueMicrotask(() => void this.run());
  }

  /** The group-commit loop: writes and syncs batches until nothing is pending. */
  private async run(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        const upTo = this.appended;
        this.pending = [];
        try {
          await this.exclusive(() => this.writeBatch(batch));
        } catch (error) {
          // Keep the changes for the next batch; everyone waiting now is answered with the failure.
          this.pending = batch.concat(this.pending);
          const failure = new DurabilityError(
            `The change could not be written to ${this.journal?.file}: ${reason(error)}. It was not acknowledged.`,
            { cause: error },
          );
          const waiting = this.waiters;
          this.waiters = [];
          for (const waiter of waiting) waiter.reject(failure);
          return;
        }
        this.synced = upTo;
        const waiting = this.waiters;
        this.waiters = waiting.filter((w) => w.upTo > upTo);
        for (const waiter of waiting) if (waiter.upTo <= upTo) waiter.resolve();
        if (!this.closed && this.offset >= this.nextCompactAt && this.offset >= this.snapshotBytes) {
          try {
            await this.exclusive(() => (this.offset > 0 ? this.compact() : Promise.resolve()));
          } catch {
            // The journal still holds everything; try again once it has grown by as much again.
          }
          this.nextCompactAt = this.offset + this.compactAfterBytes;
        }
      }
    } finally {
      // After a failure, the changes kept for the next batch go out with the next change or wait.
      this.running = false;
    }
  }

  private async writeBatch(batch: readonly string[]): Promise<void> {
    const { handle } = this.journal as Journal;
    if (this.truncateFirst) {
      await handle.truncate(this.offset);
      this.truncateFirst = false;
    }
    const data = Buffer.from(batch.join(''), 'utf8');
    try {
      await this.io.write(handle, data, this.offset);
      await this.io.sync(handle);
    } catch (error) {
      // Cut off whatever part of the batch reached the file, so the journal never has a partial line in the middle.
      this.truncateFirst = true;
      await handle
        .truncate(this.offset)
        .then(() => {
          this.truncateFirst = false;
        })
        .catch(() => undefined);
      throw error;
    }
    this.offset += data.length;
  }

  /** Writes the snapshot atomically, then empties the journal. */
  private async compact(): Promise<void> {
    const journal = this.journal as Journal;
    // The snapshot holds every change up to this version; later ones get a higher one.
    const version = this.version;
    this.lastChange = version;
    const records = [...this.json.values()];
    const text = records.length === 0 ? `{"format":1,"version":${version},"records":[]}\n` : `{"format":1,"version":${version},"records":[\n${records.join(',\n')}\n]}\n`;
    const data = Buffer.from(text, 'utf8');
    const temp = `${journal.dataFile}.${process.pid}.tmp`;
    try {
      const out = await open(temp, 'w');
      try {
        await this.io.write(out, data, 0);
        await this.io.sync(out);
      } finally {
        await out.close();
      }
      await rename(temp, journal.dataFile);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncFolder(dirname(journal.dataFile), this.io);
    this.snapshotBytes = data.length;
    await journal.handle.truncate(0);
    await this.io.sync(journal.handle);
    this.offset = 0;
    this.truncateFirst = false;
  }
}
