/**
 * The migration report as data: per journey, every tile with its real-time counterpart and what
 * must exist first, the records it refers to, the documented differences that apply, and a rough
 * effort class; across journeys, which records are needed by how many journeys. The JSON form of
 * the report is this model; the Markdown and HTML forms are drawn from it.
 *
 * @module
 */
import { isGuid, KNOWN_ACTIVITY_TYPES, normalizeGuid, tileName, walk, type Activity, type Item, type JourneyTree } from '@customer-journey/dsl';
import { PATH_SEPARATOR } from '../paths.js';
import {
  ASSET_GUIDANCE,
  DIFFERENCES,
  EFFORT_RULE,
  GUIDANCE_NOTE,
  SOURCES,
  TILE_GUIDANCE,
  type AssetKind,
  type DifferenceId,
  type EffortClass,
  type SourceId,
  type TileRowId,
} from './report-guidance.js';

/**
 * Version of the report's JSON form (its `format` field).
 *
 * @example
 * ```ts
 * if (report.format !== REPORT_FORMAT) throw new Error('a report of another version');
 * ```
 */
export const REPORT_FORMAT = 1;

/**
 * A journey to report on: read from an archive's raw record or from a journey file.
 *
 * @example
 * ```ts
 * const input: ReportInput = { id: tree.settings.recordId ?? null, name: tree.settings.name, status: 'Live', source: 'raw/….json', tree };
 * ```
 */
export interface ReportInput {
  /** The record id, when known. */
  readonly id: string | null;
  /** The journey name. */
  readonly name: string;
  /** The status label (or `statuscode <n>`), when known. */
  readonly status: string | null;
  /** Where the journey was read from (a raw file of an archive, or a journey file). */
  readonly source: string;
  /** The journey; absent for a record the codec could not read. */
  readonly tree?: JourneyTree;
  /** Why the record could not be read (when there is no tree). */
  readonly reason?: string;
}

/**
 * A journey as other parts of the report name it.
 *
 * @example
 * ```ts
 * const ref: JourneyRef = { id: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc', name: 'Welcome' };
 * ```
 */
export interface JourneyRef {
  readonly id: string | null;
  readonly name: string;
}

/**
 * A record a tile (or a setting) refers to.
 *
 * @example
 * ```ts
 * const ref: RecordRef = { kind: 'email', id: '184e5a1a-464a-e911-a873-000d3a1fe344' };
 * ```
 */
export interface RecordRef {
  readonly kind: AssetKind;
  readonly id: string;
}

/**
 * Content nested in an email tile (a page, form, event or survey linked from it).
 *
 * @example
 * ```ts
 * const item: ReportItem = { type: 'LandingPage', name: 'Event page', id: '46dece00-464a-e911-a873-000d3a1fe344', row: 'email-content', counterpart: '…', needsFirst: '…' };
 * ```
 */
export interface ReportItem {
  readonly type: string;
  readonly name: string | null;
  readonly id: string | null;
  readonly row: TileRowId;
  readonly counterpart: string;
  readonly needsFirst: string | null;
}

/**
 * One tile of a journey, in order (pre-order: a tile, then what follows it, branch by branch).
 *
 * @example
 * ```ts
 * report.journeys[0]?.tiles?.map((t: ReportTile) => `${t.path.join(' › ')}: ${t.counterpart}`);
 * ```
 */
export interface ReportTile {
  /** Names of the tiles from the root down to this one. */
  readonly path: readonly string[];
  /** `ActivityId`. */
  readonly activityId: string;
  /** `ActivityTypeId`. */
  readonly type: string;
  /** The tile's name. */
  readonly name: string | null;
  /** Whether it sits directly under the start (an entry tile). */
  readonly entry: boolean;
  /** The guidance row that applies (`null` for an empty placeholder). */
  readonly row: TileRowId | null;
  /** Its real-time counterpart (`null`: nothing to recreate). */
  readonly counterpart: string | null;
  /** What must exist first (`null`: nothing listed). */
  readonly needsFirst: string | null;
  /** A remark on how the row was chosen, when the guidance does not name this case. */
  readonly note?: string;
  /** Records it refers to (nested content included). */
  readonly references: readonly RecordRef[];
  /** Content nested in an email. */
  readonly items: readonly ReportItem[];
  /** Trigger conditions, as stored (`UserRegistered on Event page`). */
  readonly conditions?: readonly string[];
}

/**
 * A record one journey refers to.
 *
 * @example
 * ```ts
 * const shared = journey.references.filter((r: ReportReference) => r.otherJourneys.length > 0);
 * ```
 */
export interface ReportReference extends RecordRef {
  /** The names the journey gives it (segment display or unique names; tile names for the rest). */
  readonly names: readonly string[];
  /** Where the journey uses it: tile paths (`A › B`) or `setting: …`. */
  readonly usedBy: readonly string[];
  /** Other journeys of the report that refer to it too. */
  readonly otherJourneys: readonly JourneyRef[];
}

/**
 * A documented difference that applies to a journey (`yes`), or that the archive cannot rule out
 * (`unknown`).
 *
 * @example
 * ```ts
 * const d: ReportDifference = { id: 'end-date', title: 'End date', statement: '…', source: 'real-time-journeys', applies: 'yes', detail: 'the journey ends 2026-03-01T09:00:00Z' };
 * ```
 */
export interface ReportDifference {
  readonly id: DifferenceId;
  readonly title: string;
  readonly statement: string;
  readonly source: SourceId;
  readonly applies: 'yes' | 'unknown';
  /** Why it applies to this journey. */
  readonly detail: string;
}

/**
 * The report on one readable journey.
 *
 * @example
 * ```ts
 * if (j.readable) console.log(j.effort, j.tiles.length);
 * ```
 */
export interface JourneyReport extends JourneyRef {
  readonly readable: true;
  readonly status: string | null;
  readonly source: string;
  readonly effort: EffortClass;
  /** Why this effort class. */
  readonly effortReason: string;
  readonly tiles: readonly ReportTile[];
  readonly references: readonly ReportReference[];
  readonly differences: readonly ReportDifference[];
}

/**
 * A record the codec could not read: listed, with the reason, to be reviewed by hand.
 *
 * @example
 * ```ts
 * if (!j.readable) console.warn(`${j.name}: ${j.reason}`);
 * ```
 */
export interface UnreadableJourneyReport extends JourneyRef {
  readonly readable: false;
  readonly status: string | null;
  readonly source: string;
  readonly reason: string;
}

/**
 * A record needed by one or more journeys: what migration has to provide first.
 *
 * @example
 * ```ts
 * report.summary.assets.slice(0, 5).map((a: AssetNeed) => `${a.kind} ${a.id}: ${a.journeys.length} journeys`);
 * ```
 */
export interface AssetNeed extends RecordRef {
  readonly label: string;
  readonly names: readonly string[];
  readonly journeys: readonly JourneyRef[];
  readonly needsFirst: string | null;
  readonly note?: string;
  readonly source: SourceId | null;
}

/**
 * The migration report.
 *
 * @example
 * ```ts
 * const report: MigrationReport = buildMigrationReport(inputs);
 * report.summary.effort; // { simple: 3, branching: 2, 'needs flows': 1 }
 * ```
 */
export interface MigrationReport {
  readonly format: typeof REPORT_FORMAT;
  /** What the report is: guidance (see {@link GUIDANCE_NOTE}). */
  readonly guidance: string;
  /** How the effort class is chosen. */
  readonly effortRule: string;
  readonly summary: {
    readonly journeys: number;
    readonly readable: number;
    readonly unreadable: number;
    readonly tiles: number;
    readonly effort: Readonly<Record<EffortClass, number>>;
    /** Records needed, most needed first. */
    readonly assets: readonly AssetNeed[];
    /** Documented differences and how many journeys they apply to (`unknown` ones not counted). */
    readonly differences: readonly { readonly id: DifferenceId; readonly title: string; readonly journeys: number }[];
  };
  readonly journeys: readonly (JourneyReport | UnreadableJourneyReport)[];
  /** The sources every statement about real-time journeys comes from. */
  readonly sources: readonly { readonly id: SourceId; readonly title: string; readonly where: string }[];
}

const KNOWN = new Set<string>(KNOWN_ACTIVITY_TYPES);
const KIND_ORDER = Object.keys(ASSET_GUIDANCE) as AssetKind[];
const CONTENT_KINDS: Readonly<Record<string, AssetKind>> = { LandingPage: 'page', MarketingForm: 'form', Event: 'event', Survey: 'survey' };
const ENTRY_CONTENT = new Set(['Event', 'LandingPage', 'MarketingForm']);

const guidOf = (value: unknown): string | undefined => (typeof value === 'string' && isGuid(value) ? normalizeGuid(value) : undefined);
const named = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The guidance row of a tile, and a remark when the guidance does not name its case. */
function rowOf(tile: Activity, entry: boolean): { row: TileRowId | null; note?: string } {
  switch (tile.type) {
    case 'Segment':
      return { row: 'segment' };
    case 'Email':
      return { row: 'email' };
    case 'Scheduler':
      return { row: 'wait' };
    case 'Trigger':
      return { row: 'trigger' };
    case 'Splitter':
    case 'SplitterBranch':
      return { row: 'split' };
    case 'CreateCrmActivity':
    case 'CreateLead':
      return { row: 'create-record' };
    case 'InvokeWorkflow':
      return { row: 'workflow' };
    case 'RecordUpdate':
      return { row: 'record-update' };
    case 'LinkedInCampaign':
      return { row: 'linkedin' };
    case 'Event':
    case 'LandingPage':
    case 'MarketingForm':
    case 'Survey':
      if (entry && ENTRY_CONTENT.has(tile.type)) return { row: 'entry-content' };
      return {
        row: 'email-content',
        note:
          tile.type === 'Survey'
            ? 'The guidance names Survey only as content nested in an email; this one is a tile of its own, so the nested-content row is the nearest: review by hand.'
            : `The guidance names ${tile.type} only as an entry tile or as content nested in an email; this one is a tile further down the journey, so the nested-content row is the nearest: review by hand.`,
      };
    case 'empty':
      return { row: null, note: 'An empty branch placeholder: nothing to recreate.' };
    case 'bpf_root':
      return { row: null };
    default:
      return { row: 'unknown' };
  }
}

/** The records a tile refers to, with the names the journey gives them. */
function referencesOf(tile: Activity): { ref: RecordRef; name: string | null }[] {
  const out: { ref: RecordRef; name: string | null }[] = [];
  const header = tile.header;
  const add = (kind: AssetKind, id: unknown, name: string | null): void => {
    const guid = guidOf(id);
    if (guid !== undefined) out.push({ ref: { kind, id: guid }, name });
  };
  switch (tile.type) {
    case 'Segment':
      for (const item of tile.nested) {
        const props = item as Item & { displayName?: unknown; segmentName?: unknown };
        add('segment', item.recordId, named(props.displayName) ?? named(props.segmentName) ?? named(item.name));
      }
      return out;
    case 'Email':
      add('email', header?.recordId, named(header?.name));
      for (const item of tile.nested) add(CONTENT_KINDS[item.type] ?? 'record', item.recordId, named(item.name));
      return out;
    case 'Event':
    case 'LandingPage':
    case 'MarketingForm':
    case 'Survey':
      add(CONTENT_KINDS[tile.type]!, header?.recordId, named(header?.name));
      return out;
    case 'InvokeWorkflow':
      add('workflow', header?.recordId, named(header?.name));
      return out;
    case 'LinkedInCampaign':
      add('linkedin-campaign', header?.recordId, named(header?.name));
      return out;
    case 'CreateCrmActivity':
      add('activity-template', header?.recordId, null);
      return out;
    default:
      add('record', header?.recordId, named(header?.name));
      for (const item of tile.nested) add('record', item.recordId, named(item.name));
      return out;
  }
}

interface Draft {
  readonly report: Omit<JourneyReport, 'references'>;
  readonly refs: Map<string, { ref: RecordRef; names: Set<string>; usedBy: string[] }>;
}

const refKey = (ref: RecordRef): string => `${ref.kind}:${ref.id}`;

function draftJourney(input: ReportInput, tree: JourneyTree): Draft {
  const tiles: ReportTile[] = [];
  const refs = new Map<string, { ref: RecordRef; names: Set<string>; usedBy: string[] }>();
  const note = (ref: RecordRef, name: string | null, usedBy: string): void => {
    const key = refKey(ref);
    let entry = refs.get(key);
    if (entry === undefined) refs.set(key, (entry = { ref, names: new Set(), usedBy: [] }));
    if (name !== null) entry.names.add(name);
    if (!entry.usedBy.includes(usedBy)) entry.usedBy.push(usedBy);
  };
  const itemNames = new Map<string, string>();
  walk(tree, (tile) => {
    for (const item of [tile.header, ...tile.nested]) if (item !== undefined) itemNames.set(String(item.itemId), named(item.name) ?? item.type);
  });
  let branching: string[] = [];
  const flows: string[] = [];
  const rootId = tree.root.id;
  // The names from the root down to the tile being visited (pre-order keeps the ancestry).
  const ancestry: string[] = [];
  walk(tree, (tile, { parent, depth }) => {
    ancestry.length = depth;
    ancestry.push(tileName(tile));
    if (tile.type === 'bpf_root') return undefined;
    const entry = parent?.id === rootId;
    const path = ancestry.slice(1);
    const label = path.join(PATH_SEPARATOR);
    const { row, note: remark } = rowOf(tile, entry);
    const guide = row === null ? undefined : TILE_GUIDANCE[row];
    const found = referencesOf(tile);
    for (const { ref, name } of found) note(ref, name, label);
    const items: ReportItem[] =
      tile.type === 'Email'
        ? tile.nested.map((item) => ({
            type: item.type,
            name: named(item.name),
            id: guidOf(item.recordId) ?? null,
            row: 'email-content' as const,
            counterpart: TILE_GUIDANCE['email-content'].counterpart,
            needsFirst: TILE_GUIDANCE['email-content'].needsFirst,
          }))
        : [];
    const header = tile.header as (Item & { conditions?: readonly { sourceItemId: string; condition: string }[] }) | undefined;
    const conditions =
      tile.type === 'Trigger' && Array.isArray(header?.conditions)
        ? header.conditions.map((c) => `${c.condition} on ${itemNames.get(c.sourceItemId) ?? `item ${c.sourceItemId}`}`)
        : undefined;
    tiles.push({
      path,
      activityId: tile.id,
      type: tile.type,
      name: named(tile.header?.name),
      entry,
      row,
      counterpart: guide?.counterpart ?? null,
      needsFirst: guide?.needsFirst ?? null,
      ...(remark === undefined ? {} : { note: remark }),
      references: found.map((f) => f.ref),
      items,
      ...(conditions === undefined ? {} : { conditions }),
    });
    if (tile.type === 'InvokeWorkflow') flows.push(`a workflow launched at ${label}`);
    else if (!KNOWN.has(tile.type)) flows.push(`a ${tile.type} tile (a type the format does not document) at ${label}`);
    if (tile.type === 'Trigger') branching.push(`an if/then at ${label}`);
    else if (tile.type === 'Splitter') branching.push(`a split at ${label}`);
    else if (tile.children.length > 1) branching.push(`parallel branches after ${label}`);
    return undefined;
  });
  const lanes = tree.root.children;
  if (lanes.length > 1) branching = [`${lanes.length} entry lanes`, ...branching];
  const settings = tree.settings;
  if (settings.suppressionSegmentId !== undefined && guidOf(settings.suppressionSegmentId) !== undefined) {
    note({ kind: 'segment', id: guidOf(settings.suppressionSegmentId)! }, null, 'setting: suppression segment');
  }
  if (settings.contentSettingsId !== undefined && guidOf(settings.contentSettingsId) !== undefined) {
    note({ kind: 'content-settings', id: guidOf(settings.contentSettingsId)! }, null, 'setting: content settings');
  }
  if (settings.linkedInCampaignId !== undefined && guidOf(settings.linkedInCampaignId) !== undefined) {
    note({ kind: 'linkedin-campaign', id: guidOf(settings.linkedInCampaignId)! }, null, 'setting: LinkedIn campaign');
  }

  const effort: EffortClass = flows.length > 0 ? 'needs flows' : branching.length > 0 ? 'branching' : 'simple';
  const reasons = effort === 'needs flows' ? flows : effort === 'branching' ? branching : [];
  const shown = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '');
  const effortReason = effort === 'simple' ? 'one line of tiles, no branches, no workflows' : shown;

  const differences: ReportDifference[] = [];
  const difference = (id: DifferenceId, applies: 'yes' | 'unknown', detail: string): void => {
    const d = DIFFERENCES[id];
    differences.push({ id, title: d.title, statement: d.statement, source: d.source, applies, detail });
  };
  if (settings.end !== undefined) {
    difference('end-date', 'yes', `the journey ends ${settings.end}; an outbound journey stops at its end date (${SOURCES['outbound-go-live'].title})`);
  }
  difference('smart-scheduling', 'unknown', 'the archive does not record whether the journey used smart scheduling: check by hand');
  const linkedInTiles = tiles.filter((t) => t.type === 'LinkedInCampaign').map((t) => t.path.join(PATH_SEPARATOR));
  if (linkedInTiles.length > 0) difference('linkedin', 'yes', `LinkedIn campaign tiles: ${linkedInTiles.join(', ')}`);
  else if (settings.type === 'LinkedIn' || settings.linkedInCampaignId !== undefined) {
    difference('linkedin', 'yes', settings.type === 'LinkedIn' ? 'the journey is of type LinkedIn' : 'the journey is tied to a LinkedIn campaign');
  }
  if (lanes.length > 1) {
    difference('swimlanes', 'yes', `${lanes.length} entry lanes: ${lanes.map((l) => named(l.header?.name) ?? l.type).join(', ')}`);
  }

  return {
    report: {
      id: input.id,
      name: input.name,
      readable: true,
      status: input.status,
      source: input.source,
      effort,
      effortReason,
      tiles,
      differences,
    },
    refs,
  };
}

const journeyKey = (j: JourneyRef & { readonly source: string }): string => j.id ?? `source:${j.source}`;

/**
 * Builds the migration report of a set of journeys: per journey its tiles in order with their
 * real-time counterparts and what must exist first, the records it refers to (and whether other
 * journeys refer to them too), the documented differences that apply and a rough effort class;
 * across journeys, which records are needed by how many journeys, most needed first. Journeys are
 * ordered by name, then id. The report states that it is guidance and lists its sources.
 *
 * @example
 * ```ts
 * import { buildMigrationReport, renderMigrationReport } from '@customer-journey/cli';
 *
 * const report = buildMigrationReport([{ id: null, name: welcome.settings.name, status: null, source: 'welcome.journey.ts', tree: welcome }]);
 * console.log(renderMigrationReport(report, 'md'));
 * ```
 */
export function buildMigrationReport(inputs: readonly ReportInput[]): MigrationReport {
  const ordered = [...inputs].sort((a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x !== y ? compare(x, y) : compare(a.id ?? a.source, b.id ?? b.source);
  });
  const drafts: (Draft | UnreadableJourneyReport)[] = ordered.map((input) =>
    input.tree === undefined
      ? { id: input.id, name: input.name, readable: false, status: input.status, source: input.source, reason: input.reason ?? 'the codec could not read the record' }
      : draftJourney(input, input.tree),
  );
  // Who refers to what, across journeys.
  const users = new Map<string, { ref: RecordRef; names: Set<string>; journeys: Map<string, JourneyRef> }>();
  for (const d of drafts) {
    if (!('refs' in d)) continue;
    for (const [key, { ref, names }] of d.refs) {
      let entry = users.get(key);
      if (entry === undefined) users.set(key, (entry = { ref, names: new Set(), journeys: new Map() }));
      for (const n of names) entry.names.add(n);
      entry.journeys.set(journeyKey(d.report), { id: d.report.id, name: d.report.name });
    }
  }
  const journeys = drafts.map((d): JourneyReport | UnreadableJourneyReport => {
    if (!('refs' in d)) return d;
    const self = journeyKey(d.report);
    const references = [...d.refs.values()]
      .sort((a, b) => KIND_ORDER.indexOf(a.ref.kind) - KIND_ORDER.indexOf(b.ref.kind) || compare(a.ref.id, b.ref.id))
      .map(({ ref, names, usedBy }) => ({
        ...ref,
        names: [...names].sort(compare),
        usedBy,
        otherJourneys: [...(users.get(refKey(ref))?.journeys ?? new Map<string, JourneyRef>())].filter(([k]) => k !== self).map(([, j]) => j),
      }));
    return { ...d.report, references };
  });
  const readable = journeys.filter((j): j is JourneyReport => j.readable);
  const assets: AssetNeed[] = [...users.values()]
    .map(({ ref, names, journeys: js }) => {
      const guide = ASSET_GUIDANCE[ref.kind];
      return {
        ...ref,
        label: guide.label,
        names: [...names].sort(compare),
        journeys: [...js.values()],
        needsFirst: guide.needsFirst,
        ...(guide.note === undefined ? {} : { note: guide.note }),
        source: guide.source,
      };
    })
    .sort((a, b) => b.journeys.length - a.journeys.length || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compare(a.id, b.id));
  const effort: Record<EffortClass, number> = { simple: 0, branching: 0, 'needs flows': 0 };
  for (const j of readable) effort[j.effort] += 1;
  const usedSources = new Set<SourceId>(['tile-guidance', 'transition-faq', 'create-journey-from-template', 'real-time-journeys']);
  for (const j of readable) for (const d of j.differences) usedSources.add(d.source);
  for (const j of readable) if (j.differences.some((d) => d.id === 'end-date')) usedSources.add('outbound-go-live');
  return {
    format: REPORT_FORMAT,
    guidance: GUIDANCE_NOTE,
    effortRule: EFFORT_RULE,
    summary: {
      journeys: journeys.length,
      readable: readable.length,
      unreadable: journeys.length - readable.length,
      tiles: readable.reduce((n, j) => n + j.tiles.length, 0),
      effort,
      assets,
      differences: (Object.keys(DIFFERENCES) as DifferenceId[]).map((id) => ({
        id,
        title: DIFFERENCES[id].title,
        journeys: readable.filter((j) => j.differences.some((d) => d.id === id && d.applies === 'yes')).length,
      })),
    },
    journeys,
    sources: (Object.keys(SOURCES) as SourceId[]).filter((id) => usedSources.has(id)).map((id) => ({ id, ...SOURCES[id] })),
  };
}
