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
  type Fault,
  type FaultKind,
  type FaultMatch,
  type FaultRequest,
  type RateFaultOptions,
  type ScriptedFault,
} from './faults.js';
export { DataFileError, type StoreFile, type StoredRecord } from './store.js';
export { type JourneyCodec } from './codec.js';
export { DEFAULT_CLI_PORT } from './cli-options.js';
