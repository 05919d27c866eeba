import { describe, expect, it } from 'vitest';
import {
  canEdit,
  hasGoneLive,
  isSettling,
  lifecycleState,
  PIPELINE_EDIT_WINDOW,
  SETTING_EDIT_WINDOWS,
  TILE_EDIT_WINDOW,
  type EditWindow,
  type JourneyStatus,
  type LifecycleState,
} from '@customer-journey/dsl';

const state = (status: JourneyStatus, goneLive = hasGoneLive(status), started = goneLive): LifecycleState => ({ status, goneLive, started });

describe('the field locks of the reference', () => {
  // Columns: Draft / Live, editable and Stopped / Live and the rest (reference §8.4).
  const table: [string, EditWindow, boolean, boolean, boolean][] = [
    ['name', SETTING_EDIT_WINDOWS.name, true, true, false],
    ['end date', SETTING_EDIT_WINDOWS.end, true, true, false],
    ['recurrence count', SETTING_EDIT_WINDOWS['recurrence.count'], true, true, false],
    ['template', SETTING_EDIT_WINDOWS.templateId, true, true, false],
    ['is-recurring', SETTING_EDIT_WINDOWS.isRecurring, true, false, false],
    ['content settings', SETTING_EDIT_WINDOWS.contentSettingsId, true, false, false],
    ['suppression segment', SETTING_EDIT_WINDOWS.suppressionSegmentId, true, false, false],
    ['time zone', SETTING_EDIT_WINDOWS.timeZone, true, false, false],
    ['pipeline', PIPELINE_EDIT_WINDOW, true, false, false],
    ['tile settings', TILE_EDIT_WINDOW, true, true, false],
  ];
  it.each(table)('%s', (_part, window, draft, editable, live) => {
    expect(canEdit(window, state('Draft'))).toBe(draft);
    expect(canEdit(window, state('Live, editable'))).toBe(editable);
    expect(canEdit(window, state('Stopped'))).toBe(editable);
    for (const status of ['Live', 'Going live', 'Stopping', 'Expired'] as const) expect(canEdit(window, state(status))).toBe(live);
  });

  it('start date: editable in Live, editable and Stopped only before the journey has started', () => {
    expect(canEdit(SETTING_EDIT_WINDOWS.start, state('Draft', false, true))).toBe(true);
    expect(canEdit(SETTING_EDIT_WINDOWS.start, state('Stopped', true, false))).toBe(true);
    expect(canEdit(SETTING_EDIT_WINDOWS.start, state('Stopped', true, true))).toBe(false);
    expect(canEdit(SETTING_EDIT_WINDOWS.start, state('Live, editable', true, true))).toBe(false);
    expect(canEdit(SETTING_EDIT_WINDOWS.start, state('Live', true, false))).toBe(false);
  });

  it('treats the settings the reference does not list as locked once gone live (the safe reading)', () => {
    for (const field of ['description', 'consent', 'recurrence.intervalDays', 'type', 'owner', 'target', 'linkedInCampaignId'] as const) {
      expect(SETTING_EDIT_WINDOWS[field]).toBe('draft');
    }
  });

  it('an Error after a failed first go-live is edited as a Draft; an Error after going live is locked', () => {
    expect(canEdit(PIPELINE_EDIT_WINDOW, state('Error', false))).toBe(true);
    expect(canEdit(TILE_EDIT_WINDOW, state('Error', true))).toBe(false);
  });
});

describe('gone live and started', () => {
  it('derives gone live from the status or the publisher', () => {
    expect(hasGoneLive('Draft')).toBe(false);
    expect(hasGoneLive('Error', null)).toBe(false);
    expect(hasGoneLive('Expired', undefined)).toBe(false);
    expect(hasGoneLive('Error', '6f0a7b8e-0000-4000-8000-00000000e001')).toBe(true);
    expect(hasGoneLive('Expired', '6f0a7b8e-0000-4000-8000-00000000e001')).toBe(true);
    for (const status of ['Live', 'Live, editable', 'Stopping', 'Stopped'] as const) expect(hasGoneLive(status)).toBe(true);
  });

  it('has started when the start date has passed, or, without one, once gone live', () => {
    const at = Date.parse('2026-02-10T00:00:00Z');
    expect(lifecycleState('Stopped', { start: '2026-03-01T00:00:00Z' }, at)).toEqual({ status: 'Stopped', goneLive: true, started: false });
    expect(lifecycleState('Stopped', { start: '2026-02-01T00:00:00Z' }, new Date(at)).started).toBe(true);
    expect(lifecycleState('Draft', {}, at).started).toBe(false);
    expect(lifecycleState('Live', {}, at).started).toBe(true);
  });

  it('knows the statuses the service moves out of by itself', () => {
    expect(['Going live', 'Stopping'].every((s) => isSettling(s as JourneyStatus))).toBe(true);
    expect(isSettling('Live')).toBe(false);
  });
});
