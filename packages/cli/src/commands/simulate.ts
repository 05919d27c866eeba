/**
 * `journey simulate <file>`: contacts walking a journey, without an org. Prints the funnel per
 * tile and the warnings (text), the whole result (JSON), or the diagram with the counts drawn on
 * it (SVG, Mermaid).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  formatFunnel,
  formatSteps,
  renderMermaid,
  renderSvg,
  simulate,
  SimulationError,
  type Interaction,
  type Scenario,
  type ScenarioContact,
  type SimulationResult,
  type SplitSettings,
} from '@customer-journey/dsl';
import { loadOne, writeOut } from '../commands.js';
import { ExitCode, UsageError, type Context } from '../context.js';

/** Options of `journey simulate`. */
export interface SimulateOptions {
  readonly contacts?: number;
  readonly rates?: Readonly<Record<string, number>>;
  readonly seed?: number;
  readonly interactions?: string;
  readonly start?: string;
  readonly until?: string;
  readonly format: 'text' | 'json' | 'svg' | 'mermaid';
  readonly out?: string;
  readonly export?: string;
}

/** Anonymous contacts when neither `--contacts` nor the scenario file lists any. */
export const DEFAULT_CONTACTS = 1_000;
/** From this many contacts on, progress is shown on stderr. */
export const PROGRESS_FROM = 10_000;
/** At most this many contacts' paths are printed in text output. */
const MAX_PATHS = 50;

/** Parses `--contacts`: a whole number, 0 or more. */
export function contactCount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('--contacts must be a whole number, 0 or more.');
  return n;
}

/** Parses `--seed`: a whole number. */
export function seedValue(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n)) throw new InvalidArgumentError('--seed must be a whole number.');
  return n;
}

/** Collects `--rates type=p[,type=p…]`, repeatable. */
export function collectRates(value: string, previous: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const rates: Record<string, number> = { ...previous };
  for (const pair of value.split(',')) {
    const match = /^\s*([A-Za-z][\w]*)\s*=\s*([^\s=]+)\s*$/.exec(pair);
    const p = match === null ? Number.NaN : Number(match[2]);
    if (match === null || !Number.isFinite(p)) {
      throw new InvalidArgumentError(`"${pair}" is not type=probability; give pairs such as UserRegistered=0.3,EmailOpened=0.5`);
    }
    rates[match[1] as string] = p;
  }
  return rates;
}

/** What a scenario file may hold: a list of interactions, or a scenario without callbacks. */
interface ScenarioFile {
  readonly contacts?: readonly ScenarioContact[] | number;
  readonly interactions?: readonly Interaction[];
  readonly rates?: Readonly<Record<string, number>>;
  readonly seed?: number;
  readonly splits?: Readonly<Record<string, SplitSettings>>;
  readonly waitUntil?: Readonly<Record<string, string>>;
  readonly start?: string;
  readonly until?: string;
  readonly timeZone?: number | string;
  readonly timelines?: boolean;
}

const FILE_FIELDS: ReadonlySet<string> = new Set(['contacts', 'interactions', 'rates', 'seed', 'splits', 'waitUntil', 'start', 'until', 'timeZone', 'timelines']);

async function readScenarioFile(ctx: Context, file: string): Promise<ScenarioFile> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), 'utf8');
  } catch {
    throw new UsageError(`--interactions ${file}: file not found`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--interactions ${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (Array.isArray(value)) return { interactions: value as Interaction[] };
  if (value === null || typeof value !== 'object') {
    throw new UsageError(`--interactions ${file}: holds ${value === null ? 'null' : typeof value}; give a list of interactions or a scenario object { contacts, interactions, … }`);
  }
  const unknown = Object.keys(value).filter((key) => !FILE_FIELDS.has(key));
  if (unknown.length > 0) {
    throw new UsageError(`--interactions ${file}: unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; a scenario file may hold ${[...FILE_FIELDS].join(', ')}`);
  }
  return value as ScenarioFile;
}

/** Shows progress on stderr: redrawn in place on a terminal, a line per tenth otherwise. */
function progressReporter(ctx: Context): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const tenth = Math.floor((done / total) * 10);
    const text = `simulating: ${Math.floor((done / total) * 100)}% (${done}/${total} contacts)`;
    if (ctx.stderr.isTTY === true) ctx.stderr.write(`\r\x1b[K${text}${done === total ? '\n' : ''}`);
    else if (tenth !== shown) {
      shown = tenth;
      ctx.err(text);
    }
  };
}

/** The text output: the funnel, the warnings, and the paths of listed contacts. */
function textOf(result: SimulationResult): string {
  const lines = [formatFunnel(result).replace(/\n$/, '')];
  const contacts = Object.entries(result.contacts);
  if (contacts.length > 0) {
    lines.push('', `Paths${contacts.length > MAX_PATHS ? ` (the first ${MAX_PATHS} of ${contacts.length})` : ''}:`);
    for (const [id, steps] of contacts.slice(0, MAX_PATHS)) lines.push(`  ${id}`, formatSteps(steps, '    '));
  }
  return lines.join('\n');
}

/** `journey simulate <file>`: simulates contacts walking the journey the file exports. */
export async function simulateCommand(ctx: Context, file: string, options: SimulateOptions): Promise<number> {
  const journey = await loadOne(ctx, file, options.export, 'with --export');
  const fromFile: ScenarioFile = options.interactions === undefined ? {} : await readScenarioFile(ctx, options.interactions);
  if (options.contacts !== undefined && Array.isArray(fromFile.contacts)) {
    throw new UsageError(`--contacts and the contacts listed in ${options.interactions ?? ''} cannot be used together; choose one`);
  }
  const contacts = options.contacts ?? fromFile.contacts ?? DEFAULT_CONTACTS;
  const count = typeof contacts === 'number' ? contacts : contacts.length;
  const scenario: Scenario = {
    ...fromFile,
    contacts,
    ...(options.rates === undefined ? {} : { rates: { ...fromFile.rates, ...options.rates } }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.start === undefined ? {} : { start: options.start }),
    ...(options.until === undefined ? {} : { until: options.until }),
    ...(count >= PROGRESS_FROM ? { progress: progressReporter(ctx) } : {}),
  };
  let result: SimulationResult;
  try {
    result = simulate(journey.tree, scenario);
  } catch (error) {
    if (error instanceof SimulationError) throw new UsageError(error.message);
    throw error;
  }
  const content =
    options.format === 'json'
      ? JSON.stringify(result, null, 2)
      : options.format === 'svg'
        ? renderSvg(journey.tree, { simulation: result })
        : options.format === 'mermaid'
          ? renderMermaid(journey.tree, { simulation: result })
          : textOf(result);
  if (options.out !== undefined) {
    await writeOut(ctx, options.out, content);
    ctx.out(`wrote ${options.out} (${options.format}, ${JSON.stringify(journey.tree.settings.name)}, ${count} contacts, ${result.warnings.length} warnings)`);
    return ExitCode.ok;
  }
  ctx.out(content.replace(/\n$/, ''));
  return ExitCode.ok;
}
