/**
 * `@customer-journey/client`: the wire. The codec turns a journey tree into the
 * `msdyncrm_workflowdefinition` string, the designer state, the entity payload and the validate
 * request, and back; the client talks to the Dataverse Web API.
 *
 * @example
 * ```ts
 * import { serializeWorkflowDefinition, parseWorkflowDefinition } from '@customer-journey/client';
 * const definition = serializeWorkflowDefinition(tree);
 * const again = parseWorkflowDefinition(definition);
 * ```
 *
 * @packageDocumentation
 */
export * from './codec/index.js';
export * from './http/index.js';
