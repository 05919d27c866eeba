/**
 * Type-checks TypeScript with the repository's own settings (`tsconfig.json`: strict, NodeNext,
 * the `@customer-journey/*` packages mapped to their sources) in one program, real files and
 * in-memory ones alike, and reports the problems with their file and line.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One problem the compiler found. */
export interface Problem {
  /** Absolute path of the file (an in-memory file's made-up path). */
  readonly path: string;
  /** 1-based line and column. */
  readonly line: number;
  readonly column: number;
  /** `TS2304`. */
  readonly code: string;
  /** The message, on one line. */
  readonly message: string;
}

/** The compiler options of `tsconfig.json`, every module forced to be a module. */
function repositoryOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error('tsconfig.json cannot be read');
  // A snippet without imports is still its own module: its names do not clash with another's.
  return { ...parsed.options, noEmit: true, moduleDetection: ts.ModuleDetectionKind.Force };
}

/**
 * Compiles `files` (absolute paths) and the in-memory `virtual` files (absolute made-up path to
 * source text) as one program, and returns the problems found in them (not in what they import).
 */
export function typeCheck(files: readonly string[], virtual: ReadonlyMap<string, string> = new Map()): Problem[] {
  const options = repositoryOptions();
  const host = ts.createCompilerHost(options, true);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => virtual.has(resolve(path)) || fileExists(path);
  host.readFile = (path) => virtual.get(resolve(path)) ?? readFile(path);
  host.getSourceFile = (path, language, onError, create) => {
    const text = virtual.get(resolve(path));
    return text === undefined ? getSourceFile(path, language, onError, create) : ts.createSourceFile(path, text, language, true);
  };
  const roots = [...files, ...virtual.keys()];
  const program = ts.createProgram({ rootNames: roots, options, host });
  const problems: Problem[] = [];
  for (const d of program.getOptionsDiagnostics()) problems.push(toProblem(d, ROOT));
  for (const root of roots) {
    const source = program.getSourceFile(root);
    if (source === undefined) {
      problems.push({ path: root, line: 1, column: 1, code: 'missing', message: 'the compiler did not read this file' });
      continue;
    }
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) problems.push(toProblem(d, root));
  }
  return problems;
}

function toProblem(d: ts.Diagnostic, fallback: string): Problem {
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  if (d.file === undefined || d.start === undefined) return { path: fallback, line: 1, column: 1, code: `TS${d.code}`, message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { path: resolve(d.file.fileName), line: line + 1, column: character + 1, code: `TS${d.code}`, message };
}

/** `path:line:column TS1234 message`, with the path relative to the repository. */
export function formatProblem(p: Problem): string {
  return `${relative(ROOT, p.path)}:${p.line}:${p.column} ${p.code} ${p.message}`;
}

/** Files under `dir` (recursively, skipping `node_modules`, `dist`, `.tmp`, `site` and dot folders) whose name passes `test`. */
export function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  const pending = [dir];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || ['node_modules', 'dist', 'site'].includes(entry.name)) continue;
      const full = join(at, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && test(entry.name)) out.push(full);
    }
  }
  return out.sort();
}
