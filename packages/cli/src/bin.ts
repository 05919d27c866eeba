#!/usr/bin/env node
/**
 * The `journey` executable: runs the command line on the process's arguments and sets the exit
 * code (without `process.exit`, so output is flushed first).
 *
 * @example
 * ```sh
 * journey validate journeys/welcome.journey.ts
 * ```
 *
 * @module
 */
import { run } from './index.js';

process.exitCode = await run(process.argv.slice(2));
