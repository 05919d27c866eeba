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

/** An object literal. */
export interface ObjDoc {
  readonly t: 'obj';
  readonly entries: readonly Entry[];
}

/** An array literal. */
export interface ArrDoc {
  readonly t: 'arr';
  readonly items: readonly Doc[];
}

/** A call: `callee(args)`; in a chain the callee starts with a dot (`.email`). */
export interface CallDoc {
  readonly t: 'call';
  readonly callee: string;
  readonly args: readonly Doc[];
}

/** A fluent chain: a head and calls, one call per line when broken. */
export interface ChainDoc {
  readonly t: 'chain';
  readonly head: Doc;
  readonly calls: readonly CallDoc[];
  /** Always break (one call per line), even when short. */
  readonly broken: boolean;
}

/** A document: a string is an atom written as it is. */
export type Doc = string | ObjDoc | ArrDoc | CallDoc | ChainDoc;

/** An object literal document. */
export const obj = (entries: readonly Entry[]): ObjDoc => ({ t: 'obj', entries });
/** An array literal document. */
export const arr = (items: readonly Doc[]): ArrDoc => ({ t: 'arr', items });
/** A call document. */
export const call = (callee: string, args: readonly Doc[]): CallDoc => ({ t: 'call', callee, args });
/** A chain document. */
export const chain = (head: Doc, calls: readonly CallDoc[], broken: boolean): ChainDoc => ({ t: 'chain', head, calls, broken });

/**
 * The one-line form of a document, or `undefined` when it is longer than `budget` or must be
 * broken (a chain marked broken, or of more than one call).
 */
export function flatten(doc: Doc, budget: number): string | undefined {
  if (typeof doc === 'string') return doc.length <= budget ? doc : undefined;
  let out = '';
  const stack: Doc[] = [doc];
  while (stack.length > 0) {
    const d = stack.pop() as Doc;
    if (typeof d === 'string') {
      out += d;
      if (out.length > budget) return undefined;
      continue;
    }
    switch (d.t) {
      case 'obj': {
        if (d.entries.length === 0) {
          stack.push('{}');
          break;
        }
        stack.push(' }');
        for (let i = d.entries.length - 1; i >= 0; i--) {
          const [key, value] = d.entries[i] as Entry;
          stack.push(value, `${i === 0 ? '{ ' : ', '}${key === null ? '' : `${key}: `}`);
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
        stack.push(`${d.callee}(`);
        break;
      }
      case 'chain': {
        if (d.broken || d.calls.length > 1) return undefined;
        for (let i = d.calls.length - 1; i >= 0; i--) stack.push(d.calls[i] as Doc);
        stack.push(d.head);
        break;
      }
    }
  }
  return out;
}

/** A pending print task: write text, start a new line, or lay out a document. */
type Task = string | { readonly nl: number } | { readonly doc: Doc; readonly indent: number; readonly trail: number };

const SPACES: string[] = [''];
const spaces = (n: number): string => {
  while (SPACES.length <= n) SPACES.push(' '.repeat(SPACES.length));
  return SPACES[n] as string;
};

/**
 * Lays out a document starting at column `column` of a line indented by `indent`: flat where it
 * fits in `width` columns (with `trail` more characters after it), broken otherwise.
 */
export function layout(doc: Doc, indent: number, column: number, width: number, trail = 0): string {
  const out: string[] = [];
  let col = column;
  const write = (s: string): void => {
    out.push(s);
    col += s.length;
  };
  const stack: Task[] = [{ doc, indent, trail }];
  while (stack.length > 0) {
    const task = stack.pop() as Task;
    if (typeof task === 'string') {
      write(task);
      continue;
    }
    if ('nl' in task) {
      out.push('\n');
      col = 0;
      write(spaces(task.nl));
      continue;
    }
    const d = task.doc;
    const inner = task.indent + 2;
    if (typeof d === 'string') {
      write(d);
      continue;
    }
    const flat = flatten(d, width - col - task.trail);
    if (flat !== undefined) {
      write(flat);
      continue;
    }
    switch (d.t) {
      case 'obj':
      case 'arr': {
        const [open, close] = d.t === 'obj' ? ['{', '}'] : ['[', ']'];
        const count = d.t === 'obj' ? d.entries.length : d.items.length;
        if (count === 0) {
          write(open + close);
          break;
        }
        stack.push(close, { nl: task.indent });
        for (let i = count - 1; i >= 0; i--) {
          stack.push(',');
          if (d.t === 'obj') {
            const [key, value] = d.entries[i] as Entry;
            stack.push({ doc: value, indent: inner, trail: 1 }, key === null ? '' : `${key}: `);
          } else {
            stack.push({ doc: d.items[i] as Doc, indent: inner, trail: 1 });
          }
          stack.push({ nl: inner });
        }
        write(open);
        break;
      }
      case 'call': {
        const last = d.args[d.args.length - 1];
        if (last !== undefined && typeof last !== 'string' && (last.t === 'obj' || last.t === 'arr')) {
          // Keep the leading arguments on the line and break the last one: `.email('A', {`.
          const leading: string[] = [];
          let room = width - col - d.callee.length - 2;
          for (let i = 0; i < d.args.length - 1; i++) {
            const flatArg = flatten(d.args[i] as Doc, room);
            if (flatArg === undefined) {
              room = -1;
              break;
            }
            leading.push(flatArg);
            room -= flatArg.length + 2;
          }
          if (room >= 0) {
            write(`${d.callee}(${leading.map((s) => `${s}, `).join('')}`);
            stack.push(')', { doc: last, indent: task.indent, trail: task.trail + 1 });
            break;
          }
        }
        stack.push(')', { nl: task.indent });
        for (let i = d.args.length - 1; i >= 0; i--) {
          stack.push(',', { doc: d.args[i] as Doc, indent: inner, trail: 1 }, { nl: inner });
        }
        write(`${d.callee}(`);
        break;
      }
      case 'chain': {
        for (let i = d.calls.length - 1; i >= 0; i--) {
          stack.push({ doc: d.calls[i] as Doc, indent: inner, trail: i === d.calls.length - 1 ? task.trail : 0 }, { nl: inner });
        }
        stack.push({ doc: d.head, indent: task.indent, trail: 0 });
        break;
      }
    }
  }
  return out.join('');
}
