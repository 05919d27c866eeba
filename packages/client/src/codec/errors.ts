/**
 * The one error the codec throws for malformed input.
 *
 * @module
 */

/**
 * Malformed journey data: a workflow definition, designer state, entity record or validation
 * result that cannot be read. `path` is a JSON path into the input (`$[3].Properties.Items[0].ActivityItemId`
 * for a definition, `$.NextActivityID` for a designer state, `$.msdyncrm_name` for a record) and
 * `reason` says what is wrong; the message adds what would be valid.
 *
 * @example
 * ```ts
 * import { parseWorkflowDefinition, JourneyFormatError } from '@customer-journey/client';
 * try {
 *   parseWorkflowDefinition('[{"ActivityTypeId":"bpf_root"}]');
 * } catch (error) {
 *   if (error instanceof JourneyFormatError) console.error(error.path, error.reason);
 * }
 * ```
 */
export class JourneyFormatError extends Error {
  override name = 'JourneyFormatError';
  /** JSON path of the offending value, `$` for the whole input. */
  readonly path: string;
  /** What is wrong, without the path. */
  readonly reason: string;
  /** What would be valid, when the codec can say. */
  readonly expected: string | undefined;
  /** Character offset in the input text, for JSON syntax errors. */
  readonly position: number | undefined;

  /**
   * @param path - JSON path of the offending value.
   * @param reason - what is wrong.
   * @param expected - what would be valid.
   * @param position - character offset in the input text, when known.
   */
  constructor(path: string, reason: string, expected?: string, position?: number) {
    super(`${path}: ${reason}${expected === undefined ? '' : `; expected ${expected}`}`);
    this.path = path;
    this.reason = reason;
    this.expected = expected;
    this.position = position;
  }
}

/** JSON path of item `j` of activity `i` of a definition. */
export function itemPath(i: number, j: number): string {
  return `$[${i}].Properties.Items[${j}]`;
}

/** A short, safe description of a JSON value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `the string ${JSON.stringify(value.slice(0, 40))}…` : `the string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Parses JSON text, turning a syntax error into a {@link JourneyFormatError} at `$` that carries
 * the character position.
 */
export function parseJsonText(text: string, what: string): unknown {
  if (typeof text !== 'string') {
    throw new JourneyFormatError('$', `${what} is ${describeValue(text)}, not a string`, 'JSON text');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    let position = match?.[1] === undefined ? undefined : Number(match[1]);
    if (position === undefined && /end of (JSON|data) input/i.test(message)) position = text.length;
    const at = position === undefined ? '' : ` at position ${position}`;
    throw new JourneyFormatError('$', `${what} is not valid JSON${at} (${message})`, 'JSON text', position);
  }
}

/** Sets a key on a plain object, also when the key is `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
