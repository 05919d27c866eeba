/**
 * Routing: turns a method and a path under `/api/data/v9.x/` into a journey operation, or into
 * the OData error Dataverse answers for an unknown resource or method.
 *
 * @module
 */
import { EMULATOR_BUSINESS_UNIT_ID, EMULATOR_ORGANIZATION_ID, EMULATOR_USER_ID, JOURNEY_ID, normalizeGuid } from './entity.js';
import { ERROR_CODES, ODataError, badRequest, methodNotAllowed, resourceNotFound } from './errors.js';
import type { JourneyService, OperationRequest, OperationResponse } from './journeys.js';

/**
 * The API versions served.
 *
 * @example
 * ```ts
 * API_VERSIONS.map((v) => `${emulator.url}/api/data/${v}/`);
 * ```
 */
export const API_VERSIONS: readonly string[] = Object.freeze(['v9.0', 'v9.1', 'v9.2']);

const API_PATH = /^\/api\/data\/(v9\.[0-2])(?:\/(.*))?$/;

/**
 * Splits a request path into the API version and the resource path after it.
 *
 * @example
 * ```ts
 * splitApiPath('/api/data/v9.2/msdyncrm_customerjourneys'); // { version: 'v9.2', resource: 'msdyncrm_customerjourneys' }
 * ```
 */
export function splitApiPath(pathname: string): { version: string; resource: string } | undefined {
  const m = API_PATH.exec(pathname);
  if (!m) return undefined;
  let resource = m[2] ?? '';
  try {
    resource = decodeURIComponent(resource);
  } catch {
    throw badRequest(`The request path '${pathname}' is not correctly encoded.`);
  }
  return { version: m[1] as string, resource };
}

const VALIDATE_ACTION = 'msdyncrm_CustomerJourneyValidate';

/**
 * Dispatches one request to the journey operations.
 *
 * @throws ODataError for unknown resources (404), methods (405) or malformed keys (400).
 * @example
 * ```ts
 * route(service, 'msdyncrm_customerjourneys', 'GET', 'msdyncrm_customerjourneys', request);
 * ```
 */
export function route(service: JourneyService, entitySet: string, method: string, resource: string, req: OperationRequest): OperationResponse {
  if (resource === entitySet) {
    if (method === 'GET') return service.list(req);
    if (method === 'POST') return service.create(req);
    throw methodNotAllowed(method, resource);
  }
  if (resource.startsWith(`${entitySet}(`) && resource.endsWith(')')) {
    const key = resource.slice(entitySet.length + 1, -1);
    const raw = key.startsWith(`${JOURNEY_ID}=`) ? key.slice(JOURNEY_ID.length + 1) : key;
    const opens = raw.startsWith("'");
    const closes = raw.length > 1 && raw.endsWith("'");
    if (opens !== closes) {
      throw badRequest(`The key '${key}' of '${entitySet}' has an unbalanced quote. Write the GUID without quotes, e.g. ${entitySet}(6628bbf7-c52a-e911-a9b7-000d3a1e6adc).`);
    }
    const id = normalizeGuid(opens ? raw.slice(1, -1) : raw);
    if (id === undefined) {
      throw badRequest(`The key '${key}' of '${entitySet}' is not a GUID. Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);
    }
    if (method === 'GET') return service.retrieve(req, id);
    if (method === 'PATCH') return service.update(req, id);
    if (method === 'DELETE') return service.remove(req, id);
    throw methodNotAllowed(method, resource);
  }
  if (resource === VALIDATE_ACTION || resource === `Microsoft.Dynamics.CRM.${VALIDATE_ACTION}`) {
    if (method !== 'POST') throw methodNotAllowed(method, resource);
    return service.validate(req);
  }
  if (resource === 'WhoAmI' || resource === 'WhoAmI()') {
    if (method !== 'GET') throw methodNotAllowed(method, resource);
    return {
      status: 200,
      headers: {},
      body: {
        '@odata.context': `${req.orgUrl}/api/data/${req.version}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: EMULATOR_BUSINESS_UNIT_ID,
        UserId: EMULATOR_USER_ID,
        OrganizationId: EMULATOR_ORGANIZATION_ID,
      },
    };
  }
  if (resource === '$batch' || resource === '$metadata') {
    throw new ODataError(501, ERROR_CODES.notImplemented, `The journey emulator does not implement '${resource}'.`);
  }
  const segment = resource.split(/[/(]/)[0] ?? resource;
  throw resourceNotFound(segment === '' ? resource : segment);
}
