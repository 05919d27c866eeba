/**
 * Wiring, not fidelity: the emulator's `msdyncrm_CustomerJourneyValidate` runs the client's own
 * `checkJourney`, so comparing its answer with a local `checkJourney` cannot catch a wrong rule. What
 * these tests do prove is the path between the two: the client turns each journey into the
 * `FieldValue*` request, the emulator reads every key it needs back into a journey (settings, the
 * definition, the stored designer state of a saved one), and the `ValidationResult` string parses back
 * into the same result. One journey per rule that breaks it, so a key lost on the way shows up.
 *
 * What the service itself answers is pinned by `validate-published.test.ts`, against the published
 * sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJourney, createJourneyClient, type JourneyClient } from '@customer-journey/client';
import { edit, journey, type JourneyTree } from '@customer-journey/dsl';
import { startEmulator, type Emulator } from '../src/index.js';

const SEGMENT = '51d2115b-544a-e911-a873-000d3a1fe344';
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';

const valid = journey('Event invitation', { target: 'contact', start: '2026-02-01T09:00:00Z', end: '2026-03-01T09:00:00Z' })
  .segment('Customers', { include: [{ id: SEGMENT, name: 'customers' }] })
  .email('Invitation', { emailId: EMAIL, nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
  .trigger('Registered?', { conditions: [{ source: 'page', condition: 'UserRegistered' }], timeout: { value: 5, unit: 'Day' } }, {
    yes: (b) => b.split('A/B', [{ name: 'A', then: (s) => s.email('Thanks A', { emailId: EMAIL }) }, { name: 'B' }]),
    no: (b) => b.email('Reminder', { emailId: EMAIL }),
  })
  .build();

type DraftTree = Parameters<Parameters<typeof edit>[1]>[0];
type DraftTile = DraftTree['root']['children'][number];

/** A tile of the draft, by its path of child indexes from the root. */
const at = (draft: DraftTree, ...path: number[]): DraftTile => {
  let tile = draft.root as unknown as DraftTile;
  for (const i of path) tile = tile.children[i]!;
  return tile;
};
/** The conditions of the trigger at `path`. */
const conditionsAt = (draft: DraftTree, ...path: number[]) =>
  (at(draft, ...path).header as unknown as { conditions: { sourceItemId: string }[] }).conditions;

const cases: Record<string, JourneyTree> = {
  'a valid journey': valid,
  'a recurring journey whose end leaves no room for its iterations': edit(valid, (d) => {
    d.settings = { ...d.settings, start: '2019-02-08T11:48:00Z', end: '2019-03-08T11:48:00Z', recurrence: { intervalDays: 30, count: 3 } };
  }),
  'a recurring journey without interval or count': edit(valid, (d) => {
    d.settings = { ...d.settings, isRecurring: true };
  }),
  'a segment group without segments': edit(valid, (d) => {
    at(d, 0).nested = [];
  }),
  'an email without its email': edit(valid, (d) => {
    at(d, 0, 0).header!.recordId = null;
  }),
  'a trigger whose condition source does not exist': edit(valid, (d) => {
    conditionsAt(d, 0, 0, 0)[0]!.sourceItemId = '999';
  }),
  'a trigger whose condition source comes later': edit(valid, (d) => {
    const later = String(at(d, 0, 0, 0, 1).header!.itemId);
    conditionsAt(d, 0, 0, 0)[0]!.sourceItemId = later;
  }),
  'a trigger branch that is neither yes nor no': edit(valid, (d) => {
    at(d, 0, 0, 0, 1).relation = 'Default';
  }),
  'a splitter with one branch': edit(valid, (d) => {
    at(d, 0, 0, 0, 0).children.pop();
  }),
  'a name over 100 characters': edit(valid, (d) => {
    d.settings = { ...d.settings, name: 'x'.repeat(101) };
  }),
  'an end before the start': edit(valid, (d) => {
    d.settings = { ...d.settings, end: '2026-01-01T09:00:00Z' };
  }),
  'a journey without an entry tile': edit(valid, (d) => {
    d.root.children = [];
  }),
  'a tile type nobody knows (a warning)': journey('Custom channel', { target: 'contact' })
    .segment('Customers', { include: [{ id: SEGMENT }] })
    .custom('contoso_SmsChannel', 'Text message', { recordId: EMAIL, activityExtra: { ChannelVersion: 2 } })
    .build(),
};

let emulator: Emulator;
let client: JourneyClient;
beforeAll(async () => {
  emulator = await startEmulator();
  client = createJourneyClient({ orgUrl: emulator.url, getToken: () => 'agreement-token' });
});
afterAll(() => emulator.close());

describe('wiring: the validate action carries each journey to checkJourney and its result back', () => {
  for (const [name, tree] of Object.entries(cases)) {
    it(`${name}: the client's request reaches the same check`, async () => {
      const local = checkJourney(tree);
      expect(await client.validate(tree)).toEqual(local);
      if (name === 'a valid journey') expect(local.Result).toBe('Valid');
      else expect(local.ActivityValidationResults.length).toBeGreaterThan(0);
    });
  }

  it('designer-state counters behind the ids, on a saved journey: the stored designer state is used (the action takes none)', async () => {
    // edit() would raise the counters again, so the lagging state is set directly.
    const behind: JourneyTree = { ...valid, designerState: { nextActivityId: 1, nextItemId: 1 } };
    const local = checkJourney(behind);
    expect(local.ActivityValidationResults.map((r) => r.Fault)).toEqual([
      'ErrorDesignerStateActivityCounterBehind',
      'ErrorDesignerStateItemCounterBehind',
    ]);
    const id = await client.create(behind);
    expect(await client.validate(id)).toEqual(local);
  });

  it('a saved journey validated by id: the stored record reaches the same check', async () => {
    const broken = cases['a segment group without segments']!;
    const id = await client.create(broken);
    expect(await client.validate(id)).toEqual(checkJourney(broken));
  });
});
