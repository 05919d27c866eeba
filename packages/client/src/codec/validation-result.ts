/**
 * The response of `msdyncrm_CustomerJourneyValidate` read into the typed {@link ValidationResult}.
 *
 * @module
 */
import type { ActivityValidationResult, ValidationLevel, ValidationResult } from '@customer-journey/dsl';
import { JourneyFormatError, describeValue, isObject, parseJsonText } from './errors.js';

const LEVELS: Readonly<Record<string, ValidationLevel>> = { valid: 'Valid', warning: 'Warning', error: 'Error' };

function level(value: unknown, path: string): ValidationLevel {
  const l = typeof value === 'string' ? LEVELS[value.toLowerCase()] : undefined;
  if (l === undefined) {
    throw new JourneyFormatError(path, value === undefined ? 'Result is missing' : `Result is ${describeValue(value)}`, 'Valid, Warning or Error');
  }
  return l;
}

function finding(raw: unknown, path: string): ActivityValidationResult {
  if (!isObject(raw)) {
    throw new JourneyFormatError(path, `finding is ${describeValue(raw)}`, 'an object { ActivityId, Fault, Result, ErrorMessageArguments }');
  }
  const activityId = raw['ActivityId'] ?? '';
  if (typeof activityId !== 'string') {
    throw new JourneyFormatError(`${path}.ActivityId`, `ActivityId is ${describeValue(activityId)}`, 'a string ("" for the journey itself)');
  }
  const fault = raw['Fault'] ?? '';
  if (typeof fault !== 'string') {
    throw new JourneyFormatError(`${path}.Fault`, `Fault is ${describeValue(fault)}`, 'a fault code string');
  }
  const args = raw['ErrorMessageArguments'] ?? [];
  if (!Array.isArray(args)) {
    throw new JourneyFormatError(`${path}.ErrorMessageArguments`, `ErrorMessageArguments is ${describeValue(args)}`, 'an array of strings');
  }
  const strings: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a: unknown = args[k];
    if (typeof a === 'string') strings.push(a);
    else if (typeof a === 'number' || typeof a === 'boolean') strings.push(String(a));
    else throw new JourneyFormatError(`${path}.ErrorMessageArguments[${k}]`, `argument is ${describeValue(a)}`, 'a string');
  }
  return { ActivityId: activityId, Fault: fault, Result: level(raw['Result'], `${path}.Result`), ErrorMessageArguments: strings };
}

/**
 * Reads the result of Check for Errors: the action's response object
 * (`{"@odata.context":…,"ValidationResult":"<JSON string>"}`), the `ValidationResult` string on
 * its own, or an already parsed result object. `Result` values are read case-insensitively;
 * `Fault` stays an open string; missing `ActivityId`/`Fault`/`ErrorMessageArguments` read as
 * `""`/`""`/`[]`.
 *
 * @throws {@link JourneyFormatError} for anything malformed, with the path of the problem.
 * @example
 * ```ts
 * import { parseValidationResult } from '@customer-journey/client';
 * const result = parseValidationResult(await response.json());
 * if (result.Result === 'Error') console.log(result.ActivityValidationResults);
 * ```
 */
export function parseValidationResult(body: unknown): ValidationResult {
  let data: unknown = typeof body === 'string' ? parseJsonText(body, 'the validation result') : body;
  let base = '$';
  if (isObject(data) && 'ValidationResult' in data && !('Result' in data)) {
    const inner = data['ValidationResult'];
    base = '$.ValidationResult';
    if (typeof inner === 'string') {
      try {
        data = parseJsonText(inner, 'ValidationResult');
      } catch (error) {
        if (error instanceof JourneyFormatError) throw new JourneyFormatError(base, error.reason, error.expected, error.position);
        throw error;
      }
    } else {
      data = inner;
    }
  }
  if (!isObject(data)) {
    throw new JourneyFormatError(base, `the validation result is ${describeValue(data)}`, 'an object { Result, ActivityValidationResults }');
  }
  const result = level(data['Result'], `${base}.Result`);
  const list = data['ActivityValidationResults'] ?? [];
  if (!Array.isArray(list)) {
    throw new JourneyFormatError(`${base}.ActivityValidationResults`, `ActivityValidationResults is ${describeValue(list)}`, 'an array of findings');
  }
  const findings: ActivityValidationResult[] = [];
  for (let k = 0; k < list.length; k++) findings.push(finding(list[k], `${base}.ActivityValidationResults[${k}]`));
  return { Result: result, ActivityValidationResults: findings };
}
