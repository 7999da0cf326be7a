import { MAX_PAGE_SIZE } from '../../pagination/page-size.js';
import type { AwsInput } from '../actions/aws-action.js';
import { AwsError, AwsErrorCode } from './aws-error.js';

/** AWS's largest `maxResults`. */
const MAX_AWS_RESULTS = 1000;

/** AWS's wording for an input that breaks its model: "1 validation error detected: …". */
export function validationError(field: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined ? 'null' : truncated(JSON.stringify(value) ?? String(value));
  return new AwsError(
    AwsErrorCode.ValidationException,
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

function truncated(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** A string member that must be present: 1 to `max` characters. */
export function requiredString(input: AwsInput, field: string, max: number): string {
  const value = input[field];
  if (value === undefined || value === null) throw validationError(field, value, 'Member must not be null');
  return checkedString(field, value, max);
}

/** A string member that may be left out. */
export function optionalString(input: AwsInput, field: string, max: number): string | undefined {
  const value = input[field];
  return value === undefined || value === null ? undefined : checkedString(field, value, max);
}

function checkedString(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw validationError(field, value, 'Member must be a string');
  if (value.length > max) {
    throw validationError(field, value, `Member must have length less than or equal to ${max}`);
  }
  return value;
}

/** A boolean member that may be left out. */
export function optionalBoolean(input: AwsInput, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationError(field, value, 'Member must be a boolean');
  return value;
}

/** A whole-number member from `min` to `max` that may be left out. */
export function optionalInteger(
  input: AwsInput,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw validationError(field, value, 'Member must be an integer');
  }
  if (value < min)
    throw validationError(field, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(field, value, `Member must have value less than or equal to ${max}`);
  return value;
}

/**
 * `maxResults` and `nextToken` as a page of our connections. AWS's page is 1 to 1000 (0 or none:
 * its default of 100); ours holds at most MAX_PAGE_SIZE (100), and `nextToken` carries on from
 * there, which the SDK's paginators follow as they would on AWS.
 */
export function pageOf(input: AwsInput): { first: number; after: string | undefined } {
  const maxResults = optionalInteger(input, 'maxResults', 0, MAX_AWS_RESULTS) ?? 0;
  return {
    first: maxResults === 0 ? MAX_PAGE_SIZE : Math.min(maxResults, MAX_PAGE_SIZE),
    after: optionalString(input, 'nextToken', 1024),
  };
}

/** The `nextToken` of an answer: present only when another page follows. */
export function nextTokenOf(page: {
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}): { nextToken?: string } {
  return page.pageInfo.hasNextPage && page.pageInfo.endCursor ? { nextToken: page.pageInfo.endCursor } : {};
}

/** A time as AWS's JSON protocol sends it: seconds since the epoch, which the SDK reads as a Date. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
