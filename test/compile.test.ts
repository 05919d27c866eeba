/**
 * What the TypeScript compiler says, checked as tests (one program for all of it, so it is
 * fast): the type-level tests (`*.test-d.ts`, `expectTypeOf` and `@ts-expect-error`) and every
 * fenced `ts` block of `README.md`, `docs/**\/*.md` and the packages' READMEs, each as a
 * standalone module against the packages. A block marked `ts no-check` is a deliberate fragment
 * and is skipped.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, formatProblem, ROOT, typeCheck, type Problem } from './support/compile.js';
import { codeBlocks, type CodeBlock } from './support/markdown.js';

const TYPE_TESTS = filesUnder(join(ROOT, 'packages'), (name) => name.endsWith('.test-d.ts'));
const MARKDOWN = [
  join(ROOT, 'README.md'),
  ...filesUnder(join(ROOT, 'docs'), (name) => name.endsWith('.md')),
  ...filesUnder(join(ROOT, 'packages'), (name) => name === 'README.md'),
];

/** Where a block is compiled: beside its Markdown file, so that the nearest package.json makes it ESM. */
function blockPath(block: CodeBlock, index: number): string {
  return join(ROOT, dirname(block.file), `${basename(block.file)}.block-${index + 1}.ts`);
}

// Known-bad inputs, compiled with the rest: they prove the checks can fail.
const CANARY_TYPES = join(ROOT, 'packages/dsl/test/canary.test-d.ts');
const CANARY_TYPES_TEXT = [
  "import { expectTypeOf } from 'vitest';",
  "import { journey, type JourneyTree } from '@customer-journey/dsl';",
  "expectTypeOf(journey('A', { target: 'contact' }).build()).toEqualTypeOf<string>();",
  '// @ts-expect-error: nothing is wrong on the next line, so this directive is unused',
  "const tree: JourneyTree = journey('B', { target: 'contact' }).build();",
  'export { tree };',
  '',
].join('\n');
const CANARY_MARKDOWN = [
  '# A guide',
  '',
  '```ts',
  "import { createJourneyClient } from '@customer-journey/client';",
  '',
  "const client = createJourneyClient({ orgUrl: 'https://contoso.crm.dynamics.com', credential });",
  '```',
  '',
  '```ts no-check',
  'await client.push(eventInvite); // a fragment: not compiled',
  '```',
  '',
].join('\n');

interface Checked {
  readonly blocks: readonly { readonly block: CodeBlock; readonly path: string }[];
  readonly problems: readonly Problem[];
  readonly canaryBlocks: readonly { readonly block: CodeBlock; readonly path: string }[];
}

let checked: Checked;

beforeAll(() => {
  const collect = (file: string, text: string) =>
    codeBlocks(relative(ROOT, file), text)
      .filter((b) => b.info === 'ts')
      .map((block, i) => ({ block, path: blockPath(block, i) }));
  const blocks = MARKDOWN.flatMap((file) => collect(file, readFileSync(file, 'utf8')));
  const canaryBlocks = collect(join(ROOT, 'docs/guides/canary.md'), CANARY_MARKDOWN);
  const virtual = new Map<string, string>([[CANARY_TYPES, CANARY_TYPES_TEXT], ...[...blocks, ...canaryBlocks].map(({ block, path }) => [path, block.code] as const)]);
  checked = { blocks, canaryBlocks, problems: typeCheck(TYPE_TESTS, virtual) };
}, 240_000);

const problemsIn = (path: string): Problem[] => checked.problems.filter((p) => p.path === path);

describe('type-level tests', () => {
  it('finds them', () => {
    expect(TYPE_TESTS.map((f) => relative(ROOT, f))).toContain('packages/dsl/test/builder.test-d.ts');
  });

  it.each(TYPE_TESTS.map((f) => [relative(ROOT, f), f]))('%s compiles: every type expectation holds', (_, file) => {
    expect(problemsIn(file).map(formatProblem)).toStrictEqual([]);
  });

  it('a wrong expectation and an unused @ts-expect-error are reported', () => {
    expect(problemsIn(CANARY_TYPES).map((p) => [p.line, p.code])).toStrictEqual([
      [3, 'TS2344'],
      [4, 'TS2578'],
    ]);
  });
});

/** A block's problems, at their line in the Markdown file. */
function blockProblems({ block, path }: { block: CodeBlock; path: string }): string[] {
  return problemsIn(path).map((p) => `${block.file}:${block.line + p.line - 1}:${p.column} ${p.code} ${p.message}`);
}

describe('code blocks of the docs', () => {
  it('finds the blocks of the README and the guides', () => {
    const files = new Set(checked.blocks.map((b) => b.block.file));
    expect(files).toContain('README.md');
    expect(files).toContain('docs/guides/getting-started.md');
  });

  it.each(MARKDOWN.map((f) => relative(ROOT, f)))('every ts block of %s compiles on its own', (file) => {
    expect(checked.blocks.filter((b) => b.block.file === file).flatMap(blockProblems)).toStrictEqual([]);
  });

  it('reports a block that does not compile at its line in the Markdown, and skips ts no-check', () => {
    expect(checked.canaryBlocks.map((b) => b.block.info)).toStrictEqual(['ts']);
    const problems = checked.canaryBlocks.flatMap(blockProblems);
    expect(problems).toHaveLength(1);
    // Which of its messages the compiler picks (TS2304, TS2552, TS18004) depends on what it checked first.
    expect(problems[0]).toMatch(/^docs\/guides\/canary\.md:6:82 TS\d+ .*'credential'/);
  });
});
