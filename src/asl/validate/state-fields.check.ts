/**
 * Field presence: unknown fields, fields of the other query language, fields Stepgraph refuses,
 * required fields, `Next` / `End`, and fields that exclude each other — for states, Retriers,
 * Catchers and the objects that hold a `States` object.
 */
import { isJsonObject, type JsonObject } from '../json.js';
import type { QueryLanguage } from '../states/state-fields.js';
import type { ScopeSite, StateSite, StateType } from './definition.scopes.js';
import {
  CATCHER_FIELDS,
  COMMON_FIELDS,
  JSONATA_ONLY_MESSAGE,
  REFUSED_FIELDS,
  RETRIER_FIELDS,
  SCOPE_FIELDS,
  STATE_FIELDS,
  jsonPathOnlyMessage,
  type StateFieldSpec,
} from './state-fields.table.js';
import { describeType, indexPath, listWords, memberPath, type Report } from './validation.diagnostics.js';

const STATES_ALL = 'States.ALL';
const JITTER_STRATEGIES: readonly string[] = ['FULL', 'NONE'];

function allowedIn(spec: StateFieldSpec, field: string, language: QueryLanguage): boolean {
  const own = language === 'JSONPath' ? spec.jsonPathOnly : spec.jsonataOnly;
  return spec.both.includes(field) || own.includes(field);
}

function checkFieldNames(site: StateSite, type: StateType, spec: StateFieldSpec, report: Report): void {
  const refused = REFUSED_FIELDS[type] ?? {};
  for (const field of Object.keys(site.state)) {
    const path = memberPath(site.path, field);
    if (COMMON_FIELDS.includes(field) || allowedIn(spec, field, site.queryLanguage)) continue;
    if (Object.hasOwn(refused, field)) report(path, refused[field] as string);
    else if (spec.jsonPathOnly.includes(field)) report(path, jsonPathOnlyMessage(field, type));
    else if (spec.jsonataOnly.includes(field)) report(path, JSONATA_ONLY_MESSAGE);
    else report(path, `is not a field of a ${type} state`);
  }
}

function checkTransition(site: StateSite, report: Report): void {
  const hasNext = site.state.Next !== undefined;
  const ends = site.state.End === true;
  if (hasNext && ends) report(site.path, 'has both Next and "End": true: a state either moves on or ends');
  if (!hasNext && !ends) report(site.path, 'needs Next (the state to go to) or "End": true');
}

function checkGroups(site: StateSite, spec: StateFieldSpec, report: Report): void {
  const present = (group: readonly string[]) => group.filter((field) => site.state[field] !== undefined);
  for (const group of spec.atMostOne) {
    const found = present(group);
    if (found.length > 1) report(site.path, `has both ${listWords(found, 'and')}: use only one`);
  }
  for (const group of spec.exactlyOne) {
    const allowed = group.filter((field) => allowedIn(spec, field, site.queryLanguage));
    const found = present(allowed);
    if (found.length === 0) report(site.path, `needs one of ${listWords(allowed, 'or')}`);
    if (found.length > 1) report(site.path, `has ${listWords(found, 'and')}: use exactly one`);
  }
}

/** Checks which fields a state has against its type and query language. */
export function checkStateFields(site: StateSite, report: Report): void {
  if (site.type === undefined) return;
  const spec = STATE_FIELDS[site.type];
  checkFieldNames(site, site.type, spec, report);
  for (const field of spec.required) {
    if (site.state[field] === undefined) {
      report(memberPath(site.path, field), `is required in a ${site.type} state`);
    }
  }
  if (spec.transitions) checkTransition(site, report);
  checkGroups(site, spec, report);
}

/** `States.ALL` matches everything: alone in its ErrorEquals, and only in the last handler. */
function checkErrorEquals(handler: JsonObject, path: string, isLast: boolean, report: Report): void {
  const errors = handler.ErrorEquals;
  const errorsPath = memberPath(path, 'ErrorEquals');
  if (errors === undefined) return report(errorsPath, 'is required: the error names this handler matches');
  if (!Array.isArray(errors)) {
    return report(errorsPath, `must be an array of error names, not ${describeType(errors)}`);
  }
  if (errors.length === 0) return report(errorsPath, 'must name at least one error');
  if (!errors.includes(STATES_ALL)) return;
  if (errors.length > 1) report(errorsPath, 'States.ALL must appear alone: it already matches every error');
  if (!isLast) {
    report(errorsPath, 'States.ALL may appear only in the last handler: the ones after it can never match');
  }
}

function checkHandlerFields(
  handler: JsonObject,
  path: string,
  kind: 'Retrier' | 'Catcher',
  language: QueryLanguage,
  report: Report,
): void {
  const allowed = kind === 'Retrier' ? RETRIER_FIELDS : CATCHER_FIELDS[language];
  const otherLanguage = CATCHER_FIELDS[language === 'JSONPath' ? 'JSONata' : 'JSONPath'];
  for (const key of Object.keys(handler)) {
    if (allowed.includes(key)) continue;
    const wrongLanguage = kind === 'Catcher' && otherLanguage.includes(key);
    report(
      memberPath(path, key),
      wrongLanguage ? `is not a field of a Catcher in a ${language} state` : `is not a field of a ${kind}`,
    );
  }
  if (kind === 'Catcher' && handler.Next === undefined) {
    report(memberPath(path, 'Next'), 'is required in a Catcher');
  }
  const jitter = handler.JitterStrategy;
  if (jitter !== undefined && !(typeof jitter === 'string' && JITTER_STRATEGIES.includes(jitter))) {
    report(memberPath(path, 'JitterStrategy'), 'must be "FULL" or "NONE"');
  }
}

function checkHandlers(site: StateSite, field: 'Retry' | 'Catch', report: Report): void {
  const handlers = site.state[field];
  if (!Array.isArray(handlers)) return;
  const kind = field === 'Retry' ? 'Retrier' : 'Catcher';
  handlers.forEach((handler, index) => {
    const path = indexPath(memberPath(site.path, field), index);
    if (!isJsonObject(handler)) {
      return report(path, `must be an object (a ${kind}), not ${describeType(handler)}`);
    }
    checkHandlerFields(handler, path, kind, site.queryLanguage, report);
    checkErrorEquals(handler, path, index === handlers.length - 1, report);
  });
}

/** Checks the Retriers and Catchers of a Task, Parallel or Map state. */
export function checkErrorHandlers(site: StateSite, report: Report): void {
  if (site.type !== 'Task' && site.type !== 'Parallel' && site.type !== 'Map') return;
  checkHandlers(site, 'Retry', report);
  checkHandlers(site, 'Catch', report);
}

function checkProcessorConfig(config: unknown, path: string, report: Report): void {
  if (!isJsonObject(config)) return report(path, `must be an object, not ${describeType(config)}`);
  for (const [key, value] of Object.entries(config)) {
    const fieldPath = memberPath(path, key);
    if (key === 'ExecutionType') {
      report(fieldPath, 'applies to Distributed Map only, which Stepgraph does not run');
    } else if (key !== 'Mode') {
      report(fieldPath, 'is not a field of ProcessorConfig');
    } else if (value === 'DISTRIBUTED') {
      report(
        fieldPath,
        'DISTRIBUTED is not supported: Stepgraph runs inline Map states only (Mode "INLINE")',
      );
    } else if (value !== 'INLINE') {
      report(fieldPath, 'must be "INLINE" (Stepgraph does not run Distributed Map)');
    }
  }
}

/** Checks the fields of a Parallel branch or a Map processor (the top level is the schema's job). */
export function checkScopeFields(scope: ScopeSite, report: Report): void {
  if (scope.kind === 'machine') return;
  const allowed = SCOPE_FIELDS[scope.kind];
  const holder = scope.kind === 'branch' ? 'a Parallel branch' : 'a Map processor';
  for (const key of Object.keys(scope.block)) {
    if (!allowed.includes(key)) report(memberPath(scope.path, key), `is not a field of ${holder}`);
  }
  if (scope.block.ProcessorConfig !== undefined) {
    checkProcessorConfig(scope.block.ProcessorConfig, memberPath(scope.path, 'ProcessorConfig'), report);
  }
}
