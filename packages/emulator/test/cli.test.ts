import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, parseCliArgs } from '../src/cli-options.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('journey-emulator command line', () => {
  it('parses options', () => {
    expect(parseCliArgs([])).toEqual({ port: DEFAULT_CLI_PORT, host: '127.0.0.1', help: false });
    expect(DEFAULT_CLI_PORT).toBe(5885);
    expect(parseCliArgs(['--port', '0', '--host', '::1', '--data', 'j.json'])).toEqual({ port: 0, host: '::1', dataFile: 'j.json', help: false });
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--nope'])).toThrow();
  });

  it('prints the org URL, serves requests and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journey-emulator-cli-'));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--data', join(dir, 'data.json')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line) resolve(line.trim());
        });
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/api/data/v9.2/msdyncrm_customerjourneys`, { headers: { Authorization: 'Bearer t' } });
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
