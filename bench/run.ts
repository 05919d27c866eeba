/**
 * `pnpm bench`: every performance figure the project claims, measured side by side in one run.
 * Ratios compare our code with a baseline measured in the same process on the same input.
 *
 * Each section runs in a process of its own (this script, started again with the section's name),
 * one after another, so that no figure depends on the heap and the JIT state another section left
 * behind. `node --expose-gc --import tsx bench/run.ts archive` runs one section.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseWorkflowDefinition, serializeWorkflowDefinition } from '@customer-journey/client';
import { generateCode, validateJourney } from '@customer-journey/dsl';
import { benchArchive } from './archive.js';
import { benchClients } from './clients.js';
import { benchCliScale } from './cli-scale.js';
import { retainedHeap, sideBySide, verdict } from './measure.js';
import { deepChain, fanOutJourney } from './shape.js';

const line = (label: string, value: string): void => console.log(`${label.padEnd(58)} ${value}`);
const ms = (x: number): string => `${x.toFixed(2)} ms`;

async function codec(): Promise<void> {
  console.log('\n## Builder and codec (fan-out of branches, each a chain of 50 tiles)');
  const sizes = [10_000, 20_000];
  const perSize = new Map<number, number>();
  for (const n of sizes) {
    const definition = serializeWorkflowDefinition(fanOutJourney(n));
    const tiles = (JSON.parse(definition) as unknown[]).length;
    const build = await sideBySide(
      () => serializeWorkflowDefinition(fanOutJourney(n)),
      () => JSON.stringify(JSON.parse(definition)),
    );
    const parse = await sideBySide(() => parseWorkflowDefinition(definition), () => JSON.parse(definition));
    perSize.set(n, build.a.medianMs + parse.a.medianMs);
    console.log(`\n${tiles} tiles, definition ${(definition.length / 1024).toFixed(0)} KiB`);
    line('  build+serialize', ms(build.a.medianMs));
    line('  JSON.parse+JSON.stringify of the same output', ms(build.b.medianMs));
    line('  ratio', verdict(build.ratio, 2));
    line('  parse', ms(parse.a.medianMs));
    line('  JSON.parse', ms(parse.b.medianMs));
    line('  ratio', verdict(parse.ratio, 2.5));
  }
  const growth = perSize.get(20_000)! / perSize.get(10_000)!;
  line('\ngrowth 20,000 / 10,000 tiles (build+serialize+parse)', verdict(growth, 2.2));

  const definition = serializeWorkflowDefinition(fanOutJourney(10_000));
  const treeHeap = retainedHeap(() => fanOutJourney(10_000));
  const jsonHeap = retainedHeap(() => JSON.parse(definition));
  line('\nheap held by a built 10,000-tile tree', `${(treeHeap / 1024 / 1024).toFixed(2)} MiB`);
  line('heap held by JSON.parse of its definition', `${(jsonHeap / 1024 / 1024).toFixed(2)} MiB`);
  line('ratio', verdict(treeHeap / jsonHeap, 2));

  const deep = deepChain(5_000);
  const deepDefinition = serializeWorkflowDefinition(deep);
  const again = parseWorkflowDefinition(deepDefinition);
  const same = serializeWorkflowDefinition(again) === deepDefinition;
  line('\nsingle chain 5,000 deep: build, serialize, parse', same ? 'ok (no stack overflow, round trip equal)' : 'ROUND TRIP DIFFERS');
}

async function checkAndCodegen(): Promise<void> {
  console.log('\n## Local Check for Errors and code generation (10,000 tiles)');
  const tree = fanOutJourney(10_000);
  const definition = serializeWorkflowDefinition(tree);
  const check = await sideBySide(() => validateJourney(tree, { definitionLength: definition.length }), () => JSON.parse(definition));
  line('validateJourney', ms(check.a.medianMs));
  line('JSON.parse of the definition', ms(check.b.medianMs));
  line('ratio', verdict(check.ratio, 1));
  const gen = await sideBySide(() => generateCode(tree), () => JSON.parse(definition));
  line('generateCode', ms(gen.a.medianMs));
  line('JSON.parse of the definition', ms(gen.b.medianMs));
  line('ratio', verdict(gen.ratio, 3));
}

const sections: Readonly<Record<string, () => Promise<void>>> = {
  codec,
  check: checkAndCodegen,
  clients: () => benchClients(line, ms),
  emulator: async () => (await import('./emulator.js')).benchEmulator(line),
  simulate: async () => (await import('./simulate.js')).benchSimulate(line, ms),
  archive: () => benchArchive(line, ms),
  plan: async () => (await import('./plan.js')).benchPlan(line, ms),
  'cli-scale': () => benchCliScale(line, ms),
};

const only = process.argv[2];
if (only !== undefined) {
  const section = sections[only];
  if (section === undefined) {
    console.error(`no bench section ${JSON.stringify(only)}; choose one of ${Object.keys(sections).join(', ')}`);
    process.exit(2);
  }
  await section();
} else {
  const self = fileURLToPath(import.meta.url);
  for (const name of Object.keys(sections)) {
    const run = spawnSync(process.execPath, [...process.execArgv, self, name], { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`bench section ${name} failed (exit code ${String(run.status ?? run.signal)})`);
      process.exit(1);
    }
  }
}
