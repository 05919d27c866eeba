/**
 * The typed activity-tree model of a customer journey.
 *
 * A journey is a tree of activities (tiles) under a hidden `bpf_root`. Each activity has a header
 * item (its own settings) and, for segment groups and emails, nested items. The model uses the
 * names of the domain; the wire names of `msdyncrm_workflowdefinition` stay inside the codec of
 * `@customer-journey/client`. Everything the codec does not recognise is kept in `extra` so that
 * a round trip loses nothing.
 *
 * @module
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
/** A JSON array. */
export type JsonArray = readonly JsonValue[];
/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Who a journey addresses (`EntityTarget` on tiles, `msdyncrm_entitytarget` on the journey). */
export type EntityTarget = 'contact' | 'account';

/**
 * How an activity hangs under its parent (`ParentRelationshipType`). Parsed case-insensitively,
 * always written in PascalCase.
 */
export type Relation = 'Default' | 'YesBranch' | 'NoBranch';

/** Tile types the format reference lists, including the `empty` placeholder. */
export type KnownActivityType =
  | 'bpf_root'
  | 'Segment'
  | 'Email'
  | 'Scheduler'
  | 'Trigger'
  | 'Splitter'
  | 'SplitterBranch'
  | 'CreateCrmActivity'
  | 'InvokeWorkflow'
  | 'CreateLead'
  | 'Event'
  | 'LandingPage'
  | 'Survey'
  | 'MarketingForm'
  | 'RecordUpdate'
  | 'LinkedInCampaign'
  | 'empty';

/** Item-only types: segment items, and content nested in an email. */
export type KnownItemType = 'SegmentItem' | 'LandingPage' | 'Event' | 'Survey' | 'MarketingForm';

/** The list of known tile types, in catalogue order. */
export const KNOWN_ACTIVITY_TYPES: readonly KnownActivityType[] = Object.freeze([
  'bpf_root',
  'Segment',
  'Email',
  'Scheduler',
  'Trigger',
  'Splitter',
  'SplitterBranch',
  'CreateCrmActivity',
  'InvokeWorkflow',
  'CreateLead',
  'Event',
  'LandingPage',
  'Survey',
  'MarketingForm',
  'RecordUpdate',
  'LinkedInCampaign',
  'empty',
]);

/**
 * Fields every item has (header or nested). Optional fields are `undefined` when the wire item
 * did not carry them, so that a parsed item serializes back exactly as it came.
 */
export interface ItemBase<T extends string = string> {
  /** `ActivityTypeId` of the item: the tile's type for a header, else `SegmentItem`, `LandingPage`, … */
  readonly type: T;
  /** `ActivityItemId`: unique across the whole definition. */
  readonly itemId: number;
  /** `ItemId`: the GUID of the referenced record (email, segment, page, …), or `null` if none. */
  readonly recordId?: string | null;
  /** `Name`: the tile's title. */
  readonly name?: string;
  /** `IsNameSystemDefined`: `true` when the designer chose the name. */
  readonly nameIsSystemDefined?: boolean;
  /** `Description`. */
  readonly description?: string;
  /** `Title`: unused by the designer, always `"Undefined"` in samples. */
  readonly title?: string;
  /** Author-chosen key (not serialized): lets trigger conditions refer to this item. */
  readonly key?: string;
  /** Properties the model does not know, in their original order. */
  readonly extra?: JsonObject;
}

/** Header of a segment group (`Segment`). */
export interface SegmentProps {
  /** `SegmentMergeMethod`: `"Union"` is the only value seen. */
  readonly mergeMethod?: string;
  /** `ContainmentMethod` (seen on one sample's header). */
  readonly containment?: string;
}

/** A segment inside a segment group (`SegmentItem`); `recordId` is the `msdyncrm_segment` id. */
export interface SegmentItemProps {
  /** `ContainmentMethod`: `"Inclusion"` seen; the UI also offers exclusion. */
  readonly containment?: string;
  /** `SegmentSourceType`: `"Segment"` seen. */
  readonly sourceType?: string;
  /** `DciSegmentName`: the segment's unique (internal) name. */
  readonly segmentName?: string;
  /** `SegmentDisplayName`. */
  readonly displayName?: string;
}

/** One condition of a trigger (`ConditionExpressions[i]`). */
export interface TriggerCondition {
  /** `SourceActivityItemId`: the `ActivityItemId` of the source item, as a string. */
  readonly sourceItemId: string;
  /** `Condition`: `"UserRegistered"` is the only documented name. */
  readonly condition: string;
  /** Properties the model does not know. */
  readonly extra?: JsonObject;
}

/** Header of a trigger (UI "If/then"). */
export interface TriggerProps {
  /** `TimeoutValue`. */
  readonly timeoutValue?: number;
  /** `TimeoutUnit`: `"Day"` seen. */
  readonly timeoutUnit?: string;
  /** `RuleLogic`: `"AND"` seen, `"OR"` likely. */
  readonly ruleLogic?: string;
  /** `ConditionExpressions`. */
  readonly conditions?: readonly TriggerCondition[];
}

/** Header of a scheduler (UI "Wait for" / "Wait until"). */
export interface SchedulerProps {
  /** `WaitUntilMonday` … `WaitUntilSunday`. */
  readonly waitUntilMonday?: boolean;
  readonly waitUntilTuesday?: boolean;
  readonly waitUntilWednesday?: boolean;
  readonly waitUntilThursday?: boolean;
  readonly waitUntilFriday?: boolean;
  readonly waitUntilSaturday?: boolean;
  readonly waitUntilSunday?: boolean;
  /** `WaitUntilFromHour`. */
  readonly waitUntilFromHour?: number;
  /** `WaitUntilFromMinute`. */
  readonly waitUntilFromMinute?: number;
  /** `WaitUntilToHour`. */
  readonly waitUntilToHour?: number;
  /** `WaitUntilToMinute`. */
  readonly waitUntilToMinute?: number;
  /** `OffsetType`: `"Duration"` seen. */
  readonly offsetType?: string;
  /** `ScheduledDurationUnit`: `"Minute"` seen. */
  readonly durationUnit?: string;
  /** `ScheduledDurationValue`. */
  readonly durationValue?: number;
  /** `ScheduledHour`. */
  readonly scheduledHour?: number;
  /** `ScheduledMinute`. */
  readonly scheduledMinute?: number;
}

/**
 * The scheduler's weekday fields, Monday first: `true` (or absent) lets contacts through on that day.
 *
 * @example
 * ```ts
 * import { SCHEDULER_WEEKDAY_FIELDS, type SchedulerProps } from '@customer-journey/dsl';
 * const open = (h: SchedulerProps) => SCHEDULER_WEEKDAY_FIELDS.map((field) => h[field] !== false);
 * ```
 */
export const SCHEDULER_WEEKDAY_FIELDS = Object.freeze([
  'waitUntilMonday',
  'waitUntilTuesday',
  'waitUntilWednesday',
  'waitUntilThursday',
  'waitUntilFriday',
  'waitUntilSaturday',
  'waitUntilSunday',
] as const);

/** Header of a `CreateCrmActivity` tile (UI Activity: phone call, task, appointment). */
export interface CreateCrmActivityProps {
  /** `TemplateEntityLogicalName`, e.g. `msdyncrm_phonecallactivitymarketingtemplate`. */
  readonly templateEntity?: string;
  /** `ActivityTypeName`: `"phonecall"`, `"task"`, `"appointment"`. */
  readonly activityType?: string;
  /** `Owner`: `"msdyncrm_customerjourney.ownerid"` (journey owner). */
  readonly owner?: string;
}

/** Typed properties by item type. Types not listed carry only {@link ItemBase} fields and `extra`. */
export interface ItemPropsByType {
  Segment: SegmentProps;
  SegmentItem: SegmentItemProps;
  Trigger: TriggerProps;
  Scheduler: SchedulerProps;
  CreateCrmActivity: CreateCrmActivityProps;
}

/** The typed properties of an item of type `T` (none for types without a known format). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type ItemProps<T extends string> = T extends keyof ItemPropsByType ? ItemPropsByType[T] : {};

/**
 * An item: a tile's header (`Properties.Items[0]`) or a nested item (segment, page, event, …).
 *
 * @example
 * ```ts
 * const header: Item<'Trigger'> = { type: 'Trigger', itemId: 7, recordId: null, name: 'Registered?',
 *   timeoutValue: 5, timeoutUnit: 'Day', ruleLogic: 'AND', conditions: [{ sourceItemId: '4', condition: 'UserRegistered' }] };
 * ```
 */
export type Item<T extends string = string> = ItemBase<T> & ItemProps<T>;

/**
 * An activity (tile). Structure is the tree itself: `children` are ordered by `branch`
 * (`ParentBranchId`), and the parent is the activity that holds this one.
 */
export interface Activity<T extends string = string> {
  /** `ActivityTypeId`. */
  readonly type: T;
  /** `ActivityId`: unique within the definition (`"01"` for the root). */
  readonly id: string;
  /** `ParentRelationshipType`. */
  readonly relation: Relation;
  /** `ParentBranchId`: 0-based position among the parent's children. */
  readonly branch: number;
  /** `EntityTarget`: absent on the root and on `empty`. */
  readonly target?: EntityTarget;
  /** `Properties.Items[0]`: the tile's own settings. Absent when `Items` is empty (`empty`). */
  readonly header?: Item<T>;
  /** `Properties.Items[1..]`: nested items (segments in a segment group, content in an email). */
  readonly nested: readonly Item[];
  /** Child activities, in `branch` order. */
  readonly children: readonly Activity[];
  /** Author-chosen key (not serialized); a key on a tile refers to its header item. */
  readonly key?: string;
  /** Activity-level properties the model does not know. */
  readonly extra?: JsonObject;
  /** Keys of `Properties` other than `Items`. */
  readonly propertiesExtra?: JsonObject;
}

/** The hidden root activity (`bpf_root`, id `"01"`). */
export type RootActivity = Activity<'bpf_root'>;

/**
 * The designer's counters (`msdyncrm_customerjourneydesignerstate`):
 * `{"NextActivityID":a,"NextActivityItemID":b}`.
 */
export interface DesignerState {
  /** `NextActivityID`: above every `n` used in an `ActivityId` of the form `<parent>_<n>`. */
  readonly nextActivityId: number;
  /** `NextActivityItemID`: above every `ActivityItemId` used. */
  readonly nextItemId: number;
  /** Keys of the designer state the model does not know. */
  readonly extra?: JsonObject;
}

/** Status reasons (`statuscode`) of a journey, by label. */
export type JourneyStatus =
  | 'Draft'
  | 'Going live'
  | 'Live'
  | 'Live, editable'
  | 'Stopping'
  | 'Stopped'
  | 'Error'
  | 'Expired';

/** `statuscode` values by label. */
export const JOURNEY_STATUS_CODES: Readonly<Record<JourneyStatus, number>> = Object.freeze({
  Draft: 192350000,
  'Going live': 192350006,
  Live: 192350001,
  'Live, editable': 192350003,
  Stopping: 192350007,
  Stopped: 192350002,
  Error: 192350005,
  Expired: 192350004,
});

const STATUS_BY_CODE: ReadonlyMap<number, JourneyStatus> = new Map(
  (Object.entries(JOURNEY_STATUS_CODES) as [JourneyStatus, number][]).map(([label, code]) => [code, label]),
);

/**
 * The label of a `statuscode`, or `undefined` for anything that is not a known status code.
 *
 * @example
 * ```ts
 * import { journeyStatusOf } from '@customer-journey/dsl';
 * journeyStatusOf(192350001); // 'Live'
 * journeyStatusOf(42);        // undefined
 * ```
 */
export function journeyStatusOf(code: unknown): JourneyStatus | undefined {
  return typeof code === 'number' ? STATUS_BY_CODE.get(code) : undefined;
}

/** Minimum consent (`msgdpr_requiredconsent`), by label. */
export type ConsentLevel = 'Consent' | 'Transactional' | 'Subscriptions' | 'Marketing' | 'Profiling';

/** `msgdpr_requiredconsent` values by label. */
export const CONSENT_CODES: Readonly<Record<ConsentLevel, number>> = Object.freeze({
  Consent: 587030001,
  Transactional: 587030002,
  Subscriptions: 587030003,
  Marketing: 587030004,
  Profiling: 587030005,
});

/** Journey type (`msdyncrm_type`), by label. */
export type JourneyType = 'Automated' | 'LinkedIn';

/** `msdyncrm_type` values by label. */
export const JOURNEY_TYPE_CODES: Readonly<Record<JourneyType, number>> = Object.freeze({
  Automated: 192350000,
  LinkedIn: 192350001,
});

/** `msdyncrm_entitytarget` values. */
export const ENTITY_TARGET_CODES: Readonly<Record<EntityTarget, number>> = Object.freeze({
  contact: 0,
  account: 1,
});

/** Recurrence of a recurring journey. */
export interface Recurrence {
  /** `msdyncrm_recurrenceintervaldays`: days per iteration. */
  readonly intervalDays: number;
  /** `msdyncrm_recurrencecount`: number of iterations. */
  readonly count: number;
}

/** The owner of a journey (`ownerid`). */
export interface Owner {
  /** GUID of the user or team. */
  readonly id: string;
  /** Which table the owner lives in. @defaultValue `'systemuser'` */
  readonly type?: 'systemuser' | 'team';
}

/**
 * The journey's own fields (the `msdyncrm_customerjourney` record around the definition).
 * Everything but `name` and `target` is optional; absent fields are not written.
 */
export interface JourneySettings {
  /**
   * `msdyncrm_customerjourneyid`: the GUID of the journey's record on the org. Declared in code, it
   * ties the journey to its record, so `push` and `plan` update that record even after a rename.
   * Without it they derive the id from the name. A tree read from the org always carries it.
   */
  readonly recordId?: string;
  /** `msdyncrm_name`: 1 to 100 characters. */
  readonly name: string;
  /** `msdyncrm_entitytarget`. */
  readonly target: EntityTarget;
  /** `msdyncrm_description` (at most 5,000 characters). */
  readonly description?: string;
  /** `statuscode`, by label. */
  readonly status?: JourneyStatus;
  /** `msdyncrm_startdatetime`, ISO 8601. */
  readonly start?: string;
  /** `msdyncrm_enddatetime`, ISO 8601. */
  readonly end?: string;
  /** `msdyncrm_customerjourneytimezone`: Dataverse time-zone code (92 = UTC). */
  readonly timeZone?: number;
  /** `msgdpr_requiredconsent`, by label. */
  readonly consent?: ConsentLevel;
  /** `msdyncrm_contentsettingsid`: GUID of the content settings. */
  readonly contentSettingsId?: string;
  /** `msdyncrm_suppressionsegmentid`: GUID of the suppression segment. */
  readonly suppressionSegmentId?: string;
  /** `msdyncrm_recurrenceintervaldays` and `msdyncrm_recurrencecount`. */
  readonly recurrence?: Recurrence;
  /** `msdyncrm_isrecurring`. @defaultValue `true` when `recurrence` is given, else absent. */
  readonly isRecurring?: boolean;
  /** `msdyncrm_type`, by label. */
  readonly type?: JourneyType;
  /** `ownerid`. */
  readonly owner?: Owner;
  /** `msdyncrm_customerjourneytemplate`: GUID of the template the journey came from. */
  readonly templateId?: string;
  /** `msdyncr2_linkedincampaign`: GUID of the LinkedIn campaign. */
  readonly linkedInCampaignId?: string;
}

/**
 * A whole journey: its settings, its activity tree and its designer state. Built trees are deeply
 * frozen; change them with `edit`.
 *
 * @example
 * ```ts
 * import { journey } from '@customer-journey/dsl';
 * const tree: JourneyTree = journey('Welcome', { target: 'contact' })
 *   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] })
 *   .email('Welcome', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' })
 *   .build();
 * tree.root.children[0]?.type; // 'Segment'
 * ```
 */
export interface JourneyTree {
  /** The journey record's own fields. */
  readonly settings: JourneySettings;
  /** The hidden root tile. */
  readonly root: RootActivity;
  /** The designer's counters, as stored (see `effectiveDesignerState` for safe next ids). */
  readonly designerState: DesignerState;
}

/** Severity of a Check for Errors result (`Result`). */
export type ValidationLevel = 'Valid' | 'Warning' | 'Error';

/**
 * One finding of Check for Errors, in the service's shape (`ActivityValidationResults[i]`).
 * `ActivityId` is `""` for the journey itself, else the tile's `ActivityId`.
 */
export interface ActivityValidationResult {
  /** The tile's `ActivityId`, or `""` for the journey and its fields. */
  readonly ActivityId: string;
  /** Fault code, e.g. `ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations`. An open set. */
  readonly Fault: string;
  /** Severity of this finding. */
  readonly Result: ValidationLevel;
  /** Details, such as the id of the offending element. */
  readonly ErrorMessageArguments: readonly string[];
}

/**
 * The result of Check for Errors, in the service's shape (`ValidationResult`), whether it came
 * from the org (`msdyncrm_CustomerJourneyValidate`) or from the local check.
 *
 * @example
 * ```ts
 * const ok: ValidationResult = { Result: 'Valid', ActivityValidationResults: [] };
 * ```
 */
export interface ValidationResult {
  /** `Valid`, `Warning` (does not block going live) or `Error` (blocks). */
  readonly Result: ValidationLevel;
  /** Every finding, journey-level ones with `ActivityId` `""`. */
  readonly ActivityValidationResults: readonly ActivityValidationResult[];
}
