/**
 * Messages that quote journeys and tiles: long names are cut, and trigger sources are named by
 * their tile and key rather than by item ids.
 */
import { describe, expect, it } from 'vitest';
import {
  describeFault,
  formatValidationResult,
  journey,
  JourneyBuildError,
  MAX_QUOTED_NAME_LENGTH,
  truncateName,
  validateJourney,
} from '../src/index.js';

const SEGMENT = { include: [{ id: '51d2115b-544a-e911-a873-000d3a1fe344', displayName: 'Customers' }] };
const EMAIL = '184e5a1a-464a-e911-a873-000d3a1fe344';
const PAGE = '46dece00-464a-e911-a873-000d3a1fe344';
const DAY = { value: 1, unit: 'Day' } as const;

describe('truncateName', () => {
  it('keeps names of up to 80 characters, cuts longer ones to 80 ending in an ellipsis', () => {
    expect(MAX_QUOTED_NAME_LENGTH).toBe(80);
    expect(truncateName('Welcome')).toBe('Welcome');
    expect(truncateName('a'.repeat(80))).toBe('a'.repeat(80));
    const cut = truncateName('a'.repeat(81));
    expect(cut).toBe(`${'a'.repeat(79)}…`);
    expect(Array.from(cut)).toHaveLength(80);
    expect(truncateName('Spring campaign', 8)).toBe('Spring …');
  });

  it('counts code points, so an emoji is never split', () => {
    const name = '🎉'.repeat(100); // 200 UTF-16 units, 100 characters
    expect(truncateName(name)).toBe(`${'🎉'.repeat(79)}…`);
    expect(truncateName('🎉'.repeat(80))).toBe('🎉'.repeat(80));
  });
});

describe('long names in build errors', () => {
  it('a tile deep in a branch: the message cuts every name of its path, the error keeps them whole', () => {
    const long = 'Reminder for everyone who opened the invitation but did not register for the spring summit';
    expect(long.length).toBeGreaterThan(80); // and at most 100: a valid name
    const build = () =>
      journey('J', { target: 'contact' })
        .segment('Customers', SEGMENT)
        .email('Invitation', { emailId: EMAIL, key: 'invite' })
        .trigger('Opened?', { conditions: [{ source: 'invite', condition: 'UserRegistered' }], timeout: DAY }, {
          no: (n) => n.email(long, { emailId: EMAIL }).email('Last call', { emailId: 'not-a-guid' }),
        })
        .build();
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JourneyBuildError);
    const e = error as JourneyBuildError;
    expect(e.message).toBe(
      `Email "Last call" (Customers › Invitation › Opened? › ${truncateName(long)} › Last call): emailId "not-a-guid" is not a GUID; expected 8-4-4-4-12 hex digits, e.g. 184e5a1a-464a-e911-a873-000d3a1fe344`,
    );
    expect(e.message).not.toContain(long);
    expect(e.path).toStrictEqual(['Customers', 'Invitation', 'Opened?', long, 'Last call']);
  });

  it('a journey whose name is too long is quoted cut in the error', () => {
    const name = 'Quarterly newsletter for the customers of the northern region, '.repeat(2);
    expect(() => journey(name, { target: 'contact' }).build()).toThrow(`Journey "${truncateName(name)}": name has ${name.length} characters; at most 100 are allowed`);
  });
});

describe('trigger sources in Check for Errors messages', () => {
  /** A journey whose trigger reacts to the given key (built as written: the check finds the problem). */
  const withSource = (source: string) =>
    journey('Sources', { target: 'contact' })
      .segment('Customers', { ...SEGMENT, include: [{ ...SEGMENT.include[0]!, key: 'audience' }] })
      .email('Invitation', { emailId: EMAIL, key: 'invite', nested: [{ type: 'LandingPage', id: PAGE, name: 'Event page', key: 'page' }] })
      .trigger('Registered?', { conditions: [{ source, condition: 'UserRegistered' }], timeout: DAY }, {
        yes: (y) => y.email('Thank you', { emailId: EMAIL, key: 'thanks' }),
        no: (n) => n.trigger('Thanked?', { conditions: [{ source: 'thanks', condition: 'UserRegistered' }], timeout: DAY }),
      })
      .build();

  it('a source that is not above the trigger is named by its tile and key', () => {
    const tree = withSource('page');
    const text = formatValidationResult(tree, validateJourney(tree));
    expect(text.split('\n')).toContain(
      'Error ErrorTriggerSourceNotEarlier at Customers › Invitation › Registered? › Thanked?: The condition "UserRegistered" refers to the Email "Thank you" (key "thanks"), which is not above the trigger on its path from the root; a trigger can only react to earlier tiles.',
    );
    expect(text).not.toMatch(/refers to item \d+ of tile/);
  });

  it('a nested item and a segment are named with the tile that holds them', () => {
    const tree = withSource('audience');
    const [finding] = validateJourney(tree).ActivityValidationResults.filter((f) => f.Fault === 'WarningTriggerSourceNotInteractive');
    expect(finding).toBeDefined();
    expect(describeFault(finding!, tree)).toBe(
      'The condition "UserRegistered" refers to the SegmentItem "Customers" (key "audience") of Segment "Customers", which contacts do not interact with; react to an email, page, form, event or survey instead.',
    );
  });

  it('a missing source lists the earlier items that could be one, by name and key', () => {
    const tree = withSource('page');
    // As the service would send it: a condition pointing at item 99, items 3 and 4 above the trigger.
    const finding = { ActivityId: '01_0_1_2', Fault: 'ErrorTriggerSourceNotFound', Result: 'Error' as const, ErrorMessageArguments: ['99', 'UserRegistered', '3,4'] };
    expect(describeFault(finding, tree)).toBe(
      'The condition "UserRegistered" refers to item "99", which does not exist; earlier items that can be a source: the Email "Invitation" (key "invite"), the LandingPage "Event page" (key "page") of Email "Invitation".',
    );
  });

  it('without the journey, the message keeps the ids the finding holds', () => {
    const finding = { ActivityId: '01_2', Fault: 'ErrorTriggerSourceNotEarlier', Result: 'Error' as const, ErrorMessageArguments: ['13', '01_0_1_2_6_7_8_10', 'UserRegistered'] };
    expect(describeFault(finding)).toBe(
      'The condition "UserRegistered" refers to item 13 of tile "01_0_1_2_6_7_8_10", which is not above the trigger on its path from the root; a trigger can only react to earlier tiles.',
    );
  });
});
