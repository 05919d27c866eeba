/**
 * Code for a journey without a name: a definition parsed without settings has the name `''`, and
 * `journey('')` cannot build. generateCode refuses such a tree unless it is given a `name`, and the
 * code it writes with one runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCode, JourneyBuildError, type JourneyTree } from '@customer-journey/dsl';
import { parseWorkflowDefinition, serializeWorkflowDefinition } from '@customer-journey/client';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dslEntry = join(repo, 'packages/dsl/src/index.ts');
const dir = mkdtempSync(join(tmpdir(), 'codegen-name-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEFINITION =
  '[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01","Properties":{"Items":[{"ActivityTypeId":"bpf_root","ItemId":null,"Name":"New ActivityTypeName_bpf_root_TitleText","IsNameSystemDefined":true,"ActivityItemId":0,"Description":"","Title":"Undefined"}]}},' +
  '{"ActivityTypeId":"Email","ParentActivityId":"01","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01_0","Properties":{"Items":[{"ActivityTypeId":"Email","ItemId":"184e5a1a-464a-e911-a873-000d3a1fe344","Name":"Welcome","IsNameSystemDefined":false,"ActivityItemId":1,"Description":"","Title":"Undefined"}]},"EntityTarget":"contact"}]';

describe('generateCode of a nameless tree', () => {
  const bare = parseWorkflowDefinition(DEFINITION);

  it('refuses it without a name, saying how to give one', () => {
    expect(bare.settings.name).toBe('');
    let error: unknown;
    try {
      generateCode(bare);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JourneyBuildError);
    expect((error as JourneyBuildError).code).toBe('empty-name');
    expect((error as Error).message).toMatch(/the journey has no name .*generateCode\(tree, \{ name: 'Welcome' \}\)/);
    const blank: JourneyTree = { ...bare, settings: { ...bare.settings, name: '   ' } };
    expect(() => generateCode(blank)).toThrow(JourneyBuildError);
  });

  it('with a name, writes code that builds the same definition under that name', async () => {
    const code = generateCode(bare, { importFrom: dslEntry, name: 'Journey 6628bbf7' });
    expect(code).toMatch(/export const journey6628bbf7 = journey\('Journey 6628bbf7'[,)]/);
    const file = join(dir, 'named.ts');
    writeFileSync(file, code);
    const module = (await import(pathToFileURL(file).href)) as { journey6628bbf7: JourneyTree };
    expect(module.journey6628bbf7.settings.name).toBe('Journey 6628bbf7');
    expect(serializeWorkflowDefinition(module.journey6628bbf7)).toBe(serializeWorkflowDefinition(bare));
  });

  it("keeps the tree's own name when it has one, and refuses a blank or too long name option", () => {
    const named = parseWorkflowDefinition(DEFINITION, undefined, { name: 'Welcome', target: 'contact' });
    expect(generateCode(named, { name: 'Other' })).toMatch(/export const welcome = journey\('Welcome'[,)]/);
    expect(() => generateCode(bare, { name: ' ' })).toThrow(/name must be 1 to 100 characters, not blank/);
    expect(() => generateCode(bare, { name: 'x'.repeat(101) })).toThrow(RangeError);
  });
});
