/**
 * The JSON Schema (draft-07) of `msdyncrm_workflowdefinition`. It is checked during parse and
 * published with the package as `@customer-journey/client/schema.json` for editors.
 *
 * This module has no runtime dependencies so that the build can write the schema file from it.
 *
 * @module
 */
import { ITEM_PROPS, type PropKind } from './item-props.js';

/**
 * A JSON Schema document (or sub-schema).
 *
 * @example
 * ```ts
 * const itemId: JsonSchema = { type: 'integer', minimum: 0 };
 * ```
 */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
}

/** A regular expression source that matches `words` in any letter case. */
function anyCase(...words: string[]): string {
  const alternatives = words.map((word) =>
    [...word].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join(''),
  );
  return `^(?:${alternatives.join('|')})$`;
}

function kindSchema(kind: PropKind, description: string): JsonSchema {
  if (kind === 'conditions') {
    return { description, type: 'array', items: { $ref: '#/definitions/conditionExpression' } };
  }
  return { description, type: kind };
}

const KIND_DESCRIPTION: Readonly<Record<PropKind, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  conditions: 'an array of { SourceActivityItemId: string, Condition: string }',
};

const typedItemRules: JsonSchema[] = Object.entries(ITEM_PROPS).map(([type, specs]) => ({
  if: { required: ['ActivityTypeId'], properties: { ActivityTypeId: { const: type } } },
  then: {
    properties: Object.fromEntries(
      specs.map((s) => [s.wire, kindSchema(s.kind, `${KIND_DESCRIPTION[s.kind]} (${s.wire} of a ${type} item)`)]),
    ),
  },
}));

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const child of Object.values(v)) stack.push(child);
    }
  }
  return value;
}

/**
 * JSON Schema (draft-07) of a workflow definition (`msdyncrm_workflowdefinition`): an array of
 * activities with their items. Unknown keys are allowed everywhere; the typed properties of
 * `Segment`, `SegmentItem`, `Trigger`, `Scheduler` and `CreateCrmActivity` items are typed.
 * Uniqueness of ids and the tree shape (one root, parents that exist, no cycles) are checked by
 * `parseWorkflowDefinition`, not by the schema.
 *
 * @example
 * ```ts
 * import Ajv from 'ajv';
 * import { workflowDefinitionSchema } from '@customer-journey/client';
 * const validate = new Ajv.default().compile(workflowDefinitionSchema);
 * validate(JSON.parse(definition)); // true or false, with validate.errors
 * ```
 */
export const workflowDefinitionSchema: JsonSchema = deepFreeze({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Customer journey workflow definition (msdyncrm_workflowdefinition)',
  description:
    'The design of a Dynamics 365 Marketing (outbound) customer journey: an array of activities (tiles), exactly one of them the bpf_root without ParentActivityId. The tree comes from ParentActivityId only; array order and id prefixes mean nothing.',
  type: 'array',
  items: { $ref: '#/definitions/activity' },
  definitions: {
    activity: {
      description: 'an activity object (tile) with ActivityTypeId, ActivityId, ParentBranchId, ParentRelationshipType and Properties',
      type: 'object',
      required: ['ActivityTypeId', 'ActivityId', 'ParentBranchId', 'ParentRelationshipType', 'Properties'],
      properties: {
        ActivityTypeId: {
          description: 'the tile type as a non-empty string (bpf_root, Segment, Email, Trigger, Scheduler, …, empty, or a custom type)',
          type: 'string',
          minLength: 1,
        },
        ParentActivityId: {
          description: 'the ActivityId of the parent tile as a string (left out on the root)',
          type: 'string',
        },
        ParentBranchId: {
          description: "a non-negative integer: the tile's position among its parent's children",
          type: 'integer',
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
        },
        ParentRelationshipType: {
          description: 'Default, YesBranch or NoBranch (any letter case)',
          type: 'string',
          pattern: anyCase('Default', 'YesBranch', 'NoBranch'),
        },
        ActivityId: {
          description: 'a non-empty string unique within the definition, e.g. "01_0_3"',
          type: 'string',
          minLength: 1,
        },
        Properties: { $ref: '#/definitions/properties' },
        EntityTarget: {
          description: 'contact or account (left out on the root and on empty)',
          type: 'string',
          pattern: anyCase('contact', 'account'),
        },
      },
    },
    properties: {
      description: 'an object with an Items array (item 0 is the header)',
      type: 'object',
      required: ['Items'],
      properties: {
        Items: {
          description: 'an array of item objects (item 0 is the header)',
          type: 'array',
          items: { $ref: '#/definitions/item' },
        },
      },
    },
    item: {
      description: 'an item object with ActivityTypeId and ActivityItemId',
      type: 'object',
      required: ['ActivityTypeId', 'ActivityItemId'],
      properties: {
        ActivityTypeId: {
          description: "the item type as a non-empty string (the tile's type for a header, else SegmentItem, LandingPage, Event, Survey, MarketingForm, …)",
          type: 'string',
          minLength: 1,
        },
        ItemId: {
          description: 'the GUID of the referenced record as a string, or null',
          type: ['string', 'null'],
        },
        Name: { description: "a string (the tile's title)", type: 'string' },
        IsNameSystemDefined: { description: 'a boolean', type: 'boolean' },
        ActivityItemId: {
          description: 'a non-negative integer unique across the whole definition',
          type: 'integer',
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
        },
        Description: { description: 'a string', type: 'string' },
        Title: { description: 'a string (always "Undefined" in samples)', type: 'string' },
      },
      allOf: typedItemRules,
    },
    conditionExpression: {
      description: 'an object { SourceActivityItemId: string, Condition: string }',
      type: 'object',
      required: ['SourceActivityItemId', 'Condition'],
      properties: {
        SourceActivityItemId: {
          description: 'the ActivityItemId of the source item written as a string, e.g. "28"',
          type: 'string',
        },
        Condition: { description: 'a condition name string, e.g. "UserRegistered"', type: 'string' },
      },
    },
  },
});
