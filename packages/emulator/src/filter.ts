/**
 * The OData `$filter` subset the emulator understands: comparisons (`eq`, `ne`, `gt`, `ge`, `lt`,
 * `le`), `and`, `or`, `not`, parentheses, the functions `contains`, `startswith` and `endswith`,
 * and literals (strings with `''` escaping, numbers, `true`, `false`, `null`, GUIDs and
 * date-times). String comparisons ignore case, as Dataverse's do.
 *
 * @module
 */

/**
 * A literal value in a filter.
 *
 * @example
 * ```ts
 * const literal: FilterLiteral = { kind: 'string', value: "O'Brien" };
 * ```
 */
export type FilterLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'guid'; readonly value: string }
  | { readonly kind: 'datetime'; readonly value: string; readonly time: number };

/**
 * A comparison operator.
 *
 * @example
 * ```ts
 * const op: ComparisonOperator = 'ne';
 * ```
 */
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/**
 * A string function usable as a condition.
 *
 * @example
 * ```ts
 * const fn: FilterFunction = 'startswith';
 * ```
 */
export type FilterFunction = 'contains' | 'startswith' | 'endswith';

/**
 * An operand: a property of the record or a literal.
 *
 * @example
 * ```ts
 * const operand: FilterOperand = { kind: 'property', name: 'statuscode' };
 * ```
 */
export type FilterOperand = { readonly kind: 'property'; readonly name: string } | { readonly kind: 'literal'; readonly literal: FilterLiteral };

/**
 * A parsed filter expression.
 *
 * @example
 * ```ts
 * const expr: FilterExpression = parseFilter('statuscode eq 192350001');
 * ```
 */
export type FilterExpression =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly left: FilterOperand; readonly right: FilterOperand }
  | { readonly kind: 'function'; readonly name: FilterFunction; readonly property: string; readonly value: string }
  | { readonly kind: 'value'; readonly operand: FilterOperand };

/**
 * A syntax error in a `$filter`, with the character position where it was found.
 *
 * @example
 * ```ts
 * try { parseFilter("name eq"); } catch (e) { if (e instanceof FilterSyntaxError) console.log(e.position); }
 * ```
 */
export class FilterSyntaxError extends Error {
  /** 0-based position in the filter text. */
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'FilterSyntaxError';
    this.position = position;
  }
}

type Token =
  | { readonly type: 'ident'; readonly text: string; readonly pos: number }
  | { readonly type: 'literal'; readonly literal: FilterLiteral; readonly pos: number }
  | { readonly type: '(' | ')' | ','; readonly pos: number }
  | { readonly type: 'end'; readonly pos: number };

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\w-])/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?(?![\w-])/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i += 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch, pos: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError(`Unterminated string literal at position ${start}.`, start);
        const c = text[i] as string;
        if (c === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += c;
        i += 1;
      }
      tokens.push({ type: 'literal', literal: { kind: 'string', value }, pos: start });
      continue;
    }
    const rest = text.slice(i);
    const guid = GUID_RE.exec(rest);
    if (guid) {
      tokens.push({ type: 'literal', literal: { kind: 'guid', value: guid[0].toLowerCase() }, pos: i });
      i += guid[0].length;
      continue;
    }
    const date = DATETIME_RE.exec(rest);
    if (date) {
      const time = Date.parse(date[0]);
      if (Number.isNaN(time)) throw new FilterSyntaxError(`Invalid date-time literal '${date[0]}' at position ${i}.`, i);
      tokens.push({ type: 'literal', literal: { kind: 'datetime', value: date[0], time }, pos: i });
      i += date[0].length;
      continue;
    }
    const num = NUMBER_RE.exec(rest);
    if (num) {
      const digits = num[0].replace(/[mMdDfFlL]$/, '');
      tokens.push({ type: 'literal', literal: { kind: 'number', value: Number(digits) }, pos: i });
      i += num[0].length;
      continue;
    }
    const ident = IDENT_RE.exec(rest);
    if (ident) {
      const word = ident[0];
      if (word === 'null') tokens.push({ type: 'literal', literal: { kind: 'null' }, pos: i });
      else if (word === 'true' || word === 'false') tokens.push({ type: 'literal', literal: { kind: 'boolean', value: word === 'true' }, pos: i });
      else tokens.push({ type: 'ident', text: word, pos: i });
      i += word.length;
      continue;
    }
    throw new FilterSyntaxError(`Unexpected character '${ch}' at position ${i}.`, i);
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

/**
 * How deeply a `$filter` may nest parentheses and `not`. Deeper filters are refused with a syntax
 * error rather than exhausting the parser's stack.
 *
 * @example
 * ```ts
 * parseFilter('('.repeat(MAX_FILTER_DEPTH + 1) + 'a eq 1' + ')'.repeat(MAX_FILTER_DEPTH + 1)); // throws FilterSyntaxError
 * ```
 */
export const MAX_FILTER_DEPTH = 100;

/**
 * The value of a column of a record: only the record's own properties count, so that a filter on
 * `constructor` or `toString` never reads what every object inherits.
 *
 * @example
 * ```ts
 * columnValue({}, 'constructor'); // undefined
 * columnValue({ constructor: 1 }, 'constructor'); // 1
 * ```
 */
export function columnValue(record: Readonly<Record<string, unknown>>, column: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, column) ? record[column] : undefined;
}

const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', ...COMPARISONS]);

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** Runs `parse` one nesting level deeper, refusing to go past {@link MAX_FILTER_DEPTH}. */
  private nested<T>(pos: number, parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_FILTER_DEPTH) {
      throw new FilterSyntaxError(`The filter nests parentheses and 'not' deeper than the limit of ${MAX_FILTER_DEPTH} levels (at position ${pos}).`, pos);
    }
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }
  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }
  private isWord(word: string): boolean {
    const token = this.peek();
    return token.type === 'ident' && token.text === word;
  }
  private expect(type: '(' | ')' | ','): void {
    const token = this.next();
    if (token.type !== type) throw new FilterSyntaxError(`Expected '${type}' at position ${token.pos}.`, token.pos);
  }

  parseAll(): FilterExpression {
    const expr = this.parseOr();
    const token = this.peek();
    if (token.type !== 'end') throw new FilterSyntaxError(`Unexpected ${describe(token)} at position ${token.pos}.`, token.pos);
    return expr;
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): FilterExpression {
    if (this.isWord('not')) {
      const token = this.next();
      return { kind: 'not', operand: this.nested(token.pos, () => this.parseNot()) };
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterExpression {
    const token = this.peek();
    if (token.type === '(') {
      this.next();
      const inner = this.nested(token.pos, () => this.parseOr());
      this.expect(')');
      return this.maybeCompareGroup(inner, token.pos);
    }
    if (token.type === 'ident' && FUNCTIONS.has(token.text)) {
      const after = this.tokens[this.index + 1];
      if (after?.type === '(') return this.parseFunction();
    }
    const left = this.parseOperand();
    const opToken = this.peek();
    if (opToken.type === 'ident' && COMPARISONS.has(opToken.text)) {
      this.next();
      const right = this.parseOperand();
      return { kind: 'compare', op: opToken.text as ComparisonOperator, left, right };
    }
    return { kind: 'value', operand: left };
  }

  private maybeCompareGroup(inner: FilterExpression, pos: number): FilterExpression {
    const token = this.peek();
    if (token.type === 'ident' && COMPARISONS.has(token.text)) {
      throw new FilterSyntaxError(`A parenthesised condition cannot be compared (position ${pos}).`, token.pos);
    }
    return inner;
  }

  private parseFunction(): FilterExpression {
    const nameToken = this.next() as Extract<Token, { type: 'ident' }>;
    this.expect('(');
    const propToken = this.next();
    if (propToken.type !== 'ident' || KEYWORDS.has(propToken.text)) {
      throw new FilterSyntaxError(`${nameToken.text}() expects a property name first (position ${propToken.pos}).`, propToken.pos);
    }
    this.expect(',');
    const valueToken = this.next();
    if (valueToken.type !== 'literal' || valueToken.literal.kind !== 'string') {
      throw new FilterSyntaxError(`${nameToken.text}() expects a string literal second (position ${valueToken.pos}).`, valueToken.pos);
    }
    this.expect(')');
    return { kind: 'function', name: nameToken.text as FilterFunction, property: propToken.text, value: valueToken.literal.value };
  }

  private parseOperand(): FilterOperand {
    const token = this.next();
    if (token.type === 'literal') return { kind: 'literal', literal: token.literal };
    if (token.type === 'ident' && !KEYWORDS.has(token.text)) {
      if (this.peek().type === '(') {
        throw new FilterSyntaxError(`Unknown function '${token.text}' at position ${token.pos}.`, token.pos);
      }
      return { kind: 'property', name: token.text };
    }
    throw new FilterSyntaxError(`Expected a property or a value at position ${token.pos}, found ${describe(token)}.`, token.pos);
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'end of filter';
    case 'ident':
      return `'${token.text}'`;
    case 'literal':
      return 'a literal';
    default:
      return `'${token.type}'`;
  }
}

/**
 * Parses a `$filter` expression.
 *
 * @throws FilterSyntaxError when the text is not a filter the emulator understands.
 * @example
 * ```ts
 * const expr = parseFilter("msdyncrm_name eq 'O''Brien' and statuscode ne 192350001");
 * ```
 */
export function parseFilter(text: string): FilterExpression {
  if (text.trim() === '') throw new FilterSyntaxError('The $filter expression is empty.', 0);
  return new Parser(tokenize(text)).parseAll();
}

/**
 * Every property name a filter refers to (to check them against the known columns).
 *
 * @example
 * ```ts
 * filterProperties(parseFilter("a eq 1 or contains(b,'x')")); // ['a', 'b']
 * ```
 */
export function filterProperties(expr: FilterExpression): string[] {
  const names = new Set<string>();
  const visitOperand = (operand: FilterOperand): void => {
    if (operand.kind === 'property') names.add(operand.name);
  };
  const visit = (e: FilterExpression): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        visit(e.left);
        visit(e.right);
        break;
      case 'not':
        visit(e.operand);
        break;
      case 'compare':
        visitOperand(e.left);
        visitOperand(e.right);
        break;
      case 'function':
        names.add(e.property);
        break;
      case 'value':
        visitOperand(e.operand);
        break;
    }
  };
  visit(expr);
  return [...names];
}

type Resolved =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'literal'; readonly literal: FilterLiteral };

function resolve(operand: FilterOperand, record: Readonly<Record<string, unknown>>): Resolved {
  return operand.kind === 'property' ? { kind: 'value', value: columnValue(record, operand.name) } : { kind: 'literal', literal: operand.literal };
}

function isNullish(r: Resolved): boolean {
  return r.kind === 'value' ? r.value === null || r.value === undefined : r.literal.kind === 'null';
}

/** Turns an operand into a comparable primitive; `hint` is the kind of the other side's literal. */
function primitive(r: Resolved, hint: FilterLiteral['kind'] | undefined): string | number | boolean | null {
  if (r.kind === 'literal') {
    const lit = r.literal;
    switch (lit.kind) {
      case 'null':
        return null;
      case 'string':
        return lit.value.toLowerCase();
      case 'guid':
        return lit.value;
      case 'datetime':
        return lit.time;
      default:
        return lit.value;
    }
  }
  const v = r.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    if (hint === 'datetime') {
      const t = Date.parse(v);
      return Number.isNaN(t) ? v.toLowerCase() : t;
    }
    if (hint === 'guid') return v.replace(/^\{|\}$/g, '').toLowerCase();
    return v.toLowerCase();
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function compare(op: ComparisonOperator, left: Resolved, right: Resolved): boolean {
  if (isNullish(left) || isNullish(right)) {
    const both = isNullish(left) && isNullish(right);
    if (op === 'eq') return both;
    if (op === 'ne') return !both;
    return false;
  }
  const leftHint = left.kind === 'literal' ? left.literal.kind : undefined;
  const rightHint = right.kind === 'literal' ? right.literal.kind : undefined;
  const a = primitive(left, rightHint);
  const b = primitive(right, leftHint);
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null || typeof a !== typeof b) return false;
  const lhs = a as string | number;
  const rhs = b as string | number;
  switch (op) {
    case 'gt':
      return lhs > rhs;
    case 'ge':
      return lhs >= rhs;
    case 'lt':
      return lhs < rhs;
    case 'le':
      return lhs <= rhs;
  }
}

/**
 * Evaluates a parsed filter against a record (an object of column values).
 *
 * @example
 * ```ts
 * evaluateFilter(parseFilter("startswith(msdyncrm_name,'we')"), { msdyncrm_name: 'Welcome' }); // true
 * ```
 */
export function evaluateFilter(expr: FilterExpression, record: Readonly<Record<string, unknown>>): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluateFilter(expr.left, record) && evaluateFilter(expr.right, record);
    case 'or':
      return evaluateFilter(expr.left, record) || evaluateFilter(expr.right, record);
    case 'not':
      return !evaluateFilter(expr.operand, record);
    case 'compare':
      return compare(expr.op, resolve(expr.left, record), resolve(expr.right, record));
    case 'function': {
      const value = columnValue(record, expr.property);
      if (typeof value !== 'string') return false;
      const haystack = value.toLowerCase();
      const needle = expr.value.toLowerCase();
      if (expr.name === 'contains') return haystack.includes(needle);
      if (expr.name === 'startswith') return haystack.startsWith(needle);
      return haystack.endsWith(needle);
    }
    case 'value': {
      const r = resolve(expr.operand, record);
      return r.kind === 'value' ? r.value === true : r.literal.kind === 'boolean' && r.literal.value;
    }
  }
}

/**
 * Parses a filter once and returns a predicate over records.
 *
 * @example
 * ```ts
 * const live = compileFilter('statuscode eq 192350001');
 * records.filter(live);
 * ```
 */
export function compileFilter(text: string): (record: Readonly<Record<string, unknown>>) => boolean {
  const expr = parseFilter(text);
  return (record) => evaluateFilter(expr, record);
}
