/**
 * Command-line benchmark: `journey validate` over a folder of 1,000 generated journey files,
 * against the floor: one process that imports the same files through tsx and runs
 * `validateJourney` on each. Both are whole processes started the same way, measured side by
 * side (alternating) after one warm-up each, so tsx's transform cache is warm for both. The
 * command line's peak memory is its own max RSS (`process.resourceUsage()` at exit, loader
 * thread included).
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, verdict } from './measure.js';

const FILES = 1_000;
const ROUNDS = 3;
const BENCH = fileURLToPath(new URL('.', import.meta.url));
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
/** Inside bench/, so the files resolve `@customer-journey/dsl` as a project's files do. */
const WORK = join(BENCH, '.cli-scale');

function journeyFile(i: number): string {
  return [
    "import { journey } from '@customer-journey/dsl';",
    '',
    `const name: string = 'Generated journey ${i}';`,
    '',
    "export default journey(name, { target: 'contact', start: '2026-02-01T09:00:00Z', end: '2026-03-01T09:00:00Z' })",
    "  .segment('Customers', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })",
    "  .email('Invitation', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', key: 'invite',",
    "    nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }] })",
    "  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {",
    "    yes: (b) => b.activity('Follow-up call', { activityType: 'phonecall' }).wait({ duration: { value: 1, unit: 'Day' } }),",
    "    no: (b) => b.email('Reminder', { emailId: '284e5a1a-464a-e911-a873-000d3a1fe344' }),",
    '  })',
    '  .build();',
    '',
  ].join('\n');
}

/** The floor: import every file through tsx in one process and check each journey it exports. */
const FLOOR = [
  "import { readdirSync } from 'node:fs';",
  "import { join } from 'node:path';",
  "import { pathToFileURL } from 'node:url';",
  "import { validateJourney, type JourneyTree } from '@customer-journey/dsl';",
  '',
  'const dir = process.argv[2] as string;',
  'let checked = 0;',
  "for (const file of readdirSync(dir).filter((f) => f.endsWith('.journey.ts')).sort()) {",
  '  const module = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, JourneyTree>;',
  '  for (const tree of Object.values(module)) {',
  '    validateJourney(tree);',
  '    checked++;',
  '  }',
  '}',
  'console.log(`${checked} journeys checked`);',
  '',
].join('\n');

/** Prints the process's peak RSS (kilobytes) on stderr as it exits. */
const PROBE = "import { writeSync } from 'node:fs';\nprocess.on('exit', () => writeSync(2, `\\nmax-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n";

interface Run {
  readonly ms: number;
  readonly stdout: string;
  readonly maxRssKb: number | undefined;
}

function runNode(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: WORK, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
        return;
      }
      const rss = /max-rss-kb (\d+)/.exec(stderr);
      resolve({ ms, stdout, maxRssKb: rss === null ? undefined : Number(rss[1]) });
    });
  });
}

export async function benchCliScale(line: (l: string, v: string) => void, ms: (x: number) => string): Promise<void> {
  console.log(`\n## The command line over ${FILES.toLocaleString('en')} journey files (journey validate <folder>)`);
  await rm(WORK, { recursive: true, force: true });
  await mkdir(join(WORK, 'journeys'), { recursive: true });
  try {
    await Promise.all(Array.from({ length: FILES }, (_, i) => writeFile(join(WORK, 'journeys', `j${String(i).padStart(4, '0')}.journey.ts`), journeyFile(i))));
    await writeFile(join(WORK, 'floor.ts'), FLOOR);
    await writeFile(join(WORK, 'probe.mjs'), PROBE);
    const cli = (): Promise<Run> => runNode(['--import', './probe.mjs', BIN, 'validate', 'journeys']);
    const floor = (): Promise<Run> => runNode(['--import', 'tsx', 'floor.ts', 'journeys']);

    // One warm-up each (tsx's transform cache, the file system cache), then alternate.
    const warm = await cli();
    if (!warm.stdout.includes(`${FILES} journeys checked, 0 with errors`)) throw new Error(`unexpected output: ${warm.stdout.slice(-200)}`);
    await floor();
    const cliMs: number[] = [];
    const floorMs: number[] = [];
    let peakKb = warm.maxRssKb ?? 0;
    for (let r = 0; r < ROUNDS; r++) {
      const pair = r % 2 === 0 ? [cli, floor] : [floor, cli];
      for (const run of pair) {
        const result = await run();
        if (run === cli) {
          cliMs.push(result.ms);
          peakKb = Math.max(peakKb, result.maxRssKb ?? 0);
        } else floorMs.push(result.ms);
      }
    }
    const a = median(cliMs);
    const b = median(floorMs);
    line('journey validate (the whole process)', ms(a));
    line('floor: one process importing them (tsx), validateJourney', ms(b));
    line('ratio', verdict(a / b, 2));
    const mb = peakKb / 1024;
    line('peak memory of journey validate (max RSS)', `${mb.toFixed(0)} MB (goal <= 500 MB: ${mb <= 500 ? 'met' : 'MISSED'})`);
  } finally {
    await rm(WORK, { recursive: true, force: true });
  }
}
