/**
 * Deterministic journey ids: the same journey name always gives the same record id, so pushing a
 * journey twice (or retrying a push that half-landed) updates one record instead of creating two.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { isGuid, normalizeGuid } from '@customer-journey/dsl';

/**
 * Namespace of journey ids derived from names (a fixed, random UUID chosen for this package).
 *
 * @example
 * ```ts
 * journeyIdFromName('Welcome', JOURNEY_ID_NAMESPACE) === journeyIdFromName('Welcome'); // true
 * ```
 */
export const JOURNEY_ID_NAMESPACE = '3c0f2b8e-5d1a-4f6c-9b7e-2a4d8c6e1f90';

/**
 * Normalizes a record id: braces removed, lower case. Throws a `TypeError` for anything that is
 * not a GUID (so that an id can never change the shape of a URL).
 *
 * @example
 * ```ts
 * normalizeJourneyId('{6628BBF7-C52A-E911-A9B7-000D3A1E6ADC}'); // '6628bbf7-c52a-e911-a9b7-000d3a1e6adc'
 * ```
 */
export function normalizeJourneyId(id: string): string {
  const trimmed = typeof id === 'string' ? id.trim() : undefined;
  if (trimmed === undefined || !isGuid(trimmed)) {
    throw new TypeError(`Not a journey id (a GUID such as 6628bbf7-c52a-e911-a9b7-000d3a1e6adc): ${JSON.stringify(id)}`);
  }
  return normalizeGuid(trimmed);
}

/**
 * The id `push` uses for a journey that has none: a name-based UUID in the style of RFC 9562
 * version 5 (SHA-1 of the namespace and the UTF-8 name, version and variant bits set). The name is
 * taken as written (case and spaces matter), so two journeys with the same name share an id:
 * give one an explicit id if names repeat.
 *
 * @param name - the journey's `msdyncrm_name`.
 * @param namespace - a UUID that separates id spaces; defaults to {@link JOURNEY_ID_NAMESPACE}.
 *
 * @example
 * ```ts
 * journeyIdFromName('Event invitation'); // the same UUID on every machine, every run
 * ```
 */
export function journeyIdFromName(name: string, namespace: string = JOURNEY_ID_NAMESPACE): string {
  if (typeof name !== 'string' || name === '') throw new TypeError('A journey id needs a non-empty journey name.');
  const ns = Buffer.from(normalizeJourneyId(namespace).replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The record id of version `n` (2, 3, …) of the journey whose own record is `baseId`: a name-based
 * UUID in the base id's namespace, so that every machine finds the same versions, and a retried
 * or repeated push finds the version it made instead of making another.
 *
 * @example
 * ```ts
 * journeyVersionId('6628bbf7-c52a-e911-a9b7-000d3a1e6adc', 2); // the same UUID every time
 * ```
 */
export function journeyVersionId(baseId: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`A version number is a whole number from 2 up, got ${String(n)}`);
  return journeyIdFromName(`version ${n}`, baseId);
}
