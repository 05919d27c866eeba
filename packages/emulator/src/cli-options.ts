/**
 * Command-line options of `journey-emulator`.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/**
 * Port the command line listens on when `--port` is not given.
 *
 * @example
 * ```ts
 * startEmulator({ port: DEFAULT_CLI_PORT }); // http://127.0.0.1:5885
 * ```
 */
export const DEFAULT_CLI_PORT = 5885;

/**
 * Parsed command-line options.
 *
 * @example
 * ```ts
 * const options: CliOptions = parseCliArgs(['--port', '0']);
 * ```
 */
export interface CliOptions {
  /** `--port`. @defaultValue 5885 */
  readonly port: number;
  /** `--host`. @defaultValue `'127.0.0.1'` */
  readonly host: string;
  /** `--data <file>`: keep records in this JSON file. */
  readonly dataFile?: string;
  /** `--help`. */
  readonly help: boolean;
}

/**
 * Usage text of `journey-emulator`.
 *
 * @example
 * ```ts
 * process.stdout.write(`${CLI_USAGE}\n`);
 * ```
 */
export const CLI_USAGE = `Usage: journey-emulator [--port <n>] [--host <address>] [--data <file>]

Serves the Dataverse Web API endpoints for customer journeys on a local port.

  --port <n>        port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host <address>  interface to listen on (default 127.0.0.1)
  --data <file>     keep journeys in this JSON file across restarts
  --help            show this text`;

/**
 * Parses `journey-emulator` arguments.
 *
 * @throws Error for unknown options or a bad port.
 * @example
 * ```ts
 * parseCliArgs(['--port', '6000', '--data', 'journeys.json']); // { port: 6000, host: '127.0.0.1', dataFile: 'journeys.json', help: false }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = values.port === undefined ? DEFAULT_CLI_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'.`);
  return {
    port,
    host: values.host ?? '127.0.0.1',
    ...(values.data === undefined ? {} : { dataFile: values.data }),
    help: values.help ?? false,
  };
}
