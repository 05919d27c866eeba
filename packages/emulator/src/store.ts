/**
 * The record store: journeys in memory, in insertion order, with a row-version counter shared by
 * all records (as Dataverse's `versionnumber`), and optional persistence to a JSON file written
 * atomically (temporary file + rename) after changes.
 *
 * @module
 */
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JOURNEY_ID } from './entity.js';

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
 * Shape of the persistence file.
 *
 * @example
 * ```ts
 * const file = JSON.parse(await readFile('journeys.json', 'utf8')) as StoreFile;
 * ```
 */
export interface StoreFile {
  /** Format version of the file. */
  readonly format: 1;
  /** The last row version handed out. */
  readonly version: number;
  /** Records in insertion order. */
  readonly records: readonly StoredRecord[];
}

/**
 * Records by id, with a shared row-version counter and coalesced atomic writes to `dataFile`.
 *
 * @example
 * ```ts
 * const store = await RecordStore.open('/tmp/journeys.json');
 * store.put('id', { msdyncrm_customerjourneyid: 'id', msdyncrm_name: 'Welcome' });
 * await store.flush();
 * ```
 */
export class RecordStore {
  private readonly records = new Map<string, StoredRecord>();
  private readonly columnsSeen = new Set<string>();
  private version: number;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private writeError: unknown;

  private constructor(
    private readonly dataFile: string | undefined,
    initial: StoreFile | undefined,
  ) {
    this.version = initial?.version ?? 1000;
    for (const record of initial?.records ?? []) {
      const id = record[JOURNEY_ID];
      if (typeof id === 'string') this.setRecord(id, record);
    }
  }

  /**
   * Opens a store, loading `dataFile` when it exists.
   *
   * @throws Error when the file exists but is not a store file.
   */
  static async open(dataFile?: string): Promise<RecordStore> {
    if (dataFile === undefined) return new RecordStore(undefined, undefined);
    let text: string | undefined;
    try {
      text = await readFile(dataFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined || text.trim() === '') return new RecordStore(dataFile, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`The emulator data file ${dataFile} is not valid JSON: ${(error as Error).message}`);
    }
    const file = parsed as Partial<StoreFile> | null;
    if (!file || typeof file !== 'object' || !Array.isArray(file.records)) {
      throw new Error(`The emulator data file ${dataFile} has no "records" array.`);
    }
    return new RecordStore(dataFile, { format: 1, version: typeof file.version === 'number' ? file.version : 1000, records: file.records });
  }

  /** Hands out the next row version. */
  nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  /** The record with this id (the stored object: do not change it outside the store). */
  get(id: string): StoredRecord | undefined {
    return this.records.get(id);
  }

  /** Whether a record exists. */
  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Stores a record (insert or replace) and schedules a write. */
  put(id: string, record: StoredRecord): void {
    this.setRecord(id, record);
    this.changed();
  }

  /** Removes a record; returns whether it existed. */
  delete(id: string): boolean {
    const existed = this.records.delete(id);
    if (existed) this.changed();
    return existed;
  }

  /** Removes every record. */
  clear(): void {
    this.records.clear();
    this.changed();
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

  /** Waits until every change so far is on disk; rethrows a failed write. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.writeError !== undefined) {
      const error = this.writeError;
      this.writeError = undefined;
      throw error;
    }
  }

  private setRecord(id: string, record: StoredRecord): void {
    this.records.set(id, record);
    for (const key of Object.keys(record)) this.columnsSeen.add(key);
    const version = record.versionnumber;
    if (typeof version === 'number' && version > this.version) this.version = version;
  }

  private changed(): void {
    if (this.dataFile === undefined) return;
    this.dirty = true;
    if (!this.writing) this.writing = this.writeLoop();
  }

  private async writeLoop(): Promise<void> {
    const file = this.dataFile as string;
    try {
      await mkdir(dirname(file), { recursive: true });
      while (this.dirty) {
        this.dirty = false;
        const body: StoreFile = { format: 1, version: this.version, records: this.all() };
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, JSON.stringify(body), 'utf8');
        await rename(temp, file);
      }
    } catch (error) {
      this.writeError = error;
    } finally {
      this.writing = undefined;
    }
  }
}
