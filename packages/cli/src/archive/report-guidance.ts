/**
 * What is publicly known about moving outbound journeys to real-time journeys, encoded with its
 * sources: the tile-by-tile guidance, what each kind of referenced record needs first, and the
 * documented differences in behaviour. Every statement about real-time journeys the migration
 * report makes comes from here, and everything here comes from the sources in {@link SOURCES}
 * (as summarised in the project's platform-status reference). Nothing here describes the
 * real-time journey JSON: it is not publicly documented.
 *
 * @module
 */

/**
 * The public sources the report's statements come from.
 *
 * @example
 * ```ts
 * SOURCES['transition-faq'].title; // "Microsoft's transition FAQ for outbound marketing"
 * ```
 */
export const SOURCES = Object.freeze({
  'transition-faq': {
    title: "Microsoft's transition FAQ for outbound marketing",
    where:
      'Customer Insights - Journeys documentation (customer-insights repository, outbound-removal-notes; learn.microsoft.com), as of mid-2026',
  },
  'create-journey-from-template': {
    title: 'Create Journey From Template (msdynmkt_CreateJourneyFromTemplate)',
    where: 'learn.microsoft.com, the only public API page of real-time journeys (table msdynmkt_journey)',
  },
  'real-time-journeys': {
    title: "Microsoft's real-time journeys documentation",
    where: 'Customer Insights - Journeys documentation (customer-insights repository; learn.microsoft.com), as of mid-2026',
  },
  'tile-guidance': {
    title: 'Tile-by-tile guidance of this project',
    where: 'reference/platform-status.md §3, drawn from the three sources above; guidance, not a documented mapping',
  },
  'outbound-go-live': {
    title: "Microsoft's outbound go-live page",
    where: 'MicrosoftDocs/dynamics-365-customer-engagement, ce/marketing/go-live.md (as cited by the format reference §8.4)',
  },
} as const);

/**
 * The id of a source in {@link SOURCES}.
 *
 * @example
 * ```ts
 * const source: SourceId = 'transition-faq';
 * SOURCES[source].where;
 * ```
 */
export type SourceId = keyof typeof SOURCES;

/**
 * The rows of the tile-by-tile guidance (platform-status §3).
 *
 * @example
 * ```ts
 * const row: TileRowId = 'email';
 * ```
 */
export type TileRowId =
  | 'segment'
  | 'email'
  | 'email-content'
  | 'wait'
  | 'trigger'
  | 'split'
  | 'create-record'
  | 'workflow'
  | 'record-update'
  | 'linkedin'
  | 'entry-content'
  | 'unknown';

/**
 * One row of the tile guidance: the outbound tile, its real-time counterpart, and what must exist
 * in real-time before it can be recreated (`null`: nothing listed).
 *
 * @example
 * ```ts
 * TILE_GUIDANCE.email.counterpart; // 'email action (contentId)'
 * ```
 */
export interface TileRow {
  /** The outbound tile(s) the row is about. */
  readonly outbound: string;
  /** The real-time counterpart. */
  readonly counterpart: string;
  /** What must exist first, or `null`. */
  readonly needsFirst: string | null;
  /** Where the row comes from. */
  readonly source: SourceId;
}

/**
 * The tile-by-tile guidance (platform-status §3), row by row, word for word.
 *
 * @example
 * ```ts
 * TILE_GUIDANCE.workflow; // { outbound: 'InvokeWorkflow', counterpart: 'custom trigger handled by a Power Automate flow', needsFirst: 'the flow', … }
 * ```
 */
export const TILE_GUIDANCE: Readonly<Record<TileRowId, TileRow>> = Object.freeze({
  segment: {
    outbound: 'Segment (segment group)',
    counterpart: 'segment-based journey audience (or exclusion)',
    needsFirst: 'the segment migrated or rebuilt as a real-time segment',
    source: 'tile-guidance',
  },
  email: { outbound: 'Email', counterpart: 'email action (contentId)', needsFirst: 'the email imported into real-time ("Import emails")', source: 'tile-guidance' },
  'email-content': {
    outbound: 'nested LandingPage / MarketingForm / Survey / Event',
    counterpart: 'links in the email; form or event in real-time',
    needsFirst: 'forms and events rebuilt',
    source: 'tile-guidance',
  },
  wait: { outbound: 'Scheduler (wait for / wait until)', counterpart: 'wait (delay count/unit, or wait until a date)', needsFirst: null, source: 'tile-guidance' },
  trigger: {
    outbound: 'Trigger (if/then on an interaction)',
    counterpart: 'condition branch, or wait-for-trigger on the interaction',
    needsFirst: "the interaction's real-time trigger",
    source: 'tile-guidance',
  },
  split: { outbound: 'Splitter / SplitterBranch', counterpart: 'A/B test or attribute branch', needsFirst: null, source: 'tile-guidance' },
  'create-record': { outbound: 'CreateCrmActivity, CreateLead', counterpart: 'create record', needsFirst: null, source: 'tile-guidance' },
  workflow: { outbound: 'InvokeWorkflow', counterpart: 'custom trigger handled by a Power Automate flow', needsFirst: 'the flow', source: 'tile-guidance' },
  'record-update': {
    outbound: 'RecordUpdate (entry on record change)',
    counterpart: 'trigger-based journey on a Dataverse trigger',
    needsFirst: 'the trigger',
    source: 'tile-guidance',
  },
  linkedin: { outbound: 'LinkedInCampaign', counterpart: 'none (removed)', needsFirst: null, source: 'tile-guidance' },
  'entry-content': {
    outbound: 'Event / LandingPage / MarketingForm as entry tiles',
    counterpart: 'trigger-based journey (event registration, form submitted)',
    needsFirst: 'the trigger',
    source: 'tile-guidance',
  },
  unknown: { outbound: 'unknown / custom-channel tiles', counterpart: 'custom channel or custom trigger; review by hand', needsFirst: null, source: 'tile-guidance' },
});

/**
 * Kinds of record a journey refers to.
 *
 * @example
 * ```ts
 * const kind: AssetKind = 'segment';
 * ```
 */
export type AssetKind =
  | 'segment'
  | 'email'
  | 'page'
  | 'form'
  | 'event'
  | 'survey'
  | 'workflow'
  | 'linkedin-campaign'
  | 'activity-template'
  | 'content-settings'
  | 'record';

/**
 * What a kind of referenced record needs before journeys that use it can be recreated.
 *
 * @example
 * ```ts
 * ASSET_GUIDANCE.segment.label; // 'segment'
 * ```
 */
export interface AssetGuide {
  /** How the kind is called in the report. */
  readonly label: string;
  /** What must exist in real-time first, or `null` when the sources say nothing. */
  readonly needsFirst: string | null;
  /** What the sources add (tools, limits), if anything. */
  readonly note?: string;
  /** Where it comes from (`null`: the sources do not cover this kind). */
  readonly source: SourceId | null;
}

/**
 * Guidance per kind of referenced record, in the order the report lists kinds.
 *
 * @example
 * ```ts
 * ASSET_GUIDANCE.email.needsFirst; // 'the email imported into real-time ("Import emails")'
 * ```
 */
export const ASSET_GUIDANCE: Readonly<Record<AssetKind, AssetGuide>> = Object.freeze({
  segment: {
    label: 'segment',
    needsFirst: TILE_GUIDANCE.segment.needsFirst,
    note:
      'Microsoft ships a Segment Migration Solution: up to 2,000 segments, created as drafts; not behavioural segments, static segments over 100 members, or complex nested ones.',
    source: 'transition-faq',
  },
  email: {
    label: 'email',
    needsFirst: TILE_GUIDANCE.email.needsFirst,
    note: 'Microsoft ships "Import emails" and "Import template", kept for a few months after the removal.',
    source: 'transition-faq',
  },
  form: { label: 'marketing form', needsFirst: TILE_GUIDANCE['email-content'].needsFirst, source: 'tile-guidance' },
  event: { label: 'event', needsFirst: TILE_GUIDANCE['email-content'].needsFirst, note: 'Events must be rebuilt.', source: 'transition-faq' },
  page: { label: 'marketing page', needsFirst: TILE_GUIDANCE['email-content'].needsFirst, source: 'tile-guidance' },
  survey: { label: 'survey', needsFirst: TILE_GUIDANCE['email-content'].needsFirst, source: 'tile-guidance' },
  workflow: { label: 'workflow', needsFirst: TILE_GUIDANCE.workflow.needsFirst, source: 'tile-guidance' },
  'linkedin-campaign': {
    label: 'LinkedIn campaign',
    needsFirst: null,
    note: 'LinkedIn campaign tiles were removed in December 2024: there is nothing to recreate.',
    source: 'real-time-journeys',
  },
  'activity-template': { label: 'activity template', needsFirst: null, note: 'The sources do not cover activity templates: review by hand.', source: null },
  'content-settings': { label: 'content settings', needsFirst: null, note: 'The sources do not cover content settings: review by hand.', source: null },
  record: { label: 'record of an unknown tile', needsFirst: null, note: 'Referenced by a tile the format does not document: review by hand.', source: null },
});

/**
 * The documented differences in behaviour (platform-status §2).
 *
 * @example
 * ```ts
 * const id: DifferenceId = 'end-date';
 * ```
 */
export type DifferenceId = 'end-date' | 'smart-scheduling' | 'linkedin' | 'swimlanes';

/**
 * A documented difference between outbound and real-time journeys.
 *
 * @example
 * ```ts
 * DIFFERENCES['end-date'].statement; // 'An end date lets contacts already in a real-time journey finish.'
 * ```
 */
export interface Difference {
  /** Short title. */
  readonly title: string;
  /** What the sources say, word for word. */
  readonly statement: string;
  /** Where it comes from. */
  readonly source: SourceId;
}

/**
 * Every documented difference in behaviour, in the order the report lists them.
 *
 * @example
 * ```ts
 * Object.keys(DIFFERENCES); // ['end-date', 'smart-scheduling', 'linkedin', 'swimlanes']
 * ```
 */
export const DIFFERENCES: Readonly<Record<DifferenceId, Difference>> = Object.freeze({
  'end-date': { title: 'End date', statement: 'An end date lets contacts already in a real-time journey finish.', source: 'real-time-journeys' },
  'smart-scheduling': { title: 'Smart scheduling', statement: '"Smart scheduling" has no equivalent in real-time journeys.', source: 'real-time-journeys' },
  linkedin: { title: 'LinkedIn campaign tiles', statement: 'LinkedIn campaign tiles were removed in December 2024.', source: 'real-time-journeys' },
  swimlanes: { title: 'Swimlanes', statement: 'Swimlanes become one nested segment with a branch per sub-segment.', source: 'real-time-journeys' },
});

/**
 * What the report says about itself, at its top.
 *
 * @example
 * ```ts
 * console.log(GUIDANCE_NOTE);
 * ```
 */
export const GUIDANCE_NOTE =
  'This report is guidance, not a conversion. Microsoft removed outbound marketing in May 2026 and offers no tool that moves ' +
  'outbound journeys to real-time journeys: they must be recreated by hand. The real-time journey format is not publicly ' +
  'documented, so the report speaks of real-time concepts and writes no real-time journey JSON. Every statement it makes ' +
  'about real-time journeys comes from the sources it lists.';

/**
 * The rough effort classes.
 *
 * @example
 * ```ts
 * const effort: EffortClass = 'branching';
 * ```
 */
export type EffortClass = 'simple' | 'branching' | 'needs flows';

/**
 * How the effort class is chosen, as the report explains it.
 *
 * @example
 * ```ts
 * console.log(EFFORT_RULE);
 * ```
 */
export const EFFORT_RULE =
  'Rough effort: "needs flows" when a tile launches a workflow (a Power Automate flow in real-time) or is of a type the format ' +
  'does not document; else "branching" when the journey has an if/then, a split, parallel branches or several entry lanes; ' +
  'else "simple".';
