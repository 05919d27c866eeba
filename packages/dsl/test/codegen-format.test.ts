/**
 * Formatting and escaping of generated code: string literals, keys, identifiers, comments and the
 * layout of calls and chains.
 */
import { describe, expect, it } from 'vitest';
import { generateCode, journey } from '@customer-journey/dsl';
import { arr, call, chain, layout, obj } from '../src/codegen/doc.js';
import { camelIdentifier, commentText, isIdentifier, propertyKey, quote } from '../src/codegen/literal.js';

const NASTY = [
  '',
  "it's",
  'back\\slash',
  'line\nbreak\r\n',
  'tab\there',
  '${template}',
  '`backtick`',
  '"double"',
  '</script>',
  '*/ end of comment',
  '\u0000\u0001\u001f\u007f\u0085',
  '\u2028\u2029',
  '\u202e\u2066 bidi',
  '\u200b\ufeff invisible',
  'é 😀 Ω 中文',
  'lone \ud800 high',
  'lone \udc00 low',
  'pair \ud83d\ude00 ok',
];

/** Evaluates a string literal the way a module would. */
const evaluate = (literal: string): unknown => new Function(`return ${literal};`)() as unknown;

describe('quote', () => {
  it.each(NASTY.map((s) => [JSON.stringify(s), s] as const))('round-trips %s', (_label, s) => {
    const literal = quote(s);
    expect(evaluate(literal)).toBe(s);
    expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
    // One line, printable: no raw line breaks, controls, bidi or invisible characters, no lone surrogates.
    expect(literal).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/);
    expect(literal).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('keeps readable text as it is', () => {
    expect(quote('Event invitation')).toBe("'Event invitation'");
    expect(quote("It's ${x}")).toBe("'It\\'s ${x}'");
    expect(quote('é 😀')).toBe("'é 😀'");
    expect(quote('a\nb')).toBe("'a\\nb'");
    expect(quote('\u202e')).toBe("'\\u202e'");
  });
});

describe('property keys and identifiers', () => {
  it('writes keys bare, quoted, or computed for __proto__', () => {
    expect(propertyKey('Name')).toBe('Name');
    expect(propertyKey('new_Field$1')).toBe('new_Field$1');
    expect(propertyKey('with space')).toBe("'with space'");
    expect(propertyKey('1')).toBe("'1'");
    expect(propertyKey('')).toBe("''");
    expect(propertyKey('__proto__')).toBe("['__proto__']");
    const o = evaluate(`{ ${propertyKey('__proto__')}: 1, ${propertyKey("it's")}: 2 }`) as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['__proto__', "it's"]);
  });

  it('makes camelCase identifiers from names', () => {
    expect(camelIdentifier('Event invitation', 'journey')).toBe('eventInvitation');
    expect(camelIdentifier('VIP   welcome!!', 'journey')).toBe('vipWelcome');
    expect(camelIdentifier('2026 offers', 'journey')).toBe('journey2026Offers');
    expect(camelIdentifier('delete', 'journey')).toBe('deleteJourney');
    expect(camelIdentifier('Événement été', 'journey')).toBe('événementÉté');
    expect(camelIdentifier('😀 ***', 'journey')).toBeUndefined();
    expect(isIdentifier('événementÉté')).toBe(true);
    expect(isIdentifier('class')).toBe(false);
    expect(isIdentifier('a b')).toBe(false);
  });

  it('keeps comments on one line and closed', () => {
    const text = commentText('A */ B\nC @example \u202e');
    expect(text).not.toContain('*/');
    expect(text).not.toMatch(/[\n\u202e]/);
    expect(text).toContain('\\@example');
  });
});

describe('layout', () => {
  it('writes what fits on one line', () => {
    expect(layout(call('.email', ["'A'", obj([['emailId', "'x'"]])]), 2, 2, 100)).toBe(".email('A', { emailId: 'x' })");
    expect(layout(obj([]), 0, 0, 100)).toBe('{}');
    expect(layout(arr([]), 0, 0, 100)).toBe('[]');
  });

  it('breaks the last object argument of a long call and puts one entry per line', () => {
    const long = "'" + 'x'.repeat(60) + "'";
    const text = layout(call('.email', ["'A'", obj([['emailId', long], ['key', "'k'"]])]), 2, 2, 60);
    expect(text).toBe([".email('A', {", `    emailId: ${long},`, "    key: 'k',", '  })'].join('\n'));
  });

  it('writes one call per line in a broken chain and inlines a short single-call branch', () => {
    const branch = chain('(b) => b', [call('.createLead', ["'L'"])], false);
    expect(layout(branch, 0, 0, 100)).toBe("(b) => b.createLead('L')");
    const broken = chain('journey(\'J\')', [call('.createLead', ["'L'"]), call('.build', [])], true);
    expect(layout(broken, 0, 0, 100)).toBe("journey('J')\n  .createLead('L')\n  .build()");
  });

  it('lays out documents of any depth without recursion', () => {
    let doc = arr([]);
    for (let i = 0; i < 5_000; i++) doc = arr([doc]);
    const text = layout(doc, 0, 0, 100);
    expect(text.startsWith('[\n  [')).toBe(true);
  });
});

describe('generated modules', () => {
  it('are deterministic and end with a newline', () => {
    const tree = journey('Welcome').createLead('Lead', { description: 'x' }).build();
    expect(generateCode(tree)).toBe(generateCode(tree));
    expect(generateCode(tree).endsWith('.build();\n')).toBe(true);
  });

  it('escape nasty names in strings and in the doc comment', () => {
    const name = "It's */ \\ ${x}\n`y` \u2028 é";
    const code = generateCode(journey(name).createLead(name).build(), { exportName: 'nasty' });
    expect(code).toContain(`journey(${quote(name)})`);
    expect(code).toContain(`.createLead(${quote(name)})`);
    const comment = code.slice(code.indexOf('/**'), code.indexOf('*/') + 2);
    expect(comment.split('\n')).toHaveLength(5);
    expect(code).toMatch(/\*\/\nexport const nasty = /);
  });

  it('use two-space indentation throughout', () => {
    const code = generateCode(
      journey('Indent')
        .email('Mail', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', key: 'mail' })
        .trigger('Opened?', { conditions: [{ source: 'mail', condition: 'Opened' }], timeout: { value: 1, unit: 'Day' } }, {
          yes: (b) => b.createLead('A').createLead('B'),
        })
        .build(),
    );
    for (const line of code.split('\n').filter((l) => !l.startsWith(' *'))) expect((line.length - line.trimStart().length) % 2).toBe(0);
    expect(code).toContain("  .trigger(\n    'Opened?',\n");
    expect(code).toContain("      yes: (b) => b\n        .createLead('A')\n        .createLead('B'),\n    },\n  )\n  .build();\n");
  });
});
