/**
 * Journey settings: the options of `journey(name, options)`, checked and copied.
 *
 * @internal
 * @module
 */
import { JourneyBuildError, truncateName } from '../errors.js';
import { parseIsoDateTime } from '../dates.js';
import { isGuid, normalizeGuid } from '../ids.js';
import type { DesignerState, JourneySettings } from '../model.js';
import type { JourneyOptions } from './types.js';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 5000;
const GUID_FIELDS = ['recordId', 'contentSettingsId', 'suppressionSegmentId', 'templateId', 'linkedInCampaignId'] as const;

/** The settings of a journey, with `target` defaulted and GUIDs normalized; throws on bad input. */
export function journeySettings(name: string, options: JourneyOptions): JourneySettings {
  const fail = (code: string, reason: string): never => {
    throw new JourneyBuildError(`Journey "${truncateName(name)}": ${reason}`, { path: [], code });
  };
  if (typeof name !== 'string' || name.trim() === '') fail('empty-name', `name is empty; give 1 to ${NAME_MAX} characters`);
  if (name.length > NAME_MAX) fail('name-too-long', `name has ${name.length} characters; at most ${NAME_MAX} are allowed`);
  const { designerState: _designerState, root: _root, target, ...rest } = options;
  const settings: Record<string, unknown> = { name, target: target ?? 'contact', ...rest };
  if (settings['target'] !== 'contact' && settings['target'] !== 'account') {
    fail('invalid-option', `target ${JSON.stringify(settings['target'])} is not valid; use contact or account`);
  }
  if (options.description !== undefined && options.description.length > DESCRIPTION_MAX) {
    fail('invalid-option', `description has ${options.description.length} characters; at most ${DESCRIPTION_MAX} are allowed`);
  }
  const guid = (label: string, value: string): string => {
    if (!isGuid(value)) {
      fail('malformed-guid', `${label} ${JSON.stringify(value)} is not a GUID; expected 8-4-4-4-12 hex digits, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344`);
    }
    return normalizeGuid(value);
  };
  for (const field of GUID_FIELDS) {
    const value = options[field];
    if (value !== undefined) settings[field] = guid(field, value);
  }
  if (options.owner !== undefined) {
    settings['owner'] = { ...options.owner, id: guid('owner id', options.owner.id) };
  }
  const date = (label: 'start' | 'end'): number | undefined => {
    const value = options[label];
    if (value === undefined) return undefined;
    const time = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
    if (time === undefined) fail('invalid-date', `${label} ${JSON.stringify(value)} is not an ISO 8601 date-time; use e.g. 2026-02-01T09:00:00Z`);
    return time;
  };
  const start = date('start');
  const end = date('end');
  if (start !== undefined && end !== undefined && end <= start) {
    fail('end-before-start', `end ${options.end ?? ''} is not after start ${options.start ?? ''}; the journey must end after it starts`);
  }
  if (options.timeZone !== undefined && (!Number.isSafeInteger(options.timeZone) || Math.abs(options.timeZone) > 1500)) {
    fail('invalid-option', `timeZone ${options.timeZone} is not a Dataverse time-zone code; use a whole number from -1500 to 1500 (92 is UTC)`);
  }
  const recurrence = options.recurrence;
  if (recurrence !== undefined) {
    const positive = (value: number): boolean => Number.isSafeInteger(value) && value >= 1;
    if (!positive(recurrence.intervalDays) || !positive(recurrence.count)) {
      fail(
        'invalid-recurrence',
        `recurrence { intervalDays: ${recurrence.intervalDays}, count: ${recurrence.count} } is not valid; both must be whole numbers of 1 or more`,
      );
    }
    if (options.isRecurring === false) {
      fail('invalid-recurrence', 'recurrence is given but isRecurring is false; leave isRecurring out or set it to true');
    }
  }
  return settings as unknown as JourneySettings;
}

/** Checks a designer-state override. */
export function designerStateOverride(
  name: string,
  state: JourneyOptions['designerState'],
): (DesignerState & { readonly exact?: true }) | undefined {
  if (state === undefined) return undefined;
  const ok = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;
  if (!ok(state.nextActivityId) || !ok(state.nextItemId)) {
    throw new JourneyBuildError(
      `Journey "${truncateName(name)}": designerState { nextActivityId: ${state.nextActivityId}, nextItemId: ${state.nextItemId} } is not valid; both must be whole numbers, 0 or more`,
      { path: [], code: 'invalid-option' },
    );
  }
  if (state.exact !== undefined && state.exact !== true) {
    throw new JourneyBuildError(`Journey "${truncateName(name)}": designerState exact ${JSON.stringify(state.exact)} is not valid; give true or leave it out`, {
      path: [],
      code: 'invalid-option',
    });
  }
  return state;
}
