/**
 * The body of the `msdyncrm_CustomerJourneyValidate` action (Check for Errors): a flat object of
 * `FieldValue*` keys, GUIDs braced in upper case, lookups as bare GUIDs, dates in ISO 8601.
 *
 * @module
 */
import { ENTITY_TARGET_CODES, type JourneyTree } from '@customer-journey/dsl';
import { serializeWorkflowDefinition } from './definition-serialize.js';
import { bracedGuid, consentCode, minuteIso, statusCode } from './fields.js';
import { writing } from './nesting.js';

/**
 * The request body of `msdyncrm_CustomerJourneyValidate`.
 *
 * @example
 * ```ts
 * const body: ValidateRequest = { FieldValueStatusCode: 192350000, FieldValueName: 'Welcome',
 *   FieldValueWorkflowDefinition: '[…]', FieldValueEntityTarget: 0, FieldValueIsRecurring: false };
 * ```
 */
export interface ValidateRequest {
  /** `{6628BBF7-…}`: the journey's id, when it has been saved. */
  readonly FieldValueCustomerJourneyId?: string;
  readonly FieldValueStatusCode: number;
  readonly FieldValueName: string;
  /** `2019-02-08T11:48:00.000Z` */
  readonly FieldValueStartDateTime?: string;
  readonly FieldValueEndDateTime?: string;
  readonly FieldValueWorkflowDefinition: string;
  readonly FieldValueIsRecurring: boolean;
  readonly FieldValueRecurrenceIntervalDays?: number;
  readonly FieldValueRecurrenceCount?: number;
  readonly FieldValueRequiredConsent?: number;
  readonly FieldValueEntityTarget: number;
  readonly FieldValueSuppressionSegmentId?: string;
  readonly FieldValueCustomerJourneyTimeZone?: number;
  readonly FieldValueContentSettingsId?: string;
}

const isoMs = (value: unknown, path: string): string => `${minuteIso(value, path).slice(0, -1)}.000Z`;

/**
 * Builds the Check for Errors request of a journey, saved (`id` given) or not. The status
 * defaults to Draft; `FieldValueIsRecurring` is always sent (true when `recurrence` is set).
 *
 * @param id - the journey's `msdyncrm_customerjourneyid`, if it has been saved.
 * @example
 * ```ts
 * import { toValidateRequest } from '@customer-journey/client';
 * const body = toValidateRequest(tree, '6628bbf7-c52a-e911-a9b7-000d3a1e6adc');
 * body.FieldValueCustomerJourneyId; // '{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}'
 * ```
 */
export function toValidateRequest(tree: JourneyTree, id?: string): ValidateRequest {
  return writing('a journey tree', tree, 'tree', () => validateRequestOf(tree, id));
}

function validateRequestOf(tree: JourneyTree, id: string | undefined): ValidateRequest {
  const s = tree.settings;
  const r: Record<string, unknown> = {};
  if (id !== undefined) r['FieldValueCustomerJourneyId'] = bracedGuid(id, '$.id');
  r['FieldValueStatusCode'] = statusCode(s.status ?? 'Draft', '$.settings.status');
  r['FieldValueName'] = s.name;
  if (s.start !== undefined) r['FieldValueStartDateTime'] = isoMs(s.start, '$.settings.start');
  if (s.end !== undefined) r['FieldValueEndDateTime'] = isoMs(s.end, '$.settings.end');
  r['FieldValueWorkflowDefinition'] = serializeWorkflowDefinition(tree);
  r['FieldValueIsRecurring'] = s.isRecurring ?? s.recurrence !== undefined;
  if (s.recurrence !== undefined) {
    r['FieldValueRecurrenceIntervalDays'] = s.recurrence.intervalDays;
    r['FieldValueRecurrenceCount'] = s.recurrence.count;
  }
  if (s.consent !== undefined) r['FieldValueRequiredConsent'] = consentCode(s.consent, '$.settings.consent');
  r['FieldValueEntityTarget'] = ENTITY_TARGET_CODES[s.target] ?? 0;
  if (s.suppressionSegmentId !== undefined) r['FieldValueSuppressionSegmentId'] = bracedGuid(s.suppressionSegmentId, '$.settings.suppressionSegmentId');
  if (s.timeZone !== undefined) r['FieldValueCustomerJourneyTimeZone'] = s.timeZone;
  if (s.contentSettingsId !== undefined) r['FieldValueContentSettingsId'] = bracedGuid(s.contentSettingsId, '$.settings.contentSettingsId');
  return r as unknown as ValidateRequest;
}
