/**
 * Local Check for Errors with the definition length the wire would have.
 *
 * @module
 */
import { validateJourney, type JourneyTree, type ValidationResult } from '@customer-journey/dsl';
import { serializeWorkflowDefinition } from './definition-serialize.js';
import { writing } from './nesting.js';

/**
 * Runs the local Check for Errors (`validateJourney` of `@customer-journey/dsl`) with the length
 * of the serialized definition, so that the 1,048,576-character limit is checked too.
 *
 * @example
 * ```ts
 * import { checkJourney } from '@customer-journey/client';
 * const result = checkJourney(tree);
 * if (result.Result === 'Error') process.exitCode = 1;
 * ```
 */
export function checkJourney(tree: JourneyTree): ValidationResult {
  const definitionLength = serializeWorkflowDefinition(tree).length;
  return writing('a journey tree', tree, 'tree', () => validateJourney(tree, { definitionLength }));
}
