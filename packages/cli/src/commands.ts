/**
 * The commands of `journey`. Each handler returns its exit code; failures that end a command
 * early (usage, unreadable journey file, connection) are thrown and mapped to exit code 2 by
 * {@link run}.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  asWritten,
  canonicalSettings,
  checkJourney,
  LifecycleError,
  normalizeJourneyId,
  serializeWorkflowDefinition,
  toCanonicalJson,
  toEntity,
  versionName,
  type PushManyEntry,
} from '@customer-journey/client';
import {
  countTiles,
  formatValidationResult,
  generateCode,
  reconcileIds,
  renderMermaid,
  renderSvg,
  type JourneySettings,
  type JourneyTree,
  type ValidationResult,
} from '@customer-journey/dsl';
import { connect, DEFAULT_DATA_FILE, type Connection, type JourneyClient, type OrgOptions } from './connect.js';
import { ExitCode, UsageError, type Context } from './context.js';
import { lifecycleOptions, type LifecycleFlags } from './commands/plan.js';
import { diffJourneys, formatDiff } from './diff.js';
import { expandJourneyFiles, journeyLabel, loadJourneyFiles, type LoadedJourney } from './load.js';
import { assertDistinctRecords } from './records.js';
import { tilePaths } from './paths.js';

/**
 * Loads every file (all of them, through one loader, before anything else happens). Every file
 * that cannot be used is reported (`JourneyFilesError`), and the command ends with exit code 2.
 */
export async function loadAll(ctx: Context, files: readonly string[], exportName?: string): Promise<LoadedJourney[]> {
  const loaded = await loadJourneyFiles(files, { cwd: ctx.cwd, timeoutMs: ctx.loadTimeoutMs });
  if (exportName === undefined) return loaded;
  const all: LoadedJourney[] = [];
  for (const file of new Set(files)) {
    const journeys = loaded.filter((j) => j.file === file);
    const chosen = journeys.find((j) => j.exportName === exportName);
    if (chosen === undefined) {
      throw new UsageError(`${file}: no journey exported as "${exportName}" (exports: ${journeys.map((j) => j.exportName).join(', ')})`);
    }
    all.push(chosen);
  }
  return all;
}

/**
 * The one journey a file exports (its export `exportName`, when given), loaded as {@link loadAll}
 * loads. A file that exports several is a usage error whose message ends `choose one <choose>`.
 */
export async function loadOne(ctx: Context, file: string, exportName: string | undefined, choose: string): Promise<LoadedJourney> {
  const journeys = await loadAll(ctx, [file], exportName);
  const [only] = journeys;
  if (journeys.length > 1 || only === undefined) {
    throw new UsageError(`${file} exports ${journeys.length} journeys (${journeys.map((j) => j.exportName).join(', ')}); choose one ${choose}`);
  }
  return only;
}

/** A journey named on the command line as `file` or `file#export`. */
export function fileAndExport(spec: string): { readonly file: string; readonly exportName: string | undefined } {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? { file: spec.slice(0, hash), exportName: spec.slice(hash + 1) } : { file: spec, exportName: undefined };
}

/** Runs `body` with a connection to the org the options name, closed afterwards. */
export async function withConnection<T>(ctx: Context, options: OrgOptions, body: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await connect(ctx, options);
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

/** Writes `--out`: the folders it needs, and the text ending with a newline. */
export async function writeOut(ctx: Context, file: string, text: string): Promise<string> {
  const path = resolve(ctx.cwd, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text.endsWith('\n') ? text : `${text}\n`, 'utf8');
  return path;
}

/**
 * Settings in the form the org stores them (dates to the minute in UTC, GUIDs in lower case,
 * `isRecurring` explicit), so that a diff shows only real changes.
 */
function comparable(tree: JourneyTree): JourneyTree {
  return { ...tree, settings: canonicalSettings(tree.settings) as unknown as JourneySettings };
}

/** A journey id as the user typed it, checked before anything is sent. */
export function journeyId(id: string, where: string): string {
  try {
    return normalizeJourneyId(id);
  } catch {
    throw new UsageError(`${where}: "${id}" is not a journey id (a GUID such as 6628bbf7-c52a-e911-a9b7-000d3a1e6adc)`);
  }
}

/** The message of any failure. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------- build

/** Options of `journey build`. */
export interface BuildOptions {
  readonly definition?: boolean;
  readonly canonical?: boolean;
  readonly export?: string;
  readonly json?: boolean;
}

/** `journey build <file>`: the entity payload, the workflow definition or the canonical JSON. */
export async function buildCommand(ctx: Context, file: string, options: BuildOptions): Promise<number> {
  if (options.definition === true && options.canonical === true) {
    throw new UsageError('choose one of --definition and --canonical');
  }
  const journeys = await loadAll(ctx, [file], options.export);
  const kind = options.definition === true ? 'definition' : options.canonical === true ? 'canonical' : 'entity';
  const produce = (tree: JourneyTree): unknown =>
    kind === 'definition'
      ? JSON.parse(serializeWorkflowDefinition(tree))
      : kind === 'canonical'
        ? toCanonicalJson(tree)
        : toEntity(tree);
  const outputs = journeys.map((j) => ({ journey: j, value: produce(j.tree) }));
  if (options.json === true) {
    ctx.json({
      journeys: outputs.map(({ journey: j, value }) => ({
        file: j.file,
        export: j.exportName,
        name: j.tree.settings.name,
        // The canonical text is JSON itself: embedded as a value, its key order is kept.
        [kind]: kind === 'canonical' ? JSON.parse(value as string) : value,
      })),
    });
    return ExitCode.ok;
  }
  outputs.forEach(({ journey: j, value }, i) => {
    if (outputs.length > 1) ctx.out(`${i === 0 ? '' : '\n'}// ${journeyLabel(j)}: ${JSON.stringify(j.tree.settings.name)}`);
    ctx.out(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  });
  return ExitCode.ok;
}

// ------------------------------------------------------------------------------------- validate

/** Options of `journey validate`. */
export interface ValidateOptions extends OrgOptions {
  readonly json?: boolean;
}

/** `journey validate <file-or-folder...>`: local Check for Errors, or the org's with `--org`. */
export async function validateCommand(ctx: Context, inputs: readonly string[], options: ValidateOptions): Promise<number> {
  const journeys = await loadAll(ctx, await expandJourneyFiles(inputs, ctx.cwd));
  let results: ValidationResult[];
  if (options.org === undefined) {
    results = journeys.map((j) => checkJourney(j.tree));
  } else {
    results = await withConnection(ctx, options, async ({ client }) => {
      const out: ValidationResult[] = [];
      for (const j of journeys) out.push(await client.validate(j.tree));
      return out;
    });
  }
  const failed = results.some((r) => r.Result === 'Error' || r.ActivityValidationResults.some((f) => f.Result === 'Error'));
  if (options.json === true) {
    ctx.json({
      ok: !failed,
      source: options.org === undefined ? 'local' : 'org',
      journeys: journeys.map((j, i) => {
        const result = results[i] as ValidationResult;
        const pathOf = tilePaths(j.tree);
        return {
          file: j.file,
          export: j.exportName,
          name: j.tree.settings.name,
          result: result.Result,
          findings: result.ActivityValidationResults.map((f) => ({
            result: f.Result,
            fault: f.Fault,
            activityId: f.ActivityId,
            path: f.ActivityId === '' ? null : pathOf(f.ActivityId),
            arguments: f.ErrorMessageArguments,
          })),
        };
      }),
    });
    return failed ? ExitCode.failed : ExitCode.ok;
  }
  journeys.forEach((j, i) => {
    ctx.out(`${journeyLabel(j)}: ${formatValidationResult(j.tree, results[i] as ValidationResult)}`);
  });
  if (journeys.length > 1) {
    const withErrors = results.filter((r) => r.Result === 'Error').length;
    ctx.out(`${journeys.length} journeys checked, ${withErrors} with errors`);
  }
  return failed ? ExitCode.failed : ExitCode.ok;
}

// --------------------------------------------------------------------------------------- render

/** Options of `journey render`. */
export interface RenderOptions {
  readonly format: 'mermaid' | 'svg';
  readonly out?: string;
  readonly export?: string;
  readonly json?: boolean;
}

/** `journey render <file>`: a Mermaid flowchart or an SVG picture, printed or written to `--out`. */
export async function renderCommand(ctx: Context, file: string, options: RenderOptions): Promise<number> {
  const journeys = await loadAll(ctx, [file], options.export);
  if (options.out !== undefined && journeys.length > 1) {
    throw new UsageError(
      `${file} exports ${journeys.length} journeys (${journeys.map((j) => j.exportName).join(', ')}); choose one with --export to write --out`,
    );
  }
  const rendered = journeys.map((j) => ({
    journey: j,
    content: options.format === 'svg' ? renderSvg(j.tree) : renderMermaid(j.tree),
  }));
  let written: string | undefined;
  if (options.out !== undefined && rendered[0] !== undefined) {
    await writeOut(ctx, options.out, rendered[0].content);
    written = options.out;
  }
  if (options.json === true) {
    ctx.json({
      format: options.format,
      journeys: rendered.map(({ journey: j, content }) => ({
        file: j.file,
        export: j.exportName,
        name: j.tree.settings.name,
        ...(written === undefined ? { content } : { out: written }),
      })),
    });
    return ExitCode.ok;
  }
  if (written !== undefined) {
    ctx.out(`wrote ${written} (${options.format}, ${JSON.stringify(journeys[0]?.tree.settings.name)})`);
    return ExitCode.ok;
  }
  rendered.forEach(({ journey: j, content }, i) => {
    if (rendered.length > 1) {
      const comment = options.format === 'svg' ? `<!-- ${journeyLabel(j)} -->` : `%% ${journeyLabel(j)}`;
      ctx.out(`${i === 0 ? '' : '\n'}${comment}`);
    }
    ctx.out(content.replace(/\n$/, ''));
  });
  return ExitCode.ok;
}

// ----------------------------------------------------------------------------------------- push

/** Options of `journey push` (`--dry-run` runs `journey plan` instead). */
export interface PushOptions extends OrgOptions, LifecycleFlags {
  readonly dryRun?: boolean;
  readonly concurrency: number;
  readonly json?: boolean;
}

/** What `journey push` did with one journey (`renamed` is an update that changed the name). */
type PushAction = 'created' | 'updated' | 'renamed' | 'unchanged' | 'new-version' | 'refused' | 'failed';

interface PushOutcome {
  readonly journey: LoadedJourney;
  readonly id?: string;
  readonly action: PushAction;
  readonly name: string;
  readonly previousId?: string;
  readonly renamedFrom?: string;
  readonly status?: string;
  readonly error?: string;
}

function outcomeOf(ctx: Context, journey: LoadedJourney, entry: PushManyEntry): PushOutcome {
  if (!entry.ok) {
    const refused = entry.error instanceof LifecycleError;
    return {
      journey,
      name: entry.name,
      action: refused ? 'refused' : 'failed',
      ...(entry.id === undefined ? {} : { id: entry.id }),
      ...(refused && (entry.error as LifecycleError).status !== undefined ? { status: (entry.error as LifecycleError).status as string } : {}),
      error: ctx.redact(messageOf(entry.error)),
    };
  }
  const action: PushAction = entry.action === 'updated' && entry.renamedFrom !== undefined ? 'renamed' : entry.action;
  const name = entry.version === undefined ? journey.tree.settings.name : versionName(journey.tree.settings.name, entry.version);
  return {
    journey,
    id: entry.id,
    action,
    name,
    ...(entry.previousId === undefined ? {} : { previousId: entry.previousId }),
    ...(entry.renamedFrom === undefined ? {} : { renamedFrom: entry.renamedFrom }),
    ...(entry.status === undefined ? {} : { status: entry.status }),
  };
}

/** A progress line on stderr (redrawn in place on a terminal). */
export function progress(ctx: Context, done: number, total: number, label: string): void {
  if (ctx.stderr.isTTY === true) ctx.stderr.write(`\r\x1b[K[${done}/${total}] ${label}${done === total ? '\n' : ''}`);
  else ctx.err(`[${done}/${total}] ${label}`);
}

/**
 * `journey push <file-or-folder...>`: pushes every journey as its plan says. A Live journey
 * changes only with `--live-edit`, a change its status locks for good only with `--new-version`;
 * anything else the status refuses is listed as `refused` with the reason and the way out, and
 * nothing is written for it. Without `--org`, says that it wrote to the local emulator and where
 * that keeps its records.
 */
export async function pushCommand(ctx: Context, inputs: readonly string[], options: PushOptions): Promise<number> {
  const files = await expandJourneyFiles(inputs, ctx.cwd);
  const journeys = await loadAll(ctx, files);
  assertDistinctRecords(journeys);
  const bulk = journeys.length > 1 && options.json !== true;
  let target: { dataFile?: string } = {};
  const outcomes = await withConnection(ctx, options, async (connection): Promise<PushOutcome[]> => {
    if (connection.embedded && connection.dataFile !== undefined) target = { dataFile: connection.dataFile };
    const entries = await connection.client.pushMany(
      journeys.map((j) => j.tree),
      {
        ...lifecycleOptions(options),
        concurrency: options.concurrency,
        wait: { pollIntervalMs: 250 },
        onProgress: ({ done, total, entry }) => {
          const j = journeys[entry.index];
          if (bulk && j !== undefined) progress(ctx, done, total, `${entry.ok ? entry.action : 'failed'} ${journeyLabel(j)}`);
        },
      },
    );
    return entries.map((entry, i) => outcomeOf(ctx, journeys[entry.index] ?? (journeys[i] as LoadedJourney), entry));
  });
  const count = (...actions: PushAction[]): number => outcomes.filter((o) => actions.includes(o.action)).length;
  const summary = {
    created: count('created'),
    updated: count('updated', 'renamed'),
    unchanged: count('unchanged'),
    ...(count('new-version') > 0 ? { newVersions: count('new-version') } : {}),
    ...(count('refused') > 0 ? { refused: count('refused') } : {}),
    failed: count('failed'),
  };
  if (options.json === true) {
    ctx.json({
      dryRun: false,
      journeys: outcomes.map((o) => ({
        file: o.journey.file,
        export: o.journey.exportName,
        name: o.name,
        id: o.id ?? null,
        action: o.action,
        ...(o.previousId === undefined ? {} : { previousId: o.previousId }),
        ...(o.renamedFrom === undefined ? {} : { renamedFrom: o.renamedFrom }),
        ...(o.status === undefined ? {} : { status: o.status }),
        ...(o.error === undefined ? {} : { error: o.error }),
      })),
      summary,
      ...(target.dataFile === undefined ? {} : { emulator: { dataFile: target.dataFile } }),
    });
  } else {
    for (const o of outcomes) {
      const name = JSON.stringify(o.name);
      const where = `(${journeyLabel(o.journey)})`;
      if (o.error !== undefined) {
        ctx.out(`${o.action.padEnd(10)} ${name} ${where}: ${o.error}`);
        continue;
      }
      let tail = '';
      if (o.renamedFrom !== undefined) tail = ` (was ${JSON.stringify(o.renamedFrom)})`;
      if (o.previousId !== undefined) tail = ` (after ${o.previousId})`;
      if (o.status !== undefined) tail += ` (live edit, ${o.status} again)`;
      ctx.out(`${o.action.padEnd(10)} ${name} ${where} ${o.id ?? ''}${tail}`.trimEnd());
    }
    const parts = [`${summary.created} created`, `${summary.updated} updated`, `${summary.unchanged} unchanged`];
    if (summary.newVersions !== undefined) parts.push(`${summary.newVersions} new version${summary.newVersions === 1 ? '' : 's'}`);
    if (summary.refused !== undefined) parts.push(`${summary.refused} refused`);
    if (summary.failed > 0) parts.push(`${summary.failed} failed`);
    ctx.out(`${journeys.length} journey${journeys.length === 1 ? '' : 's'}: ${parts.join(', ')}`);
    if (target.dataFile !== undefined) {
      ctx.out(`Wrote to the local emulator, which keeps its records in ${target.dataFile}; use --org <url> to push to an org.`);
    }
  }
  const problems = outcomes.filter((o) => o.error !== undefined);
  if (problems.length > 0) {
    // The reasons are in the output already (each problem's line, or its "error" field): not repeated here.
    const where = options.json === true ? 'see "error" in the output' : `see the ${problems.length === 1 ? 'line' : 'lines'} above`;
    ctx.err(`journey: ${problems.length} of ${journeys.length} journey${journeys.length === 1 ? '' : 's'} could not be pushed (${where})`);
    return ExitCode.error;
  }
  return ExitCode.ok;
}

// ----------------------------------------------------------------------------------------- pull

/** Options of `journey pull`. */
export interface PullOptions extends OrgOptions {
  readonly out?: string;
  readonly json?: boolean;
}

/** `journey pull <id>`: the org's journey as TypeScript that rebuilds it. */
export async function pullCommand(ctx: Context, id: string, options: PullOptions): Promise<number> {
  const journey = journeyId(id, 'pull');
  const record = await withConnection(ctx, options, ({ client }) => client.get(journey));
  // A record without a name still gives code that builds, named after its id.
  const code = generateCode(record.journey, { name: `Journey ${record.id}` });
  if (options.out !== undefined) await writeOut(ctx, options.out, code);
  if (options.json === true) {
    ctx.json({
      id: record.id,
      name: record.journey.settings.name,
      status: record.status,
      out: options.out ?? null,
      code,
    });
  } else if (options.out !== undefined) {
    ctx.out(`wrote ${options.out} (${JSON.stringify(record.journey.settings.name)}, ${countTiles(record.journey)} tiles)`);
  } else {
    ctx.out(code.replace(/\n$/, ''));
  }
  return ExitCode.ok;
}

// ----------------------------------------------------------------------------------------- diff

/** Options of `journey diff`. */
export interface DiffOptions extends OrgOptions {
  readonly json?: boolean;
}

const ORG_PREFIX = 'org:';

/** Loads one side of a diff: `org:<id>`, a file, or `file#export`. */
async function diffSide(ctx: Context, spec: string, org: () => Promise<JourneyClient>): Promise<{ label: string; tree: JourneyTree }> {
  if (spec.startsWith(ORG_PREFIX)) {
    const id = journeyId(spec.slice(ORG_PREFIX.length), spec);
    const record = await (await org()).get(id);
    return { label: spec, tree: record.journey };
  }
  const { file, exportName } = fileAndExport(spec);
  const only = await loadOne(ctx, file, exportName, `as ${file}#<export>`);
  return { label: journeyLabel(only), tree: only.tree };
}

/** `org` or `org:` alone: the org's record of the journey on the other side. */
const isOrgOfOther = (spec: string): boolean => spec === 'org' || spec === ORG_PREFIX;

/**
 * `journey diff <a> <b>`: tile-level differences; exit 1 when the journeys differ. `org` on one
 * side means the org's record of the journey file on the other side (found as `push` finds it).
 * A journey file compared with the org's record is first given the record's tile ids
 * (`reconcileIds`), as `plan` and `push` would, so tiles are compared with the tiles they are.
 */
export async function diffCommand(ctx: Context, a: string, b: string, options: DiffOptions): Promise<number> {
  if (isOrgOfOther(a) && isOrgOfOther(b)) throw new UsageError('diff: "org" stands for the org\'s record of the journey file on the other side; give a journey file there');
  let connection: Connection | undefined;
  const org = async (): Promise<JourneyClient> => {
    connection ??= await connect(ctx, options);
    return connection.client;
  };
  /** The org's record of a file's journey; a version is compared with the file under the version's name, as `plan` does. */
  const recordOfFile = async (other: { label: string; tree: JourneyTree }): Promise<{ label: string; tree: JourneyTree }> => {
    const client = await org();
    const plan = await client.plan(other.tree);
    if (plan.action === 'create') throw new UsageError(`diff: ${other.label} is not on the org (no record ${plan.id}); push it first`);
    if (plan.version !== undefined) {
      other.tree = { ...other.tree, settings: { ...other.tree.settings, name: versionName(other.tree.settings.name, plan.version) } };
    }
    return { label: `${ORG_PREFIX}${plan.id}`, tree: (await client.get(plan.id)).journey };
  };
  let left: { label: string; tree: JourneyTree };
  let right: { label: string; tree: JourneyTree };
  try {
    if (isOrgOfOther(a)) {
      right = await diffSide(ctx, b, org);
      left = await recordOfFile(right);
    } else {
      left = await diffSide(ctx, a, org);
      right = isOrgOfOther(b) ? await recordOfFile(left) : await diffSide(ctx, b, org);
    }
  } finally {
    await (connection as Connection | undefined)?.close();
  }
  // A journey read from the org carries settings the org filled in; compare only what the file states.
  const leftOrg = left.label.startsWith(ORG_PREFIX);
  const rightOrg = right.label.startsWith(ORG_PREFIX);
  const leftTree = leftOrg && !rightOrg ? asWritten(left.tree, right.tree) : rightOrg && !leftOrg ? reconcileIds(left.tree, right.tree) : left.tree;
  const rightTree = rightOrg && !leftOrg ? asWritten(right.tree, left.tree) : leftOrg && !rightOrg ? reconcileIds(right.tree, left.tree) : right.tree;
  const diff = diffJourneys(comparable(leftTree), comparable(rightTree));
  if (options.json === true) {
    ctx.json({ a: left.label, b: right.label, ...diff });
  } else {
    ctx.out(`--- ${left.label}\n+++ ${right.label}`);
    ctx.out(formatDiff(diff));
  }
  return diff.equal ? ExitCode.ok : ExitCode.failed;
}

// ------------------------------------------------------------------------------------- emulator

/** Options of `journey emulator`. */
export interface EmulatorOptions {
  readonly port: number;
  readonly data?: string;
  readonly json?: boolean;
}

/** `journey emulator`: runs the emulator in the foreground until SIGINT / SIGTERM. */
export async function emulatorCommand(ctx: Context, options: EmulatorOptions): Promise<number> {
  // The emulator makes the data file's folder, and names the path when it cannot be used.
  const dataFile = resolve(ctx.cwd, options.data ?? DEFAULT_DATA_FILE);
  const { startEmulator } = await import('@customer-journey/emulator');
  const emulator = await startEmulator({ port: options.port, dataFile });
  // Listen for the stop signals before telling anyone where the emulator is.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((done) => {
    stop = done;
  });
  for (const signal of signals) process.on(signal, stop);
  if (ctx.signal?.aborted === true) stop();
  else ctx.signal?.addEventListener('abort', stop, { once: true });
  if (options.json === true) ctx.stdout.write(`${JSON.stringify({ url: emulator.url, dataFile })}\n`);
  else {
    ctx.out(`Emulator running at ${emulator.url}`);
    ctx.out(`Records are kept in ${dataFile}. Set JOURNEY_ORG_URL=${emulator.url} to use it; press Ctrl+C to stop.`);
  }
  await stopped;
  try {
    await emulator.close();
  } finally {
    for (const signal of signals) process.off(signal, stop);
    ctx.signal?.removeEventListener('abort', stop);
  }
  if (options.json !== true) ctx.out('Emulator stopped.');
  return ExitCode.ok;
}
