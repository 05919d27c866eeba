/**
 * Public types of the fluent builder: the options of every tile and the builder interfaces.
 *
 * @module
 */
import type {
  EntityTarget,
  ItemProps,
  JourneySettings,
  JsonObject,
  JsonValue,
  JourneyTree,
  Relation,
} from '../model.js';

/**
 * Base fields of an item that may be left out (`omit`), for pulled items that lacked them:
 * `ItemId`, `Name`, `IsNameSystemDefined`, `Description` and `Title`.
 *
 * @example
 * ```ts
 * const omit: readonly OmittableItemField[] = ['nameIsSystemDefined', 'description'];
 * ```
 */
export type OmittableItemField = 'recordId' | 'name' | 'nameIsSystemDefined' | 'description' | 'title';

/** Units of a wait duration or a trigger timeout. */
export type DurationUnit = 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month';

/** A duration: a whole number of units. */
export interface Duration {
  /** How many units (a whole number, 0 or more). */
  readonly value: number;
  /** The unit. */
  readonly unit: DurationUnit;
}

/** Days of the week, for a wait's window. */
export type Weekday = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';

/** A time of day as `H:MM` or `HH:MM` (24-hour clock), e.g. `'9:00'` or `'17:30'`. */
export type ClockTime = `${number}:${number}`;

/**
 * Settings shared by every tile, including the escape hatches code generation uses to re-create
 * a pulled journey exactly (`id`, `itemId`, `omit`, `rawName`, `relation`, `branch`, `extra`).
 *
 * @example
 * ```ts
 * // A pulled email whose header lacks `IsNameSystemDefined` and `Description`, first tile of the
 * // no branch of a trigger written in the raw form.
 * b.email('Reminder', {
 *   emailId: '184e5a1a-464a-e911-a873-000d3a1fe344',
 *   id: '01_0_3', itemId: 17,
 *   omit: ['nameIsSystemDefined', 'description'],
 *   relation: 'NoBranch', branch: 1,
 * });
 * ```
 */
export interface TileOptions {
  /** A name of your choice that trigger conditions use to refer to this tile (its header). */
  readonly key?: string;
  /** `Description`. @defaultValue `''` */
  readonly description?: string;
  /** An explicit `ActivityId`; automatic ids skip its number. */
  readonly id?: string;
  /** An explicit `ActivityItemId` for the header; automatic item ids skip it. */
  readonly itemId?: number;
  /** `IsNameSystemDefined`. @defaultValue `false` */
  readonly nameIsSystemDefined?: boolean;
  /**
   * Header base fields to leave out, for a pulled tile that lacked them (the designer writes
   * tiles without `IsNameSystemDefined`, `Description` or `Title`). Omitting `'name'` also skips
   * the name check: pass `''` as the name.
   *
   * @example
   * ```ts
   * b.createLead('Lead', { omit: ['nameIsSystemDefined', 'description', 'title'] });
   * b.createLead('', { omit: ['name'] }); // no `Name` at all
   * ```
   */
  readonly omit?: readonly OmittableItemField[];
  /**
   * The header's `Name`, written exactly as given and not checked: for imported journeys whose
   * tiles have a name the builder would refuse (empty, blank or over 100 characters). The name
   * argument must then be `''`. Authors give names as the first argument instead.
   *
   * @example
   * ```ts
   * b.createLead('', { rawName: '' });                // `Name: ""`
   * b.email('', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', rawName: 'x'.repeat(150) });
   * ```
   */
  readonly rawName?: string;
  /**
   * `ParentRelationshipType`, for a tile whose stored place differs from its position (the first
   * tile of a parallel branch under a trigger written in the raw form, a split branch).
   * @defaultValue from the tile's position: `YesBranch`/`NoBranch` first in a trigger branch, else `Default`
   */
  readonly relation?: Relation;
  /**
   * `ParentBranchId`, a whole number, for a tile whose stored branch number differs from its
   * position (gaps between parallel or split branches).
   * @defaultValue from the tile's position: the branch's index among its siblings, else `0`
   */
  readonly branch?: number;
  /** Raw header properties the model does not know, written as given. */
  readonly extra?: JsonObject;
}

/**
 * Settings shared by nested items (segments of a group, content of an email).
 *
 * @example
 * ```ts
 * const page: NestedItemOptions = { key: 'page', itemId: 28, omit: ['nameIsSystemDefined', 'description'] };
 * ```
 */
export interface NestedItemOptions {
  /** A name of your choice that trigger conditions use to refer to this item. */
  readonly key?: string;
  /** `Description`. @defaultValue `''` */
  readonly description?: string;
  /** An explicit `ActivityItemId`; automatic item ids skip it. */
  readonly itemId?: number;
  /** `IsNameSystemDefined`. @defaultValue `false` */
  readonly nameIsSystemDefined?: boolean;
  /** Base fields to leave out, for a pulled item that lacked them. */
  readonly omit?: readonly OmittableItemField[];
  /** Raw item properties the model does not know, written as given. */
  readonly extra?: JsonObject;
}

/** A segment in a segment group. */
export interface SegmentRef extends NestedItemOptions {
  /** GUID of the `msdyncrm_segment`. */
  readonly id: string;
  /** The segment's unique (internal) name (`DciSegmentName`); also the item's name when no `displayName` is given. */
  readonly name?: string;
  /** `SegmentDisplayName`; also the item's name. */
  readonly displayName?: string;
  /** `SegmentSourceType`. @defaultValue `'Segment'` */
  readonly sourceType?: 'Segment' | (string & {});
}

/** Options of a segment group: at least one segment to include or exclude. */
export type SegmentOptions = TileOptions & {
  /** `SegmentMergeMethod`. @defaultValue `'Union'` */
  readonly merge?: 'Union' | (string & {});
  /** `ContainmentMethod` of the group's header (seen on some pulled journeys). @defaultValue none */
  readonly containment?: 'Inclusion' | 'Exclusion' | (string & {});
} & (
    | {
        /** Segments whose members enter the journey (`ContainmentMethod` `Inclusion`). */
        readonly include: readonly SegmentRef[];
        /** Segments whose members are kept out (`ContainmentMethod` `Exclusion`). */
        readonly exclude?: readonly SegmentRef[];
      }
    | {
        /** Segments whose members enter the journey (`ContainmentMethod` `Inclusion`). */
        readonly include?: readonly SegmentRef[];
        /** Segments whose members are kept out (`ContainmentMethod` `Exclusion`). */
        readonly exclude: readonly SegmentRef[];
      }
  );

/** Types of content an email can hold so that later triggers can react to it. */
export type EmailContentType = 'LandingPage' | 'Event' | 'Survey' | 'MarketingForm';

/** Content nested in an email (a page, event, survey or form linked from it). */
export interface EmailContent extends NestedItemOptions {
  /** The item type. */
  readonly type: EmailContentType;
  /** GUID of the record (page, event, survey, form), or `null` when not chosen yet. */
  readonly id: string | null;
  /** The item's name. */
  readonly name?: string;
}

/** Options of an email tile. */
export interface EmailOptions extends TileOptions {
  /** GUID of the `msdyncrm_marketingemail`. */
  readonly emailId: string;
  /** Content linked from the email, for triggers to react to. */
  readonly nested?: readonly EmailContent[];
}

/** Names of trigger conditions; `'UserRegistered'` is the one the format documents. */
export type ConditionName = 'UserRegistered' | (string & {});

/** A trigger condition on the item with the given key. */
export interface KeyCondition {
  /** Key of a tile (its header) or of a nested item, anywhere in the journey. */
  readonly source: string;
  /** The condition. */
  readonly condition: ConditionName;
  /** Raw properties the model does not know. */
  readonly extra?: JsonObject;
  readonly sourceItemId?: never;
}

/** A trigger condition on an explicit `ActivityItemId` (as code generation writes it). */
export interface ItemIdCondition {
  /** `SourceActivityItemId`, as a string (`'28'`). */
  readonly sourceItemId: string;
  /** The condition. */
  readonly condition: ConditionName;
  /** Raw properties the model does not know. */
  readonly extra?: JsonObject;
  readonly source?: never;
}

/** One condition of a trigger. */
export type ConditionOptions = KeyCondition | ItemIdCondition;

/** Options of a trigger (UI "If/then"). */
export interface TriggerOptions extends TileOptions {
  /** The conditions, resolved to item ids when the journey is built. */
  readonly conditions: readonly ConditionOptions[];
  /** `RuleLogic`. @defaultValue `'AND'` */
  readonly logic?: 'AND' | 'OR';
  /** How long to wait for the conditions before taking the no branch. */
  readonly timeout: Duration;
}

/** What a branch callback returns: the chain it built (or ended). */
export type BranchResult = ChainBuilder | ChainEnd;

/** Builds one branch from an empty chain. */
export type BranchFn = (b: ChainBuilder) => BranchResult;

/** The branches of a trigger. A missing branch, or one that adds no tile, becomes an `empty` placeholder. */
export interface TriggerBranches {
  /** The path taken when the conditions hold (`YesBranch`). */
  readonly yes?: BranchFn;
  /** The path taken on timeout (`NoBranch`). */
  readonly no?: BranchFn;
}

/** One branch of a split: a `SplitterBranch` tile and what follows it. */
export interface SplitBranch extends TileOptions {
  /** The branch tile's name. */
  readonly name: string;
  /** The tiles after the branch tile. */
  readonly then?: BranchFn;
}

/** At least two split branches. */
export type SplitBranches = readonly [SplitBranch, SplitBranch, ...SplitBranch[]];

/** At least two parallel branches. */
export type ParallelBranches = readonly [BranchFn, BranchFn, ...BranchFn[]];

/** The restriction window of a wait: the days and the time range in which it may end. */
export interface WaitWindow {
  /** Days on which the wait may end. @defaultValue every day */
  readonly days?: readonly Weekday[];
  /** Start of the time range. @defaultValue `'0:00'` */
  readonly from?: ClockTime;
  /** End of the time range. @defaultValue `'23:59'` */
  readonly to?: ClockTime;
}

/** Options of a wait (`Scheduler`, UI "Wait for"). */
export interface WaitOptions extends TileOptions {
  /** How long to wait. */
  readonly duration: Duration;
  /** When the wait may end. @defaultValue every day, all day */
  readonly window?: WaitWindow;
}

/** Kinds of CRM activity an activity tile creates. */
export type CrmActivityType = 'phonecall' | 'task' | 'appointment';

/** Options of an activity tile (`CreateCrmActivity`). */
export interface ActivityOptions extends TileOptions {
  /** `ActivityTypeName`. */
  readonly activityType: CrmActivityType;
  /** GUID of the activity marketing template, if one is chosen. @defaultValue `null` */
  readonly templateId?: string;
  /** `TemplateEntityLogicalName`. @defaultValue `msdyncrm_<activityType>activitymarketingtemplate` */
  readonly templateEntity?: string;
  /** `Owner`. @defaultValue `'msdyncrm_customerjourney.ownerid'` (the journey owner) */
  readonly owner?: string;
}

/** Options of a launch-workflow tile (`InvokeWorkflow`). */
export interface LaunchWorkflowOptions extends TileOptions {
  /** GUID of the on-demand workflow. */
  readonly workflowId: string;
}

/** Options of an event tile. */
export interface EventOptions extends TileOptions {
  /** GUID of the event. */
  readonly eventId: string;
}

/** Options of a marketing-page tile. */
export interface LandingPageOptions extends TileOptions {
  /** GUID of the marketing page. */
  readonly pageId: string;
}

/** Options of a marketing-form tile. */
export interface MarketingFormOptions extends TileOptions {
  /** GUID of the marketing form. */
  readonly formId: string;
}

/** Options of a survey tile. */
export interface SurveyOptions extends TileOptions {
  /** GUID of the survey. */
  readonly surveyId: string;
}

/** Options of a LinkedIn-campaign tile. */
export interface LinkedInCampaignOptions extends TileOptions {
  /** GUID of the `msdyncrm_linkedincampaign`. */
  readonly campaignId: string;
}


/** A raw item of a custom tile, written exactly as given (only `itemId` is filled in when absent). */
export interface RawItem {
  /** `ActivityTypeId` of the item. */
  readonly type: string;
  /** An explicit `ActivityItemId`. @defaultValue the next free item id */
  readonly itemId?: number;
  /** `ItemId`. */
  readonly recordId?: string | null;
  /** `Name`. */
  readonly name?: string;
  /** `IsNameSystemDefined`. */
  readonly nameIsSystemDefined?: boolean;
  /** `Description`. */
  readonly description?: string;
  /** `Title`. */
  readonly title?: string;
  /** A key for trigger conditions. */
  readonly key?: string;
  /** Typed properties of known item types (model names), e.g. `containment` of a `SegmentItem`. */
  readonly fields?: { readonly [name: string]: JsonValueOrUndefined };
  /** Raw properties the model does not know. */
  readonly extra?: JsonObject;
}

/** A JSON value, or `undefined` for "leave out". */
export type JsonValueOrUndefined = JsonValue | undefined;

/**
 * Options of {@link TileMethods.custom}: any tile, of any type, known or not.
 *
 * @typeParam T - the tile's `ActivityTypeId`
 */
export interface CustomTileOptions<T extends string = string> extends TileOptions {
  /** The header's `ItemId`. @defaultValue `null` */
  readonly recordId?: string | null;
  /** The header's `Title`. @defaultValue `'Undefined'` */
  readonly title?: string;
  /** Typed header properties of known types, in model names (e.g. `ruleLogic` of a `Trigger`). */
  readonly fields?: ItemProps<T>;
  /** `false` writes no header at all (`Items: []`, like `empty`). @defaultValue `true` */
  readonly header?: boolean;
  /** Nested items, written as given. */
  readonly nested?: readonly RawItem[];
  /** `EntityTarget`; `null` writes none. @defaultValue the journey's target */
  readonly target?: EntityTarget | null;
  /** Activity-level properties the model does not know. */
  readonly activityExtra?: JsonObject;
  /** Keys of `Properties` other than `Items`. */
  readonly propertiesExtra?: JsonObject;
}

/**
 * A designer state to start from (re-creating a pulled journey).
 *
 * By default each counter is raised above the ids in use when it lags behind them, so that the
 * designer can never hand out a duplicate. With `exact: true` the state is kept exactly as given,
 * even when it lags: that is how a pulled journey whose stored state is behind its ids
 * round-trips unchanged. The local check (`validate`) reports such a state; new journeys should
 * leave `exact` out.
 *
 * @example
 * ```ts
 * journey('Pulled', { designerState: { nextActivityId: 2, nextItemId: 5, exact: true } });
 * ```
 */
export interface DesignerStateOptions {
  /** `NextActivityID`. */
  readonly nextActivityId: number;
  /** `NextActivityItemID`. */
  readonly nextItemId: number;
  /** Keys of the designer state the model does not know. */
  readonly extra?: JsonObject;
  /** Keep the counters as given, even below the ids in use. @defaultValue counters are raised */
  readonly exact?: true;
}

/**
 * The hidden root tile (`bpf_root`, `ActivityId` `"01"`) of a pulled journey: its header's base
 * fields, extra properties and further items. By default the root has one header item
 * (`ActivityItemId` 0, `ItemId` `null`, the designer's default name, `Title` `'Undefined'`).
 *
 * @example
 * ```ts
 * journey('Pulled', {
 *   root: {
 *     nameIsSystemDefined: true,
 *     extra: { new_Canvas: { zoom: 1.25 } },
 *     nested: [{ type: 'bpf_root', itemId: 1, recordId: null }],
 *     activityExtra: { new_DesignerBuild: '9.0.1234' },
 *   },
 * });
 * ```
 */
export interface RootOptions {
  /** The header's `ActivityItemId`. @defaultValue `0` */
  readonly itemId?: number;
  /** The header's `ItemId`. @defaultValue `null` */
  readonly recordId?: string | null;
  /** The header's `Name`, not checked. @defaultValue `'New ActivityTypeName_bpf_root_TitleText'` */
  readonly name?: string;
  /** The header's `IsNameSystemDefined`. @defaultValue none */
  readonly nameIsSystemDefined?: boolean;
  /** The header's `Description`. @defaultValue none */
  readonly description?: string;
  /** The header's `Title`. @defaultValue `'Undefined'` */
  readonly title?: string;
  /** Header base fields to leave out. */
  readonly omit?: readonly OmittableItemField[];
  /** Raw header properties the model does not know. */
  readonly extra?: JsonObject;
  /** Further items of the root, written as given (ids from the item counter when absent). */
  readonly nested?: readonly RawItem[];
  /** Activity-level properties the model does not know. */
  readonly activityExtra?: JsonObject;
  /** Keys of `Properties` other than `Items`. */
  readonly propertiesExtra?: JsonObject;
}

/**
 * Options of {@link journey}: every journey setting but the name, and the designer state and root
 * of a pulled journey.
 *
 * @example
 * ```ts
 * const options: JourneyOptions = { target: 'account', timeZone: 92, designerState: { nextActivityId: 8, nextItemId: 42 } };
 * ```
 */
export type JourneyOptions = Omit<JourneySettings, 'name' | 'target'> & {
  /** `msdyncrm_entitytarget`. @defaultValue `'contact'` */
  readonly target?: EntityTarget;
  /**
   * Stored designer state. Each counter is raised above the ids in use when it lags behind them,
   * unless `exact` is set.
   * @defaultValue the counters after the build
   */
  readonly designerState?: DesignerStateOptions;
  /** The root tile's parts, for a pulled journey whose root differs from the default. */
  readonly root?: RootOptions;
};

declare const chainEnd: unique symbol;

/** The end of a branch chain after `trigger`, `split` or `parallel`: no tile may follow. */
export interface ChainEnd {
  /** Marks a finished chain (type only). */
  readonly [chainEnd]: true;
}

/** The end of a journey after `trigger`, `split` or `parallel`: only `build()` remains. */
export interface JourneyEnd {
  /**
   * Materializes the journey: ids, resolved keys, designer state; deeply frozen.
   *
   * @throws {@link JourneyBuildError} naming the tile when an option is invalid
   * @example
   * ```ts
   * const tree = journey('Split', { target: 'contact' })
   *   .split('A/B', [{ name: 'A' }, { name: 'B' }])
   *   .build();
   * ```
   */
  build(): JourneyTree;
}

/**
 * The tile methods, shared by the journey builder and by branch chains. Each call returns a new
 * builder and leaves this one unchanged. `Next` is the builder the call returns, `End` what the
 * branching calls (`trigger`, `split`, `parallel`) return: they end the chain.
 */
export interface TileMethods<Next, End> {
  /**
   * A segment group (`Segment`) with `SegmentItem`s: the members of `include` enter the journey,
   * those of `exclude` are kept out.
   *
   * @example
   * ```ts
   * b.segment('Customers', {
   *   include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344', name: 'Demo_segment_09c58544', displayName: 'Demo segment' }],
   * });
   * ```
   */
  segment(name: string, options: SegmentOptions): Next;

  /**
   * An email tile, optionally with nested content (pages, events, surveys, forms) for triggers.
   *
   * @example
   * ```ts
   * b.email('Invitation', {
   *   emailId: '184e5a1a-464a-e911-a873-000d3a1fe344', key: 'invite',
   *   nested: [{ type: 'LandingPage', id: '46dece00-464a-e911-a873-000d3a1fe344', name: 'Event page', key: 'page' }],
   * });
   * ```
   */
  email(name: string, options: EmailOptions): Next;

  /**
   * A wait (`Scheduler`, UI "Wait for"), named after its duration (`Wait 1 day`).
   *
   * @example
   * ```ts
   * b.wait({ duration: { value: 1, unit: 'Day' }, window: { days: ['Monday', 'Friday'], from: '9:00', to: '17:00' } });
   * ```
   */
  wait(options: WaitOptions): Next;
  /**
   * A wait (`Scheduler`, UI "Wait for") with a name.
   *
   * @example
   * ```ts
   * b.wait('Cool down', { duration: { value: 2, unit: 'Hour' } });
   * ```
   */
  wait(name: string, options: WaitOptions): Next;

  /**
   * A trigger (UI "If/then") with a yes and a no branch; ends the chain. Condition sources are keys
   * of tiles or nested items anywhere in the journey.
   *
   * @example
   * ```ts
   * b.trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
   *   yes: (y) => y.activity('Follow-up call', { activityType: 'phonecall' }),
   *   no: (n) => n.email('Reminder', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe345' }),
   * });
   * ```
   */
  trigger(name: string, options: TriggerOptions, branches?: TriggerBranches): End;

  /**
   * A split (`Splitter`) with two or more `SplitterBranch` tiles; ends the chain.
   *
   * @example
   * ```ts
   * b.split('A/B test', [
   *   { name: 'A', then: (a) => a.email('Version A', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }) },
   *   { name: 'B', then: (x) => x.email('Version B', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe345' }) },
   * ]);
   * ```
   */
  split(name: string, branches: SplitBranches, options?: TileOptions): End;

  /**
   * Two or more parallel flows: several children of the current tile (`ParentBranchId` 0, 1, …);
   * ends the chain.
   *
   * @example
   * ```ts
   * b.parallel(
   *   (p) => p.email('Hello', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }),
   *   (p) => p.activity('Call', { activityType: 'phonecall' }),
   * );
   * ```
   */
  parallel(...branches: ParallelBranches): End;

  /**
   * An activity tile (`CreateCrmActivity`): a phone call, task or appointment.
   *
   * @example
   * ```ts
   * b.activity('Follow-up call', { activityType: 'phonecall' });
   * ```
   */
  activity(name: string, options: ActivityOptions): Next;

  /**
   * A launch-workflow tile (`InvokeWorkflow`).
   *
   * @example
   * ```ts
   * b.launchWorkflow('Notify sales', { workflowId: '0a3e5b2c-464a-e911-a873-000d3a1fe344' });
   * ```
   */
  launchWorkflow(name: string, options: LaunchWorkflowOptions): Next;

  /**
   * A create-lead tile (`CreateLead`).
   *
   * @example
   * ```ts
   * b.createLead('New lead');
   * ```
   */
  createLead(name: string, options?: TileOptions): Next;

  /**
   * An event tile.
   *
   * @example
   * ```ts
   * b.event('Summit', { eventId: '9f0c2d11-464a-e911-a873-000d3a1fe344' });
   * ```
   */
  event(name: string, options: EventOptions): Next;

  /**
   * A marketing-page tile (`LandingPage`).
   *
   * @example
   * ```ts
   * b.landingPage('Sign-up page', { pageId: '46dece00-464a-e911-a873-000d3a1fe344' });
   * ```
   */
  landingPage(name: string, options: LandingPageOptions): Next;

  /**
   * A marketing-form tile (`MarketingForm`).
   *
   * @example
   * ```ts
   * b.marketingForm('Contact form', { formId: '7b1d2e33-464a-e911-a873-000d3a1fe344' });
   * ```
   */
  marketingForm(name: string, options: MarketingFormOptions): Next;

  /**
   * A survey tile.
   *
   * @example
   * ```ts
   * b.survey('Feedback', { surveyId: '5c2e3f44-464a-e911-a873-000d3a1fe344' });
   * ```
   */
  survey(name: string, options: SurveyOptions): Next;

  /**
   * A record-updated tile (`RecordUpdate`), an entry point like a segment. Its settings have no
   * documented format; give them as `extra`.
   *
   * @example
   * ```ts
   * b.recordUpdated('Contact changed', { extra: { EntityName: 'contact' } });
   * ```
   */
  recordUpdated(name: string, options?: TileOptions): Next;

  /**
   * A LinkedIn-campaign tile.
   *
   * @example
   * ```ts
   * b.linkedInCampaign('Spring campaign', { campaignId: '6d3f4a55-464a-e911-a873-000d3a1fe344' });
   * ```
   */
  linkedInCampaign(name: string, options: LinkedInCampaignOptions): Next;

  /**
   * Any tile, of any type (custom channels, types this library does not know), written from raw
   * parts: header fields, extra properties, nested items, target, relation and branch.
   *
   * @example
   * ```ts
   * b.custom('contoso_Sms', 'Text message', {
   *   recordId: '8e4a5b66-464a-e911-a873-000d3a1fe344',
   *   extra: { MessageTemplate: 'welcome' },
   * });
   * ```
   */
  custom<T extends string>(activityTypeId: T, name: string, props?: CustomTileOptions<T>): Next;
}

/**
 * The journey under construction. Every call returns a new builder, so a prefix can be shared by
 * many journeys; `build()` materializes the tree once, in linear time.
 *
 * @example
 * ```ts
 * const base = journey('Welcome', { target: 'contact' })
 *   .segment('New contacts', { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344' }] });
 * const a = base.email('Welcome A', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' }).build();
 * const b = base.email('Welcome B', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe345' }).build();
 * ```
 */
export interface JourneyBuilder extends TileMethods<JourneyBuilder, JourneyEnd>, JourneyEnd {
  /**
   * Passes this builder to a function and returns its result, for reusable fragments.
   *
   * @example
   * ```ts
   * const nurture = (b: JourneyBuilder) => b.wait({ duration: { value: 2, unit: 'Day' } }).email('Tips', { emailId: '184e5a1a-464a-e911-a873-000d3a1fe344' });
   * journey('Onboarding', { target: 'contact' }).$call(nurture).build();
   * ```
   */
  $call<R>(fn: (builder: this) => R): R;
}

/**
 * A branch under construction, as branch callbacks receive it: the tile methods, no `build()`.
 *
 * @example
 * ```ts
 * const followUp = (b: ChainBuilder) => b.activity('Call', { activityType: 'phonecall' });
 * ```
 */
export interface ChainBuilder extends TileMethods<ChainBuilder, ChainEnd> {
  /**
   * Passes this chain to a function and returns its result, for reusable fragments.
   *
   * @example
   * ```ts
   * b.trigger('Opened?', options, { yes: (y) => y.$call(followUp) });
   * ```
   */
  $call<R>(fn: (builder: this) => R): R;
}
