/**
 * The structural pass of parsing: the workflow definition schema compiled once with ajv, and ajv
 * errors turned into {@link JourneyFormatError}s with a `$[i]…` path.
 *
 * @module
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { JourneyFormatError, describeValue } from './errors.js';
import { childPath } from './nesting.js';
import { workflowDefinitionSchema, type JsonSchema } from './schema.js';

let compiled: ValidateFunction | undefined;

/**
 * The schema the parse pass checks: {@link workflowDefinitionSchema} with items reduced to
 * "an object". The parser checks every item field itself (same rules, same messages) while it
 * reads them, so checking them twice would only cost time on large definitions.
 */
export function structuralSchema(): JsonSchema {
  const definitions = workflowDefinitionSchema['definitions'] as Record<string, JsonSchema>;
  const item = definitions['item']!;
  return {
    ...workflowDefinitionSchema,
    definitions: {
      activity: definitions['activity'],
      properties: definitions['properties'],
      item: { description: item['description'], type: 'object' },
    },
  };
}

function validator(): ValidateFunction {
  if (compiled === undefined) {
    const Ajv = AjvModule.default;
    // allErrors off: stop at the first problem, which keeps the pass cheap on large definitions.
    const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictTypes: false });
    compiled = ajv.compile(structuralSchema());
  }
  return compiled;
}

/** Turns a JSON Pointer (`/3/Properties/Items/0`) into a JSON path (`$[3].Properties.Items[0]`). */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  let path = '$';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    // An index stays as written (a number could round a long one).
    path = /^(?:0|[1-9]\d*)$/.test(segment) ? `${path}[${segment}]` : childPath(path, segment);
  }
  return path;
}

function lastName(pointer: string): string {
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  if (pointer === '') return 'the definition';
  if (/^\d+$/.test(last)) return /\/Items\/\d+$/.test(pointer) ? 'item' : /\/ConditionExpressions\/\d+$/.test(pointer) ? 'condition' : 'element';
  return last.replace(/~1/g, '/').replace(/~0/g, '~');
}

function descriptionOf(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const d = (schema as JsonSchema)['description'];
  return typeof d === 'string' ? d : undefined;
}

/** Converts one ajv error into a {@link JourneyFormatError}. */
export function ajvErrorToFormatError(error: ErrorObject): JourneyFormatError {
  const at = pointerToPath(error.instancePath);
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
    const props = (error.parentSchema as JsonSchema | undefined)?.['properties'] as Record<string, unknown> | undefined;
    const property = props?.[missing];
    let expected = descriptionOf(property);
    if (expected === undefined && typeof property === 'object' && property !== null && '$ref' in property) {
      const ref = String((property as { $ref: unknown }).$ref);
      const name = ref.slice(ref.lastIndexOf('/') + 1);
      const defs = workflowDefinitionSchema['definitions'] as Record<string, unknown>;
      expected = descriptionOf(defs[name]);
    }
    return new JourneyFormatError(
      childPath(at, missing),
      `${missing} is missing`,
      expected,
    );
  }
  const expected = error.instancePath === '' ? 'a JSON array of activity objects' : descriptionOf(error.parentSchema);
  return new JourneyFormatError(
    at,
    `${lastName(error.instancePath)} is ${describeValue(error.data)}`,
    expected,
  );
}

/**
 * Checks a parsed definition against {@link workflowDefinitionSchema}; throws the first problem
 * as a {@link JourneyFormatError}.
 *
 * @example
 * ```ts
 * checkDefinitionSchema(JSON.parse(text)); // throws JourneyFormatError at e.g. $[2].ParentBranchId
 * ```
 */
export function checkDefinitionSchema(data: unknown): void {
  const validate = validator();
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  const first = errors.find((e) => e.keyword !== 'if') ?? errors[0];
  if (first === undefined) throw new JourneyFormatError('$', 'the definition does not match the schema', 'a JSON array of activity objects');
  throw ajvErrorToFormatError(first);
}
