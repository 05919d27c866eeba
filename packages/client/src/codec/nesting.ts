/**
 * How deep JSON values may nest. Unknown keys of a definition or designer state are kept as they
 * are, so their values can be any JSON; a value nested thousands of levels deep would parse (the
 * engine's `JSON.parse` does not recurse) and then break every writer, which does. The codec
 * refuses such values where it reads them and where it writes them, with the JSON path.
 *
 * @module
 */
import { JourneyFormatError } from './errors.js';

/**
 * The deepest nesting of arrays and objects the codec reads or writes, counted from the top of the
 * document: the array of a workflow definition is level 1, an activity level 2, its `Properties`
 * level 3, `Items` level 4, an item level 5, and a value under an unknown key of an item starts at
 * level 6. For a designer state, its object is level 1.
 *
 * A value nested deeper is refused with a {@link JourneyFormatError} naming its JSON path, when a
 * definition or designer state is parsed and when a tree holding one is serialized. Journeys nest
 * their tiles by `ParentActivityId`, not by JSON nesting, so a chain of any length stays far
 * below this limit.
 *
 * @example
 * ```ts
 * import { MAX_NESTING_DEPTH, parseWorkflowDefinition } from '@customer-journey/client';
 * const deep = '['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH);
 * // throws JourneyFormatError at $[0].Properties.Items[0].Custom[0][0]…: nested more than 512 levels deep
 * parseWorkflowDefinition(`[{"ActivityTypeId":"bpf_root","ParentBranchId":0,"ParentRelationshipType":"Default","ActivityId":"01","Properties":{"Items":[{"ActivityTypeId":"bpf_root","ActivityItemId":0,"Custom":${deep}}]}}]`);
 * ```
 */
export const MAX_NESTING_DEPTH = 512;

/** A JSON path with one more key: `.Key` for plain names, `["a b"]` otherwise, `[3]` for indexes. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** One array or object on the walk, with the way back to the value the walk started at. */
interface Frame {
  readonly value: object;
  readonly level: number;
  readonly parent: Frame | undefined;
  readonly key: string | number;
}

function pathOf(frame: Frame, base: string): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key);
  let path = base;
  for (let k = keys.length - 1; k >= 0; k--) path = childPath(path, keys[k]!);
  return path;
}

function notJson(path: string, value: unknown, what: string): JourneyFormatError {
  return new JourneyFormatError(
    path,
    `${what} holds a ${typeof value}, which JSON cannot represent`,
    'JSON values only: strings, numbers, booleans, null, arrays and objects',
  );
}

/**
 * Checks that `value`, found at `path` under `level` enclosing arrays and objects, nests no deeper
 * than {@link MAX_NESTING_DEPTH} and holds nothing JSON cannot write (a bigint, a symbol or a
 * function). Iterative; a value that refers to itself (only possible in objects a caller built) is
 * reported as too deep. Values shared between places are walked once per deeper place, so the walk
 * stays linear in the size of the value times the limit at worst.
 *
 * @param value - the value to check (primitives pass at once).
 * @param path - its JSON path, for the error.
 * @param level - how many arrays and objects enclose it (0 for a whole document).
 * @param what - how the message names the document, e.g. `the workflow definition`.
 * @param shared - whether values may be shared or cyclic (objects from a caller, not parsed text).
 * @throws {@link JourneyFormatError} at the path of the first array or object that is too deep.
 */
export function checkNesting(value: unknown, path: string, level: number, what: string, shared: boolean): void {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') throw notJson(path, value, what);
    return;
  }
  const seen = shared ? new Map<object, number>() : undefined;
  const stack: Frame[] = [{ value, level: level + 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.level > MAX_NESTING_DEPTH) {
      throw new JourneyFormatError(
        pathOf(frame, path),
        `${what} nests arrays and objects more than ${MAX_NESTING_DEPTH} levels deep here${shared ? ' (or a value contains itself)' : ''}`,
        `at most ${MAX_NESTING_DEPTH} levels of nesting (MAX_NESTING_DEPTH)`,
      );
    }
    if (seen !== undefined) {
      // Walked before at this level or a deeper one: everything below it was checked then.
      const before = seen.get(frame.value);
      if (before !== undefined && before >= frame.level) continue;
      seen.set(frame.value, frame.level);
    }
    const v = frame.value as Record<string, unknown>;
    if (Array.isArray(v)) {
      for (let k = v.length - 1; k >= 0; k--) {
        const child: unknown = v[k];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, level: frame.level + 1, parent: frame, key: k });
        else if (typeof child === 'bigint' || typeof child === 'symbol' || typeof child === 'function') {
          throw notJson(pathOf({ value: v, level: 0, parent: frame, key: k }, path), child, what);
        }
      }
    } else {
      for (const key in v) {
        const child = v[key];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, level: frame.level + 1, parent: frame, key });
        else if (typeof child === 'bigint' || typeof child === 'symbol' || typeof child === 'function') {
          throw notJson(pathOf({ value: v, level: 0, parent: frame, key }, path), child, what);
        }
      }
    }
  }
}

/**
 * Checks the values of a container of unknown keys (see {@link checkNesting}); `level` is the
 * number of arrays and objects enclosing those values in the document.
 */
export function checkExtraNesting(extra: object, path: string, level: number, what: string, shared: boolean): void {
  const e = extra as Record<string, unknown>;
  for (const key in e) {
    const v = e[key];
    if (typeof v === 'object' ? v !== null : typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function') {
      checkNesting(v, childPath(path, key), level, what, shared);
    }
  }
}

/**
 * Runs a JSON writer, turning the `RangeError`/`TypeError` an engine throws for a value it cannot
 * write into a {@link JourneyFormatError}. The callers check nesting first; this is the backstop
 * for anything else a hand-made tree may hold.
 */
export function writeJson<T>(write: () => T, what: string): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new JourneyFormatError('$', `${what} cannot be written as JSON (${error.message})`, `JSON values only, nested at most ${MAX_NESTING_DEPTH} levels deep, none containing itself`);
    }
    throw error;
  }
}

const kindOf = (v: unknown): string =>
  v === null ? 'null' : v === undefined ? 'missing' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** What a writer takes: a journey tree, a tree or one activity, a designer state, or settings. */
export type WriterInput = 'tree' | 'tree-or-activity' | 'object';

/** The first thing that keeps `value` from being what a writer takes, in its top-level shape. */
function shapeProblem(value: unknown, input: WriterInput): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `the value given is ${kindOf(value).replace('missing', 'nothing')}`;
  const o = value as Record<string, unknown>;
  const parts: readonly string[] = input === 'tree' || (input === 'tree-or-activity' && 'root' in o) ? ['settings', 'root', 'designerState'] : input === 'tree-or-activity' ? ['children'] : [];
  for (const key of parts) {
    const v = o[key];
    if (typeof v !== 'object' || v === null) return `its ${key} is ${kindOf(v)}`;
  }
  return undefined;
}

/**
 * Runs a writer of the codec on a caller's value, so that a value that is not what the writer
 * takes (a hand-made tree with a missing part, say) is reported as a {@link JourneyFormatError}
 * rather than a bare `TypeError` or `RangeError` from deep inside.
 *
 * @param what - what the writer takes, for the message: `a journey tree`, `a designer state`.
 * @param value - the caller's value.
 * @param input - the shape checked first when the writer fails, for a precise message.
 */
export function writing<T>(what: string, value: unknown, input: WriterInput, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      const problem = shapeProblem(value, input) ?? `a part of it is not what ${what} holds (${error.message})`;
      throw new JourneyFormatError('$', problem, `${what}, as journey(), parseWorkflowDefinition or fromEntity make it`);
    }
    throw error;
  }
}
