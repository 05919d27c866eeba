/**
 * The canonical, key-sorted JSON of a journey: for journeys kept as files, for snapshots, and for
 * deciding whether two journeys are the same (push skips unchanged ones).
 *
 * @module
 */
import stringify from 'fast-json-stable-stringify';
import type { JourneySettings, JourneyTree } from '@customer-journey/dsl';
import { wireDefinition } from './definition-serialize.js';
import { wireDesignerState } from './designer-state.js';
import { minuteIso } from './fields.js';
import { writeJson, writing } from './nesting.js';

function dateOf(value: string): string {
  try {
    return minuteIso(value, '$');
  } catch {
    return value;
  }
}

const lower = (value: string): string => (typeof value === 'string' ? value.replace(/^\{(.*)\}$/, '$1').toLowerCase() : value);

/**
 * Settings in the form the org stores them, so that equal journeys compare equal: dates in UTC
 * to the minute, GUIDs in lower case without braces, `isRecurring` and the owner's table made
 * explicit, absent fields left out.
 *
 * @example
 * ```ts
 * canonicalSettings({ name: 'A', target: 'contact', start: '2026-02-01T10:00:30+01:00' });
 * // { name: 'A', target: 'contact', start: '2026-02-01T09:00:00Z', isRecurring: false }
 * ```
 */
export function canonicalSettings(settings: JourneySettings): Record<string, unknown> {
  return writing('journey settings', settings, 'object', () => settingsOf(settings));
}

function settingsOf(settings: JourneySettings): Record<string, unknown> {
  const s = settings;
  const o: Record<string, unknown> = { name: s.name, target: s.target };
  if (s.recordId !== undefined) o['recordId'] = lower(s.recordId);
  if (s.description !== undefined) o['description'] = s.description;
  if (s.status !== undefined) o['status'] = s.status;
  if (s.start !== undefined) o['start'] = dateOf(s.start);
  if (s.end !== undefined) o['end'] = dateOf(s.end);
  if (s.timeZone !== undefined) o['timeZone'] = s.timeZone;
  if (s.consent !== undefined) o['consent'] = s.consent;
  if (s.contentSettingsId !== undefined) o['contentSettingsId'] = lower(s.contentSettingsId);
  if (s.suppressionSegmentId !== undefined) o['suppressionSegmentId'] = lower(s.suppressionSegmentId);
  if (s.recurrence !== undefined) o['recurrence'] = { intervalDays: s.recurrence.intervalDays, count: s.recurrence.count };
  o['isRecurring'] = s.isRecurring ?? s.recurrence !== undefined;
  if (s.type !== undefined) o['type'] = s.type;
  if (s.owner !== undefined) o['owner'] = { id: lower(s.owner.id), type: s.owner.type ?? 'systemuser' };
  if (s.templateId !== undefined) o['templateId'] = lower(s.templateId);
  if (s.linkedInCampaignId !== undefined) o['linkedInCampaignId'] = lower(s.linkedInCampaignId);
  return o;
}

/**
 * The canonical JSON of a journey: `fast-json-stable-stringify` of
 * `{ settings, definition, designerState }` where `definition` is the array of wire activity
 * objects in pre-order and `designerState` the wire designer state. Author keys are left out
 * (they are not stored in the org); settings are in {@link canonicalSettings} form.
 *
 * @throws {@link JourneyFormatError} for a tree whose definition or designer state cannot be
 * written (see {@link serializeWorkflowDefinition}).
 * @example
 * ```ts
 * import { toCanonicalJson } from '@customer-journey/client';
 * await writeFile('welcome.journey.json', toCanonicalJson(tree));
 * ```
 */
export function toCanonicalJson(tree: JourneyTree): string {
  return writing('a journey tree', tree, 'tree', () => canonicalJson(tree));
}

function canonicalJson(tree: JourneyTree): string {
  const value = {
    settings: settingsOf(tree.settings),
    definition: wireDefinition(tree),
    designerState: wireDesignerState(tree.designerState),
  };
  return writeJson(() => stringify(value), 'the journey');
}

/**
 * Whether two journeys are the same as far as the org is concerned: equal canonical JSON
 * (settings, every activity and property, designer state; author keys ignored).
 *
 * @example
 * ```ts
 * import { sameJourney, fromEntity } from '@customer-journey/client';
 * if (sameJourney(local, fromEntity(remoteRecord))) console.log('unchanged');
 * ```
 */
export function sameJourney(a: JourneyTree, b: JourneyTree): boolean {
  return a === b || toCanonicalJson(a) === toCanonicalJson(b);
}

/**
 * The stored journey as a write of `written` would leave it: settings that `written` does not state
 * (the owner, type or status the org filled in) are left out, since an update does not touch them,
 * and `recordId` is taken from `written`: it names the record written to, it is not a column written.
 * `push` compares `toCanonicalJson` of this with that of `written` to tell an unchanged journey,
 * and `journey diff` uses it to compare a file with the org's record.
 *
 * @example
 * ```ts
 * import { asWritten, toCanonicalJson } from '@customer-journey/client';
 * const unchanged = toCanonicalJson(asWritten(record.journey, local)) === toCanonicalJson(local);
 * ```
 */
export function asWritten(stored: JourneyTree, written: JourneyTree): JourneyTree {
  return writing('two journey trees', written, 'tree', () => storedAsWritten(stored, written));
}

function storedAsWritten(stored: JourneyTree, written: JourneyTree): JourneyTree {
  const have = stored.settings as unknown as Readonly<Record<string, unknown>>;
  const give = written.settings as unknown as Readonly<Record<string, unknown>>;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(give)) {
    if (value !== undefined && have[key] !== undefined) kept[key] = have[key];
  }
  // The record id is where the write goes, not something it writes.
  if (give['recordId'] !== undefined) kept['recordId'] = give['recordId'];
  // `recurrence` implies isRecurring, which the record then states.
  if (give['recurrence'] !== undefined && give['isRecurring'] === undefined && have['isRecurring'] !== undefined) {
    kept['isRecurring'] = have['isRecurring'];
  }
  return { ...stored, settings: kept as unknown as JourneySettings };
}
