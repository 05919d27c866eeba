/**
 * The shapes of the wire: the JSON objects of `msdyncrm_workflowdefinition` and of the designer
 * state, with the names the designer writes. Nothing outside the codec uses these names.
 *
 * @module
 */
import type { JsonValue } from '@customer-journey/dsl';

/**
 * One condition of a trigger header (`ConditionExpressions[i]`).
 *
 * @example
 * ```ts
 * const condition: WireConditionExpression = { SourceActivityItemId: '28', Condition: 'UserRegistered' };
 * ```
 */
export interface WireConditionExpression {
  /** `ActivityItemId` of the source item, as a string. */
  readonly SourceActivityItemId: string;
  /** Condition name, e.g. `UserRegistered`. */
  readonly Condition: string;
  /** Keys the codec does not know. */
  readonly [key: string]: JsonValue | undefined;
}

/**
 * An item of `Properties.Items`: the header (index 0) or a nested item.
 *
 * @example
 * ```ts
 * const item: WireItem = { ActivityTypeId: 'Email', ItemId: null, Name: 'Welcome', ActivityItemId: 36 };
 * ```
 */
export interface WireItem {
  readonly ActivityTypeId: string;
  readonly ItemId?: string | null;
  readonly Name?: string;
  readonly IsNameSystemDefined?: boolean;
  readonly ActivityItemId: number;
  readonly Description?: string;
  readonly Title?: string;
  /** Typed properties of the item's type, and keys the codec does not know. */
  readonly [key: string]: JsonValue | undefined;
}

/**
 * `Properties` of an activity.
 *
 * @example
 * ```ts
 * const properties: WireProperties = { Items: [] };
 * ```
 */
export interface WireProperties {
  readonly Items: readonly WireItem[];
  /** Keys the codec does not know. */
  readonly [key: string]: JsonValue | readonly WireItem[] | undefined;
}

/**
 * One activity (tile) of a workflow definition, in the designer's key order.
 *
 * @example
 * ```ts
 * const root: WireActivity = { ActivityTypeId: 'bpf_root', ParentBranchId: 0, ParentRelationshipType: 'Default',
 *   ActivityId: '01', Properties: { Items: [{ ActivityTypeId: 'bpf_root', ItemId: null, ActivityItemId: 0 }] } };
 * ```
 */
export interface WireActivity {
  readonly ActivityTypeId: string;
  readonly ParentActivityId?: string;
  readonly ParentBranchId: number;
  readonly ParentRelationshipType: string;
  readonly ActivityId: string;
  readonly Properties: WireProperties;
  readonly EntityTarget?: string;
  /** Keys the codec does not know. */
  readonly [key: string]: JsonValue | WireProperties | undefined;
}

/**
 * The designer state object (`msdyncrm_customerjourneydesignerstate`, parsed).
 *
 * @example
 * ```ts
 * const state: WireDesignerState = { NextActivityID: 8, NextActivityItemID: 42 };
 * ```
 */
export interface WireDesignerState {
  readonly NextActivityID: number;
  readonly NextActivityItemID: number;
  /** Keys the codec does not know. */
  readonly [key: string]: JsonValue | undefined;
}
