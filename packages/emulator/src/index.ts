/**
 * `@customer-journey/emulator`: a local HTTP server that behaves like the Dataverse Web API
 * endpoints used for customer journeys (the `msdyncrm_customerjourneys` entity set, the
 * `msdyncrm_CustomerJourneyValidate` action, status transitions), with fault injection for tests.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@customer-journey/emulator';
 *
 * const emulator = await startEmulator();
 * const res = await fetch(`${emulator.apiUrl}/msdyncrm_customerjourneys`, {
 *   method: 'POST',
 *   headers: { Authorization: 'Bearer local', 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ msdyncrm_name: 'Welcome' }),
 * });
 * res.headers.get('OData-EntityId'); // http://127.0.0.1:…/api/data/v9.2/msdyncrm_customerjourneys(…)
 * await emulator.close();
 * ```
 *
 * @packageDocumentation
 */
export { startEmulator, type Emulator, type EmulatorOptions, type EmulatorStats, type RequestLogEntry } from './server.js';
export {
  FaultController,
  FAULT_KINDS,
  seededRandom,
  matchesFault,
  type Fault,
  type FaultKind,
  type FaultMatch,
  type FaultRequest,
  type RateFaultOptions,
  type ScriptedFault,
} from './faults.js';
export {
  parseFilter,
  evaluateFilter,
  compileFilter,
  filterProperties,
  FilterSyntaxError,
  type FilterExpression,
  type FilterLiteral,
  type FilterOperand,
  type FilterFunction,
  type ComparisonOperator,
} from './filter.js';
export {
  STATUS,
  STATUS_LABELS,
  TRANSITIONS,
  TransitionScheduler,
  isTransitionAllowed,
  stateOf,
  statusLabel,
  transitionRefusal,
  type PendingKind,
} from './lifecycle.js';
export {
  ODataError,
  ERROR_CODES,
  badRequest,
  recordNotFound,
  resourceNotFound,
  methodNotAllowed,
  duplicateRecord,
  versionMismatch,
  errorBodyText,
} from './errors.js';
export {
  DEFAULT_ENTITY_SET,
  JOURNEY_ID,
  JOURNEY_LOGICAL_NAME,
  JOURNEY_COLUMNS,
  JOURNEY_LOOKUPS,
  KNOWN_COLUMNS,
  READ_ONLY_COLUMNS,
  EMULATOR_USER_ID,
  EMULATOR_BUSINESS_UNIT_ID,
  EMULATOR_ORGANIZATION_ID,
  LOOKUP_LOGICAL_NAME,
  ASSOCIATED_NAV,
  FORMATTED_VALUE,
  annotationFilter,
  etagOf,
  lookupValueName,
  newRecordDefaults,
  normalizeGuid,
  readPayload,
  shapeRecord,
  type ColumnSpec,
  type LookupSpec,
  type PayloadChanges,
  type ShapeOptions,
} from './entity.js';
export { RecordStore, type StoredRecord, type StoreFile } from './store.js';
export {
  MAX_PAGE_SIZE,
  parsePrefer,
  parseQuery,
  runQuery,
  nextLink,
  encodeSkipToken,
  decodeSkipToken,
  type Preferences,
  type QueryOptions,
  type OrderKey,
  type Page,
} from './query.js';
export { defaultCodec, resolveCodec, settingsFromRecord, settingsFromValidateBody, emptyTree, type JourneyCodec } from './codec.js';
export { JourneyService, type JourneyServiceOptions, type OperationRequest, type OperationResponse } from './journeys.js';
export { route, splitApiPath, API_VERSIONS } from './router.js';
export { DEFAULT_CLI_PORT, parseCliArgs, type CliOptions } from './cli-options.js';
