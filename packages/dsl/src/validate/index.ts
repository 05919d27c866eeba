// Stub signature; the local Check for Errors replaces this file.
import type { JourneyTree, ValidationResult } from '../model.js';
export interface ValidateOptions { readonly definitionLength?: number }
export function validateJourney(_tree: JourneyTree, _options?: ValidateOptions): ValidationResult {
  throw new Error('validateJourney not implemented yet');
}
