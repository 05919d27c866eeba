/**
 * Local Check for Errors: the rules the journey designer and `msdyncrm_CustomerJourneyValidate`
 * apply, checked offline on a journey tree, with results in the service's shape.
 *
 * @example
 * ```ts
 * import { formatValidationResult, validateJourney } from '@customer-journey/dsl';
 * const result = validateJourney(tree, { definitionLength: definition.length });
 * if (result.Result === 'Error') console.error(formatValidationResult(tree, result));
 * ```
 *
 * @module
 */
export { validateJourney, type ValidateOptions } from './check.js';
export {
  VALIDATION_RULES,
  MAX_NAME_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_DEFINITION_LENGTH,
  describeFault,
  ruleOf,
  type ValidationRule,
  type ValidationFaultCode,
} from './rules.js';
export { formatValidationResult } from './format.js';
