/**
 * Simulation: contacts walking a journey on a virtual clock, and text views of the result.
 *
 * @module
 */
export { simulate } from './simulate.js';
export { SimulationError } from './errors.js';
export { formatFunnel, formatInstant, formatSteps } from './format.js';
export { TIME_ZONE_CODES, addDuration } from './time.js';
export {
  INTERACTION_TYPES,
  type Interaction,
  type InteractionType,
  type Scenario,
  type ScenarioContact,
  type SimulationResult,
  type SimulationStep,
  type SimulationTile,
  type SimulationWarning,
  type SimulationWarningCode,
  type SplitSettings,
  type StepOutcome,
} from './types.js';
