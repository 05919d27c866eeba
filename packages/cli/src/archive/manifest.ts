/**
 * The archive's manifest (`archive.json`) and its progress file: what an archive holds, the
 * SHA-256 of every file, and how a folder is recognised as a complete archive, an interrupted
 * one, or something else.
 *
 * The manifest is written last and atomically (a temporary file renamed over it), so a folder
 * with an `archive.json` is complete. While an archive is being written its state is the progress
 * file: one JSON line per archived record, appended once the record's files are on disk.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { journeyStatusOf, type JourneyStatus } from '@customer-journey/dsl';

/** File name of the manifest. */
export const MANIFEST_FILE = 'archive.json';
/** File name of the progress state of an archive being written. */
export const PROGRESS_FILE = '.archive-progress.jsonl';
/** Folder of the raw records. */
export const RAW_DIR = 'raw';
/** Version of the manifest format. */
export const MANIFEST_FORMAT = 1;

/**
 * An error in an archive folder or in what is asked of it: the message names the folder or file
 * and says what would be valid. The command line reports it and exits with code 2.
 *
 * @example
 * ```ts
 * try {
 *   await restoreArchive(client, 'journeys-archive');
 * } catch (error) {
 *   if (error instanceof ArchiveError) console.error(error.message);
 * }
 * ```
 */
export class ArchiveError extends Error {
  override name = 'ArchiveError' as const;
}

/**
 * The files of one archived record, relative to the archive folder.
 *
 * @example
 * ```ts
 * const files: ArchivedFiles = { raw: 'raw/6628bbf7-c52a-e911-a9b7-000d3a1e6adc.json', code: 'welcome.journey.ts', picture: 'welcome.svg' };
 * ```
 */
export interface ArchivedFiles {
  /** The record exactly as the org returned it. */
  readonly raw: string;
  /** TypeScript that rebuilds the journey (readable records only). */
  readonly code?: string;
  /** The journey drawn as SVG (readable records only). */
  readonly picture?: string;
}

/**
 * One archived record as the manifest lists it.
 *
 * @example
 * ```ts
 * const welcome = manifest.journeys.find((j: ArchivedJourney) => j.name === 'Welcome');
 * console.log(welcome?.status, welcome?.files.code);
 * ```
 */
export interface ArchivedJourney {
  /** `msdyncrm_customerjourneyid`, lower case; `null` for a record without a usable id. */
  readonly id: string | null;
  /** `msdyncrm_name` (`''` when the record has none). */
  readonly name: string;
  /** Label of `statuscode`, or `null` when absent or unknown (see `statusCode`). */
  readonly status: JourneyStatus | null;
  /** `statuscode` as stored. */
  readonly statusCode: number | null;
  /** `@odata.etag` when the record was read. */
  readonly etag: string | null;
  /** `msdyncrm_startdatetime` as stored. */
  readonly start: string | null;
  /** `msdyncrm_enddatetime` as stored. */
  readonly end: string | null;
  /** Tiles of the journey (`null` for an unreadable record). */
  readonly tiles: number | null;
  /** Types of the entry tiles (the tiles directly under the start), in order, without repeats. */
  readonly entry: readonly string[];
  /** Whether the codec could read the record as a journey. */
  readonly readable: boolean;
  /** Why the codec could not read it (unreadable records only). */
  readonly reason?: string;
  /** File-name stem of the code and the picture (`null` for a record without an id). */
  readonly slug: string | null;
  /** The record's files. */
  readonly files: ArchivedFiles;
}

/** The label of a stored `statuscode`: `null` when it is absent, not a number or not a known status. */
export function statusOfCode(code: unknown): JourneyStatus | null {
  return journeyStatusOf(code) ?? null;
}

/**
 * `archive.json`: what `journey archive` wrote, with a SHA-256 per file.
 *
 * @example
 * ```ts
 * const manifest = JSON.parse(await readFile('journeys-archive/archive.json', 'utf8')) as ArchiveManifest;
 * console.log(`${manifest.counts.journeys} journeys of ${manifest.org}, archived ${manifest.archivedAt}`);
 * ```
 */
export interface ArchiveManifest {
  /** Format of this file. */
  readonly format: typeof MANIFEST_FORMAT;
  /** The tool that wrote the archive. */
  readonly tool: { readonly name: string; readonly version: string };
  /** The org, without credentials, query or fragment. */
  readonly org: string;
  /** When the archive was completed (ISO 8601): the only value that changes between two archives of an unchanged org. */
  readonly archivedAt: string;
  /** The statuses the archive was limited to (`null`: every journey). */
  readonly statuses: readonly JourneyStatus[] | null;
  /** How many records, readable and not, and how many per status. */
  readonly counts: {
    readonly journeys: number;
    readonly readable: number;
    readonly unreadable: number;
    readonly byStatus: Readonly<Record<string, number>>;
  };
  /** Every record, ordered by id. */
  readonly journeys: readonly ArchivedJourney[];
  /** SHA-256 (hex) of every file of the archive but this one, by path. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * The SHA-256 of a text or bytes, in hex.
 *
 * @example
 * ```ts
 * sha256('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The SHA-256 of a file, or `undefined` when it cannot be read. */
export async function fileChecksum(path: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(path));
  } catch {
    return undefined;
  }
}

/** Writes a file through a temporary file and a rename, so it is never seen half written. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content, 'utf8');
  await rename(temp, path);
}

/** The manifest as written: pretty JSON with a final newline (its keys are built in a fixed order). */
export function manifestText(manifest: ArchiveManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The paths an archive writes: the README, `raw/<name>.json`, `<name>.journey.ts` and `<name>.svg`; nothing outside the folder. */
const ARCHIVE_PATH = /^(?:README\.md|raw\/[A-Za-z0-9][A-Za-z0-9._-]*\.json|[A-Za-z0-9][A-Za-z0-9._-]*\.(?:journey\.ts|svg))$/;

/**
 * Whether a path named by a manifest or progress file is one an archive writes (so reading or
 * removing it stays inside the folder).
 *
 * @example
 * ```ts
 * isArchivePath('raw/6628bbf7-c52a-e911-a9b7-000d3a1e6adc.json'); // true
 * isArchivePath('../notes.md');                                   // false
 * ```
 */
export function isArchivePath(path: string): boolean {
  return ARCHIVE_PATH.test(path) && !path.includes('..');
}

/** What is wrong with a parsed manifest, or `undefined` when it has the expected shape. */
function manifestProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not a JSON object';
  if (value['format'] !== MANIFEST_FORMAT) return `"format" is ${JSON.stringify(value['format'])}, expected ${MANIFEST_FORMAT}`;
  if (typeof value['org'] !== 'string') return '"org" is missing';
  if (!Array.isArray(value['journeys'])) return '"journeys" is not a list';
  if (!isRecord(value['files'])) return '"files" is not an object of checksums';
  for (const [i, j] of (value['journeys'] as unknown[]).entries()) {
    if (!isRecord(j) || !isRecord(j['files']) || typeof (j['files'] as Record<string, unknown>)['raw'] !== 'string' || typeof j['readable'] !== 'boolean') {
      return `journeys[${i}] has no raw file or no "readable" flag`;
    }
    for (const path of Object.values(j['files'] as Record<string, unknown>)) {
      if (typeof path !== 'string' || !isArchivePath(path)) return `journeys[${i}] names the file ${JSON.stringify(path)}, which is not a file of an archive`;
    }
  }
  for (const path of Object.keys(value['files'] as Record<string, unknown>)) {
    if (!isArchivePath(path)) return `"files" names ${JSON.stringify(path)}, which is not a file of an archive`;
  }
  return undefined;
}

/**
 * What a folder holds: nothing (`missing` or `empty`), a complete archive (`archive`, with its
 * manifest), an interrupted one (`interrupted`: a progress file and no manifest), or files that
 * are not an archive (`other`). Dot files other than the progress file are ignored.
 */
export type FolderState =
  | { readonly kind: 'missing' | 'empty' | 'other' | 'interrupted' }
  | { readonly kind: 'archive'; readonly manifest: ArchiveManifest };

/**
 * Looks at a folder without changing it.
 *
 * @throws {@link ArchiveError} when the path is a file, or its `archive.json` is not a manifest.
 */
export async function inspectFolder(dir: string, label: string): Promise<FolderState> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file where a parent folder should be: nothing is there, and writing will say why it cannot.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    throw new ArchiveError(`${label}: cannot read the folder (${(error as Error).message})`);
  }
  if (!info.isDirectory()) throw new ArchiveError(`${label} is a file, not a folder`);
  const names = await readdir(dir);
  if (names.includes(MANIFEST_FILE)) return { kind: 'archive', manifest: await readManifest(dir, label) };
  if (names.includes(PROGRESS_FILE)) return { kind: 'interrupted' };
  return names.some((n) => !n.startsWith('.')) ? { kind: 'other' } : { kind: 'empty' };
}

/**
 * Reads and checks `archive.json`.
 *
 * @throws {@link ArchiveError} naming the file and what is wrong with it.
 */
export async function readManifest(dir: string, label: string): Promise<ArchiveManifest> {
  const path = join(dir, MANIFEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is missing' : `it is not JSON (${(error as Error).message})`;
    throw new ArchiveError(`${join(label, MANIFEST_FILE)} is not a journey archive manifest: ${reason}`);
  }
  const problem = manifestProblem(parsed);
  if (problem !== undefined) throw new ArchiveError(`${join(label, MANIFEST_FILE)} is not a journey archive manifest: ${problem}`);
  return parsed as ArchiveManifest;
}

/**
 * Opens a complete archive for reading (`restore`, `migrate-report`): its manifest, with every
 * raw file checked against the checksum the manifest holds.
 *
 * @param dir - the archive folder (absolute)
 * @param label - how to name the folder in messages (as the user typed it)
 * @throws {@link ArchiveError} for a folder that is not a complete archive, or a raw file that is
 * missing or was changed after it was archived (named, with what to do).
 * @example
 * ```ts
 * const manifest = await openArchive('/work/journeys-archive', 'journeys-archive');
 * ```
 */
export async function openArchive(dir: string, label: string): Promise<ArchiveManifest> {
  const state = await inspectFolder(dir, label);
  switch (state.kind) {
    case 'missing':
      throw new ArchiveError(`${label}: no such folder; give the folder journey archive --out wrote`);
    case 'interrupted':
      throw new ArchiveError(
        `${label} is an interrupted archive (no ${MANIFEST_FILE} yet); finish it with journey archive --out ${label} --resume, then try again`,
      );
    case 'empty':
    case 'other':
      throw new ArchiveError(`${label} is not a journey archive: it has no ${MANIFEST_FILE}; give the folder journey archive --out wrote`);
    case 'archive':
      break;
  }
  const { manifest } = state;
  const changed: string[] = [];
  const missing: string[] = [];
  for (const journey of manifest.journeys) {
    const path = journey.files.raw;
    const expected = manifest.files[path];
    const actual = await fileChecksum(join(dir, path));
    if (actual === undefined) missing.push(path);
    else if (expected !== actual) changed.push(path);
  }
  if (missing.length > 0) {
    throw new ArchiveError(`${label}: ${list(missing)} ${missing.length === 1 ? 'is' : 'are'} missing; restore ${missing.length === 1 ? 'it' : 'them'} from version control, or archive the org again`);
  }
  if (changed.length > 0) {
    throw new ArchiveError(
      `${label}: ${list(changed)} ${changed.length === 1 ? 'was' : 'were'} changed after ${changed.length === 1 ? 'it was' : 'they were'} archived ` +
        `(the SHA-256 does not match ${MANIFEST_FILE}); raw records must stay as the org returned them: ` +
        `restore ${changed.length === 1 ? 'it' : 'them'} from version control, or archive the org again`,
    );
  }
  return manifest;
}

function list(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}

/**
 * The first line of the progress file: which org and statuses the archive being written is of.
 */
export interface ProgressHeader {
  readonly format: typeof MANIFEST_FORMAT;
  readonly org: string;
  readonly statuses: readonly JourneyStatus[] | null;
}

/** A line of the progress file: one archived record, its files and their checksums. */
export interface ProgressRecord {
  /** The record's key: its id, or its raw file for a record without one. */
  readonly key: string;
  readonly journey: ArchivedJourney;
  readonly checksums: Readonly<Record<string, string>>;
}

/**
 * Reads the progress file: its header and the records it lists (later lines win; a line cut
 * short by an interruption is ignored).
 */
export async function readProgress(dir: string): Promise<{ header: ProgressHeader | undefined; records: Map<string, ProgressRecord> }> {
  let text = '';
  try {
    text = await readFile(join(dir, PROGRESS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let header: ProgressHeader | undefined;
  const records = new Map<string, ProgressRecord>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(value)) continue;
    if (value['format'] === MANIFEST_FORMAT && typeof value['org'] === 'string') header = value as unknown as ProgressHeader;
    else if (
      typeof value['key'] === 'string' &&
      isRecord(value['journey']) &&
      isRecord(value['checksums']) &&
      Object.keys(value['checksums']).every(isArchivePath)
    ) {
      records.set(value['key'], value as unknown as ProgressRecord);
    }
  }
  return { header, records };
}
