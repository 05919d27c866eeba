/**
 * One record's files in an archive: its raw copy, and, when the codec can read it, the code that
 * rebuilds it and its picture. Rendered per record, with no I/O, so records can be rendered in any
 * order and their files written by whoever writes them (see `archive.ts`) with the same bytes.
 *
 * @module
 */
import { fromEntity } from '@customer-journey/client';
import { countTiles, generateCode, renderSvg, type JourneyTree } from '@customer-journey/dsl';
import { RAW_DIR, sha256, statusOfCode, type ArchivedJourney, type ProgressRecord } from './manifest.js';

/** A record as listed: what {@link renderRecord} needs of the client's raw listing entry. */
export interface ListedRecord {
  /** `msdyncrm_customerjourneyid`, lower case, when the record has a usable one. */
  readonly id: string | undefined;
  /** `@odata.etag`, when the org sent one. */
  readonly etag: string | undefined;
  /** The parsed record. */
  readonly entity: Readonly<Record<string, unknown>>;
  /** The record's text exactly as the org sent it. */
  readonly text: string;
}

/** Longest name the builder takes. */
const NAME_MAX = 100;

/** A column's value when it is a string. */
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The record's key in the progress state: its id, or its raw file for a record without one. */
export const keyOf = (journey: ArchivedJourney): string => journey.id ?? journey.files.raw;

/** The name a journey gets in its code: its own, or a stand-in when the builder would refuse it. */
function codeFor(tree: JourneyTree, id: string, rawFile: string): string {
  const name = tree.settings.name;
  if (name.trim() !== '' && name.length <= NAME_MAX) return generateCode(tree);
  const standIn = `Journey ${id.slice(0, 8)}`;
  const note =
    `// The record's name ${JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name)} cannot name a journey in code ` +
    `(1 to ${NAME_MAX} characters), so this file calls it ${JSON.stringify(standIn)}.\n// ${rawFile} keeps the record as the org stores it.\n`;
  return note + generateCode({ ...tree, settings: { ...tree.settings, name: standIn } });
}

/** A record's files (paths relative to the archive, and their text) and its progress line. */
export interface RenderedRecord {
  /** The files to write: the raw copy, and the code and picture of a readable journey. */
  readonly files: readonly (readonly [path: string, text: string])[];
  /** The record's line in the progress state and the manifest. */
  readonly record: ProgressRecord;
}

/**
 * Renders one record's files and its progress line. `slug` names its code and picture (`null` for
 * a record without an id, which is kept raw only).
 */
export function renderRecord(raw: ListedRecord, slug: string | null): RenderedRecord {
  const entity = raw.entity;
  const rawPath = raw.id === undefined ? `${RAW_DIR}/no-id-${sha256(raw.text).slice(0, 16)}.json` : `${RAW_DIR}/${raw.id}.json`;
  const name = str(entity['msdyncrm_name']) ?? '';
  const statusCode = typeof entity['statuscode'] === 'number' ? entity['statuscode'] : null;
  let tree: JourneyTree | undefined;
  let reason: string | undefined;
  let code: string | undefined;
  let picture: string | undefined;
  if (raw.id === undefined) reason = 'the record has no usable msdyncrm_customerjourneyid';
  else {
    try {
      tree = fromEntity(entity);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  if (tree !== undefined && slug !== null) {
    try {
      code = codeFor(tree, raw.id!, rawPath);
      picture = renderSvg(tree);
    } catch (error) {
      reason = `the journey cannot be written as code or drawn: ${error instanceof Error ? error.message : String(error)}`;
      code = undefined;
      picture = undefined;
    }
  }
  const readable = code !== undefined && picture !== undefined;
  const checksums: Record<string, string> = {};
  const written: [string, string][] = [[rawPath, raw.text]];
  checksums[rawPath] = sha256(raw.text);
  let files: ArchivedJourney['files'] = { raw: rawPath };
  if (readable && slug !== null) {
    const codePath = `${slug}.journey.ts`;
    const picturePath = `${slug}.svg`;
    written.push([codePath, code!], [picturePath, picture!]);
    checksums[codePath] = sha256(code!);
    checksums[picturePath] = sha256(picture!);
    files = { raw: rawPath, code: codePath, picture: picturePath };
  }
  const entry: string[] = [];
  for (const child of tree?.root.children ?? []) if (!entry.includes(child.type)) entry.push(child.type);
  const journey: ArchivedJourney = {
    id: raw.id ?? null,
    name,
    status: statusOfCode(statusCode),
    statusCode,
    etag: raw.etag ?? null,
    start: str(entity['msdyncrm_startdatetime']),
    end: str(entity['msdyncrm_enddatetime']),
    tiles: readable && tree !== undefined ? countTiles(tree) : null,
    entry: readable ? entry : [],
    readable,
    ...(readable ? {} : { reason: reason ?? 'unreadable' }),
    slug: readable ? slug : null,
    files,
  };
  return { files: written, record: { key: keyOf(journey), journey, checksums } };
}
