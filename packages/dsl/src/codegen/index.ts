/**
 * Import to code: turns a journey tree (typically a pulled, parsed journey) into a TypeScript
 * module that rebuilds it with the fluent builder.
 *
 * @module
 */
import type { JourneyTree } from '../model.js';
import { CodeGenerator } from './generate.js';
import type { GenerateCodeOptions } from './generate.js';

export type { GenerateCodeOptions } from './generate.js';

/**
 * Writes a TypeScript module that imports `journey` and exports the built journey: running it
 * gives a tree whose serialized definition, designer state and settings equal those of `tree`
 * (activity ids, item ids, names, every property, unknown tiles and properties included).
 *
 * - Tiles are written with their domain methods (`segment`, `email`, `wait`, `trigger`, `split`,
 *   `parallel`, `activity`, …) and only the options that differ from the builder's defaults,
 *   including the options for pulled tiles: `omit` for base fields the designer left out,
 *   `rawName` for names the builder would refuse, `relation` and `branch` for places that differ
 *   from the position. What those methods cannot express (unknown tile types, tiles without a
 *   record or with an unusual target, unknown activity-level properties) is written with
 *   `custom(...)`, so nothing is lost.
 * - Ids are written only where the builder would not assign the same id by itself, so a journey
 *   made with the builder comes back without explicit ids. Trigger conditions refer to their
 *   sources by keys (existing ones, or keys made from the items' names), or by `sourceItemId`
 *   when the source is not in the tree.
 * - An `empty` trigger branch that the builder would add by itself is left out.
 * - Chains longer than 150 calls and branches nested more than 8 deep continue in named
 *   fragments declared before the journey, so any journey gives code that compilers accept.
 * - The root's parts are written as `root` options and the designer state as `designerState`
 *   (with `exact: true` when it lags behind the ids). Only a root the designer never writes
 *   (another `ActivityId`, place or target, or no `bpf_root` header) is set on the built tree.

 * The output is deterministic: the same tree always gives the same text.
 *
 * @param tree - the journey to write.
 * @param options - where to import from, the name of the export, and the journey name to use when
 *   the tree has none.
 * @returns the module text (2-space indent, one call per line, ending with a newline).
 * @throws `JourneyBuildError` (code `empty-name`) for a tree without a name (the settings of a bare
 *   parsed definition) when `options.name` is not given: `journey('')` could not build.
 * @throws `RangeError` when `exportName` is not a valid identifier or names an imported type, or
 *   `name` is blank or longer than 100 characters.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { generateCode } from '@customer-journey/dsl';
 * import { parseWorkflowDefinition } from '@customer-journey/client';
 *
 * const tree = parseWorkflowDefinition(record.msdyncrm_workflowdefinition, record.msdyncrm_customerjourneydesignerstate,
 *   { name: record.msdyncrm_name, target: 'contact' });
 * await writeFile('welcome.journey.ts', generateCode(tree, { exportName: 'welcome' }));
 * // import { journey } from '@customer-journey/dsl';
 * //
 * // export const welcome = journey('Welcome')
 * //   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
 * //   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
 * //   .build();
 * ```
 */
export function generateCode(tree: JourneyTree, options: GenerateCodeOptions = {}): string {
  return new CodeGenerator(tree).generate(options);
}
