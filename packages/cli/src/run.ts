/**
 * The `journey` program: commander wiring, option parsing and the mapping of failures to exit
 * codes (0 ok, 1 check failed or diff found, 2 usage, journey file or connection error).
 *
 * @module
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DataverseError, LifecycleError } from '@customer-journey/client';
import {
  buildCommand,
  diffCommand,
  emulatorCommand,
  pullCommand,
  pushCommand,
  renderCommand,
  validateCommand,
} from './commands.js';
import { archiveCommand } from './commands/archive.js';
import { migrateReportCommand } from './commands/migrate-report.js';
import { restoreCommand } from './commands/restore.js';
import { collectRates, contactCount, seedValue, simulateCommand } from './commands/simulate.js';
import { goLiveCommand } from './commands/go-live.js';
import { listCommand } from './commands/list.js';
import { planCommand } from './commands/plan.js';
import { stopCommand } from './commands/stop.js';
import { DEFAULT_DATA_FILE } from './connect.js';
import { createContext, ExitCode, packageVersion, UsageError, type Context, type RunIo } from './context.js';
import { DEFAULT_LOAD_TIMEOUT_MS, JourneyFilesError, JourneyLoadError } from './load.js';
import { DuplicateRecordsError } from './records.js';

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a whole number above 0.`);
    return n;
  };
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('--load-timeout must be a number of seconds above 0, such as 30 or 2.5.');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be a whole number from 0 to 65535.');
  return n;
}

const jsonOption = (): Option => new Option('--json', 'print one JSON document (stable shape) instead of text');
const orgOption = (what: string): Option =>
  new Option('--org <url>', `${what} (token from JOURNEY_TOKEN, else DefaultAzureCredential); default: a local emulator`);
const dataOption = (): Option =>
  new Option('--data <file>', `records of the embedded emulator used without --org and JOURNEY_ORG_URL (default: ${DEFAULT_DATA_FILE})`);
const lifecycleOptions = (): Option[] => [
  new Option('--live-edit', 'change a Live journey through Live, editable (Live -> Live, editable -> update -> Live)'),
  new Option('--new-version', 'for a change the status locks for good (the pipeline once gone live), create "<name> (v2)"'),
  new Option('--stop-previous', 'with --new-version, stop the previous version'),
];

/** The lines describing any failure (one, except for several journey files), never containing a token. */
function describeFailure(ctx: Context, error: unknown): string[] {
  if (error instanceof JourneyFilesError) {
    const lines = error.errors.map((e) => ctx.redact(e.message));
    return error.errors.length > 1 ? [...lines, error.message] : lines;
  }
  if (error instanceof DuplicateRecordsError) return error.message.split('\n').map((line) => ctx.redact(line));
  return [describeOne(ctx, error)];
}

function describeOne(ctx: Context, error: unknown): string {
  if (error instanceof JourneyLoadError) return ctx.redact(error.message);
  if (error instanceof UsageError) return ctx.redact(error.message);
  if (error instanceof DataverseError || error instanceof LifecycleError) return ctx.redact(error.message);
  // The emulator's own message names the data file and what is wrong with it; the emulator
  // module is loaded only when a command needs it, so its class is recognised by name.
  if (error instanceof Error && error.name === 'DataFileError') return ctx.redact(error.message);
  if (error instanceof Error) {
    const name = error.name !== 'Error' ? `${error.name}: ` : '';
    return ctx.redact(`${name}${error.message}`.split('\n')[0] ?? '');
  }
  return ctx.redact(String(error));
}

function program(ctx: Context, setCode: (code: number) => void): Command {
  const root = new Command('journey')
    .description('Customer journeys as code for Dynamics 365 Marketing: build, validate, render, simulate, plan, push, pull, list, go-live, stop, diff, archive, restore, migrate-report, emulator')
    .version(packageVersion(), '-V, --version')
    .addOption(
      new Option('--load-timeout <seconds>', 'how long one journey file may take to load before it is reported')
        .argParser(seconds)
        .default(DEFAULT_LOAD_TIMEOUT_MS / 1000),
    )
    .configureHelp({ showGlobalOptions: true })
    .hook('preAction', (command) => {
      ctx.loadTimeoutMs = Math.round((command.opts() as { loadTimeout: number }).loadTimeout * 1000);
    })
    .showHelpAfterError('(run "journey --help" for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
    });

  root
    .command('build')
    .description('print the entity payload (JSON) of the journey a file exports')
    .argument('<file>', 'journey module (.ts, .mts, .js, .mjs)')
    .addOption(new Option('--definition', 'print only the workflow definition (pretty JSON)').conflicts('canonical'))
    .addOption(new Option('--canonical', 'print the canonical (key-sorted) JSON of the journey'))
    .option('--export <name>', 'use only this export of the file')
    .addOption(jsonOption())
    .action(async (file: string, opts) => setCode(await buildCommand(ctx, file, opts)));

  root
    .command('validate')
    .description('Check for Errors: list every finding with the path of its tile; exit 1 on errors')
    .argument('<file-or-folder...>', 'journey modules, or folders of *.journey.ts|js|mjs files (else every .ts/.js file)')
    .addOption(orgOption('validate on this org (msdyncrm_CustomerJourneyValidate) instead of locally'))
    .addOption(dataOption().hideHelp())
    .addOption(jsonOption())
    .action(async (files: string[], opts) => setCode(await validateCommand(ctx, files, opts)));

  root
    .command('render')
    .description('draw the journey as a Mermaid flowchart or an SVG picture')
    .argument('<file>', 'journey module')
    .addOption(new Option('--format <format>', 'diagram format').choices(['mermaid', 'svg']).default('mermaid'))
    .option('--out <file>', 'write the diagram to this file instead of printing it')
    .option('--export <name>', 'use only this export of the file')
    .addOption(jsonOption())
    .action(async (file: string, opts) => setCode(await renderCommand(ctx, file, opts)));

  root
    .command('simulate')
    .description('simulate contacts walking the journey: a funnel per tile and the warnings, or the result as JSON or a diagram')
    .argument('<file>', 'journey module')
    .addOption(new Option('--contacts <n>', 'anonymous contacts, members of every included segment (default: 1000)').argParser(contactCount))
    .addOption(new Option('--rates <type=p,...>', 'probability of each interaction, e.g. UserRegistered=0.3 (repeatable)').argParser(collectRates))
    .addOption(new Option('--seed <n>', 'seed of the random draws: the same seed gives the same result').argParser(seedValue))
    .option('--interactions <file>', 'JSON: a list of interactions, or a scenario { contacts, interactions, splits, start, until, … }')
    .option('--start <date>', 'start of the simulation (default: the journey start)')
    .option('--until <date>', 'end of the simulation (default: the journey end)')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json', 'svg', 'mermaid']).default('text'))
    .option('--out <file>', 'write the output to this file instead of printing it')
    .option('--export <name>', 'use only this export of the file')
    .action(async (file: string, opts) => setCode(await simulateCommand(ctx, file, opts)));

  const push = root
    .command('push')
    .description('create or update journeys on the org as their plans say (unchanged ones are skipped)')
    .argument('<file-or-folder...>', 'journey modules, or folders of *.journey.ts|js|mjs files (else every .ts/.js file)')
    .addOption(orgOption('push to this org'))
    .addOption(dataOption())
    .option('--dry-run', 'run "journey plan" instead: print what would happen, write nothing');
  for (const option of lifecycleOptions()) push.addOption(option);
  push
    .addOption(new Option('--concurrency <n>', 'journeys pushed at the same time').argParser(positiveInt('--concurrency')).default(4))
    .addOption(jsonOption())
    .action(async (inputs: string[], opts) => setCode(opts.dryRun === true ? await planCommand(ctx, inputs, opts) : await pushCommand(ctx, inputs, opts)));

  const plan = root
    .command('plan')
    .description('what a push would do, tile by tile, with a verdict per journey; exit 1 when changes are pending, 2 when blocked')
    .argument('<file-or-folder...>', 'journey modules, or folders of journey files')
    .addOption(orgOption('plan against this org'))
    .addOption(dataOption());
  for (const option of lifecycleOptions()) plan.addOption(option);
  plan
    .addOption(new Option('--concurrency <n>', 'journeys planned at the same time').argParser(positiveInt('--concurrency')).default(4))
    .addOption(jsonOption())
    .action(async (inputs: string[], opts) => setCode(await planCommand(ctx, inputs, opts)));

  root
    .command('list')
    .description('list the journeys on the org with their ids and statuses')
    .addOption(new Option('--status <status...>', 'only these statuses (Draft, Live, "Live, editable", Stopped, …)'))
    .addOption(orgOption('list this org'))
    .addOption(dataOption())
    .addOption(jsonOption())
    .action(async (opts) => setCode(await listCommand(ctx, opts)));

  root
    .command('go-live')
    .description('publish a journey (Going live); --wait until it is Live or Error')
    .argument('<id-or-file>', 'the journey id, or a journey file (file#export to pick one export)')
    .option('--wait', 'wait until it is Live or Error; exit 1 on Error')
    .addOption(orgOption('use this org'))
    .addOption(dataOption())
    .addOption(jsonOption())
    .action(async (spec: string, opts) => setCode(await goLiveCommand(ctx, spec, opts)));

  root
    .command('stop')
    .description('stop a Live journey (Stopping); --wait until it is Stopped')
    .argument('<id-or-file>', 'the journey id, or a journey file (file#export to pick one export)')
    .option('--wait', 'wait until it is Stopped')
    .addOption(orgOption('use this org'))
    .addOption(dataOption())
    .addOption(jsonOption())
    .action(async (spec: string, opts) => setCode(await stopCommand(ctx, spec, opts)));

  root
    .command('pull')
    .description('read a journey from the org and write TypeScript that rebuilds it')
    .argument('<id>', 'the journey id (msdyncrm_customerjourneyid)')
    .addOption(orgOption('read from this org'))
    .addOption(dataOption())
    .option('--out <file>', 'write the code to this file instead of printing it')
    .addOption(jsonOption())
    .action(async (id: string, opts) => setCode(await pullCommand(ctx, id, opts)));

  root
    .command('diff')
    .description('compare two journeys tile by tile; exit 1 when they differ')
    .argument('<a>', 'a journey file (file#export to pick one export) or org:<id>')
    .argument('<b>', 'a journey file (file#export to pick one export) or org:<id>')
    .addOption(orgOption('read org:<id> journeys from this org'))
    .addOption(dataOption())
    .addOption(jsonOption())
    .action(async (a: string, b: string, opts) => setCode(await diffCommand(ctx, a, b, opts)));

  root
    .command('archive')
    .description('write every journey of the org to a folder: code, picture and raw record of each, an index and a manifest')
    .requiredOption('--out <dir>', 'the archive folder (new, empty, or an earlier archive of the same org)')
    .addOption(orgOption('archive this org'))
    .addOption(dataOption())
    .addOption(new Option('--concurrency <n>', 'records written at the same time').argParser(positiveInt('--concurrency')).default(4))
    .addOption(new Option('--status <statuses...>', 'only journeys in these statuses (draft, live, live-editable, stopped, expired, …; comma-separated)'))
    .option('--resume', 'continue an interrupted archive: read only what is missing, changed or damaged')
    .addOption(new Option('--page-size <n>', 'records per page read from the org').argParser(positiveInt('--page-size')).default(100))
    .addOption(jsonOption())
    .action(async (opts) => setCode(await archiveCommand(ctx, opts)));

  root
    .command('restore')
    .description('recreate the archived records on the org, with the same ids, byte for byte; report per record')
    .argument('<dir>', 'an archive folder written by journey archive')
    .addOption(orgOption('restore into this org'))
    .addOption(dataOption())
    .option('--dry-run', 'report what would be done, and write nothing')
    .option('--overwrite', "replace the org's Draft records that differ from their archived copy")
    .addOption(new Option('--concurrency <n>', 'records restored at the same time').argParser(positiveInt('--concurrency')).default(4))
    .addOption(jsonOption())
    .action(async (dir: string, opts) => setCode(await restoreCommand(ctx, dir, opts)));

  root
    .command('migrate-report')
    .description('what recreating the journeys as real-time journeys takes, journey by journey (guidance)')
    .argument('<dir-or-files...>', 'an archive folder, or journey files and folders')
    .addOption(new Option('--format <format>', 'report format').choices(['md', 'html', 'json']).default('md'))
    .option('--out <file>', 'write the report to this file (and print a summary) instead of printing it')
    .action(async (inputs: string[], opts) => setCode(await migrateReportCommand(ctx, inputs, opts)));

  root
    .command('emulator')
    .description('run the local Dataverse emulator in the foreground until Ctrl+C')
    .addOption(new Option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)').argParser(port).default(5885))
    .option('--data <file>', `file the records are kept in (default: ${DEFAULT_DATA_FILE})`)
    .addOption(jsonOption())
    .action(async (opts) => setCode(await emulatorCommand(ctx, opts)));

  return root;
}

/**
 * Runs the `journey` command line with the given arguments (without `node` and the script) and
 * resolves to its exit code: 0 ok, 1 a check failed or a diff found differences, 2 a usage error,
 * an unusable journey file or a connection error. Never calls `process.exit`.
 *
 * @param argv - the arguments, e.g. `['validate', 'welcome.journey.ts', '--json']`
 * @param io - where output goes and the environment to use; defaults to the process's
 * @returns the exit code
 *
 * @example
 * ```ts
 * import { run } from '@customer-journey/cli';
 * let out = '';
 * const code = await run(['diff', 'old.journey.ts', 'new.journey.ts', '--json'], {
 *   stdout: { write: (s) => (out += s) },
 * });
 * const diff = JSON.parse(out); // { a, b, equal, settings, tiles, summary }
 * ```
 */
export async function run(argv: readonly string[], io: RunIo = {}): Promise<number> {
  const ctx = createContext(io);
  let code: number = ExitCode.ok;
  const cli = program(ctx, (c) => {
    code = c;
  });
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; everything else commander reports is a usage error (its message is already printed).
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    for (const line of describeFailure(ctx, error)) ctx.err(`journey: ${line}`);
    const known = [UsageError, JourneyLoadError, JourneyFilesError, DuplicateRecordsError, DataverseError, LifecycleError];
    if (!known.some((type) => error instanceof type) && ctx.env['JOURNEY_DEBUG']) {
      ctx.err(ctx.redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    }
    return ExitCode.error;
  }
}
