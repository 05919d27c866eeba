/**
 * Text cleaning and escaping for the renderers.
 *
 * @module
 */

/** Unpaired UTF-16 surrogates: not text, and not allowed in XML. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Line breaks of every kind, including the Unicode line and paragraph separators. */
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;
/** C0/C1 control characters and the XML non-characters U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\uFFFE\uFFFF]/g;

/** Any character {@link oneLine} changes: line breaks, tabs and the other controls, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\uFFFE\uFFFF]/;
/** Any character {@link xmlEscape} changes. */
const XML_SPECIAL = /[&<>"']/;

/** Makes a string well formed: lone surrogates become U+FFFD. */
function wellFormed(text: string): string {
  // Most text is well formed: the check is cheaper than the replacement.
  return (text as { isWellFormed?: () => boolean }).isWellFormed?.() === true ? text : text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * One line of display text: line breaks and tabs become spaces, other control characters and
 * lone surrogates are replaced, so the result is safe in a Mermaid statement and in XML.
 */
export function oneLine(text: string): string {
  const formed = wellFormed(text);
  if (!NOT_ONE_LINE.test(formed)) return formed;
  return formed.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(CONTROLS, '\uFFFD');
}

/**
 * Text that keeps its line breaks (for SVG `<title>` tooltips): only characters XML 1.0 forbids
 * are replaced.
 */
export function multiLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return wellFormed(text).replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/g, '\uFFFD');
}

/**
 * Characters written as Mermaid entities inside a `"..."` label. `"` would end the string, `#`
 * would start an entity, `<`, `>` and `&` would be read as HTML, `|` ends an edge label, `%`
 * could form a `%%{init}%%` directive, and the backtick, `;` and the backslash keep Mermaid's
 * markdown and statement syntax away from user text. `°` and `¶` are part of the markers Mermaid
 * uses internally while decoding entities (`ﬂ°…¶ß`). Brackets and parentheses are safe inside
 * quotes and stay readable.
 */
const MERMAID_ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '"': '#quot;',
  '#': '#35;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '|': '#124;',
  '`': '#96;',
  ';': '#59;',
  '%': '#37;',
  '\\': '#92;',
  '°': '#176;',
  '¶': '#182;',
});

const MERMAID_SPECIAL = /["#&<>|`;%\\°¶]/g;

/**
 * Before parsing, Mermaid drops the last `;` of any line on which `style` or `classDef` is
 * followed by `:`, non-space characters and `#` (meant for colour values). In a label that `;`
 * would end an entity, so the first letter of these words is written as an entity too.
 */
const MERMAID_STYLE_WORDS = /style|classDef/g;

/**
 * Escapes text for the inside of a Mermaid `"..."` label, as one line. The result never contains
 * `"`, a line break, `<`, `>` or `|`; Mermaid shows the original characters.
 */
export function mermaidText(text: string): string {
  return oneLine(text)
    .replace(MERMAID_SPECIAL, (ch) => MERMAID_ESCAPES[ch] ?? ch)
    .replace(MERMAID_STYLE_WORDS, (word) => `#${word.charCodeAt(0)};${word.slice(1)}`);
}

const XML_ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
});

/** Escapes (already cleaned) text for XML character data and attribute values. */
export function xmlEscape(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch) : text;
}

/** Display width of a code point in units of an average Latin character. */
function charUnits(codePoint: number): number {
  if (codePoint < 0x1100) {
    // Narrow Latin letters and punctuation are a little narrower, capitals and W/M wider.
    return 1;
  }
  // Hangul, CJK, full-width forms and emoji take about two.
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    codePoint >= 0x1f000
  ) {
    return 2;
  }
  // Combining marks and zero-width joiners add nothing.
  if ((codePoint >= 0x0300 && codePoint <= 0x036f) || codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) {
    return 0;
  }
  return 1;
}

/** Estimated width of a text in average-character units (no font metrics are available). */
export function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += charUnits(ch.codePointAt(0) ?? 0);
  return units;
}

/** Cuts text to at most `maxUnits` (counting the ellipsis), ending in `…` when it was cut. */
export function truncate(text: string, maxUnits: number): string {
  if (textUnits(text) <= maxUnits) return text;
  let out = '';
  let units = 0;
  for (const ch of text) {
    const u = charUnits(ch.codePointAt(0) ?? 0);
    if (units + u > maxUnits - 1) break;
    out += ch;
    units += u;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Wraps one line of text into at most `maxLines` lines of at most `maxUnits` each, breaking at
 * spaces where it can and inside words where it must. If the text does not fit, the last line
 * ends in `…`.
 */
export function wrap(text: string, maxUnits: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  let currentUnits = 0;
  let cut = false;
  const words = text.split(/ +/).filter((w) => w !== '');
  outer: for (const word of words) {
    const wordUnits = textUnits(word);
    const sep = current === '' ? 0 : 1;
    if (currentUnits + sep + wordUnits <= maxUnits) {
      current = current === '' ? word : `${current} ${word}`;
      currentUnits += sep + wordUnits;
      continue;
    }
    if (current !== '') {
      lines.push(current);
      current = '';
      currentUnits = 0;
      if (lines.length === maxLines) {
        cut = true;
        break;
      }
    }
    if (wordUnits <= maxUnits) {
      current = word;
      currentUnits = wordUnits;
      continue;
    }
    // A word longer than a line: break it by characters.
    for (const ch of word) {
      const u = charUnits(ch.codePointAt(0) ?? 0);
      if (currentUnits + u > maxUnits && current !== '') {
        lines.push(current);
        current = '';
        currentUnits = 0;
        if (lines.length === maxLines) {
          cut = true;
          break outer;
        }
      }
      current += ch;
      currentUnits += u;
    }
  }
  if (!cut && current !== '') lines.push(current);
  if (cut) {
    const last = lines.length - 1;
    const line = lines[last] ?? '';
    lines[last] = truncate(`${line}\u2026`, maxUnits);
  }
  return lines;
}
