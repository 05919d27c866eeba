/**
 * The designer state (`msdyncrm_customerjourneydesignerstate`): `{"NextActivityID":a,"NextActivityItemID":b}`
 * plus any keys the designer adds.
 *
 * @module
 */
import { highestUsedIds, isItemId, type Activity, type DesignerState, type JourneyTree, type JsonObject } from '@customer-journey/dsl';
import { JourneyFormatError, describeValue, isObject, parseJsonText, setOwn } from './errors.js';
import { checkExtraNesting, writeJson, writing } from './nesting.js';
import type { WireDesignerState } from './wire-types.js';

/**
 * The designer state a tree's ids call for: `NextActivityID` one above the highest `n` of any
 * `ActivityId` `<parent>_<n>` (0 when there is none), `NextActivityItemID` one above the highest
 * `ActivityItemId` (0 when there is none).
 *
 * @example
 * ```ts
 * designerStateFromIds(tree); // { nextActivityId: 8, nextItemId: 42 }
 * ```
 */
export function designerStateFromIds(treeOrActivity: JourneyTree | Activity): DesignerState {
  const used = highestUsedIds(treeOrActivity);
  return { nextActivityId: used.activityCounter + 1, nextItemId: used.itemId + 1 };
}

/**
 * The wire object of a designer state: the two counters first, then unknown keys.
 *
 * @example
 * ```ts
 * toWireDesignerState({ nextActivityId: 8, nextItemId: 42 }); // { NextActivityID: 8, NextActivityItemID: 42 }
 * ```
 */
export function toWireDesignerState(state: DesignerState): WireDesignerState {
  return writing('a designer state', state, 'object', () => wireDesignerState(state));
}

/** {@link toWireDesignerState} for callers that report malformed input themselves. */
export function wireDesignerState(state: DesignerState): WireDesignerState {
  // Written counters must read back: parseDesignerState takes only non-negative safe integers.
  for (const key of ['nextActivityId', 'nextItemId'] as const) {
    const v: unknown = state[key];
    if (!isItemId(v)) {
      throw new JourneyFormatError(`$.designerState.${key}`, `${key} is ${describeValue(v)}`, `a non-negative integer of at most ${Number.MAX_SAFE_INTEGER} (the next free counter)`);
    }
  }
  const o: Record<string, unknown> = { NextActivityID: state.nextActivityId, NextActivityItemID: state.nextItemId };
  if (state.extra !== undefined) {
    checkExtraNesting(state.extra, '$', 1, 'the designer state', true);
    for (const key in state.extra) {
      if (!Object.prototype.hasOwnProperty.call(o, key)) setOwn(o, key, state.extra[key]);
    }
  }
  return o as WireDesignerState;
}

/**
 * Writes the designer state string of a journey, as stored in the tree (it is not recomputed:
 * the builder and `edit` keep it ahead of the ids they hand out).
 *
 * @example
 * ```ts
 * serializeDesignerState(tree); // '{"NextActivityID":8,"NextActivityItemID":42}'
 * serializeDesignerState({ nextActivityId: 1, nextItemId: 3 }); // '{"NextActivityID":1,"NextActivityItemID":3}'
 * ```
 */
export function serializeDesignerState(treeOrState: JourneyTree | DesignerState): string {
  return writing('a journey tree or its designer state', treeOrState, 'object', () => {
    const state = 'designerState' in treeOrState ? treeOrState.designerState : treeOrState;
    const wire = wireDesignerState(state);
    return writeJson(() => JSON.stringify(wire), 'the designer state');
  });
}

const STATE_EXAMPLE = '{"NextActivityID":8,"NextActivityItemID":42}';

function counter(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    const beyond = typeof v === 'number' && Number.isInteger(v) && v > 0;
    throw new JourneyFormatError(
      `$.${key}`,
      v === undefined
        ? `${key} is missing`
        : beyond
          ? `${key} is ${String(v)}, above ${Number.MAX_SAFE_INTEGER} (2^53 - 1), where JSON numbers are rounded`
          : `${key} is ${describeValue(v)}`,
      `a non-negative integer of at most ${Number.MAX_SAFE_INTEGER} (the next free counter), as in ${STATE_EXAMPLE}`,
    );
  }
  return v;
}

/**
 * Reads a designer state (`msdyncrm_customerjourneydesignerstate`): the JSON text of an object
 * with the counters `NextActivityID` and `NextActivityItemID`, each a non-negative safe integer.
 * Unknown keys are kept in `extra`.
 *
 * @throws {@link JourneyFormatError} for anything but a string, text that is not JSON, a value that
 * is not an object, missing counters or counters that are not non-negative safe integers, and
 * unknown values nested deeper than {@link MAX_NESTING_DEPTH}; the path is inside the designer
 * state (`$.NextActivityID`).
 * @example
 * ```ts
 * parseDesignerState('{"NextActivityID":8,"NextActivityItemID":42}'); // { nextActivityId: 8, nextItemId: 42 }
 * ```
 */
export function parseDesignerState(text: string): DesignerState {
  if (typeof text !== 'string') {
    throw new JourneyFormatError(
      '$',
      `the designer state is ${describeValue(text)}, not its JSON text`,
      `the JSON text of the designer state, e.g. '${STATE_EXAMPLE}'`,
    );
  }
  const data = parseJsonText(text, 'the designer state');
  if (!isObject(data)) {
    throw new JourneyFormatError('$', `the designer state is ${describeValue(data)}`, `an object such as ${STATE_EXAMPLE}`);
  }
  const nextActivityId = counter(data, 'NextActivityID');
  const nextItemId = counter(data, 'NextActivityItemID');
  let extra: Record<string, unknown> | undefined;
  for (const key in data) {
    if (key !== 'NextActivityID' && key !== 'NextActivityItemID') setOwn((extra ??= {}), key, data[key]);
  }
  if (extra !== undefined) checkExtraNesting(extra, '$', 1, 'the designer state', false);
  return extra === undefined ? { nextActivityId, nextItemId } : { nextActivityId, nextItemId, extra: extra as JsonObject };
}
