/**
 * `@customer-journey/cli`: the `journey` command line (build, validate, render, simulate, plan, push,
 * pull, list, go-live, stop, diff, archive, restore, migrate-report, emulator) and the pieces it is
 * made of, for scripts that want them without a shell.
 *
 * @example
 * ```ts
 * import { run, loadJourneys, diffJourneys, formatDiff } from '@customer-journey/cli';
 *
 * const [before] = await loadJourneys('journeys/welcome.v1.journey.ts');
 * const [after] = await loadJourneys('journeys/welcome.journey.ts');
 * if (before && after) console.log(formatDiff(diffJourneys(before.tree, after.tree)));
 *
 * process.exitCode = await run(['validate', 'journeys/welcome.journey.ts']);
 * ```
 *
 * @packageDocumentation
 */
export { run } from './run.js';
export { ExitCode, UsageError, type RunIo, type TextSink } from './context.js';
export {
  diffJourneys,
  formatDiff,
  type JourneyDiff,
  type PropertyChange,
  type Placement,
  type TileRef,
  type TileChange,
  type TileAdded,
  type TileRemoved,
  type TileMoved,
  type TileChanged,
} from './diff.js';
export {
  loadJourneys,
  loadJourneyFiles,
  expandJourneyFiles,
  isJourneyTree,
  DEFAULT_LOAD_TIMEOUT_MS,
  JourneyLoadError,
  JourneyFilesError,
  type LoadedJourney,
  type LoadOptions,
} from './load.js';
export { assertDistinctRecords, DuplicateRecordsError, recordOf } from './records.js';
export { archiveJourneys, publicOrgUrl, type ArchiveOptions, type ArchiveProgress, type ArchiveResult } from './archive/archive.js';
export { ArchiveError, openArchive, type ArchiveManifest, type ArchivedJourney, type ArchivedFiles } from './archive/manifest.js';
export { assignSlugs, slugify, type SlugSubject } from './archive/slug.js';
export { restoreArchive, type RestoreAction, type RestoreOptions, type RestoreResult, type RestoredRecord } from './archive/restore.js';
export {
  differingColumns,
  restoredStatus,
  writableColumns,
  type UnrestorableColumn,
  type WritableRecord,
} from './archive/restore-map.js';
export {
  ASSET_GUIDANCE,
  DIFFERENCES,
  EFFORT_RULE,
  GUIDANCE_NOTE,
  SOURCES,
  TILE_GUIDANCE,
  type AssetGuide,
  type AssetKind,
  type Difference,
  type DifferenceId,
  type EffortClass,
  type SourceId,
  type TileRow,
  type TileRowId,
} from './archive/report-guidance.js';
export {
  buildMigrationReport,
  REPORT_FORMAT,
  type AssetNeed,
  type JourneyRef,
  type JourneyReport,
  type MigrationReport,
  type RecordRef,
  type ReportDifference,
  type ReportInput,
  type ReportItem,
  type ReportReference,
  type ReportTile,
  type UnreadableJourneyReport,
} from './archive/report-model.js';
export { formatReportSummary, renderMigrationReport, type ReportFormat } from './archive/report-render.js';
export { MIGRATION_REPORT_SCHEMA } from './archive/report-schema.js';
export { reportInputs } from './archive/report-input.js';
