/**
 * The checks of parseWorkflowDefinition itself: the structural schema pass runs only when the
 * reader finds a problem, so the reader must reject everything the schema rejects, and report the
 * schema's first problem as if the schema had run first. The typed item properties are read by
 * code written per type, which must follow ITEM_PROPS exactly.
 */
import AjvModule from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JourneyFormatError, parseWorkflowDefinition, serializeWorkflowDefinition, workflowDefinitionSchema } from '../src/index.js';
import { ITEM_PROPS, typedPropReaderOf } from '../src/codec/item-props.js';
import { checkDefinitionSchema } from '../src/codec/schema-check.js';
import { FIXTURES, fixture, jsonPaths, journeyTreeArb } from './codec-arbitraries.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const fullSchema = new AjvModule.default({ allErrors: false, strict: true, strictTypes: false }).compile(workflowDefinitionSchema);

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

const change = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('retype' as const),
    pick: fc.nat(),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom('', 'constructor', 'toString', '__proto__', 'DEFAULT', 'yesBRANCH', 'Contact', 'ACCOUNT', -1, 1.5, 0, null),
    ),
  }),
);

describe('parse checks', () => {
  it('reports exactly the structural schema problem when there is one, and accepts only what the full schema accepts', () => {
    const samples = fc.oneof(
      fc.constantFrom(...FIXTURES.map((f) => fixture(f))),
      journeyTreeArb(6).map((t) => serializeWorkflowDefinition(t)),
    );
    fc.assert(
      fc.property(samples, fc.array(change, { minLength: 1, maxLength: 3 }), (text, changes) => {
        const data = JSON.parse(text) as unknown[];
        for (const c of changes) {
          const paths = jsonPaths(data).filter((p) => p.length > 0);
          if (paths.length === 0) break;
          const path = paths[c.pick % paths.length]!;
          const parent = getAt(data, path.slice(0, -1)) as Record<string | number, unknown>;
          const key = path[path.length - 1]!;
          if (c.kind === 'delete') {
            if (Array.isArray(parent)) parent.splice(key as number, 1);
            else delete parent[key];
          } else parent[key] = c.value;
        }
        const schemaError = thrown(() => checkDefinitionSchema(data));
        for (const input of [data, JSON.stringify(data)]) {
          const parseError = thrown(() => parseWorkflowDefinition(input));
          if (schemaError !== undefined) {
            expect(parseError).toBeInstanceOf(JourneyFormatError);
            expect((parseError as Error).message).toBe((schemaError as Error).message);
          } else if (parseError === undefined) {
            expect(fullSchema(data)).toBe(true);
          } else {
            expect(parseError).toBeInstanceOf(JourneyFormatError);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads relation values from a fixed set only: names of Object.prototype are not relations', () => {
    for (const relation of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const definition = JSON.stringify([
        { ActivityTypeId: 'bpf_root', ParentBranchId: 0, ParentRelationshipType: 'Default', ActivityId: '01', Properties: { Items: [{ ActivityTypeId: 'bpf_root', ActivityItemId: 0 }] } },
        { ActivityTypeId: 'Email', ParentActivityId: '01', ParentBranchId: 0, ParentRelationshipType: relation, ActivityId: '01_0', EntityTarget: 'contact', Properties: { Items: [{ ActivityTypeId: 'Email', ActivityItemId: 1 }] } },
      ]);
      const error = thrown(() => parseWorkflowDefinition(definition));
      expect(error, relation).toBeInstanceOf(JourneyFormatError);
      expect((error as JourneyFormatError).path).toBe('$[1].ParentRelationshipType');
    }
    const lower = JSON.stringify([
      { ActivityTypeId: 'bpf_root', ParentBranchId: 0, ParentRelationshipType: 'default', ActivityId: '01', Properties: { Items: [] } },
      { ActivityTypeId: 'empty', ParentActivityId: '01', ParentBranchId: 0, ParentRelationshipType: 'YESBRANCH', ActivityId: '01_0', Properties: { Items: [] } },
    ]);
    const tree = parseWorkflowDefinition(lower);
    expect(tree.root.relation).toBe('Default');
    expect(tree.root.children[0]?.relation).toBe('YesBranch');
  });

  it('the typed property readers follow ITEM_PROPS: model names, kinds and messages', () => {
    const good = { string: 'x', number: 2.5, boolean: true, conditions: [{ SourceActivityItemId: '3', Condition: 'Opened' }] } as const;
    const bad = { string: 5, number: 'five', boolean: 'yes', conditions: { not: 'an array' } } as const;
    const expected = {
      string: 'a string',
      number: 'a number',
      boolean: 'a boolean',
      conditions: 'an array of { SourceActivityItemId: string, Condition: string }',
    } as const;
    for (const [type, specs] of Object.entries(ITEM_PROPS)) {
      const reader = typedPropReaderOf(type);
      expect(reader, type).toBeDefined();
      expect(reader!('NotATypedProperty', 1, {}, 0, 0, false)).toBe(false);
      for (const spec of specs) {
        const out: Record<string, unknown> = {};
        expect(reader!(spec.wire, good[spec.kind], out, 4, 2, false), `${type}.${spec.wire}`).toBe(true);
        if (spec.kind === 'conditions') expect(out[spec.model]).toEqual([{ sourceItemId: '3', condition: 'Opened' }]);
        else expect(out).toEqual({ [spec.model]: good[spec.kind] });
        const error = thrown(() => reader!(spec.wire, bad[spec.kind], {}, 4, 2, false));
        expect(error, `${type}.${spec.wire}`).toBeInstanceOf(JourneyFormatError);
        expect((error as JourneyFormatError).path).toBe(`$[4].Properties.Items[2].${spec.wire}`);
        expect((error as JourneyFormatError).expected).toBe(expected[spec.kind]);
      }
      // Every key the reader knows is in ITEM_PROPS (no extra names).
      const known = new Set(specs.map((s) => s.wire));
      for (const other of Object.values(ITEM_PROPS).flat()) {
        if (!known.has(other.wire)) expect(reader!(other.wire, good[other.kind], {}, 0, 0, false), `${type}.${other.wire}`).toBe(false);
      }
    }
    for (const type of ['Email', 'bpf_root', 'LandingPage', 'constructor']) expect(typedPropReaderOf(type)).toBeUndefined();
    const number = thrown(() => typedPropReaderOf('Trigger')!('TimeoutValue', Number.POSITIVE_INFINITY, {}, 1, 0, false));
    expect((number as JourneyFormatError).message).toBe('$[1].Properties.Items[0].TimeoutValue: TimeoutValue is the number Infinity; expected a number');
  });
});
