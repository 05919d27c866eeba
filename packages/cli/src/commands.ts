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
  journeyIdFromName,
  normalizeJourneyId,
  NotFoundError,
  sameJourney,
  serializeWorkflowDefinition,
  toCanonicalJson,
  toEntity,
} from '@customer-journey/client';
import {
  countTiles,
  formatValidationResult,
  generateCode,
  renderMermaid,
  renderSvg,
  type JourneySettings,
  type JourneyTree,
  type ValidationResult,
} from '@customer-journey/dsl';
import { connect, DEFAULT_DATA_FILE, type Connection, type JourneyClient, type OrgOptions } from './connect.js';
import { ExitCode, UsageError, type Context } from './context.js';
import { diffJourneys, formatDiff, type JourneyDiff } from './diff.js';
import { assertUniqueNames, expandJourneyFiles, loadJourneyFiles, type LoadedJourney } from './load.js';
import { tilePaths } from './paths.js';

/** How a journey is named in output: `file` for a default export, else `file#export`. */
export function journeyLabel(j: LoadedJourney): string {
  return j.exportName === 'default' ? j.file : `${j.file}#${j.exportName}`;
}

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

async function withConnection<T>(ctx: Context, options: OrgOptions, body: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await connect(ctx, options);
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

async function writeOut(ctx: Context, file: string, text: string): Promise<string> {
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
function journeyId(id: string, where: string): string {
  try {
    return normalizeJourneyId(id);
  } catch {
    throw new UsageError(`${where}: "${id}" is not a journey id (a GUID such as 6628bbf7-c52a-e911-a9b7-000d3a1e6adc)`);
  }
}

function messageOf(error: unknown): string {
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

/** Options of `journey push`. */
export interface PushOptions extends OrgOptions {
  readonly dryRun?: boolean;
  readonly concurrency: number;
  readonly json?: boolean;
}

type PushAction = 'created' | 'updated' | 'unchanged';
type PlanAction = 'create' | 'update' | 'unchanged';

interface PushOutcome {
  readonly journey: LoadedJourney;
  readonly id?: string;
  readonly action?: PushAction | PlanAction;
  readonly diff?: JourneyDiff;
  readonly error?: string;
}

/** Reads the org's record of a journey where `push` would write it (the id derived from its name). */
async function findExisting(client: JourneyClient, tree: JourneyTree): Promise<{ id: string; journey: JourneyTree } | undefined> {
  try {
    const record = await client.get(journeyIdFromName(tree.settings.name));
    return { id: record.id, journey: record.journey };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function progress(ctx: Context, done: number, total: number, label: string): void {
  if (ctx.stderr.isTTY === true) ctx.stderr.write(`\r\x1b[K[${done}/${total}] ${label}${done === total ? '\n' : ''}`);
  else ctx.err(`[${done}/${total}] ${label}`);
}

/** `journey push <file-or-folder...>`: pushes every journey (idempotent), or plans with `--dry-run`. */
export async function pushCommand(ctx: Context, inputs: readonly string[], options: PushOptions): Promise<number> {
  const files = await expandJourneyFiles(inputs, ctx.cwd);
  const journeys = await loadAll(ctx, files);
  assertUniqueNames(journeys);
  const bulk = journeys.length > 1 && options.json !== true;
  const dryRun = options.dryRun === true;
  const outcomes = await withConnection(ctx, options, async ({ client }): Promise<PushOutcome[]> => {
    if (!dryRun) {
      const entries = await client.pushMany(
        journeys.map((j) => j.tree),
        {
          concurrency: options.concurrency,
          onProgress: ({ done, total, entry }) => {
            const j = journeys[entry.index];
            if (bulk && j !== undefined) progress(ctx, done, total, `${entry.ok ? entry.action : 'failed'} ${journeyLabel(j)}`);
          },
        },
      );
      return entries.map((entry, i) => {
        const journey = journeys[entry.index] ?? (journeys[i] as LoadedJourney);
        return entry.ok
          ? { journey, id: entry.id, action: entry.action }
          : { journey, ...(entry.id === undefined ? {} : { id: entry.id }), error: ctx.redact(messageOf(entry.error)) };
      });
    }
    // The plan reads one record per journey, a few at a time.
    const plans: PushOutcome[] = new Array<PushOutcome>(journeys.length);
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < journeys.length; i = next++) {
        const j = journeys[i] as LoadedJourney;
        let plan: PushOutcome;
        try {
          const existing = await findExisting(client, j.tree);
          if (existing === undefined) plan = { journey: j, action: 'create' };
          else {
            const remote = asWritten(existing.journey, j.tree);
            plan = sameJourney(remote, j.tree)
              ? { journey: j, id: existing.id, action: 'unchanged' }
              : { journey: j, id: existing.id, action: 'update', diff: diffJourneys(comparable(remote), comparable(j.tree)) };
          }
        } catch (error) {
          plan = { journey: j, error: ctx.redact(messageOf(error)) };
        }
        plans[i] = plan;
        done++;
        if (bulk) progress(ctx, done, journeys.length, `${plan.action ?? 'failed'} ${journeyLabel(j)}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, journeys.length) }, worker));
    return plans;
  });
  const failures = outcomes.filter((o) => o.error !== undefined);
  const count = (action: string): number => outcomes.filter((o) => o.action === action).length;
  const summary = dryRun
    ? { create: count('create'), update: count('update'), unchanged: count('unchanged'), failed: failures.length }
    : { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), failed: failures.length };
  if (options.json === true) {
    ctx.json({
      dryRun,
      journeys: outcomes.map((o) => ({
        file: o.journey.file,
        export: o.journey.exportName,
        name: o.journey.tree.settings.name,
        id: o.id ?? null,
        action: o.action ?? 'failed',
        ...(o.diff === undefined ? {} : { diff: o.diff }),
        ...(o.error === undefined ? {} : { error: o.error }),
      })),
      summary,
    });
  } else {
    for (const o of outcomes) {
      const name = JSON.stringify(o.journey.tree.settings.name);
      const where = `(${journeyLabel(o.journey)})`;
      if (o.error !== undefined) {
        ctx.out(`failed     ${name} ${where}: ${o.error}`);
      } else if (dryRun) {
        const tiles = countTiles(o.journey.tree);
        const what = o.action === 'create' ? `would create (${tiles} tiles)` : o.action === 'update' ? 'would update' : 'unchanged';
        ctx.out(`${what} ${name} ${where}${o.id === undefined ? '' : ` ${o.id}`}`);
        if (o.diff !== undefined) {
          const text = o.diff.equal ? 'only activity item ids or the designer state differ' : formatDiff(o.diff);
          for (const line of text.split('\n')) ctx.out(`    ${line}`);
        }
      } else {
        ctx.out(`${(o.action ?? '').padEnd(10)} ${name} ${where} ${o.id ?? ''}`.trimEnd());
      }
    }
    ctx.out(
      `${journeys.length} journey${journeys.length === 1 ? '' : 's'}: ` +
        Object.entries(summary)
          .filter(([k, v]) => k !== 'failed' || v > 0)
          .map(([k, v]) => `${v} ${dryRun && k !== 'unchanged' && k !== 'failed' ? `to ${k}` : k}`)
          .join(', ') +
        (dryRun ? ' (dry run, nothing written)' : ''),
    );
  }
  if (failures.length > 0) {
    ctx.err(`journey: ${failures.length} of ${journeys.length} journey${journeys.length === 1 ? '' : 's'} could not be ${dryRun ? 'planned' : 'pushed'}: ${failures[0]?.error ?? ''}`);
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
  const code = generateCode(record.journey);
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
  let file = spec;
  let exportName: string | undefined;
  const hash = spec.lastIndexOf('#');
  if (hash > 0) {
    file = spec.slice(0, hash);
    exportName = spec.slice(hash + 1);
  }
  const journeys = await loadAll(ctx, [file], exportName);
  const [only] = journeys;
  if (journeys.length > 1 || only === undefined) {
    throw new UsageError(
      `${file} exports ${journeys.length} journeys (${journeys.map((j) => j.exportName).join(', ')}); choose one as ${file}#<export>`,
    );
  }
  return { label: journeyLabel(only), tree: only.tree };
}

/** `journey diff <a> <b>`: tile-level differences; exit 1 when the journeys differ. */
export async function diffCommand(ctx: Context, a: string, b: string, options: DiffOptions): Promise<number> {
  let connection: Connection | undefined;
  const org = async (): Promise<JourneyClient> => {
    connection ??= await connect(ctx, options);
    return connection.client;
  };
  let left: { label: string; tree: JourneyTree };
  let right: { label: string; tree: JourneyTree };
  try {
    left = await diffSide(ctx, a, org);
    right = await diffSide(ctx, b, org);
  } finally {
    await (connection as Connection | undefined)?.close();
  }
  // A journey read from the org carries settings the org filled in; compare only what the file states.
  const leftOrg = a.startsWith(ORG_PREFIX);
  const rightOrg = b.startsWith(ORG_PREFIX);
  const leftTree = leftOrg && !rightOrg ? asWritten(left.tree, right.tree) : left.tree;
  const rightTree = rightOrg && !leftOrg ? asWritten(right.tree, left.tree) : right.tree;
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
  const dataFile = resolve(ctx.cwd, options.data ?? DEFAULT_DATA_FILE);
  await mkdir(dirname(dataFile), { recursive: true });
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
