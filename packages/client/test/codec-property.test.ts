import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromEntity,
  JourneyFormatError,
  MAX_NESTING_DEPTH,
  parseWorkflowDefinition,
  serializeDesignerState,
  serializeWorkflowDefinition,
  toCanonicalJson,
  toEntity,
} from '@customer-journey/client';
import { journey, type JsonObject, type JsonValue } from '@customer-journey/dsl';
import { FIXTURES, fixture, jsonPaths, journeyTreeArb } from './codec-arbitraries.js';

/** Parses, and if that works serializes; only JourneyFormatError may escape. */
function parsesOrFormatError(input: string | unknown[]): void {
  try {
    const tree = parseWorkflowDefinition(input as string);
    serializeWorkflowDefinition(tree);
    toCanonicalJson(tree);
  } catch (error) {
    if (!(error instanceof JourneyFormatError)) throw error;
    expect(error.path.startsWith('$')).toBe(true);
    expect(error.message.length).toBeGreaterThan(error.path.length);
  }
}

type Json = unknown;

function getAt(root: Json, path: readonly (string | number)[]): Json {
  let v = root;
  for (const k of path) v = (v as Record<string | number, Json>)[k];
  return v;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 1 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('reparent' as const), pick: fc.nat(), target: fc.nat(), garbage: fc.boolean() }),
  fc.record({ kind: fc.constant('garble' as const), at: fc.nat(), text: fc.string({ maxLength: 3 }), cut: fc.nat(4) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Applies one mutation to a definition text; returns text or a parsed array. */
function mutate(text: string, m: Mutation): string | unknown[] {
  if (m.kind === 'garble') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at + m.cut);
  }
  const data = JSON.parse(text) as Record<string, Json>[];
  if (!Array.isArray(data) || data.length === 0) return data;
  if (m.kind === 'reparent') {
    const a = data[m.pick % data.length];
    const b = data[m.target % data.length];
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      a['ParentActivityId'] = m.garbage ? 'nowhere' : b['ActivityId'];
    }
    return data;
  }
  const paths = jsonPaths(data).filter((p) => p.length > 0);
  if (paths.length === 0) return data;
  const path = paths[m.pick % paths.length]!;
  const parent = getAt(data, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.kind === 'retype') {
    (parent as Record<string | number, Json>)[key] = m.value;
  } else {
    const value = structuredClone((parent as Record<string | number, Json>)[key]);
    if (Array.isArray(parent)) parent.splice(key as number, 0, value);
    else (parent as Record<string | number, Json>)[`${String(key)}_copy`] = value;
  }
  return data;
}

describe('codec properties', () => {
  it('generated model trees: serialize -> parse -> serialize is the identity', () => {
    fc.assert(
      fc.property(journeyTreeArb(), (tree) => {
        const definition = serializeWorkflowDefinition(tree);
        const state = serializeDesignerState(tree);
        const parsed = parseWorkflowDefinition(definition, state, tree.settings);
        expect(serializeWorkflowDefinition(parsed)).toBe(definition);
        expect(serializeDesignerState(parsed)).toBe(state);
        expect(toCanonicalJson(parsed)).toBe(toCanonicalJson(tree));
        // Without a state, the computed one is above every id used.
        const computed = parseWorkflowDefinition(definition).designerState;
        expect(computed.nextItemId).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('random mutations of valid definitions parse or throw JourneyFormatError, nothing else', () => {
    const samples = fc.oneof(
      fc.constantFrom(...FIXTURES.map((f) => fixture(f))),
      journeyTreeArb(8).map((t) => serializeWorkflowDefinition(t)),
    );
    fc.assert(
      fc.property(samples, fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
        let current: string | unknown[] = text;
        for (const m of mutations) {
          const asText = typeof current === 'string' ? current : JSON.stringify(current);
          let valid = true;
          try {
            JSON.parse(asText);
          } catch {
            valid = false;
          }
          if (!valid) break;
          current = mutate(asText, m);
        }
        parsesOrFormatError(current);
      }),
      { numRuns: 400 },
    );
  });

  it('generated builder journeys: build -> serialize -> parse -> serialize is the identity', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('email' as const), name: fc.string({ minLength: 1, maxLength: 10 }).filter((n) => n.trim() !== '') }),
      fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant('activity' as const), type: fc.constantFrom('phonecall', 'task', 'appointment') }),
      fc.record({ kind: fc.constant('custom' as const), value: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue> }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 6 }),
        fc.option(fc.array(step, { maxLength: 3 }), { nil: undefined }),
        fc.option(fc.array(step, { maxLength: 3 }), { nil: undefined }),
        fc.constantFrom('contact' as const, 'account' as const),
        (chain, yes, no, target) => {
          type B = ReturnType<typeof journey>;
          /** The tile methods a chain step uses, whatever builder type carries them. */
          interface Chain {
            email(name: string, options: { emailId: string }): Chain;
            wait(options: { duration: { value: number; unit: 'Day' } }): Chain;
            activity(name: string, options: { activityType: string }): Chain;
            custom(type: string, name: string, options: { extra: JsonObject }): Chain;
          }
          const apply = (b: Chain, steps: typeof chain): Chain => {
            let cur = b;
            for (const s of steps) {
              if (s.kind === 'email') cur = cur.email(s.name, { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' });
              else if (s.kind === 'wait') cur = cur.wait({ duration: { value: s.days, unit: 'Day' } });
              else if (s.kind === 'activity') cur = cur.activity('Call', { activityType: s.type });
              else cur = cur.custom('new_Channel', 'Custom', { extra: { new_Value: s.value } });
            }
            return cur;
          };
          const first = journey('Generated', { target }).segment('All', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] }).email('First', {
            emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', key: 'page' }],
          });
          const start = apply(first as unknown as Chain, chain) as unknown as B;
          const tree = start
            .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
              ...(yes === undefined ? {} : { yes: (b) => apply(b as unknown as Chain, yes) as unknown as typeof b }),
              ...(no === undefined ? {} : { no: (b) => apply(b as unknown as Chain, no) as unknown as typeof b }),
            })
            .build();
          const definition = serializeWorkflowDefinition(tree);
          const state = serializeDesignerState(tree);
          const parsed = parseWorkflowDefinition(definition, state, tree.settings);
          expect(serializeWorkflowDefinition(parsed)).toBe(definition);
          expect(toCanonicalJson(parsed)).toBe(toCanonicalJson(tree));
        },
      ),
      { numRuns: 100 },
    );
  });
});

/** Runs `f`; returns the JourneyFormatError it throws, or undefined. Anything else fails the property. */
function formatErrorOf(f: () => unknown): JourneyFormatError | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (!(error instanceof JourneyFormatError)) throw error;
    expect(error.path.startsWith('$')).toBe(true);
    return error;
  }
}

describe('codec properties at the limits', () => {
  it('any value handed to a writer: a result or JourneyFormatError, never a bare TypeError or RangeError', () => {
    const writers: ((x: never) => unknown)[] = [serializeWorkflowDefinition, serializeDesignerState, toEntity, toCanonicalJson];
    const mangled = journeyTreeArb(4).chain((tree) =>
      fc.record({ key: fc.constantFrom('settings', 'root', 'designerState'), value: fc.anything() }).map(({ key, value }) => ({ ...tree, [key]: value })),
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), mangled), fc.nat(writers.length - 1), (value, w) => {
        formatErrorOf(() => writers[w]!(value as never));
      }),
      { numRuns: 500 },
    );
  });

  it('a value nested to any depth, anywhere unknown keys go: refused past MAX_NESTING_DEPTH, written back otherwise', () => {
    // Where the value goes, and how many arrays and objects enclose it there.
    const places = [
      { where: 'activity', level: 2 },
      { where: 'properties', level: 3 },
      { where: 'item', level: 5 },
      { where: 'state', level: 1 },
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.constantFrom(...places),
        // Around the limit, and deep enough to break writers that recurse.
        fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 4_000, max: 8_000 })),
        fc.boolean(),
        (name, place, depth, objects) => {
          const data = JSON.parse(fixture(name)) as { Properties: { Items: Record<string, unknown>[] } & Record<string, unknown> }[];
          let value = '1';
          for (let k = 0; k < depth; k++) value = objects ? `{"k":${value}}` : `[${value}]`;
          const host = data.find((a) => a.Properties.Items.length > 0)!;
          const marker = '"__DEEP__"';
          let state = '{"NextActivityID":100,"NextActivityItemID":1000}';
          if (place.where === 'activity') (host as Record<string, unknown>)['new_Deep'] = '__DEEP__';
          else if (place.where === 'properties') host.Properties['new_Deep'] = '__DEEP__';
          else if (place.where === 'item') host.Properties.Items[0]!['new_Deep'] = '__DEEP__';
          else state = `{"NextActivityID":100,"NextActivityItemID":1000,"new_Deep":${marker}}`;
          const text = JSON.stringify(data).replace(marker, value);
          const error = formatErrorOf(() => {
            const tree = parseWorkflowDefinition(text, state.replace(marker, value));
            serializeWorkflowDefinition(tree);
            toEntity(tree);
            toCanonicalJson(tree);
          });
          expect(error !== undefined).toBe(place.level + depth > MAX_NESTING_DEPTH);
          if (error !== undefined) expect(error.path).toMatch(/new_Deep/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('any designer state value: JourneyFormatError, or counters that are non-negative safe integers and write back', () => {
    const counter = fc.oneof(fc.integer({ min: -3, max: 1000 }), fc.double(), fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e300, '7', null));
    const state = fc.oneof(
      fc.anything(),
      fc.record({ NextActivityID: counter, NextActivityItemID: counter }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(state, fc.boolean(), (value, asText) => {
        const given = asText ? JSON.stringify(value) : value;
        let tree: ReturnType<typeof parseWorkflowDefinition> | undefined;
        formatErrorOf(() => {
          tree = parseWorkflowDefinition(fixture('wd.json'), given as string);
        });
        if (tree === undefined) return;
        const { nextActivityId, nextItemId } = tree.designerState;
        for (const n of [nextActivityId, nextItemId]) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
        if (typeof given === 'string' && given !== '') expect(JSON.parse(serializeDesignerState(tree))).toEqual(JSON.parse(given));
        expect(() => toEntity(tree!)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it('any start or end date: fromEntity refuses it at the column, or toEntity writes what fromEntity read', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const isoLike = fc
      .tuple(fc.integer({ min: 1, max: 9999 }), two(19), two(39), two(29), two(69), two(69), fc.constantFrom('Z', '+01:00', '-25:00', '', '.5Z'))
      .map(([y, mo, d, h, mi, s, z]) => `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}${z}`);
    const date = fc.oneof(isoLike, fc.string({ maxLength: 30 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
    fc.assert(
      fc.property(date, fc.constantFrom('msdyncrm_startdatetime', 'msdyncrm_enddatetime'), (value, column) => {
        let tree: ReturnType<typeof fromEntity> | undefined;
        const error = formatErrorOf(() => {
          tree = fromEntity({ msdyncrm_name: 'Dated', msdyncrm_entitytarget: 0, [column]: value });
        });
        if (error !== undefined) {
          expect(error.path).toBe(`$.${column}`);
          return;
        }
        expect(() => toEntity(tree!)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('any ActivityItemId number: refused above 2^53 - 1 (never rounded), written back exactly otherwise', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 1000 }),
      fc.bigInt({ min: 2n ** 52n, max: 2n ** 60n }).map(String),
      fc.constantFrom('9007199254740991', '9007199254740992', '9007199254740993', '1e20', '1.5', '-1', '0.0'),
    );
    fc.assert(
      fc.property(id, (n) => {
        const text = JSON.parse(fixture('wd.json')) as unknown[];
        const source = JSON.stringify(text).replace('"ActivityItemId":0', `"ActivityItemId":${String(n)}`);
        let tree: ReturnType<typeof parseWorkflowDefinition> | undefined;
        formatErrorOf(() => {
          tree = parseWorkflowDefinition(source);
        });
        const value = JSON.parse(String(n)) as number;
        if (tree === undefined) return;
        expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
        expect(tree.root.header?.itemId).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});
