/**
 * Human-readable listing of a Check for Errors result, for the command line and for logs.
 *
 * @module
 */
import { truncateName } from '../errors.js';
import type { Activity, JourneyTree, ValidationResult } from '../model.js';
import { describeFault } from './rules.js';

/** Separator between the names of a tile's path from the root. */
const PATH_SEPARATOR = ' › ';

/** The label of a tile in a path: its name (cut when long), else its type in brackets. */
function labelOf(a: Activity): string {
  const name = a.header?.name;
  return typeof name === 'string' && name.trim() !== '' ? truncateName(name) : `[${String(a.type)}]`;
}

/**
 * Lists every finding of a Check for Errors result, one line each, after a summary line. Each
 * line gives the severity, the fault code, where it is (the tile's path of names from the root,
 * or `journey "<name>"` for journey-level findings) and a human message (see `describeFault`).
 * Works for local results and for results the service returned; an `ActivityId` that is not in
 * the tree is shown as `tile "<id>"`. Names longer than 80 characters are cut (`truncateName`).
 *
 * @example
 * ```ts
 * import { formatValidationResult, validateJourney } from '@customer-journey/dsl';
 * console.log(formatValidationResult(tree, validateJourney(tree)));
 * // Error: 1 error, 0 warnings in journey "Event invitation"
 * // Error ErrorTriggerSourceNotEarlier at Customers › Invitation › Registered?: The condition …
 * ```
 */
export function formatValidationResult(tree: JourneyTree, result: ValidationResult): string {
  const findings = result.ActivityValidationResults;
  const journeyName = JSON.stringify(truncateName(tree.settings?.name ?? ''));
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.Result === 'Error') errors++;
    else if (f.Result === 'Warning') warnings++;
  }
  const lines: string[] = [
    findings.length === 0
      ? `${result.Result}: no findings in journey ${journeyName}`
      : `${result.Result}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in journey ${journeyName}`,
  ];
  if (findings.length === 0) return lines[0] as string;

  // Parent and label of every tile, first occurrence of each ActivityId wins (iterative walk).
  const wanted = new Set<string>();
  for (const f of findings) if (f.ActivityId !== '') wanted.add(f.ActivityId);
  const parentOf = new Map<string, string | undefined>();
  const labels = new Map<string, string>();
  if (wanted.size > 0) {
    const stack: Activity[] = [tree.root];
    const parents: (string | undefined)[] = [undefined];
    const seen = new Set<Activity>();
    while (stack.length > 0) {
      const a = stack.pop() as Activity;
      const parent = parents.pop();
      if (seen.has(a)) continue;
      seen.add(a);
      if (!parentOf.has(a.id)) {
        parentOf.set(a.id, parent);
        labels.set(a.id, labelOf(a));
      }
      const children = a.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push(children[i] as Activity);
        parents.push(a.id);
      }
    }
  }
  const rootId = tree.root.id;
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    let path: string;
    if (!parentOf.has(id)) path = `tile ${JSON.stringify(id)}`;
    else if (id === rootId) path = '(root)';
    else {
      const names: string[] = [];
      const guard = new Set<string>();
      for (let at: string | undefined = id; at !== undefined && at !== rootId && !guard.has(at); at = parentOf.get(at)) {
        guard.add(at);
        names.push(labels.get(at) ?? at);
      }
      path = names.reverse().join(PATH_SEPARATOR);
    }
    paths.set(id, path);
    return path;
  };

  for (const f of findings) {
    const where = f.ActivityId === '' ? `journey ${journeyName}` : pathOf(f.ActivityId);
    lines.push(`${f.Result} ${f.Fault} at ${where}: ${describeFault(f, tree)}`);
  }
  return lines.join('\n');
}
