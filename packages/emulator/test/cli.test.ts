import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, parseCliArgs } from '../src/cli-options.js';
import { staleBuilds } from '../scripts/emulator.mjs';
import { emulatorCli, root, startProcess } from './helpers.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journey-emulator-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('journey-emulator command line', () => {
  it('parses options', () => {
    expect(parseCliArgs([])).toEqual({ port: DEFAULT_CLI_PORT, host: '127.0.0.1', help: false });
    expect(DEFAULT_CLI_PORT).toBe(5885);
    expect(parseCliArgs(['--port', '0', '--host', '::1', '--data', 'j.json'])).toEqual({ port: 0, host: '::1', dataFile: 'j.json', help: false });
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--nope'])).toThrow();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints the org URL, serves requests and ends on ${signal} with exit code 0 and a goodbye`, async () => {
      const dataFile = join(dir, `${signal}.json`);
      const running = await emulatorCli('--port', '0', '--data', dataFile);
      try {
        expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const res = await fetch(`${running.url}/api/data/v9.2/msdyncrm_customerjourneys`, {
          method: 'POST',
          headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
          body: JSON.stringify({ msdyncrm_name: signal }),
        });
        expect(res.status).toBe(204);
        running.child.kill(signal);
        expect(await running.exited).toBe(0);
        expect(running.output().stdout).toBe(`${running.url}\nEmulator stopped. Every acknowledged change is in ${dataFile}.\n`);
        expect(running.output().stderr).toBe(
          `Emulator running: records kept in ${dataFile}. Use it with JOURNEY_ORG_URL=${running.url} journey <command>; press Ctrl+C to stop.\n`,
        );
        expect(JSON.parse(await readFile(dataFile, 'utf8')).records[0].msdyncrm_name).toBe(signal);
      } finally {
        if (running.child.exitCode === null) running.child.kill('SIGKILL');
      }
    });
  }

  it('refuses a data file that is a folder with one line naming it, and exit code 1', async () => {
    const folder = join(dir, 'folder');
    await mkdir(folder);
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--data', folder], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(`journey-emulator: The emulator data file ${folder} is a folder; give the path of a file, e.g. ${join(folder, 'journeys.json')}.\n`);
  });
});

describe('pnpm emulator', () => {
  it('runs the built emulator and ends on Ctrl+C with exit code 0, a goodbye and no pnpm error', async () => {
    const dataFile = join(dir, 'pnpm.json');
    // Ctrl+C signals the terminal's whole foreground process group: pnpm, and the emulator it started.
    const running = await startProcess('pnpm', ['emulator', '--port', '0', '--data', dataFile], { detached: true });
    try {
      const res = await fetch(`${running.url}/api/data/v9.2/msdyncrm_customerjourneys`, {
        method: 'POST',
        headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
        body: JSON.stringify({ msdyncrm_name: 'Kept' }),
      });
      expect(res.status).toBe(204);
      process.kill(-(running.child.pid as number), 'SIGINT');
      expect(await running.exited).toBe(0);
      const { stdout, stderr } = running.output();
      expect(stdout).toContain(`${running.url}\nEmulator stopped. Every acknowledged change is in ${dataFile}.\n`);
      expect(`${stdout}${stderr}`).not.toMatch(/ELIFECYCLE|Command failed/);
      expect(JSON.parse(await readFile(dataFile, 'utf8')).records[0].msdyncrm_name).toBe('Kept');
    } finally {
      if (running.child.exitCode === null) process.kill(-(running.child.pid as number), 'SIGKILL');
    }
  });

  it('builds only the packages whose dist is missing or older than their sources', async () => {
    const packages = join(dir, 'tree', 'packages');
    const at = (seconds: number) => new Date(seconds * 1000);
    const file = async (path: string, seconds: number) => {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, '');
      await utimes(path, at(seconds), at(seconds));
    };
    await file(join(packages, '..', 'tsconfig.base.json'), 100);
    for (const name of ['dsl', 'client', 'emulator']) {
      await file(join(packages, name, 'package.json'), 100);
      await file(join(packages, name, 'tsconfig.json'), 100);
      await file(join(packages, name, 'src', 'nested', 'index.ts'), 200);
      await file(join(packages, name, 'dist', 'index.js'), 300);
    }
    expect(staleBuilds(packages)).toEqual([]);
    await file(join(packages, 'client', 'src', 'nested', 'index.ts'), 400);
    await rm(join(packages, 'emulator', 'dist'), { recursive: true });
    expect(staleBuilds(packages)).toEqual([
      { name: 'client', reason: 'sources changed since the last build' },
      { name: 'emulator', reason: 'not built yet' },
    ]);
    await file(join(packages, '..', 'tsconfig.base.json'), 500);
    expect(staleBuilds(packages).map((s) => s.name)).toEqual(['dsl', 'client', 'emulator']);
  });
});
