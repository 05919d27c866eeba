import { describe, expect, it } from 'vitest';
import { JourneyFormatError, parseDesignerState, parseWorkflowDefinition } from '@customer-journey/client';
import { fixture } from './codec-arbitraries.js';

type Wire = Record<string, unknown> & { Properties: { Items: Record<string, unknown>[] } };

/** The WD sample as objects, to break in one place. */
const wd = (): Wire[] => JSON.parse(fixture('wd.json')) as Wire[];
const blog = (): Wire[] => JSON.parse(fixture('blog.json')) as Wire[];

function failure(run: () => unknown): JourneyFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(JourneyFormatError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('JourneyFormatError');
    return error as JourneyFormatError;
  }
  throw new Error('expected a JourneyFormatError');
}

function expectError(input: string | unknown[], path: string, message: RegExp): JourneyFormatError {
  const error = failure(() => parseWorkflowDefinition(input as string));
  expect(error.path).toBe(path);
  expect(error.message).toMatch(message);
  expect(error.message.startsWith(`${path}: ${error.reason}`)).toBe(true);
  return error;
}

describe('JourneyFormatError', () => {
  it('carries path, reason and what would be valid', () => {
    const error = new JourneyFormatError('$[3].Properties.Items[0].ActivityItemId', 'ActivityItemId is missing', 'a non-negative integer');
    expect(error.name).toBe('JourneyFormatError');
    expect(error.path).toBe('$[3].Properties.Items[0].ActivityItemId');
    expect(error.reason).toBe('ActivityItemId is missing');
    expect(error.message).toBe('$[3].Properties.Items[0].ActivityItemId: ActivityItemId is missing; expected a non-negative integer');
  });
});

describe('parseWorkflowDefinition errors', () => {
  it('text that is not JSON, with the position', () => {
    const error = expectError('[{"ActivityTypeId":"bpf_root",}]', '$', /not valid JSON at position 30/);
    expect(error.position).toBe(30);
    expect(error.expected).toBe('JSON text');
  });

  it('truncated JSON', () => {
    const text = fixture('wd.json').slice(0, 100);
    const error = expectError(text, '$', /not valid JSON/);
    expect(error.position).toBeTypeOf('number');
  });

  it('JSON that is not an array', () => {
    expectError('{"ActivityTypeId":"bpf_root"}', '$', /the workflow definition is an object; expected a JSON array of activity objects/);
    expectError('null', '$', /is null; expected a JSON array/);
    expectError(null as unknown as string, '$', /is null; expected a JSON array/);
  });

  it('an element that is not an object', () => {
    const list: unknown[] = wd();
    list.splice(1, 0, 'Segment');
    expectError(list, '$[1]', /element is the string "Segment".*expected an activity object/);
  });

  it('a missing activity field', () => {
    const list = wd();
    delete list[2]!['ActivityId'];
    expectError(list, '$[2].ActivityId', /ActivityId is missing; expected a non-empty string unique within the definition/);
  });

  it('a missing Properties', () => {
    const list = wd();
    delete (list[1] as Record<string, unknown>)['Properties'];
    expectError(list, '$[1].Properties', /Properties is missing; expected an object with an Items array/);
  });

  it('Items that is not an array', () => {
    const list = wd();
    (list[1]!.Properties as Record<string, unknown>)['Items'] = {};
    expectError(list, '$[1].Properties.Items', /Items is an object.*expected an array of item objects/);
  });

  it('a missing ActivityItemId', () => {
    const list = wd();
    delete list[1]!.Properties.Items[1]!['ActivityItemId'];
    expectError(list, '$[1].Properties.Items[1].ActivityItemId', /ActivityItemId is missing; expected a non-negative integer unique across the whole definition/);
  });

  it('an item that is not an object', () => {
    const list = wd();
    (list[2]!.Properties.Items as unknown[])[1] = 51;
    expectError(list, '$[2].Properties.Items[1]', /item is the number 51; expected an item object/);
  });

  it('wrong-typed activity fields', () => {
    let list = wd();
    list[1]!['ParentBranchId'] = '0';
    expectError(list, '$[1].ParentBranchId', /ParentBranchId is the string "0".*expected a non-negative integer/);
    list = wd();
    list[1]!['ParentActivityId'] = null;
    expectError(list, '$[1].ParentActivityId', /ParentActivityId is null.*expected the ActivityId of the parent tile as a string/);
    list = wd();
    list[2]!['ParentRelationshipType'] = 'Sideways';
    expectError(list, '$[2].ParentRelationshipType', /"Sideways".*expected Default, YesBranch or NoBranch \(any letter case\)/);
    list = wd();
    list[2]!['EntityTarget'] = 'lead';
    expectError(list, '$[2].EntityTarget', /"lead".*expected contact or account/);
  });

  it('wrong-typed item fields', () => {
    let list = wd();
    list[2]!.Properties.Items[0]!['ItemId'] = 42;
    expectError(list, '$[2].Properties.Items[0].ItemId', /ItemId is the number 42; expected the GUID of the referenced record as a string, or null/);
    list = wd();
    list[2]!.Properties.Items[0]!['ActivityItemId'] = '36';
    expectError(list, '$[2].Properties.Items[0].ActivityItemId', /ActivityItemId is the string "36"; expected a non-negative integer/);
    list = wd();
    list[2]!.Properties.Items[0]!['IsNameSystemDefined'] = 'yes';
    expectError(list, '$[2].Properties.Items[0].IsNameSystemDefined', /IsNameSystemDefined is the string "yes"; expected a boolean/);
  });

  it('wrong value types of typed properties', () => {
    let list = blog();
    list[0]!.Properties.Items[0]!['TimeoutValue'] = '5';
    expectError(list, '$[0].Properties.Items[0].TimeoutValue', /TimeoutValue is the string "5"; expected a number/);
    list = blog();
    list[4]!.Properties.Items[0]!['WaitUntilMonday'] = 1;
    expectError(list, '$[4].Properties.Items[0].WaitUntilMonday', /WaitUntilMonday is the number 1; expected a boolean/);
    list = blog();
    list[8]!.Properties.Items[1]!['DciSegmentName'] = null;
    expectError(list, '$[8].Properties.Items[1].DciSegmentName', /DciSegmentName is null; expected a string/);
    list = blog();
    list[0]!.Properties.Items[0]!['ConditionExpressions'] = 'UserRegistered';
    expectError(list, '$[0].Properties.Items[0].ConditionExpressions', /ConditionExpressions is the string "UserRegistered"; expected an array of/);
    list = blog();
    (list[0]!.Properties.Items[0]!['ConditionExpressions'] as Record<string, unknown>[])[0]!['SourceActivityItemId'] = 28;
    expectError(list, '$[0].Properties.Items[0].ConditionExpressions[0].SourceActivityItemId', /SourceActivityItemId is the number 28; expected the ActivityItemId of the source item written as a string/);
    list = blog();
    delete (list[0]!.Properties.Items[0]!['ConditionExpressions'] as Record<string, unknown>[])[0]!['Condition'];
    expectError(list, '$[0].Properties.Items[0].ConditionExpressions[0].Condition', /Condition is missing; expected a condition name string/);
  });

  it('no root', () => {
    const list = wd();
    list[0]!['ParentActivityId'] = '01_0_3';
    expectError(list, '$', /no root: every activity has a ParentActivityId; expected exactly one activity without ParentActivityId/);
    expectError('[]', '$', /the definition is empty; expected exactly one activity without ParentActivityId/);
  });

  it('two roots, naming both', () => {
    const list = wd();
    delete list[2]!['ParentActivityId'];
    expectError(list, '$[2]', /two roots: \$\[0\] \(ActivityId "01"\) and \$\[2\] \(ActivityId "01_0_3"\) both have no ParentActivityId/);
  });

  it('a root that is not bpf_root', () => {
    const list = wd().slice(1);
    delete list[0]!['ParentActivityId'];
    expectError(list, '$[0].ActivityTypeId', /the root .* is of type "Segment"; expected bpf_root/);
  });

  it('a parent that does not exist', () => {
    const list = wd();
    list[2]!['ParentActivityId'] = '01_7';
    expectError(list, '$[2].ParentActivityId', /parent "01_7" of activity "01_0_3" does not exist; expected the ActivityId of another activity/);
  });

  it('a cycle: tiles not reachable from the root', () => {
    const list = wd();
    list[1]!['ParentActivityId'] = '01_0_3';
    const error = expectError(list, '$[1].ParentActivityId', /a cycle: "01_0" -> "01_0_3" -> "01_0".*not reachable from the root/);
    expect(error.expected).toMatch(/lead back to the root/);
  });

  it('a tile that is its own parent', () => {
    const list = wd();
    list[2]!['ParentActivityId'] = '01_0_3';
    expectError(list, '$[2].ParentActivityId', /a cycle: "01_0_3" -> "01_0_3"/);
  });

  it('duplicate ActivityIds, naming both paths', () => {
    const list = wd();
    list.push({ ...list[2]!, Properties: { Items: [] } });
    expectError(list, '$[3].ActivityId', /duplicate ActivityId "01_0_3": \$\[2\]\.ActivityId and \$\[3\]\.ActivityId/);
  });

  it('duplicate ActivityItemIds, naming both paths', () => {
    const list = wd();
    list[2]!.Properties.Items[1]!['ActivityItemId'] = 24;
    expectError(
      list,
      '$[2].Properties.Items[1].ActivityItemId',
      /duplicate ActivityItemId 24: \$\[1\]\.Properties\.Items\[1\]\.ActivityItemId and \$\[2\]\.Properties\.Items\[1\]\.ActivityItemId/,
    );
  });

  it('a malformed designer state', () => {
    expect(failure(() => parseWorkflowDefinition(fixture('wd.json'), '{"NextActivityID":8,')).path).toBe('$');
    const missing = failure(() => parseDesignerState('{"NextActivityID":8}'));
    expect(missing.path).toBe('$.NextActivityItemID');
    expect(missing.message).toMatch(/NextActivityItemID is missing; expected a non-negative integer/);
    const wrong = failure(() => parseDesignerState('{"NextActivityID":"8","NextActivityItemID":42}'));
    expect(wrong.path).toBe('$.NextActivityID');
    expect(wrong.message).toMatch(/the string "8"/);
    expect(failure(() => parseDesignerState('[8,42]')).message).toMatch(/is an array; expected an object/);
  });
});
