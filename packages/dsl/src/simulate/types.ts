/**
 * Public types of the simulation: the scenario that goes in and the result that comes out.
 *
 * @module
 */
import type { JsonObject } from '../model.js';

/**
 * Interactions the simulation knows: what a contact does with an email, a page, a form, an event,
 * a survey, a LinkedIn campaign or a record. `UserRegistered` is the one condition name the
 * format documents (`ConditionExpressions[].Condition`); the others are this library's names for
 * the interactions the designer offers, whose wire names are not documented.
 *
 * @example
 * ```ts
 * import type { InteractionType } from '@customer-journey/dsl';
 * const opened: InteractionType = 'EmailOpened';
 * ```
 */
export type InteractionType =
  | 'UserRegistered'
  | 'EmailDelivered'
  | 'EmailOpened'
  | 'EmailClicked'
  | 'EmailHardBounced'
  | 'EmailSoftBounced'
  | 'PageSubmitted'
  | 'FormSubmitted'
  | 'EventRegistered'
  | 'EventAttended'
  | 'SurveySubmitted'
  | 'LinkedInFormSubmitted'
  | 'RecordUpdated';

/**
 * Every {@link InteractionType}, `UserRegistered` first.
 *
 * @example
 * ```ts
 * import { INTERACTION_TYPES } from '@customer-journey/dsl';
 * INTERACTION_TYPES.includes('EmailOpened'); // true
 * ```
 */
export const INTERACTION_TYPES: readonly InteractionType[] = Object.freeze([
  'UserRegistered',
  'EmailDelivered',
  'EmailOpened',
  'EmailClicked',
  'EmailHardBounced',
  'EmailSoftBounced',
  'PageSubmitted',
  'FormSubmitted',
  'EventRegistered',
  'EventAttended',
  'SurveySubmitted',
  'LinkedInFormSubmitted',
  'RecordUpdated',
]);

/**
 * A contact of a scenario.
 *
 * @example
 * ```ts
 * import type { ScenarioContact } from '@customer-journey/dsl';
 * const ann: ScenarioContact = { id: 'ann', segments: ['51d2115b-544a-e911-a873-000d3a1fe344'], attributes: { city: 'Oslo' } };
 * ```
 */
export interface ScenarioContact {
  /** The contact's id in the result (`result.contacts[id]`) and in interactions. */
  readonly id: string;
  /**
   * The segments the contact is a member of: segment GUIDs, or the key, unique name
   * (`DciSegmentName`) or display name of a segment of the journey. @defaultValue none
   */
  readonly segments?: readonly string[];
  /**
   * The contact's own data. No outbound tile reads contact attributes (the format has no
   * attribute conditions), so they do not change the walk; they are kept for your reports.
   */
  readonly attributes?: JsonObject;
}

/**
 * Something a contact does at a moment: open an email, register on a page, submit a form.
 *
 * @example
 * ```ts
 * import type { Interaction } from '@customer-journey/dsl';
 * const registered: Interaction = { contact: 'ann', at: '2026-02-03T10:00:00Z', source: 'page', type: 'UserRegistered' };
 * ```
 */
export interface Interaction {
  /** The contact's id (for `contacts: N`, the anonymous contacts are `contact-1` … `contact-N`). */
  readonly contact: string;
  /** When, as an ISO 8601 date-time. */
  readonly at: string;
  /**
   * What the contact interacted with: the key of a tile or nested item, or an `ActivityItemId`
   * (a number, or a string of digits as trigger conditions write it).
   */
  readonly source: string | number;
  /**
   * The interaction: an {@link InteractionType}, or a condition name the journey's triggers use
   * (compared without regard to case).
   */
  readonly type: InteractionType | (string & {});
}

/**
 * How a split allocates contacts, per branch but the last; the last (bottom) branch always takes
 * the remaining contacts. The format does not document where a splitter keeps these settings,
 * so a scenario gives them.
 *
 * @example
 * ```ts
 * import type { SplitSettings } from '@customer-journey/dsl';
 * const abTest: SplitSettings = { percentages: [30, 30] };   // 30 % A, 30 % B, 40 % to the last branch
 * const pilot: SplitSettings = { counts: [100] };            // the first 100 contacts, then the rest
 * ```
 */
export type SplitSettings =
  | {
      /** Percent of the contacts for each branch but the last (0–100, adding up to at most 100). */
      readonly percentages: readonly number[];
      readonly counts?: never;
    }
  | {
      /** How many contacts each branch but the last takes, from the first to arrive. */
      readonly counts: readonly number[];
      readonly percentages?: never;
    };

/**
 * Who walks the journey, what they do, and for how long.
 *
 * @example
 * ```ts
 * import type { Scenario } from '@customer-journey/dsl';
 * const scenario: Scenario = {
 *   contacts: [{ id: 'ann', segments: ['51d2115b-544a-e911-a873-000d3a1fe344'] }],
 *   interactions: [{ contact: 'ann', at: '2026-02-03T10:00:00Z', source: 'page', type: 'UserRegistered' }],
 * };
 * const random: Scenario = { contacts: 10_000, rates: { UserRegistered: 0.3 }, seed: 7 };
 * ```
 */
export interface Scenario {
  /** When the simulation starts (and the first iteration of a recurring journey). @defaultValue the journey's start */
  readonly start?: string;
  /** When the simulation ends: nothing happens at or after it. @defaultValue the journey's end, else never */
  readonly until?: string;
  /**
   * The contacts: a list, or a number of anonymous contacts (`contact-1` … `contact-N`) that are
   * members of every included segment and of no excluded one.
   */
  readonly contacts: readonly ScenarioContact[] | number;
  /** What the contacts do, and when. @defaultValue none */
  readonly interactions?: readonly Interaction[];
  /**
   * For random runs: the probability (0–1) that a contact performs an interaction on a source it
   * reached, by interaction type. Drawn once per contact, iteration, source and type from the
   * seeded generator.
   */
  readonly rates?: Readonly<Partial<Record<InteractionType, number>>> | Readonly<Record<string, number>>;
  /** Seed of the random draws (rates, splits): the same seed gives the same result. @defaultValue `1` */
  readonly seed?: number;
  /** Split settings, by the splitter's key, name or `ActivityId`. Splits without settings split evenly. */
  readonly splits?: Readonly<Record<string, SplitSettings>>;
  /**
   * Waits until a date and time (UI "Wait until"), by the wait's key, name or `ActivityId`: the
   * format does not document where such a wait keeps its date, so a scenario gives it (ISO 8601).
   * A wait given here ends at that moment (at once for contacts arriving later), then its window.
   */
  readonly waitUntil?: Readonly<Record<string, string>>;
  /**
   * The time zone waits and windows are counted in: a Dataverse time-zone code or an IANA name.
   * @defaultValue the journey's `timeZone`, else UTC
   */
  readonly timeZone?: number | string;
  /**
   * Keep each contact's steps in `result.contacts`. Without timelines only the per-tile counts are
   * kept, and memory does not grow with the number of contacts.
   * @defaultValue `true` for a list of contacts, `false` for a number
   */
  readonly timelines?: boolean;
  /** Called as contacts are done (about a hundred times per run, and at the end). */
  readonly progress?: (done: number, total: number) => void;
}

/** What a contact did at a branching tile: the trigger's branch, or the split branch's position (0-based). */
export type StepOutcome = 'yes' | 'no' | number;

/**
 * One tile a contact entered, in a contact's timeline (`result.contacts[id]`).
 *
 * @example
 * ```ts
 * import type { SimulationStep } from '@customer-journey/dsl';
 * const step: SimulationStep = {
 *   at: '2026-02-01T09:00:00.000Z', activityId: '01_0_1_2', type: 'Trigger', name: 'Registered?',
 *   outcome: 'yes', exitedAt: '2026-02-03T10:00:00.000Z',
 * };
 * ```
 */
export interface SimulationStep {
  /** When the contact entered the tile (ISO 8601, UTC). */
  readonly at: string;
  /** The tile's `ActivityId`. */
  readonly activityId: string;
  /** The tile's `ActivityTypeId`. */
  readonly type: string;
  /** The tile's name (its type when it has none). */
  readonly name: string;
  /** The tile's key, when it has one. */
  readonly key?: string;
  /** The record the tile refers to (the email's GUID, …), when it has one. */
  readonly recordId?: string;
  /** The branch taken at a trigger or split. */
  readonly outcome?: StepOutcome;
  /** When the contact left, for tiles it stayed in (waits, triggers). */
  readonly exitedAt?: string;
  /** The contact was still at this tile when the simulation ended. */
  readonly waiting?: true;
  /** The side effect the tile had: `email sent`, `phonecall created`, `lead created`, … */
  readonly effect?: string;
  /** The iteration of a recurring journey (0-based); absent on journeys that do not recur. */
  readonly iteration?: number;
}

/**
 * A tile's counts in a result (`result.tiles[activityId]`).
 *
 * @example
 * ```ts
 * import type { SimulationTile } from '@customer-journey/dsl';
 * const trigger: SimulationTile = {
 *   type: 'Trigger', name: 'Registered?', depth: 3, entered: 100, exited: 97, waiting: 3, branches: { yes: 30, no: 67 },
 * };
 * ```
 */
export interface SimulationTile {
  /** The tile's `ActivityTypeId`. */
  readonly type: string;
  /** The tile's name (its type when it has none). */
  readonly name: string;
  /** The tile's key, when it has one. */
  readonly key?: string;
  /** The tile's depth: 1 for the tiles under the root. */
  readonly depth: number;
  /** How many times a contact entered the tile (once per contact and iteration). */
  readonly entered: number;
  /** How many of those left it (moved on, or ended their path there). */
  readonly exited: number;
  /** How many were still at the tile when the simulation ended. */
  readonly waiting: number;
  /** At triggers and splits: how many took each branch (`yes`/`no`, or the branch's position). */
  readonly branches?: Readonly<Record<string, number>>;
}

/**
 * Kinds of {@link SimulationWarning}.
 *
 * - `unknown-tile`: a custom or unknown tile; contacts pass through it.
 * - `still-waiting`: contacts were still at a tile when the simulation ended.
 * - `unreachable`: no contact can reach a tile (and what follows it).
 * - `even-split`: a split without settings in the scenario split evenly.
 * - `unknown-merge`: a segment group's merge method is not one the simulation knows.
 * - `unknown-wait`: a wait whose kind or unit is not known waited only for its window.
 * - `no-timeout`: a trigger without a timeout never takes its no branch.
 *
 * @example
 * ```ts
 * import type { SimulationWarningCode } from '@customer-journey/dsl';
 * const code: SimulationWarningCode = 'still-waiting';
 * ```
 */
export type SimulationWarningCode =
  | 'unknown-tile'
  | 'still-waiting'
  | 'unreachable'
  | 'even-split'
  | 'unknown-merge'
  | 'unknown-wait'
  | 'no-timeout';

/**
 * Something a reader of the result should know.
 *
 * @example
 * ```ts
 * import type { SimulationWarning } from '@customer-journey/dsl';
 * const warning: SimulationWarning = {
 *   code: 'still-waiting', activityId: '01_0_1_2', path: ['Customers', 'Invitation', 'Registered?'], count: 3,
 *   message: '3 contacts were still waiting at If/then "Registered?" (Customers › Invitation › Registered?) when the simulation ended',
 * };
 * ```
 */
export interface SimulationWarning {
  /** What kind of warning. */
  readonly code: SimulationWarningCode;
  /** The tile's `ActivityId`, when the warning is about a tile. */
  readonly activityId?: string;
  /** The tile's path of names from the root. */
  readonly path?: readonly string[];
  /** How many contacts, for `still-waiting`. */
  readonly count?: number;
  /** One line for people. */
  readonly message: string;
}

/**
 * What {@link simulate} returns: plain data, the same bytes in JSON for the same tree, scenario
 * and seed.
 *
 * @example
 * ```ts
 * import type { SimulationResult } from '@customer-journey/dsl';
 * declare const run: SimulationResult;
 * run.tiles['01_0_1']?.entered;                      // contacts that got the invitation
 * run.contacts['ann']?.map((s) => s.name);           // ann's path
 * run.warnings.map((w) => w.message);
 * ```
 */
export interface SimulationResult {
  /** The journey's name. */
  readonly journey: string;
  /** When the simulation started (ISO 8601, UTC). */
  readonly start: string;
  /** When it ended, or `null` when it ran until every contact was done. */
  readonly until: string | null;
  /** The IANA time zone waits and windows were counted in. */
  readonly timeZone: string;
  /** The seed of the random draws. */
  readonly seed: number;
  /** How many contacts walked. */
  readonly contactCount: number;
  /** Each contact's steps in time order, when timelines were kept; else empty. */
  readonly contacts: Readonly<Record<string, readonly SimulationStep[]>>;
  /** Each tile's counts, by `ActivityId`, in tree order (the root left out). */
  readonly tiles: Readonly<Record<string, SimulationTile>>;
  /** What to know about the run: unknown tiles, contacts still waiting, unreachable tiles, … */
  readonly warnings: readonly SimulationWarning[];
}
