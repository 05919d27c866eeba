/**
 * The rules of the local Check for Errors: their fault codes, severities and messages.
 *
 * @module
 */
import { truncateName } from '../errors.js';
import type { ActivityValidationResult, JourneyTree } from '../model.js';
import { findItem } from '../walk.js';

/**
 * Most characters the journey name (`msdyncrm_name`) holds.
 *
 * @example
 * ```ts
 * import { MAX_NAME_LENGTH } from '@customer-journey/dsl';
 * const fits = (name: string) => name.trim() !== '' && name.length <= MAX_NAME_LENGTH;
 * ```
 */
export const MAX_NAME_LENGTH = 100;
/**
 * Most characters the journey description (`msdyncrm_description`) holds.
 *
 * @example
 * ```ts
 * import { MAX_DESCRIPTION_LENGTH } from '@customer-journey/dsl';
 * const short = description.slice(0, MAX_DESCRIPTION_LENGTH);
 * ```
 */
export const MAX_DESCRIPTION_LENGTH = 5_000;
/**
 * Most characters the serialized definition (`msdyncrm_workflowdefinition`) holds.
 *
 * @example
 * ```ts
 * import { MAX_DEFINITION_LENGTH, validateJourney } from '@customer-journey/dsl';
 * // The codec passes the serialized length so the check can compare it with MAX_DEFINITION_LENGTH.
 * validateJourney(tree, { definitionLength: definition.length });
 * ```
 */
export const MAX_DEFINITION_LENGTH = 1_048_576;

/**
 * Every fault code the local check can report. `ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations`
 * is the service's own code; the others follow its style (`Error…` blocks going live, `Warning…`
 * does not).
 *
 * @example
 * ```ts
 * import type { ValidationFaultCode } from '@customer-journey/dsl';
 * const code: ValidationFaultCode = 'ErrorSegmentGroupWithoutSegments';
 * ```
 */
export type ValidationFaultCode =
  | 'ErrorNameEmpty'
  | 'ErrorNameTooLong'
  | 'ErrorDescriptionTooLong'
  | 'ErrorDefinitionTooLong'
  | 'ErrorInvalidDate'
  | 'ErrorEndDateNotAfterStartDate'
  | 'WarningEndDateInPast'
  | 'ErrorRecurrenceMissing'
  | 'ErrorRecurrenceIntervalInvalid'
  | 'ErrorRecurrenceCountInvalid'
  | 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations'
  | 'ErrorJourneyWithoutEntryTile'
  | 'ErrorDesignerStateActivityCounterBehind'
  | 'ErrorDesignerStateItemCounterBehind'
  | 'ErrorInvalidRoot'
  | 'ErrorMisplacedRoot'
  | 'ErrorDuplicateActivityId'
  | 'ErrorDuplicateActivityItemId'
  | 'ErrorMissingHeader'
  | 'ErrorHeaderTypeMismatch'
  | 'WarningUnknownActivityType'
  | 'ErrorSegmentGroupWithoutSegments'
  | 'ErrorContentTileWithoutRecord'
  | 'ErrorNestedItemWithoutRecord'
  | 'WarningUnexpectedNestedItem'
  | 'WarningStandAloneTileWithNestedItems'
  | 'ErrorTriggerWithoutConditions'
  | 'ErrorTriggerWithoutSource'
  | 'ErrorTriggerSourceNotFound'
  | 'ErrorTriggerSourceNotEarlier'
  | 'WarningTriggerSourceNotInteractive'
  | 'ErrorTriggerBranchInvalid'
  | 'ErrorTriggerDuplicateBranch'
  | 'WarningTriggerBranchMissing'
  | 'ErrorBranchRelationOutsideTrigger'
  | 'ErrorSplitterTooFewBranches'
  | 'ErrorSplitterChildNotBranch'
  | 'ErrorSplitterBranchOutsideSplitter';

/**
 * One rule of the local check: its fault code, the severity it reports with, where it applies
 * (`journey`: `ActivityId` `""`; `tile`: the offending tile's `ActivityId`), what its
 * `ErrorMessageArguments` hold, and a one-line description.
 *
 * @example
 * ```ts
 * import { VALIDATION_RULES, type ValidationRule } from '@customer-journey/dsl';
 * const rule: ValidationRule | undefined = VALIDATION_RULES.find((r) => r.code === 'ErrorNameTooLong');
 * rule?.severity; // 'Error'
 * ```
 */
export interface ValidationRule {
  /** The fault code (`Fault`). */
  readonly code: ValidationFaultCode;
  /** The severity (`Result`) of a finding of this rule. */
  readonly severity: 'Error' | 'Warning';
  /** Whether the finding names the journey (`""`) or a tile. */
  readonly scope: 'journey' | 'tile';
  /** What `ErrorMessageArguments` holds, in order. */
  readonly arguments: readonly string[];
  /** One line saying what the rule requires. */
  readonly description: string;
}

const rule = (
  code: ValidationFaultCode,
  severity: 'Error' | 'Warning',
  scope: 'journey' | 'tile',
  args: readonly string[],
  description: string,
): ValidationRule => Object.freeze({ code, severity, scope, arguments: Object.freeze([...args]), description });

/**
 * The table of rules the local Check for Errors applies, in the order findings are reported
 * within one tile. Severity `Error` blocks going live, `Warning` does not.
 *
 * @example
 * ```ts
 * import { VALIDATION_RULES } from '@customer-journey/dsl';
 * for (const r of VALIDATION_RULES) console.log(`${r.severity}\t${r.code}\t${r.description}`);
 * ```
 */
export const VALIDATION_RULES: readonly ValidationRule[] = Object.freeze([
  rule('ErrorNameEmpty', 'Error', 'journey', [], 'The journey name (msdyncrm_name) is required and must not be blank.'),
  rule('ErrorNameTooLong', 'Error', 'journey', ['length', 'limit'], `The journey name holds at most ${MAX_NAME_LENGTH} characters.`),
  rule('ErrorDescriptionTooLong', 'Error', 'journey', ['length', 'limit'], `The description holds at most ${MAX_DESCRIPTION_LENGTH} characters.`),
  rule('ErrorDefinitionTooLong', 'Error', 'journey', ['length', 'limit'], `The serialized definition (msdyncrm_workflowdefinition) holds at most ${MAX_DEFINITION_LENGTH} characters.`),
  rule('ErrorInvalidDate', 'Error', 'journey', ['field', 'value'], 'Start and end dates must be ISO 8601 date-times.'),
  rule('ErrorEndDateNotAfterStartDate', 'Error', 'journey', ['start', 'end'], 'The end date must come after the start date.'),
  rule('WarningEndDateInPast', 'Warning', 'journey', ['end', 'now'], 'The end date has passed, so the journey would stop as soon as it went live.'),
  rule('ErrorRecurrenceMissing', 'Error', 'journey', [], 'A recurring journey needs a recurrence interval (days) and a count of iterations.'),
  rule('ErrorRecurrenceIntervalInvalid', 'Error', 'journey', ['intervalDays'], 'The recurrence interval must be a whole number of days, at least 1.'),
  rule('ErrorRecurrenceCountInvalid', 'Error', 'journey', ['count'], 'The recurrence count must be a whole number, at least 1.'),
  rule('ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations', 'Error', 'journey', [], 'A recurring journey must run at least count × interval days between start and end (the service\'s own fault).'),
  rule('ErrorJourneyWithoutEntryTile', 'Error', 'journey', [], 'The journey needs at least one entry tile (such as a segment group) under the root.'),
  rule('ErrorDesignerStateActivityCounterBehind', 'Error', 'journey', ['nextActivityId', 'highestUsed'], 'NextActivityID must be above every number used in an ActivityId, or the designer hands out duplicates.'),
  rule('ErrorDesignerStateItemCounterBehind', 'Error', 'journey', ['nextItemId', 'highestUsed'], 'NextActivityItemID must be above every ActivityItemId used, or the designer hands out duplicates.'),
  rule('ErrorInvalidRoot', 'Error', 'tile', ['type', 'activityId'], 'The root tile must be a bpf_root with ActivityId "01".'),
  rule('ErrorMisplacedRoot', 'Error', 'tile', [], 'A bpf_root tile may only be the root.'),
  rule('ErrorDuplicateActivityId', 'Error', 'tile', ['activityId'], 'Every ActivityId must be unique within the definition.'),
  rule('ErrorDuplicateActivityItemId', 'Error', 'tile', ['itemId', 'firstActivityId'], 'Every ActivityItemId (header or nested) must be unique within the definition.'),
  rule('ErrorMissingHeader', 'Error', 'tile', ['type'], 'Every tile but the empty placeholder has a header item (Items[0]).'),
  rule('ErrorHeaderTypeMismatch', 'Error', 'tile', ['tileType', 'headerType'], 'A tile\'s header item has the same ActivityTypeId as the tile.'),
  rule('WarningUnknownActivityType', 'Warning', 'tile', ['type'], 'The tile type is not one the format lists; it may be a custom channel, which the local check cannot verify.'),
  rule('ErrorSegmentGroupWithoutSegments', 'Error', 'tile', [], 'A segment group contains at least one segment (SegmentItem).'),
  rule('ErrorContentTileWithoutRecord', 'Error', 'tile', ['type', 'itemId'], 'Email, page, form, event, survey, LinkedIn and workflow tiles must name their record (ItemId).'),
  rule('ErrorNestedItemWithoutRecord', 'Error', 'tile', ['itemType', 'itemId'], 'A nested segment, page, event, survey or form must name its record (ItemId).'),
  rule('WarningUnexpectedNestedItem', 'Warning', 'tile', ['itemType', 'itemId', 'allowedTypes'], 'Only segment groups hold SegmentItems and only emails hold pages, events, surveys and forms.'),
  rule('WarningStandAloneTileWithNestedItems', 'Warning', 'tile', ['type', 'itemIds'], 'Activity, workflow, record-update, wait, trigger and split tiles are stand-alone and carry no nested items.'),
  rule('ErrorTriggerWithoutConditions', 'Error', 'tile', [], 'A trigger needs at least one condition.'),
  rule('ErrorTriggerWithoutSource', 'Error', 'tile', [], 'A trigger needs an earlier tile that can act as a source (email, page, form, event, survey, LinkedIn campaign or custom channel) on its path from the root.'),
  rule('ErrorTriggerSourceNotFound', 'Error', 'tile', ['sourceItemId', 'condition', 'earlierItemIds'], 'A trigger condition\'s SourceActivityItemId must be the ActivityItemId of an item in the journey.'),
  rule('ErrorTriggerSourceNotEarlier', 'Error', 'tile', ['sourceItemId', 'sourceActivityId', 'condition'], 'A trigger condition\'s source must be an item of a tile above the trigger on its path from the root.'),
  rule('WarningTriggerSourceNotInteractive', 'Warning', 'tile', ['sourceItemId', 'sourceItemType', 'condition'], 'A trigger condition\'s source is an earlier item that contacts cannot interact with (segment, wait, root, …).'),
  rule('ErrorTriggerBranchInvalid', 'Error', 'tile', ['childActivityId', 'relation'], 'A trigger\'s children hang on its YesBranch or NoBranch, never Default.'),
  rule('ErrorTriggerDuplicateBranch', 'Error', 'tile', ['relation', 'childActivityId', 'firstChildActivityId'], 'A trigger has at most one YesBranch child and one NoBranch child.'),
  rule('WarningTriggerBranchMissing', 'Warning', 'tile', ['relation'], 'A trigger normally has both a YesBranch and a NoBranch child (an empty placeholder keeps an unused one).'),
  rule('ErrorBranchRelationOutsideTrigger', 'Error', 'tile', ['relation', 'parentType'], 'Only children of a trigger use YesBranch or NoBranch.'),
  rule('ErrorSplitterTooFewBranches', 'Error', 'tile', ['branchCount'], 'A splitter has at least two SplitterBranch children.'),
  rule('ErrorSplitterChildNotBranch', 'Error', 'tile', ['childActivityId', 'childType'], 'Every child of a splitter is a SplitterBranch.'),
  rule('ErrorSplitterBranchOutsideSplitter', 'Error', 'tile', ['parentType'], 'A SplitterBranch hangs directly under a splitter.'),
]);

const RULES_BY_CODE: ReadonlyMap<string, ValidationRule> = new Map(VALIDATION_RULES.map((r) => [r.code, r]));

/**
 * The rule of a fault code, or `undefined` for codes the local check does not know (such as
 * other codes the service returns).
 *
 * @example
 * ```ts
 * import { ruleOf } from '@customer-journey/dsl';
 * ruleOf('ErrorSplitterTooFewBranches')?.severity; // 'Error'
 * ruleOf('SomeServiceOnlyFault'); // undefined
 * ```
 */
export function ruleOf(code: string): ValidationRule | undefined {
  return RULES_BY_CODE.get(code);
}

const q = (s: string | undefined): string => JSON.stringify(s ?? '');

/**
 * How a message names the item with this `ActivityItemId`: by its tile (and key) when the tree
 * is known and holds it, else by the id (`item 4`).
 */
function itemOf(tree: JourneyTree | undefined, itemId: string): string {
  const found = tree !== undefined && /^(0|[1-9][0-9]*)$/.test(itemId) ? findItem(tree, Number(itemId)) : undefined;
  if (found === undefined) return `item ${itemId}`;
  const { item, activity } = found;
  const named = (type: string, name: string | undefined): string =>
    typeof name === 'string' && name.trim() !== '' ? `${type} ${q(truncateName(name))}` : type;
  if (item === activity.header) {
    return `the ${named(String(activity.type), item.name)}${activity.key === undefined ? '' : ` (key ${q(activity.key)})`}`;
  }
  return `the ${named(String(item.type), item.name)}${item.key === undefined ? '' : ` (key ${q(item.key)})`} of ${named(String(activity.type), activity.header?.name)}`;
}

/**
 * A human message for one finding, built from its fault code and `ErrorMessageArguments`. Codes
 * the local check does not know (the service's open set) get a generic message that still shows
 * the code and its arguments. Given the journey, trigger sources are named by their tile and key
 * instead of their `ActivityItemId`.
 *
 * @param finding - one entry of `ActivityValidationResults`
 * @param tree - the journey the finding is about, to name the tiles its arguments point at
 *
 * @example
 * ```ts
 * import { describeFault } from '@customer-journey/dsl';
 * describeFault({ ActivityId: '', Fault: 'ErrorNameTooLong', Result: 'Error', ErrorMessageArguments: ['120', '100'] });
 * // 'The journey name has 120 characters; at most 100 are allowed.'
 * describeFault({ ActivityId: '01_2', Fault: 'WarningTriggerSourceNotInteractive', Result: 'Warning', ErrorMessageArguments: ['2', 'SegmentItem', 'UserRegistered'] }, tree);
 * // 'The condition "UserRegistered" refers to the SegmentItem "Customers" of Segment "Customers", which contacts do not interact with; …'
 * ```
 */
export function describeFault(finding: ActivityValidationResult, tree?: JourneyTree): string {
  const a = finding.ErrorMessageArguments;
  const [a0, a1, a2] = [a[0] ?? '?', a[1] ?? '?', a[2] ?? '?'];
  switch (finding.Fault as ValidationFaultCode) {
    case 'ErrorNameEmpty':
      return 'The journey has no name; give it 1 to 100 characters.';
    case 'ErrorNameTooLong':
      return `The journey name has ${a0} characters; at most ${a1} are allowed.`;
    case 'ErrorDescriptionTooLong':
      return `The description has ${a0} characters; at most ${a1} are allowed.`;
    case 'ErrorDefinitionTooLong':
      return `The serialized definition has ${a0} characters; at most ${a1} are allowed. Split the journey or remove tiles.`;
    case 'ErrorInvalidDate':
      return `The ${a0} date ${q(a1)} is not an ISO 8601 date-time (such as "2026-02-01T09:00:00Z").`;
    case 'ErrorEndDateNotAfterStartDate':
      return `The end date ${a1} does not come after the start date ${a0}; move the end date later.`;
    case 'WarningEndDateInPast':
      return `The end date ${a0} has already passed (now is ${a1}); the journey would stop as soon as it went live.`;
    case 'ErrorRecurrenceMissing':
      return 'The journey is recurring but has no recurrence; give an interval in days and a count of iterations, or make it not recurring.';
    case 'ErrorRecurrenceIntervalInvalid':
      return `The recurrence interval ${a0} is not valid; use a whole number of days, at least 1.`;
    case 'ErrorRecurrenceCountInvalid':
      return `The recurrence count ${a0} is not valid; use a whole number of iterations, at least 1.`;
    case 'ErrorRecurringCampaignEndDateDoesNotFitRequestedIterations':
      return 'The end date leaves no room for the requested iterations: the journey must run at least count × interval days between its start and end dates. Move the end date later or ask for fewer or shorter iterations.';
    case 'ErrorJourneyWithoutEntryTile':
      return 'The journey has no entry tile; start it with a segment group (or another entry tile such as a form or record-updated tile).';
    case 'ErrorDesignerStateActivityCounterBehind':
      return `The designer state's NextActivityID is ${a0} but ActivityIds already use ${a1}; it must be at least ${plusOne(a1)}.`;
    case 'ErrorDesignerStateItemCounterBehind':
      return `The designer state's NextActivityItemID is ${a0} but ActivityItemIds already use ${a1}; it must be at least ${plusOne(a1)}.`;
    case 'ErrorInvalidRoot':
      return `The root tile is a ${q(a0)} with ActivityId ${q(a1)}; it must be a "bpf_root" with ActivityId "01".`;
    case 'ErrorMisplacedRoot':
      return 'A bpf_root tile appears below the root; only the root may be a bpf_root.';
    case 'ErrorDuplicateActivityId':
      return `The ActivityId ${q(a0)} is used by more than one tile; every ActivityId must be unique.`;
    case 'ErrorDuplicateActivityItemId':
      return `The ActivityItemId ${a0} is already used in tile ${q(a1)}; every ActivityItemId must be unique.`;
    case 'ErrorMissingHeader':
      return `The ${a0} tile has no header item (Items[0]); only the empty placeholder may have none.`;
    case 'ErrorHeaderTypeMismatch':
      return `The ${a0} tile has a header item of type ${q(a1)}; the header's type must be ${q(a0)}.`;
    case 'WarningUnknownActivityType':
      return `The tile type ${q(a0)} is not a known type; if it is a custom channel the service checks it, the local check cannot.`;
    case 'ErrorSegmentGroupWithoutSegments':
      return 'The segment group contains no segment; add at least one.';
    case 'ErrorContentTileWithoutRecord':
      return `The ${a0} tile (item ${a1}) names no record; choose the ${recordNoun(a0)} it uses.`;
    case 'ErrorNestedItemWithoutRecord':
      return `The nested ${a0} item ${a1} names no record; choose the ${recordNoun(a0)} it uses.`;
    case 'WarningUnexpectedNestedItem':
      return a2 === ''
        ? `The nested ${a0} item ${a1} is not expected here; this tile holds no nested items.`
        : `The nested ${a0} item ${a1} is not expected here; this tile holds only ${a2.split(',').join(', ')}.`;
    case 'WarningStandAloneTileWithNestedItems':
      return `The ${a0} tile is stand-alone but carries nested items (${a1.split(',').join(', ')}); remove them.`;
    case 'ErrorTriggerWithoutConditions':
      return 'The trigger has no condition; add one that reacts to an earlier email, page, form or event.';
    case 'ErrorTriggerWithoutSource':
      return 'The trigger has no earlier tile to react to; place it after an email, page, form, event, survey or LinkedIn campaign tile.';
    case 'ErrorTriggerSourceNotFound':
      return a2 === ''
        ? `The condition ${q(a1)} refers to item ${q(a0)}, which does not exist, and no earlier item can be a source.`
        : `The condition ${q(a1)} refers to item ${q(a0)}, which does not exist; earlier items that can be a source: ${a2
            .split(',')
            .map((id) => (tree === undefined ? id : itemOf(tree, id)))
            .join(', ')}.`;
    case 'ErrorTriggerSourceNotEarlier':
      return tree === undefined || findItem(tree, Number(a0)) === undefined
        ? `The condition ${q(a2)} refers to item ${a0} of tile ${q(a1)}, which is not above the trigger on its path from the root; a trigger can only react to earlier tiles.`
        : `The condition ${q(a2)} refers to ${itemOf(tree, a0)}, which is not above the trigger on its path from the root; a trigger can only react to earlier tiles.`;
    case 'WarningTriggerSourceNotInteractive':
      return tree === undefined || findItem(tree, Number(a0)) === undefined
        ? `The condition ${q(a2)} refers to item ${a0}, a ${a1}, which contacts do not interact with; react to an email, page, form, event or survey instead.`
        : `The condition ${q(a2)} refers to ${itemOf(tree, a0)}, which contacts do not interact with; react to an email, page, form, event or survey instead.`;
    case 'ErrorTriggerBranchInvalid':
      return `The trigger's child ${q(a0)} hangs on ${q(a1)}; a trigger's children use YesBranch or NoBranch.`;
    case 'ErrorTriggerDuplicateBranch':
      return `The trigger has a second ${a0} child ${q(a1)} (the first is ${q(a2)}); keep one and move the other after it.`;
    case 'WarningTriggerBranchMissing':
      return `The trigger has no ${a0} child; contacts on that path leave the journey (an empty placeholder makes this explicit).`;
    case 'ErrorBranchRelationOutsideTrigger':
      return `This tile hangs on ${q(a0)} under a ${a1} tile; only a trigger's children use YesBranch or NoBranch, others use Default.`;
    case 'ErrorSplitterTooFewBranches':
      return `The splitter has ${a0} branch${a0 === '1' ? '' : 'es'}; it needs at least two SplitterBranch children.`;
    case 'ErrorSplitterChildNotBranch':
      return `The splitter's child ${q(a0)} is a ${a1}; every child of a splitter is a SplitterBranch.`;
    case 'ErrorSplitterBranchOutsideSplitter':
      return `This SplitterBranch hangs under a ${a0} tile; it belongs directly under a splitter.`;
    default:
      return a.length === 0 ? `${finding.Fault}.` : `${finding.Fault}: ${a.join(', ')}.`;
  }
}

function plusOne(n: string): string {
  const v = Number(n);
  return Number.isFinite(v) ? String(v + 1) : `above ${n}`;
}

function recordNoun(type: string): string {
  switch (type) {
    case 'Email':
      return 'marketing email';
    case 'LandingPage':
      return 'marketing page';
    case 'MarketingForm':
      return 'marketing form';
    case 'Event':
      return 'event';
    case 'Survey':
      return 'survey';
    case 'LinkedInCampaign':
      return 'LinkedIn campaign';
    case 'InvokeWorkflow':
      return 'workflow';
    case 'SegmentItem':
      return 'segment';
    default:
      return 'record';
  }
}
