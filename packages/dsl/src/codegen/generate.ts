/**
 * Code generation: a journey tree -> a TypeScript module whose builder chain rebuilds it exactly.
 *
 * The tree is walked once in pre-order (iteratively) to plan every tile: which builder call can
 * write it (a domain method, a branch of `trigger`/`split`, an omitted `empty` placeholder, or the
 * raw `custom` form), which ids must be explicit (those the builder would not assign by itself,
 * found by replaying its counters), and which items need a key because a trigger refers to them.
 * Then every chain is turned into a layout document and printed. Chains longer than
 * {@link CHAIN_MAX} calls and branches nested deeper than {@link NEST_MAX} continue in named
 * fragments, so that neither the generated text nor the compilers reading it go deep.
 *
 * @internal
 * @module
 */
import { ROOT_NAME, waitName } from '../builder/steps.js';
import { JourneyBuildError } from '../errors.js';
import { ROOT_ACTIVITY_ID, ROOT_ITEM_ID, isGuid, normalizeGuid } from '../ids.js';
import { SCHEDULER_WEEKDAY_FIELDS, type Activity, type Item, type JourneySettings, type JourneyTree, type JsonObject, type Relation } from '../model.js';
import type { CallDoc, Doc, Entry } from './doc.js';
import { arr, call, chain, layout, obj } from './doc.js';
import { camelIdentifier, commentText, isIdentifier, numberLiteral, propertyKey, quote } from './literal.js';

/**
 * Options of `generateCode`.
 *
 * @example
 * ```ts
 * const options: GenerateCodeOptions = { importFrom: '../src/index.js', exportName: 'welcome' };
 * generateCode(tree, options); // import { journey } from '../src/index.js'; … export const welcome = journey(…
 * ```
 */
export interface GenerateCodeOptions {
  /** Module the generated code imports `journey` from. @defaultValue `'@customer-journey/dsl'` */
  readonly importFrom?: string;
  /** Name of the exported constant. @defaultValue the journey name in camelCase, or `journey` */
  readonly exportName?: string;
  /**
   * The journey name to write when the tree has none (a definition parsed without settings has
   * the name `''`, and `journey('')` cannot build). Ignored when the tree has a name; 1 to 100
   * characters, not blank.
   * @defaultValue none: a tree without a name is refused
   */
  readonly name?: string;
}

/** Line width the layout aims for. */
const WIDTH = 100;
/** Calls in one chain before it continues in a fragment. */
export const CHAIN_MAX = 150;
/** Branch callbacks nested in one another before a branch becomes a fragment. */
export const NEST_MAX = 8;
const NAME_MAX = 100;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
/** `waitUntilMonday` … `waitUntilSunday`. */
const WAIT_DAY_KEYS = SCHEDULER_WEEKDAY_FIELDS;
const DURATION_UNITS: readonly unknown[] = ['Minute', 'Hour', 'Day', 'Week', 'Month'];
const CRM_ACTIVITY_TYPES: readonly unknown[] = ['phonecall', 'task', 'appointment'];
const EMAIL_CONTENT_TYPES: readonly unknown[] = ['LandingPage', 'Event', 'Survey', 'MarketingForm'];
const JOURNEY_OWNER = 'msdyncrm_customerjourney.ownerid';
/** The template entity the builder writes for each activity type. */
const TEMPLATE_ENTITIES: Readonly<Record<string, string>> = Object.fromEntries(
  CRM_ACTIVITY_TYPES.map((type) => [type, `msdyncrm_${String(type)}activitymarketingtemplate`]),
);

/** Typed properties (model names) by item type, in the order the codec writes them. */
const TYPED_PROPS: Readonly<Record<string, readonly string[]>> = {
  Segment: ['mergeMethod', 'containment'],
  SegmentItem: ['containment', 'sourceType', 'segmentName', 'displayName'],
  Trigger: ['timeoutValue', 'timeoutUnit', 'ruleLogic', 'conditions'],
  Scheduler: [
    ...WAIT_DAY_KEYS,
    'waitUntilFromHour',
    'waitUntilFromMinute',
    'waitUntilToHour',
    'waitUntilToMinute',
    'offsetType',
    'durationUnit',
    'durationValue',
    'scheduledHour',
    'scheduledMinute',
  ],
  CreateCrmActivity: ['templateEntity', 'activityType', 'owner'],
};

/** Tiles whose builder method takes one record id (or none). */
const RECORD_METHODS: Readonly<Record<string, readonly [string, string | undefined]>> = {
  InvokeWorkflow: ['launchWorkflow', 'workflowId'],
  Event: ['event', 'eventId'],
  LandingPage: ['landingPage', 'pageId'],
  MarketingForm: ['marketingForm', 'formId'],
  Survey: ['survey', 'surveyId'],
  LinkedInCampaign: ['linkedInCampaign', 'campaignId'],
  CreateLead: ['createLead', undefined],
  RecordUpdate: ['recordUpdated', undefined],
};

/** The settings fields of a journey, in the order they are written. */
const SETTINGS_FIELDS = [
  'recordId',
  'description',
  'status',
  'start',
  'end',
  'timeZone',
  'consent',
  'contentSettingsId',
  'suppressionSegmentId',
  'recurrence',
  'isRecurring',
  'type',
  'owner',
  'templateId',
  'linkedInCampaignId',
] as const;

/** How a tile is written. */
type Form =
  | 'root'
  | 'custom'
  | 'placeholder'
  | 'branch'
  | 'segment'
  | 'email'
  | 'wait'
  | 'trigger'
  | 'split'
  | 'activity'
  | 'record';

/** Where a tile sits under its parent, as the builder would place it. */
interface Slot {
  readonly relation: Relation;
  readonly branch: number;
}

/** Where a chain starts: at a tile, or with the children of a tile (a split branch's `then`). */
type Start = { readonly tile: number } | { readonly childrenOf: number };

type AnyItem = Item & Readonly<Record<string, unknown>>;

/** The parts of a `wait` call read from a scheduler header. */
interface WaitParts {
  readonly duration: Doc;
  readonly window: Entry[];
  readonly name: string;
}

/** Shared "no keys" list of activities without nested keys (never written to). */
const NO_KEYS: (string | undefined)[] = [];
const DEFAULT_SLOT: Slot = { relation: 'Default', branch: 0 };
const RELATIONS: Readonly<Record<string, Relation>> = { default: 'Default', yesbranch: 'YesBranch', nobranch: 'NoBranch' };
const relationOf = (relation: string): string =>
  // The usual spellings map to themselves: no lower-casing needed.
  relation === 'Default' || relation === 'YesBranch' || relation === 'NoBranch' ? relation : (RELATIONS[String(relation).toLowerCase()] ?? relation);

const okName = (name: unknown): name is string => typeof name === 'string' && name.trim() !== '' && name.length <= NAME_MAX;
const isNormalGuid = (value: unknown): value is string => typeof value === 'string' && isGuid(value) && normalizeGuid(value) === value;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
/** Base fields a domain method writes: each one absent (then omitted) or of the builder's form. */
const baseFits = (item: Item): boolean =>
  (item.name === undefined || typeof item.name === 'string') &&
  (item.nameIsSystemDefined === undefined || typeof item.nameIsSystemDefined === 'boolean') &&
  (item.description === undefined || typeof item.description === 'string') &&
  (item.title === undefined || item.title === 'Undefined');
/** A time of day as hours 0-23 and minutes 0-59. */
const clockOk = (hour: unknown, minute: unknown): hour is number => isCount(hour) && hour <= 23 && isCount(minute) && minute <= 59;
const noRecord = (value: unknown): boolean => value === null || value === undefined;
/** The base fields an item lacks, for `omit` (`name` only where the builder would write one). */
const omitOf = (item: Item, nameWritten: boolean): readonly string[] => {
  if (
    item.recordId !== undefined &&
    (item.name !== undefined || !nameWritten) &&
    item.nameIsSystemDefined !== undefined &&
    item.description !== undefined &&
    item.title !== undefined
  ) {
    return NOTHING_OMITTED;
  }
  const omit: string[] = [];
  if (item.recordId === undefined) omit.push('recordId');
  if (item.name === undefined && nameWritten) omit.push('name');
  if (item.nameIsSystemDefined === undefined) omit.push('nameIsSystemDefined');
  if (item.description === undefined) omit.push('description');
  if (item.title === undefined) omit.push('title');
  return omit;
};
const NOTHING_OMITTED: readonly string[] = Object.freeze([]);

/** A JSON value as a document; iterative, so values of any depth are fine. */
export function jsonDoc(value: unknown): Doc {
  type Pending = readonly [object, Doc[] | Entry[]];
  const pending: Pending[] = [];
  const make = (v: unknown): Doc => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return quote(v);
      case 'number':
        return numberLiteral(v);
      case 'boolean':
        return String(v);
      case 'object': {
        if (Array.isArray(v)) {
          const items: Doc[] = [];
          pending.push([v, items]);
          return arr(items);
        }
        const entries: Entry[] = [];
        pending.push([v, entries]);
        return obj(entries);
      }
      default:
        return 'null';
    }
  };
  const root = make(value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, target] = next;
    if (Array.isArray(source)) {
      for (const v of source as unknown[]) (target as Doc[]).push(make(v));
    } else {
      const o = source as Record<string, unknown>;
      for (const key of Object.keys(o)) {
        if (o[key] !== undefined) (target as Entry[]).push([propertyKey(key), make(o[key])]);
      }
    }
  }
  return root;
}

/**
 * A shallow copy of an activity with copies of its items. The objects of a tree may each have a
 * hidden class of their own (frozen objects made one by one), which makes every property read a
 * slow look-up; copies made alike share their classes, so the many reads of planning and writing
 * stay fast. Only `children` is left out of use: the walk reads the tree's own activities.
 */
function plainCopy(a: Activity): Activity {
  // Activities share few classes: their fields are copied by name, into one class for all.
  const copy = {
    type: a.type,
    id: a.id,
    relation: a.relation,
    branch: a.branch,
    target: a.target,
    header: a.header === undefined ? undefined : { ...a.header },
    nested: a.nested.length === 0 ? a.nested : a.nested.map((item) => ({ ...item })),
    children: a.children,
    key: a.key,
    extra: a.extra,
    propertiesExtra: a.propertiesExtra,
  };
  return copy as Activity;
}

/**
 * The counter of an activity id `<parent>_<n>` (what `activityCounterOf` gives), read from the end
 * of the id without a regular expression: ids of deep journeys are long.
 */
function counterOf(id: string): number | undefined {
  let at = id.length;
  while (at > 0) {
    const c = id.charCodeAt(at - 1);
    if (c < 0x30 || c > 0x39) break;
    at--;
  }
  if (at === id.length || at === 0 || id.charCodeAt(at - 1) !== 0x5f) return undefined;
  const n = Number(id.slice(at));
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Marks the longest strictly increasing subsequence of `values` (patience sorting, O(n log n)).
 */
function increasingRun(values: readonly number[]): boolean[] {
  const tails: number[] = [];
  const prev = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const member = new Array<boolean>(values.length).fill(false);
  for (let k = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; k >= 0; k = prev[k] as number) member[k] = true;
  return member;
}

/**
 * How often each number was counted: an array for numbers below `size` (the usual case, ids
 * handed out by a counter), a map for the others.
 */
class Counts {
  readonly #small: Int32Array;
  #large: Map<number, number> | undefined;

  constructor(size: number) {
    this.#small = new Int32Array(size);
  }

  add(n: number, by: number): void {
    if (n >= 0 && n < this.#small.length && Number.isInteger(n)) this.#small[n] = (this.#small[n] as number) + by;
    else (this.#large ??= new Map()).set(n, (this.#large.get(n) ?? 0) + by);
  }

  get(n: number): number {
    if (n >= 0 && n < this.#small.length && Number.isInteger(n)) return this.#small[n] as number;
    return this.#large?.get(n) ?? 0;
  }
}

/**
 * Which numbers the builder's counter would hand out by itself. `numbers[k]` is the number of the
 * k-th id in build order (`undefined`: not of the counter's form, so explicit). The counter starts
 * at `first`, only goes up, and skips the numbers of explicit ids (`reserved` are taken too).
 * Returns the flags (true: automatic) and the counter's next value.
 */
function automaticIds(numbers: readonly (number | undefined)[], first: number, reserved: readonly number[]): { auto: boolean[]; next: number } {
  const seen = new Counts(numbers.length + reserved.length + first + 1);
  for (const n of numbers) if (n !== undefined) seen.add(n, 1);
  for (const n of reserved) seen.add(n, 2);
  // Numbers below the first gap, used once: only those can come from the counter.
  let gap = first;
  while (seen.get(gap) > 0) gap++;
  const candidates: number[] = [];
  const values: number[] = [];
  for (let k = 0; k < numbers.length; k++) {
    const n = numbers[k];
    if (n !== undefined && n >= first && n < gap && seen.get(n) === 1) {
      candidates.push(k);
      values.push(n);
    }
  }
  const auto = new Array<boolean>(numbers.length).fill(false);
  const run = increasingRun(values);
  run.forEach((member, c) => {
    if (member) auto[candidates[c] as number] = true;
  });
  // Replay the counter to confirm (and correct, should the reasoning above ever fall short).
  for (;;) {
    const taken = new Counts(numbers.length + reserved.length + first + 1);
    for (const n of reserved) taken.add(n, 1);
    for (let k = 0; k < numbers.length; k++) {
      const n = numbers[k];
      if (!auto[k] && n !== undefined) taken.add(n, 1);
    }
    let counter = first;
    let wrong = -1;
    for (let k = 0; k < numbers.length && wrong < 0; k++) {
      if (!auto[k]) continue;
      while (taken.get(counter) > 0) counter++;
      if (counter !== numbers[k]) wrong = k;
      counter++;
    }
    if (wrong < 0) return { auto, next: counter };
    auto[wrong] = false;
  }
}

/** Writes the TypeScript module for one journey. */
export class CodeGenerator {
  readonly #tree: JourneyTree;
  readonly #target: string;
  /** Activities in pre-order (build order); 0 is the root. */
  readonly #nodes: Activity[] = [];
  readonly #kids: number[][] = [];
  readonly #forms: Form[] = [];
  readonly #slots: Slot[] = [];
  readonly #explicitId: boolean[] = [];
  readonly #headerKeys: (string | undefined)[] = [];
  readonly #nestedKeys: (string | undefined)[][] = [];
  readonly #usedKeys = new Set<string>();
  readonly #usedNames = new Set<string>();
  readonly #fragments: string[] = [];
  readonly #types = new Set<string>();
  #natural: { activity: number; item: number } = { activity: 0, item: 1 };
  #exportName = '';
  #journeyName = 'journey';
  /** The name written in `journey(name)`: the tree's, else the `name` option. */
  #journeyTitle = '';

  constructor(tree: JourneyTree) {
    this.#tree = tree;
    this.#target = tree.settings.target ?? 'contact';
  }

  /** The module text. */
  generate(options: GenerateCodeOptions): string {
    this.#journeyTitle = this.#nameOf(options);
    this.#walk();
    this.#planIds();
    this.#planForms();
    this.#planKeys();
    this.#names(options);
    const rootPatch = this.#rootFits ? [] : this.#rootPatch();
    const mainCalls = this.#chainCalls({ childrenOf: 0 }, 0, true);
    mainCalls.push(call('.build', []));
    const main = chain(this.#journeyCall(), mainCalls, true, this.#makeTile);
    const patched = rootPatch.length > 0;
    const builtName = patched ? this.#freshName(`${this.#exportName}Built`) : '';
    const name = commentText(this.#journeyTitle);
    const doc = [
      '/**',
      ` * ${name === '' ? 'Journey' : name}`,
      ' *',
      ' * Rebuilds the journey as stored: the same ids, names, properties and designer state.',
      ' */',
    ].join('\n');
    const from = options.importFrom ?? '@customer-journey/dsl';
    if (patched) this.#types.add('JourneyTree');
    const parts: string[] = [this.#imports(from), ...this.#fragments];
    if (!patched) {
      parts.push(`${doc}\n${this.#statement(`export const ${this.#exportName} = `, main)}`);
    } else {
      parts.push(this.#statement(`const ${builtName} = `, main));
      const entries: Entry[] = [
        [null, `...${builtName}`],
        ['root', call("Object.freeze<JourneyTree['root']>", [obj([[null, `...${builtName}.root`], ...rootPatch])])],
      ];
      parts.push(`${doc}\n${this.#statement(`export const ${this.#exportName} = `, call('Object.freeze<JourneyTree>', [obj(entries)]))}`);
    }
    return `${parts.join('\n\n')}\n`;
  }

  #statement(prefix: string, doc: Doc): string {
    return `${prefix}${layout(doc, 0, prefix.length, WIDTH, 1)};`;
  }

  #imports(from: string): string {
    const journeyImport = this.#journeyName === 'journey' ? 'journey' : `journey as ${this.#journeyName}`;
    const types = [...this.#types].sort().map((t) => `type ${t}`);
    const names = [journeyImport, ...types];
    const line = `import { ${names.join(', ')} } from ${quote(from)};`;
    return line.length <= WIDTH ? line : `import {\n${names.map((n) => `  ${n},\n`).join('')}} from ${quote(from)};`;
  }

  // ---------------------------------------------------------------------------------------------
  // Planning

  /** Lists the activities in pre-order with their children. */
  #walk(): void {
    const stack: Activity[] = [this.#tree.root];
    const parents: number[] = [-1];
    while (stack.length > 0) {
      const activity = stack.pop() as Activity;
      const parent = parents.pop() as number;
      const index = this.#nodes.length;
      this.#nodes.push(plainCopy(activity));
      this.#kids.push([]);
      if (parent >= 0) this.#kids[parent]?.push(index);
      const children = activity.children;
      for (let k = children.length - 1; k >= 0; k--) {
        stack.push(children[k] as Activity);
        parents.push(index);
      }
    }
  }

  /** Decides which activity ids and item ids must be written because the builder would not assign them. */
  #planIds(): void {
    const nodes = this.#nodes;
    const n = nodes.length;
    // Activity ids: only `<parent id>_<n>` can be automatic; ids of other forms still reserve their number.
    const numbers: (number | undefined)[] = new Array<number | undefined>(n - 1);
    const counters: (number | undefined)[] = new Array<number | undefined>(n);
    const reserved: number[] = [];
    for (let i = 1; i < n; i++) {
      const a = nodes[i] as Activity;
      const p = this.#parentIndex(i);
      const parentId = p === 0 ? ROOT_ACTIVITY_ID : (nodes[p] as Activity).id;
      const id = a.id;
      const counter = typeof id === 'string' ? counterOf(id) : undefined;
      counters[i] = counter;
      const canonical =
        counter !== undefined &&
        id.length > parentId.length + 1 &&
        id.charCodeAt(parentId.length) === 0x5f &&
        // slice + === rather than startsWith: much faster on the long ids of deep tiles.
        id.slice(0, parentId.length) === parentId &&
        id.slice(parentId.length + 1) === String(counter);
      numbers[i - 1] = canonical ? counter : undefined;
      if (!canonical && counter !== undefined) reserved.push(counter);
    }
    const activities = automaticIds(numbers, 0, reserved);
    const explicitId = this.#explicitId;
    // Filled by pushing: setting the length of an empty array first would make it a slow, sparse one.
    explicitId.push(false);
    let highestActivity = -1;
    for (let i = 1; i < n; i++) {
      const explicit = !activities.auto[i - 1];
      explicitId.push(explicit);
      if (!explicit) continue;
      const counter = counters[i];
      if (counter !== undefined && counter > highestActivity) highestActivity = counter;
    }

    // Item ids, header first, in build order. The root's header id is explicit (`root.itemId`) and
    // its nested items come first; a root the builder cannot write keeps the builder's header (0)
    // and is patched after the build.
    const root = nodes[0] as Activity;
    this.#rootFits =
      root.id === ROOT_ACTIVITY_ID &&
      relationOf(root.relation) === 'Default' &&
      root.branch === 0 &&
      root.target === undefined &&
      root.header !== undefined &&
      root.header.type === 'bpf_root' &&
      isCount(root.header.itemId);
    const rootItemId = this.#rootFits ? (root.header as Item).itemId : ROOT_ITEM_ID;
    const offsets = new Int32Array(n + 1);
    const items: (number | undefined)[] = [];
    if (this.#rootFits) for (const item of root.nested) items.push(isCount(item.itemId) ? item.itemId : undefined);
    for (let i = 1; i < n; i++) {
      offsets[i] = items.length;
      const a = nodes[i] as Activity;
      if (a.header !== undefined) items.push(isCount(a.header.itemId) ? a.header.itemId : undefined);
      for (const item of a.nested) items.push(isCount(item.itemId) ? item.itemId : undefined);
    }
    offsets[n] = items.length;
    const itemIds = automaticIds(items, 1, [rootItemId]);
    let highestItem = rootItemId;
    const explicitItems = new Uint8Array(items.length);
    for (let k = 0; k < items.length; k++) {
      if (itemIds.auto[k]) continue;
      explicitItems[k] = 1;
      const itemId = items[k];
      if (itemId !== undefined && itemId > highestItem) highestItem = itemId;
    }
    this.#itemOffsets = offsets;
    this.#explicitItemFlags = explicitItems;
    this.#natural = {
      activity: Math.max(activities.next, highestActivity + 1),
      item: Math.max(itemIds.next, highestItem + 1),
    };
  }

  #itemOffsets = new Int32Array(0);
  #explicitItemFlags = new Uint8Array(0);
  /** The root is one `journey(name, { root })` can write; otherwise it is patched after the build. */
  #rootFits = true;

  /** Whether item `k` of activity `i` (header first; for the root, its nested items only) needs an explicit id. */
  #explicitItem(i: number, k: number): boolean {
    return this.#explicitItemFlags[(this.#itemOffsets[i] as number) + k] === 1;
  }

  #parentIndexes: Int32Array | undefined;

  #parentIndex(i: number): number {
    if (this.#parentIndexes === undefined) {
      const parents = new Int32Array(this.#nodes.length).fill(-1);
      this.#kids.forEach((kids, p) => {
        for (const c of kids) parents[c] = p;
      });
      this.#parentIndexes = parents;
    }
    return this.#parentIndexes[i] as number;
  }

  /** Decides how every tile is written, parents before children. */
  #planForms(): void {
    const n = this.#nodes.length;
    // Filled by pushing: setting the length of an empty array first would make it a slow, sparse one.
    const forms = this.#forms as (Form | undefined)[];
    forms.push('root');
    this.#slots.push(DEFAULT_SLOT);
    for (let k = 1; k < n; k++) {
      forms.push(undefined);
      this.#slots.push(DEFAULT_SLOT);
    }
    for (let i = 0; i < n; i++) {
      if (this.#forms[i] === undefined) this.#forms[i] = this.#formOf(i);
      const form = this.#forms[i] as Form;
      const kids = this.#kids[i] as number[];
      for (let k = 0; k < kids.length; k++) {
        const c = kids[k] as number;
        if (form === 'trigger') {
          this.#slots[c] = k === 0 ? { relation: 'YesBranch', branch: 0 } : { relation: 'NoBranch', branch: 1 };
          if (this.#isPlaceholder(c)) this.#forms[c] = 'placeholder';
        } else {
          this.#slots[c] = kids.length === 1 ? DEFAULT_SLOT : { relation: 'Default', branch: k };
          if (form === 'split') this.#forms[c] = 'branch';
        }
      }
    }
  }

  #isPlaceholder(i: number): boolean {
    const a = this.#nodes[i] as Activity;
    const slot = this.#slots[i] as Slot;
    return (
      a.type === 'empty' &&
      a.header === undefined &&
      a.nested.length === 0 &&
      a.target === undefined &&
      a.extra === undefined &&
      a.propertiesExtra === undefined &&
      (this.#kids[i] as number[]).length === 0 &&
      relationOf(a.relation) === slot.relation &&
      a.branch === slot.branch &&
      !this.#explicitId[i]
    );
  }

  /**
   * Whether a tile fits a domain method: a header of its own type, the journey's target and base
   * fields the builder writes (absent ones are omitted, odd names raw, the place explicit).
   */
  #plain(i: number, nested: boolean): boolean {
    const a = this.#nodes[i] as Activity;
    const h = a.header;
    return (
      h !== undefined &&
      h.type === a.type &&
      a.target === this.#target &&
      a.extra === undefined &&
      a.propertiesExtra === undefined &&
      baseFits(h) &&
      (nested || a.nested.length === 0)
    );
  }

  #formOf(i: number): Form {
    const a = this.#nodes[i] as Activity;
    const h = a.header as AnyItem | undefined;
    if (h === undefined) return 'custom';
    const kids = this.#kids[i] as number[];
    switch (a.type) {
      case 'Segment': {
        const containment = h['containment'];
        if (!this.#plain(i, true) || !noRecord(h.recordId) || typeof h['mergeMethod'] !== 'string' || (containment !== undefined && typeof containment !== 'string')) {
          return 'custom';
        }
        if (a.nested.length === 0) return 'custom';
        let excluding = false;
        for (const item of a.nested as AnyItem[]) {
          const containment = item['containment'];
          const display = item['displayName'];
          const unique = item['segmentName'];
          if (
            item.type !== 'SegmentItem' ||
            !isNormalGuid(item.recordId) ||
            !baseFits(item) ||
            (containment !== 'Inclusion' && containment !== 'Exclusion') ||
            (containment === 'Inclusion' && excluding) ||
            typeof item['sourceType'] !== 'string' ||
            (unique !== undefined && typeof unique !== 'string') ||
            (display !== undefined && typeof display !== 'string') ||
            (item.name !== undefined && item.name !== (display ?? unique))
          ) {
            return 'custom';
          }
          excluding = containment === 'Exclusion';
        }
        return 'segment';
      }
      case 'Email': {
        if (!this.#plain(i, true) || !isNormalGuid(h.recordId)) return 'custom';
        for (const item of a.nested) {
          if (
            !EMAIL_CONTENT_TYPES.includes(item.type) ||
            !(noRecord(item.recordId) || isNormalGuid(item.recordId)) ||
            !(item.name === undefined || okName(item.name)) ||
            !baseFits(item)
          ) {
            return 'custom';
          }
        }
        return 'email';
      }
      case 'Scheduler': {
        return this.#plain(i, false) && noRecord(h.recordId) && this.#waitFits(h) ? 'wait' : 'custom';
      }
      case 'Trigger': {
        if (!this.#plain(i, false) || !noRecord(h.recordId) || kids.length !== 2) return 'custom';
        const conditions = h['conditions'];
        const logic = h['ruleLogic'];
        if (!isCount(h['timeoutValue']) || !DURATION_UNITS.includes(h['timeoutUnit']) || (logic !== 'AND' && logic !== 'OR')) return 'custom';
        if (!Array.isArray(conditions)) return 'custom';
        for (const c of conditions as readonly Record<string, unknown>[]) {
          const source = c['sourceItemId'];
          const condition = c['condition'];
          if (typeof source !== 'string' || !/^\d+$/.test(source) || typeof condition !== 'string' || condition === '') return 'custom';
        }
        return 'trigger';
      }
      case 'Splitter': {
        if (!this.#plain(i, false) || !noRecord(h.recordId) || kids.length < 2) return 'custom';
        const fits = kids.every((c) => {
          const child = this.#nodes[c] as Activity;
          return child.type === 'SplitterBranch' && this.#plain(c, false) && noRecord(child.header?.recordId);
        });
        return fits ? 'split' : 'custom';
      }
      case 'CreateCrmActivity':
        return this.#plain(i, false) &&
          CRM_ACTIVITY_TYPES.includes(h['activityType']) &&
          (noRecord(h.recordId) || isNormalGuid(h.recordId)) &&
          typeof h['templateEntity'] === 'string' &&
          typeof h['owner'] === 'string'
          ? 'activity'
          : 'custom';
      default: {
        const method = RECORD_METHODS[a.type];
        if (method === undefined || !this.#plain(i, false)) return 'custom';
        const fits = method[1] === undefined ? noRecord(h.recordId) : isNormalGuid(h.recordId);
        return fits ? 'record' : 'custom';
      }
    }
  }

  /** Whether `wait` can write a scheduler header (a window of whole days and clock times, a duration). */
  #waitFits(h: AnyItem): boolean {
    let anyDay = false;
    for (let d = 0; d < WAIT_DAY_KEYS.length; d++) {
      const on = h[WAIT_DAY_KEYS[d] as string];
      if (typeof on !== 'boolean') return false;
      if (on) anyDay = true;
    }
    const fromHour = h['waitUntilFromHour'];
    const fromMinute = h['waitUntilFromMinute'];
    const toHour = h['waitUntilToHour'];
    const toMinute = h['waitUntilToMinute'];
    if (!anyDay || !clockOk(fromHour, fromMinute) || !clockOk(toHour, toMinute)) return false;
    return (
      fromHour * 60 + (fromMinute as number) <= toHour * 60 + (toMinute as number) &&
      h['offsetType'] === 'Duration' &&
      isCount(h['durationValue']) &&
      DURATION_UNITS.includes(h['durationUnit']) &&
      h['scheduledHour'] === 0 &&
      h['scheduledMinute'] === 0
    );
  }

  /** The wait options of a scheduler header that `wait` can write (see {@link #waitFits}). */
  #waitParts(h: AnyItem): WaitParts {
    const days: string[] = [];
    for (let d = 0; d < WAIT_DAY_KEYS.length; d++) {
      if (h[WAIT_DAY_KEYS[d] as string] === true) days.push(WEEKDAYS[d] as string);
    }
    const fromHour = h['waitUntilFromHour'] as number;
    const fromMinute = h['waitUntilFromMinute'] as number;
    const toHour = h['waitUntilToHour'] as number;
    const toMinute = h['waitUntilToMinute'] as number;
    const from = fromHour * 60 + fromMinute;
    const to = toHour * 60 + toMinute;
    const value = h['durationValue'] as number;
    const unit = h['durationUnit'] as string;
    const window: Entry[] = [];
    if (days.length < WEEKDAYS.length) window.push(['days', arr(days.map(quote))]);
    const clock = (hour: number, minute: number): string => quote(`${hour}:${String(minute).padStart(2, '0')}`);
    if (from !== 0) window.push(['from', clock(fromHour, fromMinute)]);
    if (to !== 23 * 60 + 59) window.push(['to', clock(toHour, toMinute)]);
    return {
      duration: obj([['value', numberLiteral(value)], ['unit', quote(unit)]]),
      window,
      name: waitName({ value, unit: unit as 'Minute' }),
    };
  }

  /** Keeps the keys of the tree (first use wins) and makes keys for items that `trigger` calls refer to. */
  #planKeys(): void {
    const nodes = this.#nodes;
    const used = this.#usedKeys;
    const referenced = new Set<number>();
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i] as Activity;
      let headerKey: string | undefined;
      if (i > 0 && a.header !== undefined && typeof a.key === 'string' && a.key !== '' && !used.has(a.key)) {
        headerKey = a.key;
        used.add(headerKey);
      }
      this.#headerKeys.push(headerKey);
      let keys = NO_KEYS;
      for (let j = 0; j < a.nested.length; j++) {
        const key = (a.nested[j] as Item).key;
        if ((i > 0 || this.#rootFits) && typeof key === 'string' && key !== '' && !used.has(key)) {
          if (keys === NO_KEYS) keys = new Array<string | undefined>(a.nested.length).fill(undefined);
          keys[j] = key;
          used.add(key);
        }
      }
      this.#nestedKeys.push(keys);
      if (this.#forms[i] === 'trigger') {
        for (const condition of (a.header as AnyItem)['conditions'] as readonly { sourceItemId: string }[]) {
          const itemId = Number(condition.sourceItemId);
          if (String(itemId) === condition.sourceItemId) referenced.add(itemId);
        }
      }
    }
    if (referenced.size === 0) return;
    // Keys are made in build order, so that they read in the order of the journey; the first item
    // with a referenced id is the one the builder resolves (ids are unique in a valid tree).
    for (let i = this.#rootFits ? 0 : 1; i < nodes.length; i++) {
      const a = nodes[i] as Activity;
      if (i > 0 && a.header !== undefined && referenced.delete(a.header.itemId) && this.#headerKeys[i] === undefined) {
        this.#headerKeys[i] = this.#newKey(a.header);
      }
      for (let j = 0; j < a.nested.length; j++) {
        const item = a.nested[j] as Item;
        if (!referenced.delete(item.itemId)) continue;
        let keys = this.#nestedKeys[i] as (string | undefined)[];
        if (keys === NO_KEYS) {
          keys = new Array<string | undefined>(a.nested.length).fill(undefined);
          this.#nestedKeys[i] = keys;
        }
        if (keys[j] === undefined) keys[j] = this.#newKey(item);
      }
    }
  }

  #newKey(item: Item): string {
    const base = camelIdentifier(item.name ?? '', 'item') ?? camelIdentifier(item.type, 'item') ?? 'item';
    let key = base;
    for (let n = 2; this.#usedKeys.has(key); n++) key = `${base}${n}`;
    this.#usedKeys.add(key);
    return key;
  }

  #names(options: GenerateCodeOptions): void {
    const given = options.exportName;
    if (given !== undefined && !isIdentifier(given)) {
      throw new RangeError(`exportName ${JSON.stringify(given)} is not a valid identifier; use letters, digits, _ or $, not starting with a digit`);
    }
    this.#exportName = given ?? camelIdentifier(this.#journeyTitle, 'journey') ?? 'journey';
    if (['ChainBuilder', 'BranchResult', 'JourneyBuilder', 'JourneyEnd', 'JourneyTree'].includes(this.#exportName)) {
      throw new RangeError(`exportName ${JSON.stringify(this.#exportName)} is the name of an imported type; choose another name`);
    }
    this.#usedNames.add(this.#exportName);
    this.#journeyName = this.#exportName === 'journey' ? this.#freshName('createJourney') : 'journey';
    this.#usedNames.add(this.#journeyName);
  }

  /** The journey's name, or the `name` option for a tree without one; refuses a nameless tree without it. */
  #nameOf(options: GenerateCodeOptions): string {
    const own = this.#tree.settings.name;
    if (typeof own === 'string' && own.trim() !== '') return own;
    const given = options.name;
    if (given === undefined) {
      throw new JourneyBuildError(
        "the journey has no name (a definition parsed without settings?), and journey('') cannot build; " +
          "pass one: generateCode(tree, { name: 'Welcome' })",
        { code: 'empty-name' },
      );
    }
    if (typeof given !== 'string' || given.trim() === '' || given.length > NAME_MAX) {
      throw new RangeError(`name must be 1 to ${NAME_MAX} characters, not blank; got ${JSON.stringify(given)}`);
    }
    return given;
  }

  #freshName(base: string): string {
    let name = base;
    for (let n = 2; this.#usedNames.has(name); n++) name = `${base}${n}`;
    this.#usedNames.add(name);
    return name;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  #journeyCall(): CallDoc {
    const settings = this.#tree.settings as JourneySettings & Readonly<Record<string, unknown>>;
    const entries: Entry[] = [];
    if (settings.target !== undefined && settings.target !== 'contact') entries.push(['target', quote(settings.target)]);
    for (const field of SETTINGS_FIELDS) {
      if (settings[field] !== undefined) entries.push([field, jsonDoc(settings[field])]);
    }
    if (this.#rootFits) {
      const root = this.#rootOptions();
      if (root.length > 0) entries.push(['root', obj(root)]);
    }
    const state = this.#tree.designerState;
    if (state.nextActivityId !== this.#natural.activity || state.nextItemId !== this.#natural.item || state.extra !== undefined) {
      const stateEntries: Entry[] = [
        ['nextActivityId', numberLiteral(state.nextActivityId)],
        ['nextItemId', numberLiteral(state.nextItemId)],
      ];
      if (state.extra !== undefined) stateEntries.push(['extra', jsonDoc(state.extra)]);
      // A stored state behind the ids in use is kept as it is (the builder would raise it).
      if (state.nextActivityId < this.#natural.activity || state.nextItemId < this.#natural.item) stateEntries.push(['exact', 'true']);
      entries.push(['designerState', obj(stateEntries)]);
    }
    const args: Doc[] = [quote(this.#journeyTitle)];
    if (entries.length > 0) args.push(obj(entries));
    return call(this.#journeyName, args);
  }

  /** The `root` options of `journey(name, options)`: the root's parts that differ from the default. */
  #rootOptions(): Entry[] {
    const root = this.#tree.root as Activity;
    const h = root.header as Item;
    const entries: Entry[] = [];
    if (h.itemId !== ROOT_ITEM_ID) entries.push(['itemId', numberLiteral(h.itemId)]);
    if (h.recordId !== undefined && h.recordId !== null) entries.push(['recordId', jsonDoc(h.recordId)]);
    if (h.name !== undefined && h.name !== ROOT_NAME) entries.push(['name', jsonDoc(h.name)]);
    if (h.nameIsSystemDefined !== undefined) entries.push(['nameIsSystemDefined', jsonDoc(h.nameIsSystemDefined)]);
    if (h.description !== undefined) entries.push(['description', jsonDoc(h.description)]);
    if (h.title !== undefined && h.title !== 'Undefined') entries.push(['title', jsonDoc(h.title)]);
    const omit = (['recordId', 'name', 'title'] as const).filter((field) => h[field] === undefined);
    if (omit.length > 0) entries.push(['omit', arr(omit.map(quote))]);
    if (h.extra !== undefined) entries.push(['extra', jsonDoc(h.extra)]);
    if (root.nested.length > 0) {
      entries.push(['nested', arr((root.nested as AnyItem[]).map((item, j) => this.#rawItem(item, (this.#nestedKeys[0] as (string | undefined)[])[j], this.#explicitItem(0, j))))]);
    }
    if (root.extra !== undefined) entries.push(['activityExtra', jsonDoc(root.extra)]);
    if (root.propertiesExtra !== undefined) entries.push(['propertiesExtra', jsonDoc(root.propertiesExtra)]);
    return entries;
  }

  /**
   * Entries that turn the builder's root into the tree's root, for a root that `root` options
   * cannot describe (another id, place or target, or no `bpf_root` header): the designer never
   * writes one, but a parsed definition may hold it.
   */
  #rootPatch(): Entry[] {
    const root = this.#tree.root as Activity;
    const entries: Entry[] = [];
    if (root.id !== ROOT_ACTIVITY_ID) entries.push(['id', quote(root.id)]);
    if (relationOf(root.relation) !== 'Default') entries.push(['relation', quote(root.relation)]);
    if (root.branch !== 0) entries.push(['branch', jsonDoc(root.branch)]);
    if (root.target !== undefined) entries.push(['target', quote(root.target)]);
    const h = root.header;
    const defaultHeader =
      h !== undefined &&
      h.type === 'bpf_root' &&
      h.itemId === 0 &&
      h.recordId === null &&
      h.name === ROOT_NAME &&
      h.nameIsSystemDefined === undefined &&
      h.description === undefined &&
      h.title === 'Undefined' &&
      h.extra === undefined;
    if (!defaultHeader) entries.push(['header', h === undefined ? 'undefined' : this.#itemLiteral(h)]);
    if (root.nested.length > 0) entries.push(['nested', arr(root.nested.map((item) => this.#itemLiteral(item)))]);
    if (root.extra !== undefined) entries.push(['extra', jsonDoc(root.extra)]);
    if (root.propertiesExtra !== undefined) entries.push(['propertiesExtra', jsonDoc(root.propertiesExtra)]);
    return entries;
  }

  /** An item as a model object literal (for the root, which the builder cannot write). */
  #itemLiteral(item: Item): Doc {
    const it = item as AnyItem;
    const entries: Entry[] = [['type', quote(item.type)], ['itemId', numberLiteral(item.itemId)]];
    for (const field of ['recordId', 'name', 'nameIsSystemDefined', 'description', 'title', ...(TYPED_PROPS[item.type] ?? []), 'extra']) {
      if (it[field] !== undefined) entries.push([field, jsonDoc(it[field])]);
    }
    return obj(entries);
  }

  /** The calls of a chain, from its start to its end (or to the fragment that continues it). */
  #chainCalls(start: Start, depth: number, top: boolean): (CallDoc | number)[] {
    const calls: (CallDoc | number)[] = [];
    let current: number | undefined;
    if ('childrenOf' in start) {
      const kids = this.#kids[start.childrenOf] as number[];
      if (kids.length >= 2) return [this.#parallel(start.childrenOf, depth)];
      current = kids[0];
    } else {
      current = start.tile;
    }
    while (current !== undefined) {
      if (calls.length >= CHAIN_MAX) {
        calls.push(call('.$call', [this.#fragment({ tile: current }, top ? 'top' : 'branch')]));
        break;
      }
      const form = this.#forms[current] as Form;
      // Calls without branches are written late (their text depends on nothing planned later).
      calls.push(form === 'trigger' || form === 'split' ? this.#tileCall(current, depth) : current);
      if (form === 'trigger' || form === 'split') break;
      const kids = this.#kids[current] as number[];
      if (kids.length >= 2) {
        calls.push(this.#parallel(current, depth));
        break;
      }
      current = kids[0];
    }
    return calls;
  }

  /** A branch callback, or the name of a fragment when branches are nested deep. */
  #branch(start: Start, depth: number): Doc {
    if (depth + 1 > NEST_MAX) return this.#fragment(start, 'branch');
    return chain('(b) => b', this.#chainCalls(start, depth + 1, false), false, this.#makeTile);
  }

  /** Writes a chain as a named fragment (declared before the journey) and returns its name. */
  #fragment(start: Start, kind: 'top' | 'branch'): string {
    const name = this.#freshName(`${this.#exportName}Part${this.#fragments.length + 1}`);
    const index = this.#fragments.length;
    this.#fragments.push('');
    const head =
      kind === 'top' ? '(b: JourneyBuilder): JourneyEnd => b' : '(b: ChainBuilder): BranchResult => b';
    if (kind === 'top') this.#types.add('JourneyBuilder').add('JourneyEnd');
    else this.#types.add('ChainBuilder').add('BranchResult');
    const doc = chain(head, this.#chainCalls(start, 0, kind === 'top'), true, this.#makeTile);
    this.#fragments[index] = this.#statement(`const ${name} = `, doc);
    return name;
  }

  #parallel(parent: number, depth: number): CallDoc {
    return call('.parallel', (this.#kids[parent] as number[]).map((c) => this.#branch({ tile: c }, depth)));
  }

  /** The name argument of a domain method: `''` when the name is absent (omitted) or raw. */
  #nameArg(i: number): string {
    const name = (this.#nodes[i] as Activity).header?.name;
    return okName(name) ? quote(name) : "''";
  }

  /**
   * Header options every domain method takes: key, explicit ids, a raw name, base fields that
   * differ from the defaults or are absent, the place when it differs from the position, extra.
   */
  #common(i: number, entries: Entry[]): Entry[] {
    const a = this.#nodes[i] as Activity;
    const h = a.header as Item;
    const slot = this.#slots[i] as Slot;
    const key = this.#headerKeys[i];
    if (key !== undefined) entries.push(['key', quote(key)]);
    if (this.#explicitId[i]) entries.push(['id', quote(a.id)]);
    if (this.#explicitItem(i, 0)) entries.push(['itemId', numberLiteral(h.itemId)]);
    if (h.name !== undefined && !okName(h.name)) entries.push(['rawName', quote(h.name)]);
    if (h.nameIsSystemDefined === true) entries.push(['nameIsSystemDefined', 'true']);
    if (h.description !== undefined && h.description !== '') entries.push(['description', quote(h.description)]);
    const omit = omitOf(h, true);
    if (omit.length > 0) entries.push(['omit', arr(omit.map(quote))]);
    if (relationOf(a.relation) !== slot.relation) entries.push(['relation', quote(relationOf(a.relation))]);
    if (a.branch !== slot.branch) entries.push(['branch', jsonDoc(a.branch)]);
    if (h.extra !== undefined) entries.push(['extra', jsonDoc(h.extra)]);
    return entries;
  }

  /** The same for a nested item (`j` counts nested items only); `nameWritten`: the builder writes a name. */
  #nestedCommon(i: number, j: number, entries: Entry[], nameWritten: boolean): Entry[] {
    const a = this.#nodes[i] as Activity;
    const item = a.nested[j] as Item;
    const key = (this.#nestedKeys[i] as (string | undefined)[])[j];
    if (key !== undefined) entries.push(['key', quote(key)]);
    if (this.#explicitItem(i, j + (a.header === undefined ? 0 : 1))) entries.push(['itemId', numberLiteral(item.itemId)]);
    if (item.nameIsSystemDefined === true) entries.push(['nameIsSystemDefined', 'true']);
    if (item.description !== undefined && item.description !== '') entries.push(['description', quote(item.description)]);
    const omit = omitOf(item, nameWritten);
    if (omit.length > 0) entries.push(['omit', arr(omit.map(quote))]);
    if (item.extra !== undefined) entries.push(['extra', jsonDoc(item.extra)]);
    return entries;
  }

  /** Writes the call of a tile without branches (for chains that make their calls late). */
  readonly #makeTile = (i: number): CallDoc => this.#tileCall(i, 0);

  #tileCall(i: number, depth: number): CallDoc {
    const a = this.#nodes[i] as Activity;
    const h = a.header as AnyItem;
    const name = this.#nameArg(i);
    switch (this.#forms[i]) {
      case 'segment': {
        const include: Doc[] = [];
        const exclude: Doc[] = [];
        (a.nested as AnyItem[]).forEach((item, j) => {
          const entries: Entry[] = [['id', quote(item.recordId as string)]];
          if (item['segmentName'] !== undefined) entries.push(['name', quote(item['segmentName'] as string)]);
          if (item['displayName'] !== undefined) entries.push(['displayName', quote(item['displayName'] as string)]);
          if (item['sourceType'] !== 'Segment') entries.push(['sourceType', quote(item['sourceType'] as string)]);
          const nameWritten = (item['displayName'] ?? item['segmentName']) !== undefined;
          (item['containment'] === 'Inclusion' ? include : exclude).push(obj(this.#nestedCommon(i, j, entries, nameWritten)));
        });
        const entries: Entry[] = [];
        if (include.length > 0) entries.push(['include', arr(include)]);
        if (exclude.length > 0) entries.push(['exclude', arr(exclude)]);
        if (h['mergeMethod'] !== 'Union') entries.push(['merge', quote(h['mergeMethod'] as string)]);
        if (h['containment'] !== undefined) entries.push(['containment', quote(h['containment'] as string)]);
        return call('.segment', [name, obj(this.#common(i, entries))]);
      }
      case 'email': {
        const entries: Entry[] = [['emailId', quote(h.recordId as string)]];
        this.#common(i, entries);
        if (a.nested.length > 0) {
          const nested = a.nested.map((item, j) => {
            const content: Entry[] = [['type', quote(item.type)], ['id', noRecord(item.recordId) ? 'null' : quote(item.recordId as string)]];
            if (item.name !== undefined) content.push(['name', quote(item.name)]);
            return obj(this.#nestedCommon(i, j, content, false));
          });
          entries.push(['nested', arr(nested)]);
        }
        return call('.email', [name, obj(entries)]);
      }
      case 'wait': {
        const wait = this.#waitParts(h);
        const entries: Entry[] = [['duration', wait.duration]];
        if (wait.window.length > 0) entries.push(['window', obj(wait.window)]);
        const options = obj(this.#common(i, entries));
        return call('.wait', h.name === wait.name ? [options] : [name, options]);
      }
      case 'trigger': {
        const conditions = (h['conditions'] as readonly { sourceItemId: string; condition: string; extra?: JsonObject }[]).map((c) => {
          const key = this.#keyOfItem(c.sourceItemId);
          const entries: Entry[] = [key === undefined ? ['sourceItemId', quote(c.sourceItemId)] : ['source', quote(key)], ['condition', quote(c.condition)]];
          if (c.extra !== undefined) entries.push(['extra', jsonDoc(c.extra)]);
          return obj(entries);
        });
        const entries: Entry[] = [['conditions', arr(conditions)]];
        if (h['ruleLogic'] !== 'AND') entries.push(['logic', quote(h['ruleLogic'] as string)]);
        entries.push(['timeout', obj([['value', numberLiteral(h['timeoutValue'] as number)], ['unit', quote(h['timeoutUnit'] as string)]])]);
        const branches: Entry[] = [];
        (this.#kids[i] as number[]).forEach((c, k) => {
          if (this.#forms[c] !== 'placeholder') branches.push([k === 0 ? 'yes' : 'no', this.#branch({ tile: c }, depth)]);
        });
        const args: Doc[] = [name, obj(this.#common(i, entries))];
        if (branches.length > 0) args.push(obj(branches));
        return call('.trigger', args);
      }
      case 'split': {
        const branches = (this.#kids[i] as number[]).map((c) => {
          const child = this.#nodes[c] as Activity;
          const entries = this.#common(c, [['name', this.#nameArg(c)]]);
          if ((this.#kids[c] as number[]).length > 0) entries.push(['then', this.#branch({ childrenOf: c }, depth)]);
          return obj(entries);
        });
        const options = this.#common(i, []);
        return call('.split', options.length > 0 ? [name, arr(branches), obj(options)] : [name, arr(branches)]);
      }
      case 'activity': {
        const type = h['activityType'] as string;
        const entries: Entry[] = [['activityType', quote(type)]];
        if (!noRecord(h.recordId)) entries.push(['templateId', quote(h.recordId as string)]);
        if (h['templateEntity'] !== (TEMPLATE_ENTITIES[type] ?? `msdyncrm_${type}activitymarketingtemplate`)) entries.push(['templateEntity', quote(h['templateEntity'] as string)]);
        if (h['owner'] !== JOURNEY_OWNER) entries.push(['owner', quote(h['owner'] as string)]);
        return call('.activity', [name, obj(this.#common(i, entries))]);
      }
      case 'record': {
        const [method, option] = RECORD_METHODS[a.type] as readonly [string, string | undefined];
        const entries = this.#common(i, option === undefined ? [] : [[option, quote(h.recordId as string)]]);
        return call(`.${method}`, entries.length > 0 || option !== undefined ? [name, obj(entries)] : [name]);
      }
      default:
        return this.#custom(i);
    }
  }

  #keyOfItem(sourceItemId: string): string | undefined {
    if (this.#itemKeys === undefined) {
      const keys = new Map<string, string>();
      this.#nodes.forEach((a, i) => {
        const headerKey = this.#headerKeys[i];
        if (a.header !== undefined && headerKey !== undefined) keys.set(String(a.header.itemId), headerKey);
        a.nested.forEach((item, j) => {
          const key = (this.#nestedKeys[i] as (string | undefined)[])[j];
          if (key !== undefined) keys.set(String(item.itemId), key);
        });
      });
      this.#itemKeys = keys;
    }
    return this.#itemKeys.get(sourceItemId);
  }

  #itemKeys: Map<string, string> | undefined;

  /** Typed properties of an item as `fields`, or `undefined` when it has none. */
  #fields(item: AnyItem): Doc | undefined {
    const entries: Entry[] = [];
    for (const field of TYPED_PROPS[item.type] ?? []) {
      if (item[field] !== undefined) entries.push([field, jsonDoc(item[field])]);
    }
    return entries.length === 0 ? undefined : obj(entries);
  }

  /** A nested item in the raw form of `custom` (base fields written only when present). */
  #rawItem(item: AnyItem, key: string | undefined, explicit: boolean): Doc {
    const entries: Entry[] = [['type', quote(item.type)]];
    if (explicit) entries.push(['itemId', numberLiteral(item.itemId)]);
    for (const field of ['recordId', 'name', 'nameIsSystemDefined', 'description', 'title'] as const) {
      if (item[field] !== undefined) entries.push([field, jsonDoc(item[field])]);
    }
    if (key !== undefined) entries.push(['key', quote(key)]);
    const fields = this.#fields(item);
    if (fields !== undefined) entries.push(['fields', fields]);
    if (item.extra !== undefined) entries.push(['extra', jsonDoc(item.extra)]);
    return obj(entries);
  }

  /** The raw form: any tile, known or not, with every part as it is. */
  #custom(i: number): CallDoc {
    const a = this.#nodes[i] as Activity;
    const slot = this.#slots[i] as Slot;
    const h = a.header as AnyItem | undefined;
    const entries: Entry[] = [];
    let name = a.type;
    const nested: Doc[] = [];
    if (h === undefined || h.type !== a.type) {
      // No header, or one of another type: every item is written raw.
      entries.push(['header', 'false']);
      if (!okName(name)) entries.push(['omit', arr([quote('name')])]);
      if (h !== undefined) nested.push(this.#rawItem(h, this.#headerKeys[i], this.#explicitItem(i, 0)));
    } else {
      const omit: string[] = [];
      if (h.name === undefined) {
        name = '';
        omit.push('name');
      } else if (!okName(h.name)) {
        // A name the builder's check refuses (empty, blank, too long) is written raw.
        name = '';
        entries.push(['rawName', quote(h.name)]);
      } else {
        name = h.name;
      }
      if (h.recordId === undefined) omit.push('recordId');
      else if (h.recordId !== null) entries.push(['recordId', quote(h.recordId)]);
      if (h.nameIsSystemDefined === undefined) omit.push('nameIsSystemDefined');
      if (h.description === undefined) omit.push('description');
      if (h.title === undefined) omit.push('title');
      else if (h.title !== 'Undefined') entries.push(['title', quote(h.title)]);
      const fields = this.#fields(h);
      if (fields !== undefined) entries.push(['fields', fields]);
      if (omit.length > 0) entries.push(['omit', arr(omit.map(quote))]);
      const key = this.#headerKeys[i];
      if (key !== undefined) entries.push(['key', quote(key)]);
    }
    if (this.#explicitId[i]) entries.push(['id', quote(a.id)]);
    if (h !== undefined && h.type === a.type) {
      if (this.#explicitItem(i, 0)) entries.push(['itemId', numberLiteral(h.itemId)]);
      if (h.nameIsSystemDefined === true) entries.push(['nameIsSystemDefined', 'true']);
      if (h.description !== undefined && h.description !== '') entries.push(['description', quote(h.description)]);
      if (h.extra !== undefined) entries.push(['extra', jsonDoc(h.extra)]);
    }
    const offset = h === undefined ? 0 : 1;
    (a.nested as AnyItem[]).forEach((item, j) => {
      nested.push(this.#rawItem(item, (this.#nestedKeys[i] as (string | undefined)[])[j], this.#explicitItem(i, j + offset)));
    });
    if (nested.length > 0) entries.push(['nested', arr(nested)]);
    if (a.target === undefined) entries.push(['target', 'null']);
    else if (a.target !== this.#target) entries.push(['target', quote(a.target)]);
    if (relationOf(a.relation) !== slot.relation) entries.push(['relation', quote(relationOf(a.relation))]);
    if (a.branch !== slot.branch) entries.push(['branch', jsonDoc(a.branch)]);
    if (a.extra !== undefined) entries.push(['activityExtra', jsonDoc(a.extra)]);
    if (a.propertiesExtra !== undefined) entries.push(['propertiesExtra', jsonDoc(a.propertiesExtra)]);
    const args: Doc[] = [quote(a.type), quote(name)];
    if (entries.length > 0) args.push(obj(entries));
    return call('.custom', args);
  }
}
