/**
 * Shared pieces of the client tests: journeys to push, a clock that never waits, a `fetch` that
 * records what goes over the wire (it calls the real `fetch`), and the client/emulator pairing.
 */
import type { Activity, JourneySettings, JourneyTree, RootActivity } from '@customer-journey/dsl';
import { createJourneyClient, type Clock, type JourneyClient, type JourneyClientBaseOptions } from '../src/index.js';

/** A deterministic GUID for test data: `n` in the last group. */
export const testGuid = (prefix: string, n: number): string =>
  `${prefix.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A journey that passes Check for Errors: a segment group with one segment, then an email.
 * `n` varies the record ids so that journeys differ in content as well as in name.
 */
export function sampleJourney(name: string, n = 1, settings: Partial<JourneySettings> = {}): JourneyTree {
  const email: Activity = {
    type: 'Email',
    id: '01_1',
    relation: 'Default',
    branch: 0,
    target: 'contact',
    header: { type: 'Email', itemId: 3, recordId: testGuid('e0000000', n), name: `Email ${n}`, nameIsSystemDefined: false, description: '', title: 'Undefined' },
    nested: [],
    children: [],
  };
  const segment: Activity = {
    type: 'Segment',
    id: '01_0',
    relation: 'Default',
    branch: 0,
    target: 'contact',
    header: { type: 'Segment', itemId: 1, recordId: null, name: 'Segment group', description: '', title: 'Undefined', mergeMethod: 'Union' } as Activity['header'],
    nested: [
      {
        type: 'SegmentItem',
        itemId: 2,
        recordId: testGuid('5e000000', n),
        name: `Segment ${n}`,
        description: '',
        title: 'Undefined',
        containment: 'Inclusion',
        sourceType: 'Segment',
        segmentName: `segment_${n}`,
        displayName: `Segment ${n}`,
      } as Activity['nested'][number],
    ],
    children: [email],
  };
  const root: RootActivity = {
    type: 'bpf_root',
    id: '01',
    relation: 'Default',
    branch: 0,
    header: { type: 'bpf_root', itemId: 0, recordId: null, name: 'New ActivityTypeName_bpf_root_TitleText', nameIsSystemDefined: true, description: '', title: 'Undefined' },
    nested: [],
    children: [segment],
  };
  return {
    settings: { name, target: 'contact', ...settings },
    root,
    designerState: { nextActivityId: 2, nextItemId: 4 },
  };
}

/** A journey that Check for Errors refuses: a segment group without segments. */
export function brokenJourney(name: string): JourneyTree {
  const tree = sampleJourney(name);
  const segment = tree.root.children[0]!;
  return { ...tree, root: { ...tree.root, children: [{ ...segment, nested: [] }] } };
}

/** A clock whose sleeps return at once and are recorded. */
export function instantClock(): Clock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      await Promise.resolve();
    },
  };
}

/** One request as the wrapped fetch saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  status?: number;
}

/** The real fetch, with every request recorded (headers lower-cased). */
export function observedFetch(): { readonly fetch: typeof globalThis.fetch; readonly seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const wrapped: typeof globalThis.fetch = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const entry: SeenRequest = {
      method: init?.method ?? 'GET',
      url: input instanceof Request ? input.url : String(input),
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    seen.push(entry);
    const response = await globalThis.fetch(input, init);
    entry.status = response.status;
    return response;
  };
  return { fetch: wrapped, seen };
}

/** The token every test client sends (and that must never appear in error text). */
export const TEST_TOKEN = 'test-token-5f1c9d2e8a7b4c3d';

/** A client for an emulator at `url` that never waits between retries. */
export function clientFor(
  url: string,
  options: Partial<JourneyClientBaseOptions> & { getToken?: () => string } = {},
): JourneyClient & { readonly clock: ReturnType<typeof instantClock> } {
  const clock = instantClock();
  const { getToken, ...rest } = options;
  const client = createJourneyClient({
    orgUrl: url,
    getToken: getToken ?? (() => TEST_TOKEN),
    clock,
    ...rest,
  });
  return Object.assign(client, { clock });
}
