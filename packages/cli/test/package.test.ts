/**
 * What installing the command line brings: `@azure/identity` (which wants Node.js 22) only as an
 * optional peer, and no package in what it installs asking for a newer Node.js than the one the
 * packages declare, so that an install on Node.js 20 prints no engine warning.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

const read = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.replace(/^v/, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [a, b, c];
};
const cmp = (x: Version, y: Version): number => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** Whether `version` satisfies an `engines` range (the forms npm packages use: >=, >, <, <=, ^, ~, x-ranges, a - b, ||). */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) => {
    const text = alternative.trim().replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) return cmp(v, parse(hyphen[1]!)) >= 0 && cmp(v, parse(hyphen[2]!)) <= 0;
    return text.split(/\s+/).every((comparator) => {
      const m = /^(>=|<=|>|<|\^|~|=)?\s*v?([\dx*.]*)$/.exec(comparator);
      if (m === null) return false;
      const [, op = '', raw = ''] = m;
      if (raw === '' || raw === '*' || raw === 'x') return true;
      const parts = raw.split('.');
      const bound = parse(raw);
      const given = parts.filter((p) => /^\d+$/.test(p)).length;
      switch (op) {
        case '>=': return cmp(v, bound) >= 0;
        case '>': return cmp(v, bound) > 0;
        case '<=': return cmp(v, bound) <= 0;
        case '<': return cmp(v, bound) < 0;
        case '^': return cmp(v, bound) >= 0 && v[0] === bound[0];
        case '~': return cmp(v, bound) >= 0 && v[0] === bound[0] && (given < 2 || v[1] === bound[1]);
        default: // exact, or an x-range such as 20 or 20.x
          return (given < 1 || v[0] === bound[0]) && (given < 2 || v[1] === bound[1]) && (given < 3 || v[2] === bound[2]);
      }
    });
  });
}

/** The directory of `name` as Node would find it from `from` (following pnpm's links). */
function locate(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return dirname(realpathSync(candidate));
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package an install of `root` brings (dependencies and optional ones; peers are the user's). */
function installed(root: string): Map<string, { dir: string; manifest: Manifest }> {
  const out = new Map<string, { dir: string; manifest: Manifest }>();
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const manifest = read(join(dir, 'package.json'));
    const key = `${manifest.name}@${manifest.version}`;
    if (out.has(key)) continue;
    out.set(key, { dir, manifest });
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = locate(name, dir);
      if (found !== undefined) pending.push(found);
    }
  }
  return out;
}

describe('installing @customer-journey/cli', () => {
  const cliDir = join(REPO, 'packages/cli');
  const cli = read(join(cliDir, 'package.json'));

  it('takes @azure/identity only as an optional peer', () => {
    expect(cli.dependencies?.['@azure/identity']).toBeUndefined();
    expect(cli.peerDependencies?.['@azure/identity']).toBeDefined();
    expect(cli.peerDependenciesMeta?.['@azure/identity']?.optional).toBe(true);
  });

  it('brings no package that asks for a newer Node.js than the packages declare', () => {
    const floor = cli.engines?.node?.replace(/^>=\s*/, '') ?? '20.0.0';
    expect(satisfies(floor, '>=20')).toBe(true);
    const packages = installed(cliDir);
    expect([...packages.keys()]).toContain(`undici@${read(join(locate('undici', join(REPO, 'packages/client'))!, 'package.json')).version}`);
    const unmet = [...packages.entries()]
      .filter(([, { manifest }]) => manifest.engines?.node !== undefined && !satisfies(floor, manifest.engines.node))
      .map(([key, { manifest }]) => `${key} wants node ${manifest.engines?.node ?? ''}`);
    expect(unmet).toEqual([]);
    expect(satisfies(floor, '>=22.0.0')).toBe(false);
  });

  it('the range check reads the forms packages use', () => {
    expect(satisfies('20.18.1', '>=20.18.1')).toBe(true);
    expect(satisfies('20.18.0', '>=20.18.1')).toBe(false);
    expect(satisfies('20.18.1', '^20.0.0 || >=22.0.0')).toBe(true);
    expect(satisfies('20.18.1', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('20.18.1', '>= 14')).toBe(true);
    expect(satisfies('20.18.1', '>=22.12.0 || ^20.19.0')).toBe(false);
    expect(satisfies('20.18.1', '~20.18.0')).toBe(true);
    expect(satisfies('20.18.1', '18.x')).toBe(false);
  });
});
