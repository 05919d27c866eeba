#!/usr/bin/env node
/**
 * `pnpm emulator`: runs the journey emulator from the repository.
 *
 * The packages the emulator is built from (dsl, client, emulator) are built only when one of them
 * has no `dist` yet or a source newer than its `dist`; otherwise the emulator starts at once. The
 * built `journey-emulator` then runs in this very process, so Ctrl+C and SIGTERM reach it directly
 * and end it with exit code 0 and a one-line goodbye. Arguments are passed on:
 *
 *   pnpm emulator --port 5885 --data journeys.json
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The packages `journey-emulator` is built from, in build order. */
export const EMULATOR_PACKAGES = Object.freeze(['dsl', 'client', 'emulator']);

/** The latest modification time (ms) of a file, or of any file under a folder; 0 when missing. */
export function newestChange(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

/**
 * Why each package that needs building does, as `{ name, reason }`; empty when every `dist` is
 * current. `packagesDir` is the folder holding `dsl`, `client` and `emulator`.
 */
export function staleBuilds(packagesDir) {
  const shared = newestChange(join(packagesDir, '..', 'tsconfig.base.json'));
  const stale = [];
  for (const name of EMULATOR_PACKAGES) {
    const dir = join(packagesDir, name);
    const dist = join(dir, 'dist');
    if (!existsSync(join(dist, 'index.js'))) {
      stale.push({ name, reason: 'not built yet' });
      continue;
    }
    const built = newestChange(dist);
    const sources = Math.max(
      shared,
      newestChange(join(dir, 'src')),
      newestChange(join(dir, 'package.json')),
      newestChange(join(dir, 'tsconfig.json')),
    );
    if (sources > built) stale.push({ name, reason: 'sources changed since the last build' });
  }
  return stale;
}

async function main() {
  const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const stale = staleBuilds(packagesDir);
  if (stale.length > 0) {
    process.stderr.write(`Building the emulator first (${stale.map((s) => `${s.name}: ${s.reason}`).join('; ')}).\n`);
    const result = spawnSync('pnpm', ['--filter', '@customer-journey/emulator...', 'run', 'build'], {
      cwd: resolve(packagesDir, '..'),
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) {
      process.stderr.write('The build failed; fix the error above and run pnpm emulator again.\n');
      process.exit(result.status ?? 1);
    }
  }
  await import(pathToFileURL(join(packagesDir, 'emulator', 'dist', 'cli.js')).href);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
