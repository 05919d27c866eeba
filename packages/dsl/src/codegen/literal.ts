/**
 * Literals for generated TypeScript: safely escaped strings, property keys, identifiers made from
 * names, and comment text.
 *
 * @internal
 * @module
 */

/** Words that cannot name a variable (reserved words, strict-mode names, and globals best left alone). */
const RESERVED: ReadonlySet<string> = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete',
  'do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements',
  'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public',
  'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
  'yield', 'undefined', 'NaN', 'Infinity',
]);

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Whether `s` can name a variable: an identifier that is not a reserved word. */
export function isIdentifier(s: string): boolean {
  return IDENTIFIER.test(s) && !RESERVED.has(s);
}

/** Characters written as escapes even though a string literal could hold them. */
const needsEscape = (code: number): boolean =>
  code < 0x20 ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0xad ||
  (code >= 0x200b && code <= 0x200f) ||
  (code >= 0x2028 && code <= 0x202e) ||
  (code >= 0x2060 && code <= 0x206f) ||
  code === 0xfeff;

const hex4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/**
 * A single-quoted string literal. Escapes backslashes, quotes, control and invisible characters
 * (line breaks, bidirectional overrides, zero-width characters, the byte-order mark) and lone
 * surrogates; other characters, accented letters included, are written as they are.
 */
export function quote(s: string): string {
  let out = "'";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    let escape: string | undefined;
    if (code === 0x27) escape = "\\'";
    else if (code === 0x5c) escape = '\\\\';
    else if (code === 0x0a) escape = '\\n';
    else if (code === 0x0d) escape = '\\r';
    else if (code === 0x09) escape = '\\t';
    else if (needsEscape(code)) escape = hex4(code);
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else escape = hex4(code);
    } else if (code >= 0xdc00 && code <= 0xdfff) escape = hex4(code);
    if (escape !== undefined) {
      out += s.slice(from, i) + escape;
      from = i + 1;
    }
  }
  return `${out}${s.slice(from)}'`;
}

/** A property key of an object literal: bare when it can be, quoted otherwise, computed for `__proto__`. */
export function propertyKey(key: string): string {
  if (key === '__proto__') return "['__proto__']";
  return PLAIN_KEY.test(key) ? key : quote(key);
}

/** A number literal (`-0` kept; non-finite values as their global names). */
export function numberLiteral(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

const WORD_SPLIT = /[^\p{L}\p{Nd}\p{Mn}\p{Mc}]+/u;
const UPPER_WORD = /^[\p{Lu}\p{Nd}]+$/u;

/**
 * A camelCase identifier made from a name (`'Event invitation'` -> `eventInvitation`), or
 * `undefined` when the name has no letter or digit. A name starting with a digit gets `prefix`
 * in front; a reserved word gets `prefix` appended.
 */
export function camelIdentifier(name: string, prefix: string): string | undefined {
  const words = name.split(WORD_SPLIT).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  let id = '';
  words.forEach((word, i) => {
    if (i === 0) id += UPPER_WORD.test(word) ? word.toLowerCase() : word.charAt(0).toLowerCase() + word.slice(1);
    else id += word.charAt(0).toUpperCase() + word.slice(1);
  });
  if (!/^\p{L}/u.test(id)) id = prefix + id.charAt(0).toUpperCase() + id.slice(1);
  if (RESERVED.has(id)) id += prefix.charAt(0).toUpperCase() + prefix.slice(1);
  return isIdentifier(id) ? id : undefined;
}

/** Text safe inside a block comment: one line, no comment terminator, no invisible characters. */
export function commentText(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    out += code === 0x0a || code === 0x0d || code === 0x09 || needsEscape(code) || (code >= 0xd800 && code <= 0xdfff) ? ' ' : ch;
  }
  return out.replace(/\*\//g, '*\\/').replace(/@/g, '\\@');
}
