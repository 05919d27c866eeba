/**
 * Human labels and families of tiles, shared by the Mermaid and SVG renderers.
 *
 * @module
 */
import type { Activity, Item } from '../model.js';

/** Human labels by `ActivityTypeId`, as the journey designer shows them. */
const TILE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  bpf_root: 'Start',
  Segment: 'Segment group',
  Email: 'Email',
  Scheduler: 'Wait',
  Trigger: 'If/then',
  Splitter: 'Split',
  SplitterBranch: 'Branch',
  CreateCrmActivity: 'Activity',
  InvokeWorkflow: 'Run workflow',
  CreateLead: 'Create lead',
  Event: 'Event',
  LandingPage: 'Landing page',
  MarketingForm: 'Marketing form',
  Survey: 'Survey',
  RecordUpdate: 'Record updated',
  LinkedInCampaign: 'LinkedIn campaign',
  empty: '(empty)',
});

/** Human labels of nested item types (segments in a segment group, content in an email). */
const ITEM_LABELS: Readonly<Record<string, string>> = Object.freeze({
  SegmentItem: 'Segment',
  LandingPage: 'Landing page',
  Event: 'Event',
  Survey: 'Survey',
  MarketingForm: 'Marketing form',
});

/**
 * The human label of a tile's type, as the journey designer names it: `"Segment group"`,
 * `"Email"`, `"Wait"`, `"If/then"`, `"Split"`, `"Branch"`, `"Activity"`, `"Run workflow"`,
 * `"Create lead"`, `"Event"`, `"Landing page"`, `"Marketing form"`, `"Survey"`,
 * `"Record updated"`, `"LinkedIn campaign"`, `"(empty)"` for the placeholder and `"Start"` for the
 * hidden root. A type the catalogue does not know (a custom channel tile) is labelled by its
 * `ActivityTypeId`.
 *
 * @param activity - The tile (only its `type` is read).
 * @returns The label, never empty.
 *
 * @example
 * ```ts
 * import { tileLabel } from '@customer-journey/dsl';
 *
 * tileLabel({ type: 'Trigger' });          // 'If/then'
 * tileLabel({ type: 'Scheduler' });        // 'Wait'
 * tileLabel({ type: 'contoso_SmsTile' });  // 'contoso_SmsTile'
 * ```
 */
export function tileLabel(activity: Pick<Activity, 'type'>): string {
  const type = activity.type;
  if (Object.prototype.hasOwnProperty.call(TILE_LABELS, type)) {
    return TILE_LABELS[type] as string;
  }
  return type === '' ? '(unknown type)' : type;
}

/** The human label of a nested item's type. */
export function itemLabel(item: Pick<Item, 'type'>): string {
  const type = item.type;
  if (Object.prototype.hasOwnProperty.call(ITEM_LABELS, type)) {
    return ITEM_LABELS[type] as string;
  }
  return type === '' ? '(unknown type)' : type;
}

/** Families of tiles: each is drawn in its own colour (and, in Mermaid, shape). */
export type TileFamily =
  | 'start'
  | 'audience'
  | 'message'
  | 'content'
  | 'wait'
  | 'condition'
  | 'split'
  | 'action'
  | 'placeholder'
  | 'custom';

const FAMILIES: Readonly<Record<string, TileFamily>> = Object.freeze({
  bpf_root: 'start',
  Segment: 'audience',
  RecordUpdate: 'audience',
  Email: 'message',
  LinkedInCampaign: 'message',
  Event: 'content',
  LandingPage: 'content',
  MarketingForm: 'content',
  Survey: 'content',
  Scheduler: 'wait',
  Trigger: 'condition',
  Splitter: 'split',
  SplitterBranch: 'split',
  CreateCrmActivity: 'action',
  InvokeWorkflow: 'action',
  CreateLead: 'action',
  empty: 'placeholder',
});

/** The family a tile type belongs to (`custom` for types the catalogue does not know). */
export function tileFamily(type: string): TileFamily {
  return Object.prototype.hasOwnProperty.call(FAMILIES, type) ? (FAMILIES[type] as TileFamily) : 'custom';
}

/** The text shown for a nested item: its type label, its name and, for segments, exclusion. */
export function nestedItemText(item: Item): string {
  const seg = item as Item<'SegmentItem'>;
  let name: string | undefined;
  if (item.type === 'SegmentItem') {
    name = seg.displayName ?? item.name ?? seg.segmentName;
  } else {
    name = item.name;
  }
  if (name === undefined || name === '') name = item.recordId ?? '(not set)';
  const excluded =
    item.type === 'SegmentItem' && seg.containment !== undefined && seg.containment !== 'Inclusion'
      ? ` (${seg.containment})`
      : '';
  return `${itemLabel(item)}: ${name}${excluded}`;
}
