#!/usr/bin/env node
/**
 * `journey-emulator`: starts the emulator, prints the org URL and runs until SIGINT or SIGTERM,
 * which end it with exit code 0 and a one-line goodbye.
 *
 * @example
 * ```sh
 * journey-emulator --port 5885 --data ./journeys.json
 * # http://127.0.0.1:5885
 * ```
 *
 * @module
 */
import { CLI_USAGE, parseCliArgs, type CliOptions } from './cli-options.js';
import { startEmulator } from './server.js';

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CLI_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    ...(options.dataFile === undefined ? {} : { dataFile: options.dataFile }),
  });
  process.stdout.write(`${emulator.url}\n`);
  // stdout holds the URL alone, for scripts; the how-to goes to stderr.
  process.stderr.write(
    `Emulator running: ${options.dataFile === undefined ? 'records in memory only (--data <file> keeps them)' : `records kept in ${options.dataFile}`}. ` +
      `Use it with JOURNEY_ORG_URL=${emulator.url} journey <command>; press Ctrl+C to stop.\n`,
  );
  const kept = options.dataFile === undefined ? '' : ` Every acknowledged change is in ${options.dataFile}.`;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => {
        process.stdout.write(`Emulator stopped.${kept}\n`, () => process.exit(0));
      },
      (error: unknown) => {
        process.stderr.write(`Could not stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`journey-emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
