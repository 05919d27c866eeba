/**
 * What may change in a journey in each status: the field locks of the reference (§8.4), shared by
 * the client's plan and the emulator's refusals so that both read the reference the same way.
 *
 * | part | Draft | Live, editable and Stopped | Live and the rest |
 * |---|---|---|---|
 * | name, end date, recurrence count, template | editable | editable | locked |
 * | start date | editable | editable until the journey has started | locked |
 * | is-recurring, content settings, suppression segment, time zone | editable | locked | locked |
 * | pipeline (which tiles exist, their types and places) | editable | locked once gone live | locked |
 * | tile settings (a tile's own settings and its nested items) | editable | editable | locked |
 *
 * Where the reference says nothing, the safe reading is taken: the settings it does not list
 * (description, consent, recurrence interval, type, owner, target, LinkedIn campaign) are locked
 * once the journey has gone live, like the time zone; an Error that follows a failed first
 * go-live is a journey that never ran and is edited as a Draft, while an Error after going live is
 * locked like Live; Expired is read-only.
 *
 * @module
 */
import { parseIsoDateTime } from './dates.js';
import type { JourneySettings, JourneyStatus } from './model.js';

/**
 * When a part of a journey may change:
 * - `'draft'`: only while the journey has never gone live (Draft, or Error after a failed first go-live);
 * - `'live-editable'`: also while it is Live, editable or Stopped;
 * - `'before-start'`: like `'live-editable'`, but in Live, editable and Stopped only until the journey has started.
 *
 * @example
 * ```ts
 * const window: EditWindow = SETTING_EDIT_WINDOWS.timeZone; // 'draft'
 * ```
 */
export type EditWindow = 'draft' | 'live-editable' | 'before-start';

/**
 * A settings field as the lifecycle rules name it: a key of {@link JourneySettings} other than
 * `recordId` and `status` (identity and lifecycle, not content), with `recurrence` split in two.
 *
 * @example
 * ```ts
 * const field: SettingField = 'recurrence.count';
 * ```
 */
export type SettingField =
  | Exclude<keyof JourneySettings, 'recordId' | 'status' | 'recurrence'>
  | 'recurrence.count'
  | 'recurrence.intervalDays';

/**
 * The edit window of each settings field (reference §8.4, with the safe reading for the fields it
 * does not list).
 *
 * @example
 * ```ts
 * SETTING_EDIT_WINDOWS.name;  // 'live-editable': editable in Draft, Live, editable and Stopped
 * SETTING_EDIT_WINDOWS.start; // 'before-start'
 * ```
 */
export const SETTING_EDIT_WINDOWS: Readonly<Record<SettingField, EditWindow>> = Object.freeze({
  name: 'live-editable',
  end: 'live-editable',
  'recurrence.count': 'live-editable',
  templateId: 'live-editable',
  start: 'before-start',
  isRecurring: 'draft',
  contentSettingsId: 'draft',
  suppressionSegmentId: 'draft',
  timeZone: 'draft',
  // Not listed by the reference: locked once gone live (the safe reading).
  description: 'draft',
  consent: 'draft',
  'recurrence.intervalDays': 'draft',
  type: 'draft',
  owner: 'draft',
  target: 'draft',
  linkedInCampaignId: 'draft',
});

/**
 * The edit window of a tile's own settings (its header and nested items).
 *
 * @example
 * ```ts
 * TILE_EDIT_WINDOW; // 'live-editable'
 * ```
 */
export const TILE_EDIT_WINDOW: EditWindow = 'live-editable';

/**
 * The edit window of the pipeline: which tiles exist, their types and their places.
 *
 * @example
 * ```ts
 * PIPELINE_EDIT_WINDOW; // 'draft': locked once the journey has gone live
 * ```
 */
export const PIPELINE_EDIT_WINDOW: EditWindow = 'draft';

/**
 * The facts the rules need about a stored journey.
 *
 * @example
 * ```ts
 * const state: LifecycleState = { status: 'Stopped', goneLive: true, started: true };
 * ```
 */
export interface LifecycleState {
  /** The journey's status. */
  readonly status: JourneyStatus;
  /** Whether the journey has ever gone live (see {@link hasGoneLive}). */
  readonly goneLive: boolean;
  /** Whether the journey has started (see {@link lifecycleState}). */
  readonly started: boolean;
}

/** Statuses that can only be reached by going live. */
const LIVE_ONCE: ReadonlySet<JourneyStatus> = new Set<JourneyStatus>(['Live', 'Live, editable', 'Stopping', 'Stopped']);

/**
 * Whether a journey has ever gone live: it is Live, Live, editable, Stopping or Stopped, or it has
 * a publisher (`_msdyncrm_publishedby_value`, set when a journey first goes live). A Draft that
 * expired, or an Error after a failed first go-live, has no publisher and has not gone live.
 *
 * @param status - the journey's status
 * @param publishedBy - the record's `_msdyncrm_publishedby_value`, if read
 *
 * @example
 * ```ts
 * hasGoneLive('Error', null);                                     // false: the first go-live failed
 * hasGoneLive('Error', '6f0a7b8e-0000-4000-8000-00000000e001');   // true
 * hasGoneLive('Stopped', undefined);                              // true
 * ```
 */
export function hasGoneLive(status: JourneyStatus, publishedBy?: unknown): boolean {
  return LIVE_ONCE.has(status) || (typeof publishedBy === 'string' && publishedBy !== '');
}

/**
 * The {@link LifecycleState} of a stored journey: it has started when its start date has passed,
 * or, without a start date, once it has gone live.
 *
 * @param status - the journey's status
 * @param facts - its publisher (`_msdyncrm_publishedby_value`) and start date, as stored
 * @param now - the current time
 *
 * @example
 * ```ts
 * lifecycleState('Stopped', { publishedBy: null, start: '2026-02-01T09:00:00Z' }, Date.parse('2026-01-15T00:00:00Z'));
 * // { status: 'Stopped', goneLive: true, started: false }
 * ```
 */
export function lifecycleState(
  status: JourneyStatus,
  facts: { readonly publishedBy?: unknown; readonly start?: string | undefined },
  now: Date | number,
): LifecycleState {
  const goneLive = hasGoneLive(status, facts.publishedBy);
  const start = facts.start === undefined ? Number.NaN : (parseIsoDateTime(facts.start) ?? Number.NaN);
  const started = Number.isNaN(start) ? goneLive : start <= (typeof now === 'number' ? now : now.getTime());
  return { status, goneLive, started };
}

/**
 * Whether a part with this edit window may change in a stored journey's state, by a plain update.
 * (A Live journey takes changes only through Live, editable: ask with the state of that status.)
 *
 * @example
 * ```ts
 * canEdit('live-editable', { status: 'Stopped', goneLive: true, started: true });      // true: tile settings, name, end date
 * canEdit('draft', { status: 'Stopped', goneLive: true, started: true });        // false: the pipeline is locked
 * canEdit('live-editable', { status: 'Live', goneLive: true, started: true });         // false: Live takes no plain update
 * canEdit('draft', { status: 'Error', goneLive: false, started: false });        // true: a failed first go-live is still a draft
 * ```
 */
export function canEdit(window: EditWindow, state: LifecycleState): boolean {
  switch (state.status) {
    case 'Draft':
      return true;
    case 'Error':
      return !state.goneLive;
    case 'Live, editable':
    case 'Stopped':
      if (!state.goneLive) return true;
      return window === 'live-editable' || (window === 'before-start' && !state.started);
    default:
      return false;
  }
}

/**
 * Whether a status is one the service moves out of by itself (Going live, Stopping): nothing can be
 * planned until it settles.
 *
 * @example
 * ```ts
 * isSettling('Going live'); // true
 * ```
 */
export function isSettling(status: JourneyStatus): boolean {
  return status === 'Going live' || status === 'Stopping';
}
