/**
 * The Dataverse Web API client for customer journeys: {@link createJourneyClient}, its error
 * hierarchy, retry options, token sources, the `$filter` builder and the concurrency limiter.
 *
 * @example
 * ```ts
 * import { createJourneyClient, ConcurrencyError } from '@customer-journey/client';
 *
 * const client = createJourneyClient({ orgUrl: 'https://contoso.crm4.dynamics.com', getToken: () => token });
 * const { id, action } = await client.push(tree);
 * ```
 *
 * @module
 */
export {
  createJourneyClient,
  type CreateOptions,
  type DeleteOptions,
  type GetOptions,
  type JourneyClient,
  type JourneyClientBaseOptions,
  type JourneyClientOptions,
  type JourneyRecord,
  type LifecycleOptions,
  type LifecycleResult,
  type ListEntry,
  type ListQuery,
  type PushManyEntry,
  type PushManyOptions,
  type PushOptions,
  type PushProgress,
  type PushResult,
  type RawJourneyRecord,
  type RawListEntry,
  type RawListQuery,
  type RawUpdateOptions,
  type RequestOptions,
  type UnreadableJourney,
  type UpdateOptions,
  type WriteResult,
} from './journey-client.js';
export {
  AuthenticationError,
  ConcurrencyError,
  DataverseError,
  type DataverseErrorDetails,
  isDataverseError,
  NetworkError,
  NotFoundError,
  ResponseTooLargeError,
  ThrottlingError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.js';
export { DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_TEXT } from './transport.js';
export {
  type Clock,
  computeRetryDelay,
  DEFAULT_RETRY_OPTIONS,
  normalizeRetryOptions,
  type NormalizedRetryOptions,
  parseRetryAfter,
  type RetryOptions,
  systemClock,
} from './retry.js';
export { type GetToken, type TokenCredentialLike, type TokenRequest, type TokenResult } from './auth.js';
export {
  buildFilter,
  type FieldCondition,
  type FieldFilter,
  guid,
  ODataFilter,
  odataFilter,
  ODataGuid,
  odataLiteral,
  type ODataValue,
  type StructuredFilter,
} from './odata-filter.js';
export { createLimiter, type Limiter } from './concurrency.js';
export { JOURNEY_ID_NAMESPACE, journeyIdFromName, journeyVersionId, normalizeJourneyId } from './journey-id.js';
export { journeyChanges, planJourney, versionName, type JourneyChange, type JourneyPlan, type PlanContext, type PlanOptions } from './plan.js';
export { LifecycleError, type LifecycleErrorOptions } from './lifecycle-error.js';
export { isLoopbackHost, type OrgEndpoint, resolveOrgUrl } from './org-url.js';
