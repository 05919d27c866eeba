/**
 * The walk: every contact goes through the journey on its own virtual clock, one iteration after
 * another. Contacts never meet, so each is walked to the end before the next starts and only the
 * per-tile counters stay in memory (and the timelines, when they are asked for). The one
 * exception is a split by counts, which hands out its places in the order contacts arrive: the
 * contacts that reach it are held there until every contact has been walked, then allocated and
 * walked on.
 *
 * @module
 */
import type { JourneyTree } from '../model.js';
import { Kind, compile, describePlanTile, tileWarning, type Plan, type PlanCondition, type PlanTile } from './compile.js';
import { draw, seedBits } from './random.js';
import { anonymousId, resolveScenario, type ContactInteractions, type Resolved, type ResolvedContact } from './scenario.js';
import { addUnits, nextInWindow } from './time.js';
import type { Scenario, SimulationResult, SimulationStep, SimulationTile, SimulationWarning, StepOutcome } from './types.js';

// Purposes of the random draws, so that two draws for the same contact and tile differ.
const SPLIT_DRAW = 0x51;
const COUNT_DRAW = 0x52;
const ENTRY_DRAW = 0x53;
const ENTRY_TIME_DRAW = 0x54;
const TIME_DRAW = 0x5bd1e995;

// Tile kinds as plain constants for the walk's inner loop.
const WAIT = Kind.wait;
const TRIGGER = Kind.trigger;
const SPLIT = Kind.split;
const EMPTY = Kind.empty;
const SEGMENT_FILTER = Kind.segmentFilter;

/** A tile a contact entered, while the walk runs (turned into a {@link SimulationStep} at the end). */
interface StepRecord {
  readonly tile: number;
  readonly at: number;
  readonly iteration: number;
  exit: number;
  waiting: boolean;
  outcome: StepOutcome | undefined;
}

/** A contact held at a split by counts. */
interface Held {
  readonly contact: number;
  readonly iteration: number;
  readonly at: number;
  /** When the contact entered the ancestors whose items triggers further down wait for. */
  readonly sources: Float64Array;
  readonly step: StepRecord | undefined;
}

/** The first instant in `times` (ascending) at or after `from`, or `Infinity`. */
function firstAtOrAfter(times: readonly number[], from: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length ? (times[lo] as number) : Infinity;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Sets an own property, even `__proto__`. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

class Walk {
  readonly #plan: Plan;
  readonly #r: Resolved;
  readonly #tiles: readonly PlanTile[];
  readonly #seed: number;
  readonly #entered: Float64Array;
  readonly #exited: Float64Array;
  readonly #waiting: Float64Array;
  /** Per trigger `[yes, no]`, per splitter one count per branch. */
  readonly #branches: (Float64Array | undefined)[];
  /** When the current contact entered each tile in the current iteration. */
  readonly #enteredAt: Float64Array;
  /** One-entry memo per wait or trigger: the last arrival and its exit (or deadline). */
  readonly #memoIn: Float64Array;
  readonly #memoOut: Float64Array;
  /** Per splitter: cumulative shares, or `undefined` for a split by counts. */
  readonly #shares: (readonly number[] | undefined)[];
  /** Per split by counts: the contacts held there, and the ancestors whose entry times they keep. */
  readonly #held = new Map<number, Held[]>();
  readonly #heldSources = new Map<number, readonly number[]>();
  readonly #timelines: StepRecord[][] | undefined;
  #stackTile: number[] = [];
  #stackTime: number[] = [];

  // The contact being walked.
  #ci = 0;
  #contact: ResolvedContact | undefined = undefined;
  #interactions: ContactInteractions | undefined = undefined;
  #steps: StepRecord[] | undefined = undefined;
  #iteration = 0;
  /** Set by `#decide`: whether the trigger's conditions held. */
  #yes = false;

  constructor(plan: Plan, resolved: Resolved) {
    this.#plan = plan;
    this.#r = resolved;
    this.#tiles = plan.tiles;
    const n = plan.tiles.length;
    this.#seed = seedBits(resolved.seed);
    this.#entered = new Float64Array(n);
    this.#exited = new Float64Array(n);
    this.#waiting = new Float64Array(n);
    this.#enteredAt = new Float64Array(n);
    this.#memoIn = new Float64Array(n).fill(Number.NaN);
    this.#memoOut = new Float64Array(n);
    this.#branches = new Array<Float64Array | undefined>(n).fill(undefined);
    this.#shares = new Array<readonly number[] | undefined>(n).fill(undefined);
    for (const tile of plan.tiles) {
      if (tile.kind === Kind.trigger) this.#branches[tile.index] = new Float64Array(2);
      if (tile.kind !== Kind.split) continue;
      this.#branches[tile.index] = new Float64Array(tile.children.length);
      const settings = resolved.splits.get(tile.index);
      if (settings?.counts !== undefined) {
        this.#held.set(tile.index, []);
        this.#heldSources.set(tile.index, this.#sourcesAbove(tile.index));
      } else {
        const branches = tile.children.length;
        this.#shares[tile.index] = settings?.cumulative ?? Array.from({ length: Math.max(0, branches - 1) }, (_, i) => (i + 1) / branches);
      }
    }
    this.#timelines = resolved.timelines ? [] : undefined;
  }

  /** The ancestors of a splitter that hold the sources of the triggers under it. */
  #sourcesAbove(splitter: number): number[] {
    const end = this.#subtreeEnd(splitter);
    const sources = new Set<number>();
    for (let i = splitter + 1; i < end; i++) {
      for (const c of (this.#tiles[i] as PlanTile).conditions) if (c.sourceTile >= 0 && c.sourceTile < splitter) sources.add(c.sourceTile);
    }
    return [...sources].sort((a, b) => a - b);
  }

  /** One past the last tile of a subtree (tiles are in pre-order, so a subtree is a range). */
  #subtreeEnd(index: number): number {
    const depth = (this.#tiles[index] as PlanTile).depth;
    let end = index + 1;
    while (end < this.#tiles.length && (this.#tiles[end] as PlanTile).depth > depth) end++;
    return end;
  }

  run(): SimulationResult {
    const r = this.#r;
    const starts: number[] = [];
    for (let k = 0; k < r.iterations; k++) {
      const at = addUnits(r.zone, r.start, k * r.intervalDays, 'Day');
      if (at >= r.until) break;
      starts.push(at);
    }
    const total = r.count;
    const every = Math.max(1, Math.floor(total / 100));
    for (let ci = 0; ci < total; ci++) {
      this.#setContact(ci);
      for (let k = 0; k < starts.length; k++) {
        this.#iteration = k;
        const from = starts[k] as number;
        const to = Math.min(starts[k + 1] ?? Infinity, r.until);
        for (const entry of this.#plan.entries) {
          const tile = this.#tiles[entry] as PlanTile;
          if (tile.kind === Kind.segmentEntry) {
            if (this.#member(tile)) this.#walk(entry, from);
          } else if (tile.kind === Kind.interactionEntry) {
            const at = this.#entryTime(tile, from, to);
            if (at < to) this.#walk(entry, at);
          }
        }
      }
      if (r.progress !== undefined && ((ci + 1) % every === 0 || ci + 1 === total)) r.progress(ci + 1, total);
    }
    if (total === 0) r.progress?.(0, 0);
    for (const [splitter, held] of this.#held) this.#release(splitter, held);
    return this.#result();
  }

  #setContact(ci: number): void {
    this.#ci = ci;
    this.#contact = this.#r.listed?.[ci];
    this.#interactions = this.#r.interactions.get(ci);
    if (this.#timelines !== undefined) {
      let steps = this.#timelines[ci];
      if (steps === undefined) this.#timelines[ci] = steps = [];
      this.#steps = steps;
    }
  }

  /** Whether the current contact passes a segment group (anonymous contacts are in every included segment). */
  #member(tile: PlanTile): boolean {
    const contact = this.#contact;
    if (tile.includes.length === 0) return false;
    if (contact === undefined) return true;
    for (const id of tile.excludes) if (contact.segments.has(id)) return false;
    return tile.intersection ? tile.includes.every((id) => contact.segments.has(id)) : tile.includes.some((id) => contact.segments.has(id));
  }

  /** When the current contact enters an entry tile by an interaction in [from, to), or `Infinity`. */
  #entryTime(tile: PlanTile, from: number, to: number): number {
    let best = Infinity;
    const byType = this.#interactions?.get(tile.entryItem);
    if (byType !== undefined) {
      for (const times of byType.values()) {
        const at = firstAtOrAfter(times, from);
        if (at < best) best = at;
      }
    }
    const rate = tile.entryType === undefined ? undefined : this.#r.rates.get(tile.entryType);
    if (rate !== undefined && draw(this.#seed, this.#ci, this.#iteration, tile.index, ENTRY_DRAW) < rate) {
      const span = Number.isFinite(to) ? to - from : 0;
      const at = from + Math.floor((draw(this.#seed, this.#ci, this.#iteration, tile.index, ENTRY_TIME_DRAW) * span) / 1000) * 1000;
      if (at < best) best = at;
    }
    return best < to ? best : Infinity;
  }

  /** Walks the current contact from a tile it enters at `time`, down every path. */
  #walk(first: number, time: number): void {
    const tiles = this.#tiles;
    const until = this.#r.until;
    const stackTile = this.#stackTile;
    const stackTime = this.#stackTime;
    const base = stackTile.length;
    stackTile.push(first);
    stackTime.push(time);
    while (stackTile.length > base) {
      let index = stackTile.pop() as number;
      let at = stackTime.pop() as number;
      for (;;) {
        const tile = tiles[index] as PlanTile;
        const kind = tile.kind;
        if (kind === SEGMENT_FILTER && !this.#member(tile)) break;
        this.#entered[index] = (this.#entered[index] as number) + 1;
        this.#enteredAt[index] = at;
        if (kind === EMPTY) {
          this.#exited[index] = (this.#exited[index] as number) + 1;
          break;
        }
        const step = this.#steps === undefined ? undefined : this.#record(index, at);
        let exit = at;
        let next = tile.children;
        if (kind === WAIT) exit = this.#waitExit(tile, at);
        else if (kind === TRIGGER) exit = this.#decide(tile, at);
        else if (kind === SPLIT && this.#shares[index] === undefined) {
          this.#hold(index, at, step);
          break;
        }
        if (exit >= until) {
          this.#waiting[index] = (this.#waiting[index] as number) + 1;
          if (step !== undefined) step.waiting = true;
          break;
        }
        this.#exited[index] = (this.#exited[index] as number) + 1;
        if (step !== undefined) step.exit = exit;
        if (kind === TRIGGER) {
          const yes = this.#yes;
          const counts = this.#branches[index] as Float64Array;
          counts[yes ? 0 : 1] = (counts[yes ? 0 : 1] as number) + 1;
          if (step !== undefined) step.outcome = yes ? 'yes' : 'no';
          next = yes ? tile.yes : tile.no;
        } else if (kind === SPLIT) {
          const branch = this.#pick(index);
          if (branch >= next.length) break;
          const counts = this.#branches[index] as Float64Array;
          counts[branch] = (counts[branch] as number) + 1;
          if (step !== undefined) step.outcome = branch;
          index = next[branch] as number;
          at = exit;
          continue;
        }
        if (next.length === 0) break;
        for (let i = next.length - 1; i > 0; i--) {
          stackTile.push(next[i] as number);
          stackTime.push(exit);
        }
        index = next[0] as number;
        at = exit;
      }
    }
  }

  #record(tile: number, at: number): StepRecord {
    const step: StepRecord = { tile, at, iteration: this.#iteration, exit: at, waiting: false, outcome: undefined };
    (this.#steps as StepRecord[]).push(step);
    return step;
  }

  /**
   * When a contact arriving at `at` leaves a wait: after its duration (or at the date the scenario
   * gives it), at the next moment its window allows.
   */
  #waitExit(tile: PlanTile, at: number): number {
    const index = tile.index;
    if (this.#memoIn[index] === at) return this.#memoOut[index] as number;
    const until = this.#r.waitUntil.get(index);
    let exit = until !== undefined ? Math.max(at, until) : tile.waitUnit === undefined ? at : addUnits(this.#r.zone, at, tile.waitValue, tile.waitUnit);
    if (tile.window !== undefined) exit = nextInWindow(this.#r.zone, exit, tile.window);
    this.#memoIn[index] = at;
    this.#memoOut[index] = exit;
    return exit;
  }

  /**
   * When a contact arriving at `at` leaves a trigger, and whether by yes (in {@link Walk.#yes}):
   * yes as soon as the conditions hold, no at the timeout.
   */
  #decide(tile: PlanTile, at: number): number {
    const index = tile.index;
    let deadline: number;
    if (tile.timeoutUnit === undefined) deadline = Infinity;
    else if (this.#memoIn[index] === at) deadline = this.#memoOut[index] as number;
    else {
      deadline = addUnits(this.#r.zone, at, tile.timeoutValue, tile.timeoutUnit);
      this.#memoIn[index] = at;
      this.#memoOut[index] = deadline;
    }
    const conditions = tile.conditions;
    let hold = conditions.length === 0 ? Infinity : tile.and ? -Infinity : Infinity;
    for (const condition of conditions) {
      const held = this.#heldAt(condition);
      hold = tile.and ? Math.max(hold, held) : Math.min(hold, held);
    }
    this.#yes = hold <= deadline;
    return this.#yes ? Math.max(at, hold) : deadline;
  }

  /** The first moment a condition holds for the current contact: its first matching interaction after it entered the source. */
  #heldAt(condition: PlanCondition): number {
    if (condition.sourceTile < 0) return Infinity;
    const since = this.#enteredAt[condition.sourceTile] as number;
    const times = this.#interactions?.get(condition.itemId)?.get(condition.type);
    let best = times === undefined ? Infinity : firstAtOrAfter(times, since);
    const rate = this.#r.rates.get(condition.type);
    if (rate !== undefined && draw(this.#seed, this.#ci, this.#iteration, condition.itemId, condition.typeHash) < rate) {
      const delay = Math.floor((draw(this.#seed, this.#ci, this.#iteration, condition.itemId, condition.typeHash ^ TIME_DRAW) * condition.window) / 1000) * 1000;
      if (since + delay < best) best = since + delay;
    }
    return best;
  }

  /** The branch (position) a split by shares sends the current contact down. */
  #pick(splitter: number): number {
    const shares = this.#shares[splitter] as readonly number[];
    const u = draw(this.#seed, this.#ci, this.#iteration, splitter, SPLIT_DRAW);
    let branch = 0;
    while (branch < shares.length && u >= (shares[branch] as number)) branch++;
    return branch;
  }

  /** Holds the current contact at a split by counts until every contact has been walked. */
  #hold(splitter: number, at: number, step: StepRecord | undefined): void {
    const ancestors = this.#heldSources.get(splitter) as readonly number[];
    const sources = new Float64Array(ancestors.length);
    ancestors.forEach((tile, i) => (sources[i] = this.#enteredAt[tile] as number));
    (this.#held.get(splitter) as Held[]).push({ contact: this.#ci, iteration: this.#iteration, at, sources, step });
  }

  /** Allocates the contacts held at a split by counts, first come first served, and walks them on. */
  #release(splitter: number, held: Held[]): void {
    const tile = this.#tiles[splitter] as PlanTile;
    const counts = [...((this.#r.splits.get(splitter)?.counts ?? []) as number[])];
    const ancestors = this.#heldSources.get(splitter) as readonly number[];
    held.sort((a, b) => a.at - b.at || a.contact - b.contact || a.iteration - b.iteration);
    let left = counts.reduce((sum, c) => sum + c, 0);
    held.forEach((h, arrival) => {
      let branch = counts.length;
      if (left > 0) {
        let r = Math.floor(draw(this.#seed, splitter, arrival, COUNT_DRAW, 0) * left);
        branch = 0;
        while (r >= (counts[branch] as number)) r -= counts[branch++] as number;
        counts[branch] = (counts[branch] as number) - 1;
        left--;
      }
      this.#setContact(h.contact);
      this.#iteration = h.iteration;
      ancestors.forEach((t, i) => (this.#enteredAt[t] = h.sources[i] as number));
      this.#exited[splitter] = (this.#exited[splitter] as number) + 1;
      const child = tile.children[branch];
      if (child === undefined) return;
      const taken = this.#branches[splitter] as Float64Array;
      taken[branch] = (taken[branch] as number) + 1;
      if (h.step !== undefined) h.step.outcome = branch;
      this.#walk(child, h.at);
    });
    held.length = 0;
  }

  #result(): SimulationResult {
    const plan = this.#plan;
    const r = this.#r;
    const tiles: Record<string, SimulationTile> = {};
    for (let i = 1; i < this.#tiles.length; i++) {
      const tile = this.#tiles[i] as PlanTile;
      const branches = this.#branches[i];
      let taken: Record<string, number> | undefined;
      if (branches !== undefined && tile.kind === Kind.trigger) taken = { yes: branches[0] as number, no: branches[1] as number };
      else if (branches !== undefined) taken = Object.fromEntries(Array.from(branches, (n, b) => [String(b), n]));
      setOwn(tiles, tile.id, {
        type: tile.type,
        name: tile.name,
        ...(tile.key === undefined ? {} : { key: tile.key }),
        depth: tile.depth,
        entered: this.#entered[i] as number,
        exited: this.#exited[i] as number,
        waiting: this.#waiting[i] as number,
        ...(taken === undefined ? {} : { branches: taken }),
      });
    }
    const contacts: Record<string, readonly SimulationStep[]> = {};
    if (this.#timelines !== undefined) {
      const recurring = r.iterations > 1;
      for (let ci = 0; ci < r.count; ci++) {
        const records = this.#timelines[ci] ?? [];
        records.sort((a, b) => a.at - b.at || a.iteration - b.iteration || a.tile - b.tile);
        const id = r.listed?.[ci]?.id ?? anonymousId(ci);
        setOwn(contacts, id, records.map((s) => this.#step(s, recurring)));
      }
    }
    return {
      journey: plan.tree.settings?.name ?? '',
      start: iso(r.start),
      until: Number.isFinite(r.until) ? iso(r.until) : null,
      timeZone: r.zone.name,
      seed: r.seed,
      contactCount: r.count,
      contacts,
      tiles,
      warnings: this.#warnings(),
    };
  }

  #step(s: StepRecord, recurring: boolean): SimulationStep {
    const tile = this.#tiles[s.tile] as PlanTile;
    return {
      at: iso(s.at),
      activityId: tile.id,
      type: tile.type,
      name: tile.name,
      ...(tile.key === undefined ? {} : { key: tile.key }),
      ...(tile.recordId === undefined ? {} : { recordId: tile.recordId }),
      ...(s.outcome === undefined ? {} : { outcome: s.outcome }),
      ...(s.waiting || s.exit === s.at ? {} : { exitedAt: iso(s.exit) }),
      ...(s.waiting ? { waiting: true as const } : {}),
      ...(tile.effect === undefined || s.waiting ? {} : { effect: tile.effect }),
      ...(recurring ? { iteration: s.iteration } : {}),
    };
  }

  #warnings(): SimulationWarning[] {
    const plan = this.#plan;
    // A wait the scenario gives a date to is no longer unknown.
    const warnings: SimulationWarning[] = plan.warnings.filter(
      (w) => !(w.code === 'unknown-wait' && [...this.#r.waitUntil.keys()].some((i) => (this.#tiles[i] as PlanTile).id === w.activityId)),
    );
    for (const splitter of plan.splitters) {
      if (this.#r.splits.has(splitter)) continue;
      warnings.push(
        tileWarning(plan, splitter, 'even-split', 'the format does not document where a split keeps its percentages or counts, so it splits evenly at random; give them in scenario.splits'),
      );
    }
    // Tiles no contact can reach: reported at the top of each unreachable subtree.
    const reachable = new Uint8Array(this.#tiles.length);
    reachable[0] = 1;
    for (let i = 1; i < this.#tiles.length; i++) {
      const tile = this.#tiles[i] as PlanTile;
      if (reachable[tile.parent] === 0) continue;
      const reason = this.#unreachable(tile);
      if (reason === undefined) reachable[i] = 1;
      else if (tile.kind !== Kind.empty) warnings.push(tileWarning(plan, i, 'unreachable', `no contact can reach it: ${reason}`));
    }
    const until = Number.isFinite(this.#r.until) ? ` at ${iso(this.#r.until)}` : '';
    for (let i = 1; i < this.#tiles.length; i++) {
      const n = this.#waiting[i] as number;
      if (n === 0) continue;
      warnings.push(tileWarning(plan, i, 'still-waiting', `${n} contact${n === 1 ? ' was' : 's were'} still waiting there when the simulation ended${until}`, n));
    }
    return warnings;
  }

  /** Why no contact can reach a tile whose parent is reachable, or `undefined` when one can. */
  #unreachable(tile: PlanTile): string | undefined {
    const parent = this.#tiles[tile.parent] as PlanTile;
    if (parent.index === 0) {
      if (tile.kind === Kind.deadEntry) {
        return 'under the root, contacts enter only at segment groups and at page, form, event, survey or record-updated tiles';
      }
      if (tile.kind === Kind.segmentEntry && tile.includes.length === 0) return 'the segment group includes no segment';
      return undefined;
    }
    if (parent.kind === Kind.wait && !parent.passes) return `the window of ${describePlanTile(this.#plan, parent.index)} allows no day`;
    if (parent.kind === Kind.trigger) {
      const yes = parent.yes.includes(tile.index);
      if (yes && !parent.yesPossible) {
        return parent.conditions.length === 0
          ? `${describePlanTile(this.#plan, parent.index)} has no conditions`
          : `the conditions of ${describePlanTile(this.#plan, parent.index)} can never hold: a source item (${parent.conditions
              .filter((c) => c.sourceTile < 0)
              .map((c) => (Number.isNaN(c.itemId) ? '(none)' : String(c.itemId)))
              .join(', ')}) is not on a tile above it`;
      }
      if (!yes && !parent.noPossible) return `${describePlanTile(this.#plan, parent.index)} has no timeout, so it never takes its no branch`;
      return undefined;
    }
    if (parent.kind === Kind.split) {
      const branch = parent.children.indexOf(tile.index);
      const last = branch === parent.children.length - 1;
      const settings = this.#r.splits.get(parent.index);
      if (settings?.counts !== undefined && !last && settings.counts[branch] === 0) return `the scenario gives branch ${branch} a count of 0`;
      const shares = settings?.cumulative;
      if (shares !== undefined) {
        const share = (last ? 1 : (shares[branch] as number)) - (branch === 0 ? 0 : (shares[branch - 1] as number));
        if (share <= 1e-12) return `the scenario gives branch ${branch} a share of 0 %`;
      }
    }
    return undefined;
  }
}

/**
 * Simulates contacts walking a journey: who gets which email when, who takes which branch, how
 * many contacts each tile sees, without an org and without reading the clock.
 *
 * Every contact walks on its own virtual timeline, from the scenario's start (the journey's start
 * by default) to its end (the journey's end by default); nothing happens at or after the end.
 * Segment members enter at the start of each iteration; contacts enter page, form, event, survey
 * and record-updated tiles when they interact with them. Emails send at once, waits count their
 * duration and window in the journey's time zone, triggers take their yes branch as soon as
 * their conditions hold (on interactions after the contact reached the source) and their no
 * branch at the timeout, splits allocate at random, parallel branches are all walked, actions are
 * recorded, custom and unknown tiles pass contacts through with a warning. The guide
 * `docs/guides/simulation.md` describes each tile's behaviour and what is known or modelled.
 *
 * The run is deterministic: the same tree, scenario and seed give a result with the same JSON,
 * byte for byte, on every machine. With `contacts: N` and no timelines, memory does not grow with
 * `N` (except for contacts held at a split by counts).
 *
 * @param tree - the journey
 * @param scenario - who walks, what they do, and for how long
 * @returns per-tile counts, each contact's timeline (when kept) and warnings
 * @throws {@link SimulationError} naming the place in the scenario and what would be valid
 *
 * @example
 * ```ts
 * import { simulate } from '@customer-journey/dsl';
 *
 * const run = simulate(eventInvite, {
 *   contacts: [
 *     { id: 'ann', segments: ['51d2115b-544a-e911-a873-000d3a1fe344'] },
 *     { id: 'bob', segments: ['51d2115b-544a-e911-a873-000d3a1fe344'] },
 *   ],
 *   interactions: [{ contact: 'ann', at: '2026-02-03T10:00:00Z', source: 'page', type: 'UserRegistered' }],
 * });
 * run.contacts['ann']?.map((step) => step.name); // ['Customers', 'Invitation', 'Registered?', 'Thank you', …]
 * run.tiles['01_0_1']?.entered;                  // 2
 *
 * const random = simulate(eventInvite, { contacts: 10_000, rates: { UserRegistered: 0.3 }, seed: 7 });
 * ```
 */
export function simulate(tree: JourneyTree, scenario: Scenario): SimulationResult {
  const plan = compile(tree);
  return new Walk(plan, resolveScenario(plan, scenario)).run();
}
