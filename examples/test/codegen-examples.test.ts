/**
 * Import to code, over every example journey: the TypeScript that `generateCode` writes
 * type-checks with the repository's settings, runs, and rebuilds a journey that serializes equal
 * to the original.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDesignerState, serializeWorkflowDefinition, toCanonicalJson } from '@customer-journey/client';
import { generateCode, type JourneyTree } from '@customer-journey/dsl';
import { eventInvitation } from '../journeys/event-invitation.js';
import { welcomeSeries } from '../journeys/welcome-series.js';
import { eventJourneys } from '../templates/generate.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dslEntry = join(repo, 'packages/dsl/src/index.ts');

const examples: [string, JourneyTree][] = [
  ['welcome series', welcomeSeries],
  ['event invitation', eventInvitation],
  ...eventJourneys().map((tree, i): [string, JourneyTree] => [`template journey ${i + 1}`, tree]),
];

let dir = '';
const files: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'journey-examples-codegen-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  examples.forEach(([, tree], i) => {
    const file = join(dir, `example${i}.ts`);
    writeFileSync(file, generateCode(tree, { importFrom: dslEntry, exportName: 'generated' }));
    files.push(file);
  });
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('generateCode on every example journey', () => {
  it.each(examples.map(([name], i) => [name, i] as const))('%s: runs and serializes equal to the original', async (_name, i) => {
    const original = examples[i]![1];
    const { generated } = (await import(pathToFileURL(files[i]!).href)) as { generated: JourneyTree };
    expect(serializeWorkflowDefinition(generated)).toBe(serializeWorkflowDefinition(original));
    expect(serializeDesignerState(generated)).toBe(serializeDesignerState(original));
    expect(toCanonicalJson(generated)).toBe(toCanonicalJson(original));
  });

  it('every generated module type-checks with the repository settings', () => {
    const config = ts.readConfigFile(join(repo, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repo);
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
    const problems = files.flatMap((file) => {
      const source = program.getSourceFile(file)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
        (d) => `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    });
    expect(problems).toEqual([]);
  });

  it('writes the journeys built with the builder back without explicit ids', () => {
    const code = generateCode(eventInvitation);
    expect(code).toContain("import { journey } from '@customer-journey/dsl';");
    expect(code).not.toMatch(/\bitemId: \d|\bid: '01/);
  });
});
