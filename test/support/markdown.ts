/**
 * Fenced code blocks of Markdown files, with the line each starts on, for the test that compiles
 * the documentation's TypeScript.
 */

/** One fenced block. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository. */
  readonly file: string;
  /** The info string after the opening fence, trimmed (`ts`, `ts no-check`, `sh`, …). */
  readonly info: string;
  /** 1-based line of the block's first line of code in the Markdown file. */
  readonly line: number;
  /** The code, without the fences. */
  readonly code: string;
}

/**
 * Every fenced block (backticks or tildes, CommonMark rules for the closing fence) of a Markdown
 * text. Fences inside a line (`` a ```mermaid block ``) are not fences.
 */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines[i] as string);
    if (open === null) continue;
    const fence = open[1] as string;
    const info = (open[2] as string).trim();
    if (fence.startsWith('`') && info.includes('`')) continue; // not a fence (CommonMark)
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const start = i + 1;
    let end = start;
    while (end < lines.length && !close.test(lines[end] as string)) end++;
    blocks.push({ file, info, line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}
