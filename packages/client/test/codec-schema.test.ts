import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema } from '@customer-journey/client';
import { FIXTURES, fixture } from './codec-arbitraries.js';

const Ajv = AjvModule.default;

describe('workflowDefinitionSchema', () => {
  it('is published as schema/workflow-definition.schema.json, byte for byte what the build writes', () => {
    const url = new URL('../schema/workflow-definition.schema.json', import.meta.url);
    const text = readFileSync(url, 'utf8');
    expect(JSON.parse(text)).toEqual(workflowDefinitionSchema);
    expect(text).toBe(`${JSON.stringify(workflowDefinitionSchema, null, 2)}\n`);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown>; files: string[] };
    expect(pkg.exports['./schema.json']).toBe('./schema/workflow-definition.schema.json');
    expect(pkg.files).toContain('schema');
  });

  it('is draft-07, compiles in strict mode and accepts every sample', () => {
    expect(workflowDefinitionSchema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    const validate = new Ajv({ strict: true, strictTypes: false, allErrors: true }).compile(workflowDefinitionSchema);
    for (const name of FIXTURES) expect(validate(JSON.parse(fixture(name))), `${name} ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('rejects wrong types of typed properties, bad relations and bad targets', () => {
    const validate = new Ajv({ strict: true, strictTypes: false, allErrors: true }).compile(workflowDefinitionSchema);
    const blog = JSON.parse(fixture('blog.json')) as { Properties: { Items: Record<string, unknown>[] }; ParentRelationshipType: string; EntityTarget?: string }[];
    blog[0]!.Properties.Items[0]!['TimeoutValue'] = '5';
    blog[1]!.ParentRelationshipType = 'sideways';
    blog[2]!.EntityTarget = 'lead';
    expect(validate(blog)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/0/Properties/Items/0/TimeoutValue', '/1/ParentRelationshipType', '/2/EntityTarget']));
    expect(validate([{ ...blog[3], ParentRelationshipType: 'yEsBrAnCh' }].slice(0, 1).map((a) => ({ ...a, EntityTarget: 'CONTACT' })))).toBe(true);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(workflowDefinitionSchema)).toBe(true);
    expect(Object.isFrozen((workflowDefinitionSchema['definitions'] as Record<string, object>)['item'])).toBe(true);
  });
});
