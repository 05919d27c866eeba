/**
 * A small layout engine for generated code: a document of atoms, object and array literals,
 * calls and fluent chains, written flat when it fits the line and broken over lines otherwise.
 * Flattening and printing are iterative, so documents of any depth are written without recursion.
 *
 * @internal
 * @module
 */

/** An entry of an object literal: a printed key and a value, or `null` and a spread (`...tree`). */
export type Entry = readonly [string | null, Doc];

/**
 * The width of a document's one-line form, worked out once when the document is first laid out
 * (`-1` until then; `Infinity` when it must be broken).
 */
interface Measured {
  w: number;
}

/** An object literal. */
export interface ObjDoc extends Measured {
  readonly t: 'obj';
  readonly entries: readonly Entry[];
}

/** An array literal. */
export interface ArrDoc extends Measured {
  readonly t: 'arr';
  readonly items: readonly Doc[];
}

/** A call: `callee(args)`; in a chain the callee starts with a dot (`.email`). */
export interface CallDoc extends Measured {
  readonly t: 'call';
  readonly callee: string;
  readonly args: readonly Doc[];
}

/** A fluent chain: a head and calls, one call per line when broken. */
export interface ChainDoc extends Measured {
  readonly t: 'chain';
  readonly head: Doc;
  /** The calls; a number stands for a call that `make` writes when it is needed. */
  readonly calls: (CallDoc | number)[];
  /** Always break (one call per line), even when short. */
  readonly broken: boolean;
  /** Writes the call a number stands for (made late, so that a long chain keeps no documents alive). */
  readonly make: ((n: number) => CallDoc) | undefined;
}

/** A document: a string is an atom written as it is. */
export type Doc = string | ObjDoc | ArrDoc | CallDoc | ChainDoc;

/** An object literal document. */
export const obj = (entries: readonly Entry[]): ObjDoc => ({ t: 'obj', entries, w: -1 });
/** An array literal document. */
export const arr = (items: readonly Doc[]): ArrDoc => ({ t: 'arr', items, w: -1 });
/** A call document. */
export const call = (callee: string, args: readonly Doc[]): CallDoc => ({ t: 'call', callee, args, w: -1 });
/** A chain document. */
export const chain = (head: Doc, calls: (CallDoc | number)[], broken: boolean, make?: (n: number) => CallDoc): ChainDoc => ({
  t: 'chain',
  head,
  calls,
  broken,
  make,
  w: -1,
});

/** Call `i` of a chain, written now when it is made late (kept when `keep`: its width is then stored on it). */
function callAt(d: ChainDoc, i: number, keep: boolean): CallDoc {
  const c = d.calls[i] as CallDoc | number;
  if (typeof c !== 'number') return c;
  const made = (d.make as (n: number) => CallDoc)(c);
  if (keep) d.calls[i] = made;
  return made;
}

type Node = Exclude<Doc, string>;

/** Fixed width of a document's one-line form besides its parts, or `Infinity` when it must break. */
function ownWidth(d: Node): number {
  switch (d.t) {
    case 'obj': {
      const n = d.entries.length;
      if (n === 0) return 2;
      let w = 4 + 2 * (n - 1);
      for (const entry of d.entries) if (entry[0] !== null) w += entry[0].length + 2;
      return w;
    }
    case 'arr':
      return 2 + (d.items.length > 0 ? 2 * (d.items.length - 1) : 0);
    case 'call':
      return d.callee.length + 2 + (d.args.length > 0 ? 2 * (d.args.length - 1) : 0);
    case 'chain':
      return d.broken || d.calls.length > 1 ? Infinity : 0;
  }
}

/**
 * The width of the one-line form of a document, `Infinity` when it must be broken (a chain marked
 * broken, or of more than one call). Kept on the document; worked out without recursion, each
 * document once.
 */
export function widthOf(doc: Doc): number {
  if (typeof doc === 'string') return doc.length;
  if (doc.w >= 0) return doc.w;
  const stack: Node[] = [doc];
  while (stack.length > 0) {
    const d = stack[stack.length - 1] as Node;
    if (d.w >= 0) {
      stack.pop();
      continue;
    }
    let w = ownWidth(d);
    let waiting = false;
    if (w !== Infinity) {
      // Sum the widths of the parts; queue the parts not measured yet and come back afterwards.
      const list: readonly Doc[] | undefined = d.t === 'arr' ? d.items : d.t === 'call' ? d.args : undefined;
      if (list !== undefined) {
        for (let i = 0; i < list.length; i++) {
          const part = list[i] as Doc;
          const pw = typeof part === 'string' ? part.length : part.w;
          if (pw >= 0) w += pw;
          else {
            stack.push(part as Node);
            waiting = true;
          }
        }
      } else if (d.t === 'obj') {
        for (let i = 0; i < d.entries.length; i++) {
          const part = (d.entries[i] as Entry)[1];
          const pw = typeof part === 'string' ? part.length : part.w;
          if (pw >= 0) w += pw;
          else {
            stack.push(part as Node);
            waiting = true;
          }
        }
      } else if (d.t === 'chain') {
        for (let i = -1; i < d.calls.length; i++) {
          const part = i < 0 ? d.head : callAt(d, i, true);
          const pw = typeof part === 'string' ? part.length : part.w;
          if (pw >= 0) w += pw;
          else {
            stack.push(part as Node);
            waiting = true;
          }
        }
      }
    }
    if (waiting) continue;
    d.w = w;
    stack.pop();
  }
  return doc.w;
}

/** The one-line form of a document, appended to `text`. */
function writeFlat(doc: Doc, text: string): string {
  let out = text;
  const stack: Doc[] = [doc];
  while (stack.length > 0) {
    const d = stack.pop() as Doc;
    if (typeof d === 'string') {
      out += d;
      continue;
    }
    switch (d.t) {
      case 'obj': {
        if (d.entries.length === 0) {
          out += '{}';
          break;
        }
        stack.push(' }');
        for (let i = d.entries.length - 1; i >= 0; i--) {
          const [key, value] = d.entries[i] as Entry;
          if (key === null) stack.push(value, i === 0 ? '{ ' : ', ');
          else stack.push(value, ': ', key, i === 0 ? '{ ' : ', ');
        }
        break;
      }
      case 'arr': {
        stack.push(']');
        for (let i = d.items.length - 1; i >= 0; i--) stack.push(d.items[i] as Doc, i === 0 ? '' : ', ');
        stack.push('[');
        break;
      }
      case 'call': {
        stack.push(')');
        for (let i = d.args.length - 1; i >= 0; i--) stack.push(d.args[i] as Doc, i === 0 ? '' : ', ');
        stack.push('(', d.callee);
        break;
      }
      case 'chain': {
        for (let i = d.calls.length - 1; i >= 0; i--) stack.push(callAt(d, i, false));
        stack.push(d.head);
        break;
      }
    }
  }
  return out;
}

/**
 * The one-line form of a document, or `undefined` when it is longer than `budget` or must be
 * broken (a chain marked broken, or of more than one call).
 */
export function flatten(doc: Doc, budget: number): string | undefined {
  if (typeof doc === 'string') return doc.length <= budget ? doc : undefined;
  return widthOf(doc) > budget ? undefined : writeFlat(doc, '');
}

const NEWLINES: string[] = ['\n'];
/** A line break followed by `n` spaces. */
const newline = (n: number): string => {
  while (NEWLINES.length <= n) NEWLINES.push(`\n${' '.repeat(NEWLINES.length)}`);
  return NEWLINES[n] as string;
};

/**
 * Lays out a document starting at column `column` of a line indented by `indent`: flat where it
 * fits in `width` columns (with `trail` more characters after it), broken otherwise.
 *
 * The work stack holds text to write (a string), a line break with its indent (a number), or a
 * document to lay out (an object); the indent and trail of each document on the stack are kept on
 * a stack of their own, in the same order, so that no task object is made.
 */
export function layout(doc: Doc, indent: number, column: number, width: number, trail = 0): string {
  // Small pieces appended to one string: cheaper than collecting them for a join.
  let out = '';
  let col = column;
  const write = (s: string): void => {
    out += s;
    col += s.length;
  };
  const stack: (string | number | Exclude<Doc, string>)[] = [];
  /** Indent and trail of the documents on `stack`, two numbers each. */
  const frames: number[] = [];
  const push = (d: Doc, docIndent: number, docTrail: number): void => {
    if (typeof d === 'string') {
      stack.push(d);
      return;
    }
    stack.push(d);
    frames.push(docIndent, docTrail);
  };
  push(doc, indent, trail);
  while (stack.length > 0) {
    const task = stack.pop() as string | number | Exclude<Doc, string>;
    if (typeof task === 'string') {
      write(task);
      continue;
    }
    if (typeof task === 'number') {
      out += newline(task);
      col = task;
      continue;
    }
    const d = task;
    const taskTrail = frames.pop() as number;
    const taskIndent = frames.pop() as number;
    const inner = taskIndent + 2;
    const flatWidth = widthOf(d);
    if (flatWidth <= width - col - taskTrail) {
      out = writeFlat(d, out);
      col += flatWidth;
      continue;
    }
    switch (d.t) {
      case 'obj':
      case 'arr': {
        const isObj = d.t === 'obj';
        const count = isObj ? d.entries.length : d.items.length;
        if (count === 0) {
          write(isObj ? '{}' : '[]');
          break;
        }
        stack.push(isObj ? '}' : ']', taskIndent);
        for (let i = count - 1; i >= 0; i--) {
          stack.push(',');
          if (isObj) {
            const [key, value] = d.entries[i] as Entry;
            push(value, inner, 1);
            if (key !== null) stack.push(': ', key);
          } else {
            push(d.items[i] as Doc, inner, 1);
          }
          stack.push(inner);
        }
        write(isObj ? '{' : '[');
        break;
      }
      case 'call': {
        const last = d.args[d.args.length - 1];
        if (last !== undefined && typeof last !== 'string' && (last.t === 'obj' || last.t === 'arr')) {
          // Keep the leading arguments on the line and break the last one: `.email('A', {`.
          let room = width - col - d.callee.length - 2;
          const leading = d.args.length - 1;
          for (let i = 0; i < leading; i++) {
            const argWidth = widthOf(d.args[i] as Doc);
            if (argWidth > room) {
              room = -1;
              break;
            }
            room -= argWidth + 2;
          }
          if (room >= 0) {
            write(d.callee);
            write('(');
            for (let i = 0; i < leading; i++) {
              const arg = d.args[i] as Doc;
              out = writeFlat(arg, out);
              col += widthOf(arg);
              write(', ');
            }
            stack.push(')');
            push(last, taskIndent, taskTrail + 1);
            break;
          }
        }
        stack.push(')', taskIndent);
        for (let i = d.args.length - 1; i >= 0; i--) {
          stack.push(',');
          push(d.args[i] as Doc, inner, 1);
          stack.push(inner);
        }
        write(d.callee);
        write('(');
        break;
      }
      case 'chain': {
        for (let i = d.calls.length - 1; i >= 0; i--) {
          push(callAt(d, i, false), inner, i === d.calls.length - 1 ? taskTrail : 0);
          stack.push(inner);
        }
        push(d.head, taskIndent, 0);
        break;
      }
    }
  }
  return out;
}
