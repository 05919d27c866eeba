/**
 * The codec: a journey tree to and from `msdyncrm_workflowdefinition`, the designer state, the
 * entity body and the validate request; canonical JSON; the JSON Schema of the definition.
 * Pure and synchronous.
 *
 * @example
 * ```ts
 * import { serializeWorkflowDefinition, parseWorkflowDefinition, sameJourney } from '@customer-journey/client';
 * const again = parseWorkflowDefinition(serializeWorkflowDefinition(tree), serializeDesignerState(tree), tree.settings);
 * sameJourney(tree, again); // true
 * ```
 *
 * @module
 */
export { JourneyFormatError } from './errors.js';
export type { WireActivity, WireItem, WireProperties, WireConditionExpression, WireDesignerState } from './wire-types.js';
export { serializeWorkflowDefinition, toWireDefinition, toWireItem } from './definition-serialize.js';
export { parseWorkflowDefinition } from './definition-parse.js';
export {
  serializeDesignerState,
  parseDesignerState,
  designerStateFromIds,
  toWireDesignerState,
} from './designer-state.js';
export { toEntity, fromEntity, JOURNEY_LOOKUPS, SERVER_MANAGED_COLUMNS, type JourneyEntity, type JourneyLookup, type ToEntityOptions } from './entity.js';
export { toValidateRequest, type ValidateRequest } from './validate-request.js';
export { parseValidationResult } from './validation-result.js';
export { toCanonicalJson, sameJourney, canonicalSettings, asWritten } from './canonical.js';
export { workflowDefinitionSchema, type JsonSchema } from './schema.js';
export { MAX_NESTING_DEPTH } from './nesting.js';
export { checkJourney } from './check.js';
