/**
 * `@customer-journey/dsl`: the typed model of a Dynamics 365 Marketing customer journey, the fluent
 * builder that writes one, edits, tree helpers, local Check for Errors, diagrams, code generation
 * and simulation.
 *
 * @example
 * ```ts
 * import { journey } from '@customer-journey/dsl';
 *
 * export const welcome = journey('Welcome', { target: 'contact' })
 *   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
 *   .build();
 * ```
 *
 * @packageDocumentation
 */
export * from './model.js';
export * from './errors.js';
export * from './ids.js';
export * from './dates.js';
export * from './json.js';
export * from './walk.js';
export * from './builder/index.js';
export * from './edit.js';
export * from './reconcile.js';
export * from './lifecycle.js';
export * from './validate/index.js';
export * from './render/index.js';
export * from './codegen/index.js';
export * from './simulate/index.js';
