/**
 * The text of each record of a collection page, exactly as the org sent it: a scan of the response
 * body that finds where each element of the top-level `value` array starts and ends, without
 * parsing or re-serializing anything.
 *
 * @module
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** From an opening quote to just after the closing one. */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const end = text.indexOf('"', from);
    if (end < 0) throw new SyntaxError('unterminated string');
    let slashes = 0;
    for (let k = end - 1; k > i && text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return end + 1;
    from = end + 1;
  }
}

/** From the first character of a value to just after it. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let j = i; j < text.length; ) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) {
        j = skipString(text, j);
        continue;
      }
      if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if (d === CLOSE_OBJECT || d === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    throw new SyntaxError('unterminated value');
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || isSpace(d)) break;
    j++;
  }
  if (j === i) throw new SyntaxError('value expected');
  return j;
}

function expect(text: string, i: number, code: number): number {
  if (text.charCodeAt(i) !== code) throw new SyntaxError(`${String.fromCharCode(code)} expected at ${i}`);
  return i + 1;
}

/**
 * The text of every element of the top-level `value` array of a JSON body (an OData collection
 * page), byte for byte as it stands in `text`; `undefined` when the body is not an object with a
 * `value` array. When the key occurs twice, the last one counts, as with `JSON.parse`.
 *
 * @example
 * ```ts
 * collectionElementTexts('{"@odata.context":"…","value":[{"a": 1},{"b":"x"}]}'); // ['{"a": 1}', '{"b":"x"}']
 * ```
 */
export function collectionElementTexts(text: string): string[] | undefined {
  try {
    let found: string[] | undefined;
    let i = expect(text, skipSpace(text, 0), OPEN_OBJECT);
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === CLOSE_OBJECT) return undefined;
    for (;;) {
      const keyStart = i;
      i = skipString(text, expect(text, i, QUOTE) - 1);
      const key = JSON.parse(text.slice(keyStart, i)) as string;
      i = skipSpace(text, expect(text, skipSpace(text, i), COLON));
      if (key === 'value' && text.charCodeAt(i) === OPEN_ARRAY) {
        const elements: string[] = [];
        i = skipSpace(text, i + 1);
        if (text.charCodeAt(i) === CLOSE_ARRAY) i++;
        else {
          for (;;) {
            const start = i;
            i = skipValue(text, i);
            elements.push(text.slice(start, i));
            i = skipSpace(text, i);
            if (text.charCodeAt(i) === CLOSE_ARRAY) {
              i++;
              break;
            }
            i = skipSpace(text, expect(text, i, COMMA));
          }
        }
        found = elements;
      } else {
        found = key === 'value' ? undefined : found;
        i = skipValue(text, i);
      }
      i = skipSpace(text, i);
      if (text.charCodeAt(i) === CLOSE_OBJECT) return found;
      i = skipSpace(text, expect(text, i, COMMA));
    }
  } catch {
    return undefined;
  }
}
