/**
 * `@customer-journey/cli`: the `journey` command line (build, validate, render, push, pull, diff,
 * emulator) and the pieces it is made of, for scripts that want them without a shell.
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
  assertUniqueNames,
  isJourneyTree,
  DEFAULT_LOAD_TIMEOUT_MS,
  JourneyLoadError,
  JourneyFilesError,
  DuplicateJourneyNamesError,
  type LoadedJourney,
  type LoadOptions,
} from './load.js';
