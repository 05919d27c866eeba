/**
 * The JSON Schema (draft-07) of the migration report's JSON form, for tools that read it.
 *
 * @module
 */
import { ASSET_GUIDANCE, DIFFERENCES, SOURCES, TILE_GUIDANCE } from './report-guidance.js';
import type { MigrationReport } from './report-model.js';

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const count = { type: 'integer', minimum: 0 } as const;
const strings = { type: 'array', items: str } as const;
// The ids the guidance tables define, so that the schema cannot fall behind them.
const sourceId = { enum: Object.keys(SOURCES) };
const assetKind = { enum: Object.keys(ASSET_GUIDANCE) };
const rowId = { enum: Object.keys(TILE_GUIDANCE) };
const effort = { enum: ['simple', 'branching', 'needs flows'] } as const;
const differenceId = { enum: Object.keys(DIFFERENCES) };
const guid = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } as const;

/**
 * JSON Schema of `journey migrate-report --format json` (a {@link MigrationReport}). Every object
 * is closed (`additionalProperties: false`), so a field the schema does not describe is an error.
 *
 * @example
 * ```ts
 * import Ajv from 'ajv';
 * const validate = new Ajv({ allErrors: true }).compile(MIGRATION_REPORT_SCHEMA);
 * validate(JSON.parse(json)); // true
 * ```
 */
export const MIGRATION_REPORT_SCHEMA = Object.freeze({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://customer-journey.dev/schemas/migration-report.schema.json',
  title: 'Migration report: moving outbound customer journeys to real-time journeys (guidance)',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'guidance', 'effortRule', 'summary', 'journeys', 'sources'],
  properties: {
    format: { const: 1 },
    guidance: str,
    effortRule: str,
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['journeys', 'readable', 'unreadable', 'tiles', 'effort', 'assets', 'differences'],
      properties: {
        journeys: count,
        readable: count,
        unreadable: count,
        tiles: count,
        effort: {
          type: 'object',
          additionalProperties: false,
          required: ['simple', 'branching', 'needs flows'],
          properties: { simple: count, branching: count, 'needs flows': count },
        },
        assets: { type: 'array', items: { $ref: '#/definitions/asset' } },
        differences: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'title', 'journeys'],
            properties: { id: differenceId, title: str, journeys: count },
          },
        },
      },
    },
    journeys: { type: 'array', items: { oneOf: [{ $ref: '#/definitions/journey' }, { $ref: '#/definitions/unreadable' }] } },
    sources: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'where'],
        properties: { id: sourceId, title: str, where: str },
      },
    },
  },
  definitions: {
    journeyRef: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: { anyOf: [guid, { type: 'null' }] }, name: str },
    },
    recordRef: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id'],
      properties: { kind: assetKind, id: guid },
    },
    asset: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id', 'label', 'names', 'journeys', 'needsFirst', 'source'],
      properties: {
        kind: assetKind,
        id: guid,
        label: str,
        names: strings,
        journeys: { type: 'array', minItems: 1, items: { $ref: '#/definitions/journeyRef' } },
        needsFirst: nullableStr,
        note: str,
        source: { anyOf: [sourceId, { type: 'null' }] },
      },
    },
    item: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'name', 'id', 'row', 'counterpart', 'needsFirst'],
      properties: { type: str, name: nullableStr, id: { anyOf: [guid, { type: 'null' }] }, row: { const: 'email-content' }, counterpart: str, needsFirst: nullableStr },
    },
    tile: {
      type: 'object',
      additionalProperties: false,
      required: ['path', 'activityId', 'type', 'name', 'entry', 'row', 'counterpart', 'needsFirst', 'references', 'items'],
      properties: {
        path: { type: 'array', minItems: 1, items: str },
        activityId: str,
        type: str,
        name: nullableStr,
        entry: { type: 'boolean' },
        row: { anyOf: [rowId, { type: 'null' }] },
        counterpart: nullableStr,
        needsFirst: nullableStr,
        note: str,
        references: { type: 'array', items: { $ref: '#/definitions/recordRef' } },
        items: { type: 'array', items: { $ref: '#/definitions/item' } },
        conditions: strings,
      },
    },
    reference: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id', 'names', 'usedBy', 'otherJourneys'],
      properties: {
        kind: assetKind,
        id: guid,
        names: strings,
        usedBy: { type: 'array', minItems: 1, items: str },
        otherJourneys: { type: 'array', items: { $ref: '#/definitions/journeyRef' } },
      },
    },
    difference: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'statement', 'source', 'applies', 'detail'],
      properties: { id: differenceId, title: str, statement: str, source: sourceId, applies: { enum: ['yes', 'unknown'] }, detail: str },
    },
    journey: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'readable', 'status', 'source', 'effort', 'effortReason', 'tiles', 'references', 'differences'],
      properties: {
        id: { anyOf: [guid, { type: 'null' }] },
        name: str,
        readable: { const: true },
        status: nullableStr,
        source: str,
        effort,
        effortReason: str,
        tiles: { type: 'array', items: { $ref: '#/definitions/tile' } },
        references: { type: 'array', items: { $ref: '#/definitions/reference' } },
        differences: { type: 'array', items: { $ref: '#/definitions/difference' } },
      },
    },
    unreadable: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'readable', 'status', 'source', 'reason'],
      properties: {
        id: { anyOf: [guid, { type: 'null' }] },
        name: str,
        readable: { const: false },
        status: nullableStr,
        source: str,
        reason: str,
      },
    },
  },
});
