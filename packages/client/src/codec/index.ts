// Stub signatures; the codec replaces this file.
import type { JourneySettings, JourneyTree, ValidationResult } from '@customer-journey/dsl';
const todo = (): never => { throw new Error('codec not implemented yet'); };
export function serializeWorkflowDefinition(_tree: JourneyTree): string { return todo(); }
export function serializeDesignerState(_tree: JourneyTree): string { return todo(); }
export function parseWorkflowDefinition(_definition: string, _designerState?: string, _settings?: JourneySettings): JourneyTree { return todo(); }
export type JourneyEntity = Readonly<Record<string, unknown>>;
export function toEntity(_tree: JourneyTree): JourneyEntity { return todo(); }
export function fromEntity(_record: Readonly<Record<string, unknown>>): JourneyTree { return todo(); }
export function toValidateRequest(_tree: JourneyTree, _id?: string): Record<string, unknown> { return todo(); }
export function parseValidationResult(_body: unknown): ValidationResult { return todo(); }
export function toCanonicalJson(_tree: JourneyTree): string { return todo(); }
export function checkJourney(_tree: JourneyTree): ValidationResult { return todo(); }
export class JourneyFormatError extends Error {}
