/**
 * Checking a scenario against a compiled journey and turning it into what the walk reads:
 * instants as milliseconds, contacts' segments as ids, interactions indexed by contact, source
 * and type, rates and split settings by tile.
 *
 * @internal
 * @module
 */
import { parseIsoDateTime } from '../dates.js';
import { isGuid, normalizeGuid } from '../ids.js';
import { SimulationError } from './errors.js';
import { segmentId, type Plan, type PlanTile } from './compile.js';
import { supportedZones, zoneNameOf, zoneOf, type Zone } from './time.js';
import { INTERACTION_TYPES, type Scenario, type ScenarioContact, type SplitSettings } from './types.js';

/** A listed contact, resolved. */
export interface ResolvedContact {
  readonly id: string;
  /** Ids of the segments the contact is a member of. */
  readonly segments: ReadonlySet<string>;
}

/** One contact's interactions: item id → interaction (lower case) → instants, in order. */
export type ContactInteractions = Map<number, Map<string, number[]>>;

/** How a splitter allocates: cumulative shares (fractions) or counts, per branch but the last. */
export interface SplitPlan {
  readonly cumulative: readonly number[] | undefined;
  readonly counts: readonly number[] | undefined;
}

/** A scenario ready for the walk. */
export interface Resolved {
  readonly start: number;
  /** `Infinity` when the simulation runs until every contact is done. */
  readonly until: number;
  readonly zone: Zone;
  readonly seed: number;
  /** How many contacts walk. */
  readonly count: number;
  /** The listed contacts, or `undefined` for anonymous ones. */
  readonly listed: readonly ResolvedContact[] | undefined;
  /** Interactions by contact index. */
  readonly interactions: ReadonlyMap<number, ContactInteractions>;
  /** Rates by interaction (lower case). */
  readonly rates: ReadonlyMap<string, number>;
  /** Split settings by splitter index; splitters left out split evenly. */
  readonly splits: ReadonlyMap<number, SplitPlan>;
  /** The moment each wait given in `waitUntil` waits until, by wait index. */
  readonly waitUntil: ReadonlyMap<number, number>;
  readonly timelines: boolean;
  readonly progress: ((done: number, total: number) => void) | undefined;
  /** Iterations of a recurring journey (1 when it does not recur) and the days between them. */
  readonly iterations: number;
  readonly intervalDays: number;
}

const MAX_LISTED = 12;
/** The anonymous contacts' ids. */
export const anonymousId = (index: number): string => `contact-${index + 1}`;
const ANONYMOUS = /^contact-([1-9]\d*)$/;

const list = (names: Iterable<string>): string => {
  const all = [...names];
  if (all.length === 0) return '(none)';
  const shown = all.slice(0, MAX_LISTED).join(', ');
  return all.length > MAX_LISTED ? `${shown}, … (${all.length} in all)` : shown;
};

const quote = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return value === undefined ? 'undefined' : `a ${Array.isArray(value) ? 'list' : typeof value}`;
};

/** A property path for messages: `rates.UserRegistered`, `splits["A/B test"]`. */
const prop = (base: string, key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`);

/** Checks and resolves a scenario; throws {@link SimulationError} naming the first problem. */
export function resolveScenario(plan: Plan, scenario: Scenario): Resolved {
  const journeyName = plan.tree.settings?.name ?? '';
  const fail = (path: string, code: string, reason: string): never => {
    throw new SimulationError(`Simulation of ${JSON.stringify(journeyName)}: ${path === '' ? '' : `${path} `}${reason}`, { path, code });
  };
  if (scenario === null || typeof scenario !== 'object') {
    fail('', 'invalid-scenario', `needs a scenario object such as { contacts: 100 }, not ${quote(scenario)}`);
  }
  const settings = plan.tree.settings ?? ({} as Partial<typeof plan.tree.settings>);

  // When.
  const instant = (path: string, value: unknown): number => {
    const ms = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
    if (ms === undefined) fail(path, 'invalid-date', `${quote(value)} is not an ISO 8601 date-time; use e.g. 2026-02-01T09:00:00Z`);
    return ms as number;
  };
  const startText = scenario.start ?? settings.start;
  if (startText === undefined) {
    fail('start', 'missing-start', 'is missing and the journey has no start date; give scenario.start, e.g. 2026-02-01T09:00:00Z');
  }
  const start = instant(scenario.start === undefined ? 'journey start' : 'start', startText);
  const untilText = scenario.until ?? settings.end;
  const until = untilText === undefined ? Infinity : instant(scenario.until === undefined ? 'journey end' : 'until', untilText);
  if (until <= start) {
    fail(scenario.until === undefined ? 'journey end' : 'until', 'until-before-start', `${untilText ?? ''} is not after the start ${startText ?? ''}; the simulation must end after it starts`);
  }

  // Where.
  const zoneSetting = scenario.timeZone ?? settings.timeZone ?? 92;
  const zonePath = scenario.timeZone === undefined ? 'journey timeZone' : 'timeZone';
  const zoneName = zoneNameOf(zoneSetting);
  if (zoneName === undefined) fail(zonePath, 'unknown-time-zone', `${quote(zoneSetting)} is not a time zone the simulation knows; ${supportedZones()}`);
  const zone = zoneOf(zoneName as string);

  // Seed, timelines, progress.
  const seed = scenario.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) fail('seed', 'invalid-seed', `${quote(seed)} is not valid; give a whole number`);
  if (scenario.timelines !== undefined && typeof scenario.timelines !== 'boolean') {
    fail('timelines', 'invalid-option', `${quote(scenario.timelines)} is not valid; give true or false`);
  }
  if (scenario.progress !== undefined && typeof scenario.progress !== 'function') {
    fail('progress', 'invalid-option', `${quote(scenario.progress)} is not a function (done, total) => void`);
  }

  // Who.
  const contacts = scenario.contacts;
  let count: number;
  let listed: ResolvedContact[] | undefined;
  const indexOf = new Map<string, number>();
  if (typeof contacts === 'number') {
    if (!Number.isSafeInteger(contacts) || contacts < 0) fail('contacts', 'invalid-contacts', `${quote(contacts)} is not valid; give a whole number of contacts, 0 or more, or a list`);
    count = contacts;
  } else if (Array.isArray(contacts)) {
    listed = (contacts as readonly ScenarioContact[]).map((contact, i) => resolveContact(plan, contact, `contacts[${i}]`, fail));
    listed.forEach((c, i) => {
      if (indexOf.has(c.id)) fail(`contacts[${i}].id`, 'duplicate-contact', `${quote(c.id)} is also contacts[${indexOf.get(c.id) as number}]; every contact needs its own id`);
      indexOf.set(c.id, i);
    });
    count = listed.length;
  } else {
    fail('contacts', 'invalid-contacts', `is ${contacts === undefined ? 'missing' : quote(contacts)}; give a number of anonymous contacts or a list of { id, segments }`);
    count = 0;
  }
  const contactIndex = (id: unknown): number | undefined => {
    if (typeof id !== 'string') return undefined;
    if (listed !== undefined) return indexOf.get(id);
    const match = ANONYMOUS.exec(id);
    const n = match === null ? Number.NaN : Number(match[1]);
    return n >= 1 && n <= count ? n - 1 : undefined;
  };
  const knownContacts = (): string =>
    listed !== undefined ? `known contacts: ${list(listed.map((c) => c.id))}` : count === 0 ? 'there are no contacts' : `the contacts are contact-1 … contact-${count}`;

  // What they do.
  const names = new Map<string, string>();
  for (const type of INTERACTION_TYPES) names.set(type.toLowerCase(), type);
  for (const [key, name] of plan.conditionNames) if (!names.has(key)) names.set(key, name);
  const interactionType = (path: string, value: unknown): string => {
    const key = typeof value === 'string' ? value.toLowerCase() : undefined;
    if (key === undefined || !names.has(key)) {
      fail(path, 'unknown-interaction', `${quote(value)} is not an interaction the simulation knows; use one of ${[...names.values()].join(', ')}`);
    }
    return key as string;
  };

  const rates = new Map<string, number>();
  if (scenario.rates !== undefined) {
    if (scenario.rates === null || typeof scenario.rates !== 'object' || Array.isArray(scenario.rates)) {
      fail('rates', 'invalid-rate', `${quote(scenario.rates)} is not valid; give { [interaction]: probability }, e.g. { UserRegistered: 0.3 }`);
    }
    for (const [type, p] of Object.entries(scenario.rates as Record<string, unknown>)) {
      const key = interactionType(prop('rates', type), type);
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(prop('rates', type), 'invalid-rate', `${quote(p)} is not a probability; give a number from 0 to 1`);
      rates.set(key, p as number);
    }
  }

  const interactions = new Map<number, ContactInteractions>();
  const given = scenario.interactions ?? [];
  if (!Array.isArray(given)) fail('interactions', 'invalid-interactions', `${quote(given)} is not a list of { contact, at, source, type }`);
  given.forEach((interaction, i) => {
    const path = `interactions[${i}]`;
    if (interaction === null || typeof interaction !== 'object') fail(path, 'invalid-interactions', `${quote(interaction)} is not an interaction { contact, at, source, type }`);
    const index = contactIndex(interaction.contact);
    if (index === undefined) fail(`${path}.contact`, 'unknown-contact', `${quote(interaction.contact)} is not a contact of the scenario; ${knownContacts()}`);
    const at = instant(`${path}.at`, interaction.at);
    const itemId = sourceItem(plan, interaction.source, `${path}.source`, fail);
    const type = interactionType(`${path}.type`, interaction.type);
    let byItem = interactions.get(index as number);
    if (byItem === undefined) interactions.set(index as number, (byItem = new Map()));
    let byType = byItem.get(itemId);
    if (byType === undefined) byItem.set(itemId, (byType = new Map()));
    const times = byType.get(type);
    if (times === undefined) byType.set(type, [at]);
    else times.push(at);
  });
  for (const byItem of interactions.values()) for (const byType of byItem.values()) for (const times of byType.values()) times.sort((a, b) => a - b);

  // Splits.
  const splits = new Map<number, SplitPlan>();
  if (scenario.splits !== undefined) {
    if (scenario.splits === null || typeof scenario.splits !== 'object' || Array.isArray(scenario.splits)) {
      fail('splits', 'invalid-split', `${quote(scenario.splits)} is not valid; give { [splitter key, name or ActivityId]: { percentages } or { counts } }`);
    }
    for (const [name, settings] of Object.entries(scenario.splits as Record<string, SplitSettings>)) {
      const index = tileNamed(plan, plan.splitters, 'splitter', name, prop('splits', name), fail);
      splits.set(index, splitPlan(plan.tiles[index] as PlanTile, settings, prop('splits', name), fail));
    }
  }

  // Waits until a date.
  const waitUntil = new Map<number, number>();
  if (scenario.waitUntil !== undefined) {
    if (scenario.waitUntil === null || typeof scenario.waitUntil !== 'object' || Array.isArray(scenario.waitUntil)) {
      fail('waitUntil', 'invalid-wait', `${quote(scenario.waitUntil)} is not valid; give { [wait key, name or ActivityId]: date }`);
    }
    for (const [name, date] of Object.entries(scenario.waitUntil as Record<string, unknown>)) {
      const path = prop('waitUntil', name);
      waitUntil.set(tileNamed(plan, plan.waits, 'wait', name, path, fail), instant(path, date));
    }
  }

  const recurring = settings.recurrence !== undefined && settings.isRecurring !== false;
  const iterations = recurring ? Math.max(1, Math.floor(settings.recurrence?.count ?? 1)) : 1;
  const intervalDays = recurring ? Math.max(1, Math.floor(settings.recurrence?.intervalDays ?? 1)) : 0;
  return {
    start,
    until,
    zone,
    seed,
    count,
    listed,
    interactions,
    rates,
    splits,
    waitUntil,
    timelines: scenario.timelines ?? listed !== undefined,
    progress: scenario.progress,
    iterations,
    intervalDays,
  };
}

type Fail = (path: string, code: string, reason: string) => never;

function resolveContact(plan: Plan, contact: ScenarioContact, path: string, fail: Fail): ResolvedContact {
  if (contact === null || typeof contact !== 'object') fail(path, 'invalid-contacts', `${quote(contact)} is not a contact { id, segments }`);
  if (typeof contact.id !== 'string' || contact.id === '') fail(`${path}.id`, 'invalid-contacts', `${quote(contact.id)} is not valid; a contact id is a non-empty string`);
  const segments = new Set<string>();
  const given = contact.segments ?? [];
  if (!Array.isArray(given)) fail(`${path}.segments`, 'invalid-contacts', `${quote(given)} is not a list of segment ids or names`);
  given.forEach((segment: unknown, k: number) => {
    if (typeof segment === 'string' && isGuid(segment)) {
      segments.add(normalizeGuid(segment));
      return;
    }
    const id = typeof segment === 'string' ? plan.segmentNames.get(segment.toLowerCase()) : undefined;
    if (id === undefined) {
      fail(
        `${path}.segments[${k}]`,
        'unknown-segment',
        `${quote(segment)} is neither a segment GUID nor the key or name of a segment of the journey; segments: ${list(new Set(plan.segmentNames.keys()))}`,
      );
    }
    segments.add(segmentId(id as string));
  });
  return { id: contact.id, segments };
}

/** The `ActivityItemId` an interaction's source names. */
function sourceItem(plan: Plan, source: unknown, path: string, fail: Fail): number {
  if (typeof source === 'number' && plan.items.has(source)) return source;
  if (typeof source === 'string') {
    const keyed = plan.keys.get(source);
    if (keyed !== undefined) return keyed;
    if (/^\d+$/.test(source) && plan.items.has(Number(source))) return Number(source);
  }
  return fail(
    path,
    'unknown-source',
    `${quote(source)} is not the key or ActivityItemId of an item of the journey; keys: ${list(plan.keys.keys())}; or give an item id such as ${[...plan.items.keys()].find((id) => id > 0) ?? 1}`,
  );
}

/** The tile of a kind a scenario entry names: its key, its `ActivityId`, or its name (when only one such tile has it). */
function tileNamed(plan: Plan, indices: readonly number[], kind: 'splitter' | 'wait', name: string, path: string, fail: Fail): number {
  const tiles = indices.map((i) => plan.tiles[i] as PlanTile);
  const byKey = tiles.find((t) => t.key === name) ?? tiles.find((t) => t.id === name);
  if (byKey !== undefined) return byKey.index;
  const named = tiles.filter((t) => t.name === name);
  if (named.length === 1) return (named[0] as PlanTile).index;
  if (named.length > 1) fail(path, `unknown-${kind === 'splitter' ? 'split' : 'wait'}`, `names ${named.length} ${kind}s (${named.map((t) => t.id).join(', ')}); use a key or an ActivityId`);
  return fail(
    path,
    `unknown-${kind === 'splitter' ? 'split' : 'wait'}`,
    `is not the key, name or ActivityId of a ${kind} of the journey; ${kind}s: ${list(tiles.map((t) => `${JSON.stringify(t.name)} (${t.id})`))}`,
  );
}

function splitPlan(tile: PlanTile, settings: SplitSettings, path: string, fail: Fail): SplitPlan {
  const branches = tile.children.length;
  const want = `${Math.max(0, branches - 1)} number${branches - 1 === 1 ? '' : 's'}, one per branch but the last, which takes the rest`;
  if (settings === null || typeof settings !== 'object') fail(path, 'invalid-split', `${quote(settings)} is not valid; give { percentages: [...] } or { counts: [...] } with ${want}`);
  const { percentages, counts } = settings;
  if ((percentages === undefined) === (counts === undefined)) {
    fail(path, 'invalid-split', `needs exactly one of percentages or counts, with ${want}`);
  }
  const values = (percentages ?? counts) as readonly unknown[];
  const field = percentages !== undefined ? 'percentages' : 'counts';
  if (!Array.isArray(values) || values.length !== branches - 1) {
    fail(`${path}.${field}`, 'invalid-split', `has ${Array.isArray(values) ? values.length : 'no'} number${Array.isArray(values) && values.length === 1 ? '' : 's'} for ${branches} branches; give ${want}`);
  }
  if (percentages !== undefined) {
    let sum = 0;
    const cumulative = values.map((v, i) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 100)) fail(`${path}.percentages[${i}]`, 'invalid-split', `${quote(v)} is not a percentage; give a number from 0 to 100`);
      sum += v as number;
      return sum / 100;
    });
    if (sum > 100 + 1e-9) fail(`${path}.percentages`, 'invalid-split', `add up to ${sum}; they may add up to at most 100 (the last branch takes the rest)`);
    return { cumulative, counts: undefined };
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(`${path}.counts[${i}]`, 'invalid-split', `${quote(v)} is not a count; give a whole number, 0 or more`);
  });
  return { cumulative: undefined, counts: values as number[] };
}

