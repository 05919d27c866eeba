// Checks the built API reference and guides (docs/site, written by typedoc): every package is a
// module named after the package, "Getting started" is the first guide, and no link in a page
// still points at a Markdown file (a link the site did not resolve).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const site = join(root, 'docs/site');
const problems = [];
if (!existsSync(join(site, 'modules.html'))) {
  console.error('docs/site/modules.html is missing: build the site first (pnpm docs:build)');
  process.exit(1);
}
const modules = readFileSync(join(site, 'modules.html'), 'utf8');
const navigation = [...modules.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({ href: m[1], text: m[2] }));

for (const dir of readdirSync(join(root, 'packages'))) {
  const manifest = join(root, 'packages', dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const { name, private: isPrivate } = JSON.parse(readFileSync(manifest, 'utf8'));
  if (isPrivate) continue;
  if (!navigation.some((a) => a.href.startsWith('modules/') && a.text === name)) problems.push(`no module named ${name}`);
}
const guides = navigation.filter((a) => a.href.startsWith('documents/'));
if (guides[0]?.text !== 'Getting started') problems.push(`the first guide is ${JSON.stringify(guides[0]?.text)}, not "Getting started"`);

const pages = ['index.html', ...readdirSync(join(site, 'documents')).map((f) => join('documents', f))];
for (const page of pages) {
  const html = readFileSync(join(site, page), 'utf8');
  for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
    if (!/^[a-z]+:/i.test(href) && /\.md(#|$)/.test(href)) problems.push(`${page}: unresolved link ${href}`);
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(`docs/site: ${p}`);
  process.exit(1);
}
console.log(`docs/site: ${navigation.filter((a) => a.href.startsWith('modules/')).length} modules, ${guides.length} guides, links resolved`);
