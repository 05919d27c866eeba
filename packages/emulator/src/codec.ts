/**
 * The emulator's view of the codec: how it parses a stored definition and runs Check for Errors.
 * By default these are `parseWorkflowDefinition` and `checkJourney` of `@customer-journey/client`,
 * so the emulator refuses exactly what the codec refuses and answers the validate action with the
 * same rules as the local check. The journey settings around a definition are read here from
 * record columns or from the validate action's `FieldValue*` keys.
 *
 * @module
 */
import { JourneyFormatError, checkJourney, parseWorkflowDefinition } from '@customer-journey/client';
import {
  CONSENT_CODES,
  journeyStatusOf,
  JOURNEY_TYPE_CODES,
  type ConsentLevel,
  type JourneySettings,
  type JourneyStatus,
  type JourneyTree,
  type JourneyType,
  type ValidationResult,
} from '@customer-journey/dsl';
import { normalizeGuid } from './entity.js';

/**
 * What the emulator needs from the codec. Replace parts of it with `startEmulator({ codec })`.
 *
 * @example
 * ```ts
 * const codec: JourneyCodec = {
 *   parse: (definition, designerState, settings) => parseWorkflowDefinition(definition, designerState, settings),
 *   check: (tree) => checkJourney(tree),
 *   formatError: (error) => (error instanceof JourneyFormatError ? { message: error.message } : undefined),
 * };
 * ```
 */
export interface JourneyCodec {
  /** Parses a definition (and designer state) into a tree; throws on malformed input. */
  parse(definition: string, designerState: string | undefined, settings: JourneySettings): JourneyTree;
  /** Check for Errors. */
  check(tree: JourneyTree): ValidationResult;
  /** Recognizes a format error thrown by `parse`, with its message (and JSON path when known). */
  formatError(error: unknown): { readonly message: string; readonly path?: string } | undefined;
}

function describeFormatError(error: unknown): { message: string; path?: string } | undefined {
  if (!(error instanceof JourneyFormatError) && !(error instanceof Error && error.name === 'JourneyFormatError')) return undefined;
  const e = error as Error & { path?: unknown; jsonPath?: unknown; reason?: unknown };
  const path = typeof e.path === 'string' ? e.path : typeof e.jsonPath === 'string' ? e.jsonPath : undefined;
  return path === undefined ? { message: e.message } : { message: e.message, path };
}

/**
 * The codec of `@customer-journey/client`.
 *
 * @example
 * ```ts
 * const tree = defaultCodec.parse(definition, designerState, { name: 'Welcome', target: 'contact' });
 * ```
 */
export const defaultCodec: JourneyCodec = Object.freeze({
  parse: (definition: string, designerState: string | undefined, settings: JourneySettings) =>
    parseWorkflowDefinition(definition, designerState, settings),
  check: (tree: JourneyTree) => checkJourney(tree),
  formatError: describeFormatError,
});

/**
 * The codec with some parts replaced.
 *
 * @example
 * ```ts
 * const codec = resolveCodec({ check: () => ({ Result: 'Valid', ActivityValidationResults: [] }) });
 * ```
 */
export function resolveCodec(overrides?: Partial<JourneyCodec>): JourneyCodec {
  return { ...defaultCodec, ...overrides };
}

const CONSENT_BY_CODE = new Map(Object.entries(CONSENT_CODES).map(([label, code]) => [code, label as ConsentLevel]));
const TYPE_BY_CODE = new Map(Object.entries(JOURNEY_TYPE_CODES).map(([label, code]) => [code, label as JourneyType]));

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const guid = (v: unknown): string | undefined => (typeof v === 'string' ? normalizeGuid(v) : undefined);

interface SettingsSource {
  name: unknown;
  target: unknown;
  description?: unknown;
  status?: unknown;
  start?: unknown;
  end?: unknown;
  timeZone?: unknown;
  consent?: unknown;
  contentSettingsId?: unknown;
  suppressionSegmentId?: unknown;
  intervalDays?: unknown;
  count?: unknown;
  isRecurring?: unknown;
  type?: unknown;
  ownerId?: unknown;
  ownerType?: unknown;
  templateId?: unknown;
  linkedInCampaignId?: unknown;
}

function buildSettings(s: SettingsSource): JourneySettings {
  const settings: Record<string, unknown> = {
    name: str(s.name) ?? '',
    target: s.target === 1 ? 'account' : 'contact',
  };
  const set = (key: keyof JourneySettings, value: unknown): void => {
    if (value !== undefined) settings[key] = value;
  };
  set('description', str(s.description));
  set('status', journeyStatusOf(num(s.status)));
  set('start', str(s.start));
  set('end', str(s.end));
  set('timeZone', num(s.timeZone));
  set('consent', CONSENT_BY_CODE.get(num(s.consent) ?? -1));
  set('contentSettingsId', guid(s.contentSettingsId));
  set('suppressionSegmentId', guid(s.suppressionSegmentId));
  const intervalDays = num(s.intervalDays);
  const count = num(s.count);
  if (intervalDays !== undefined || count !== undefined) set('recurrence', { intervalDays: intervalDays ?? 0, count: count ?? 0 });
  set('isRecurring', typeof s.isRecurring === 'boolean' ? s.isRecurring : undefined);
  set('type', TYPE_BY_CODE.get(num(s.type) ?? -1));
  const ownerId = guid(s.ownerId);
  if (ownerId !== undefined) set('owner', { id: ownerId, type: s.ownerType === 'team' ? 'team' : 'systemuser' });
  set('templateId', guid(s.templateId));
  set('linkedInCampaignId', guid(s.linkedInCampaignId));
  return settings as unknown as JourneySettings;
}

/**
 * The journey settings held in a stored record's columns.
 *
 * @example
 * ```ts
 * settingsFromRecord({ msdyncrm_name: 'Welcome', msdyncrm_entitytarget: 0 }); // { name: 'Welcome', target: 'contact' }
 * ```
 */
export function settingsFromRecord(record: Readonly<Record<string, unknown>>): JourneySettings {
  return buildSettings({
    name: record.msdyncrm_name,
    target: record.msdyncrm_entitytarget,
    description: record.msdyncrm_description,
    status: record.statuscode,
    start: record.msdyncrm_startdatetime,
    end: record.msdyncrm_enddatetime,
    timeZone: record.msdyncrm_customerjourneytimezone,
    consent: record.msgdpr_requiredconsent,
    contentSettingsId: record._msdyncrm_contentsettingsid_value,
    suppressionSegmentId: record._msdyncrm_suppressionsegmentid_value,
    intervalDays: record.msdyncrm_recurrenceintervaldays,
    count: record.msdyncrm_recurrencecount,
    isRecurring: record.msdyncrm_isrecurring,
    type: record.msdyncrm_type,
    ownerId: record._ownerid_value,
    ownerType: record['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'],
    templateId: record._msdyncrm_customerjourneytemplate_value,
    linkedInCampaignId: record._msdyncr2_linkedincampaign_value,
  });
}

/**
 * The journey settings sent to `msdyncrm_CustomerJourneyValidate` (`FieldValue*` keys).
 *
 * @example
 * ```ts
 * settingsFromValidateBody({ FieldValueName: 'Welcome', FieldValueEntityTarget: 0 }); // { name: 'Welcome', target: 'contact' }
 * ```
 */
export function settingsFromValidateBody(body: Readonly<Record<string, unknown>>): JourneySettings {
  return buildSettings({
    name: body.FieldValueName,
    target: body.FieldValueEntityTarget,
    status: body.FieldValueStatusCode,
    start: body.FieldValueStartDateTime,
    end: body.FieldValueEndDateTime,
    timeZone: body.FieldValueCustomerJourneyTimeZone,
    consent: body.FieldValueRequiredConsent,
    contentSettingsId: body.FieldValueContentSettingsId,
    suppressionSegmentId: body.FieldValueSuppressionSegmentId,
    intervalDays: body.FieldValueRecurrenceIntervalDays,
    count: body.FieldValueRecurrenceCount,
    isRecurring: body.FieldValueIsRecurring,
  });
}

/**
 * A journey tree with nothing but the root, for records that have no definition yet.
 *
 * @example
 * ```ts
 * emptyTree({ name: 'Draft', target: 'contact' }).root.children.length; // 0
 * ```
 */
export function emptyTree(settings: JourneySettings): JourneyTree {
  return {
    settings,
    root: {
      type: 'bpf_root',
      id: '01',
      relation: 'Default',
      branch: 0,
      header: { type: 'bpf_root', itemId: 0 },
      nested: [],
      children: [],
    },
    designerState: { nextActivityId: 0, nextItemId: 1 },
  };
}
