import { describe, expect, it } from 'vitest';
import type { Activity, Item, JourneyTree, Relation } from '../src/model.js';
import { formatValidationResult, validateJourney } from '../src/validate/index.js';

// Large and deep hand-built journeys: the check must be iterative and linear.

const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';

interface Counters {
  activity: number;
  item: number;
}

function header(type: string, c: Counters, props: Record<string, unknown> = {}): Item {
  return { type, itemId: c.item++, recordId: null, name: type, ...props } as Item;
}

function act(
  type: string,
  parent: string,
  c: Counters,
  h: Item | undefined,
  children: Activity[] = [],
  nested: Item[] = [],
  relation: Relation = 'Default',
): Activity {
  const a = { type, id: `${parent}_${c.activity++}`, relation, branch: 0, target: 'contact', nested, children } as {
    -readonly [K in keyof Activity]: Activity[K];
  };
  if (h !== undefined) a.header = h;
  return a;
}

/**
 * root → Segment → `depth` emails in a chain (each with a nested page) → a trigger that reacts to
 * item `source` (by default the first email's header, item 3), with empty yes/no placeholders.
 * Built bottom-up with a loop: ids are chosen top-down first.
 */
function chain(depth: number, source = '3'): JourneyTree {
  const c: Counters = { activity: 1, item: 1 };
  const segHeader = header('Segment', c, { name: 'Customers' }); // 1
  const segItem = header('SegmentItem', c, { recordId: SEGMENT }); // 2
  const ids: string[] = [];
  const emailHeaders: Item[] = [];
  const pages: Item[] = [];
  let parentId = '01_0';
  for (let i = 0; i < depth; i++) {
    parentId = `${parentId}_${c.activity++}`;
    ids.push(parentId);
    emailHeaders.push(header('Email', c, { name: `Email ${i}`, recordId: EMAIL }));
    pages.push(header('LandingPage', c, { recordId: PAGE }));
  }
  const trigger = act('Trigger', parentId, c, header('Trigger', c, { name: 'Registered?', conditions: [{ sourceItemId: source, condition: 'UserRegistered' }] }));
  const yes = act('empty', trigger.id, c, undefined, [], [], 'YesBranch');
  const no = { ...act('empty', trigger.id, c, undefined, [], [], 'NoBranch'), branch: 1 };
  let below: Activity = { ...trigger, children: [yes, no] };
  for (let i = depth - 1; i >= 0; i--) {
    below = {
      type: 'Email',
      id: ids[i] as string,
      relation: 'Default',
      branch: 0,
      target: 'contact',
      header: emailHeaders[i] as Item,
      nested: [pages[i] as Item],
      children: [below],
    };
  }
  const segment: Activity = {
    type: 'Segment',
    id: '01_0',
    relation: 'Default',
    branch: 0,
    target: 'contact',
    header: segHeader,
    nested: [segItem],
    children: [below],
  };
  const root = {
    type: 'bpf_root',
    id: '01',
    relation: 'Default',
    branch: 0,
    header: { type: 'bpf_root', itemId: 0, recordId: null },
    nested: [],
    children: [segment],
  } as const satisfies Activity<'bpf_root'>;
  return {
    settings: { name: 'Deep', target: 'contact' },
    root,
    designerState: { nextActivityId: c.activity, nextItemId: c.item },
  };
}

/** A wide and deep journey of about `n` tiles: segment groups, each with chains of emails and triggers. */
function large(n: number): { tree: JourneyTree; tiles: number } {
  const c: Counters = { activity: 0, item: 1 };
  const entries: Activity[] = [];
  let tiles = 1;
  while (tiles < n) {
    const segHeader = header('Segment', c, { name: `Segment ${entries.length}` });
    const segItem = header('SegmentItem', c, { recordId: SEGMENT });
    const segId = `01_${c.activity++}`;
    // Segment → Email (with page) → Trigger on the page → yes: Scheduler → Email; no: Email.
    const emailId = `${segId}_${c.activity++}`;
    const emailHeader = header('Email', c, { recordId: EMAIL, name: 'Invite' });
    const page = header('LandingPage', c, { recordId: PAGE });
    const trigger = act('Trigger', emailId, c, header('Trigger', c, { conditions: [{ sourceItemId: String(page.itemId), condition: 'UserRegistered' }] }));
    const wait = act('Scheduler', trigger.id, c, header('Scheduler', c), [], [], 'YesBranch');
    const thanks = act('Email', wait.id, c, header('Email', c, { recordId: EMAIL }));
    const reminder = act('Email', trigger.id, c, header('Email', c, { recordId: EMAIL }), [], [], 'NoBranch');
    const t = { ...trigger, children: [{ ...wait, children: [thanks] }, { ...reminder, branch: 1 }] } as Activity;
    const email = { type: 'Email', id: emailId, relation: 'Default', branch: 0, target: 'contact', header: emailHeader, nested: [page], children: [t] } as Activity;
    entries.push({ type: 'Segment', id: segId, relation: 'Default', branch: entries.length, target: 'contact', header: segHeader, nested: [segItem], children: [email] } as Activity);
    tiles += 6;
  }
  const root = { type: 'bpf_root', id: '01', relation: 'Default', branch: 0, header: { type: 'bpf_root', itemId: 0 }, nested: [], children: entries } as unknown as JourneyTree['root'];
  return { tree: { settings: { name: 'Large', target: 'contact' }, root, designerState: { nextActivityId: c.activity, nextItemId: c.item } }, tiles };
}

describe('validateJourney on deep and large journeys', () => {
  it('validates a 5,000-deep chain without overflowing the stack', () => {
    const tree = chain(5000);
    expect(validateJourney(tree)).toStrictEqual({ Result: 'Valid', ActivityValidationResults: [] });
  });

  it('finds a trigger deep in a 5,000-deep chain that reacts to a later item, and formats its long path', () => {
    const tree = chain(5000, '999999');
    const result = validateJourney(tree);
    expect(result.Result).toBe('Error');
    expect(result.ActivityValidationResults).toHaveLength(1);
    const f = result.ActivityValidationResults[0];
    expect(f?.Fault).toBe('ErrorTriggerSourceNotFound');
    // The listed earlier sources are the nearest ones, capped.
    expect(f?.ErrorMessageArguments[2]?.split(',')).toHaveLength(20);
    const text = formatValidationResult(tree, result);
    expect(text).toMatch(/^Error ErrorTriggerSourceNotFound at Customers › Email 0 › Email 1 › .* › Email 4999 › Registered\?: /m);
  });

  it('validates a journey of 10,000 tiles', () => {
    const { tree, tiles } = large(10_000);
    expect(tiles).toBeGreaterThanOrEqual(10_000);
    expect(validateJourney(tree, { definitionLength: 3_000_000 })).toStrictEqual({
      Result: 'Error',
      ActivityValidationResults: [{ ActivityId: '', Fault: 'ErrorDefinitionTooLong', Result: 'Error', ErrorMessageArguments: ['3000000', '1048576'] }],
    });
    expect(validateJourney(tree)).toStrictEqual({ Result: 'Valid', ActivityValidationResults: [] });
  });
});
