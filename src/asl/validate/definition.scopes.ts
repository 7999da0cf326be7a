/**
 * The shape of a definition as the checks see it: every `States` object (the top level, each
 * Parallel branch, each Map processor) and every state in it, with its path and query language.
 *
 * Built with an explicit work list, not recursion, so that nesting depth cannot exhaust the stack.
 */
import { isJsonObject, type JsonObject } from '../json.js';
import type { QueryLanguage } from '../states/state-fields.js';
import { describeType, indexPath, listWords, memberPath, type Report } from './validation.diagnostics.js';

/** The state types of the Amazon States Language. */
export const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
/** One of {@link STATE_TYPES}. */
export type StateType = (typeof STATE_TYPES)[number];

/** AWS's limit on the length of a state name. */
const MAX_STATE_NAME_LENGTH = 80;
const QUERY_LANGUAGES: readonly string[] = ['JSONPath', 'JSONata'];

/** Where a `States` object sits: a separate scope that no `Next` may leave or enter. */
export type ScopeKind = 'machine' | 'branch' | 'processor';

/** One `States` object and the object that holds it. */
export interface ScopeSite {
  /** `$`, `$.States.P.Branches[0]` or `$.States.M.ItemProcessor`. */
  readonly path: string;
  readonly kind: ScopeKind;
  readonly block: JsonObject;
  /** Its states by name, those that are objects. */
  readonly states: Map<string, StateSite>;
}

/** One state. */
export interface StateSite {
  readonly name: string;
  readonly path: string;
  readonly state: JsonObject;
  /** `undefined` when `Type` is missing or unknown (already reported). */
  readonly type: StateType | undefined;
  readonly queryLanguage: QueryLanguage;
  readonly scope: ScopeSite;
}

/** Every scope and state of a definition. */
export interface DefinitionModel {
  readonly scopes: ScopeSite[];
  readonly states: StateSite[];
  /** The names of all states in all scopes, to tell "no such state" from "in another scope". */
  readonly allStateNames: Set<string>;
}

function isQueryLanguage(value: unknown): value is QueryLanguage {
  return typeof value === 'string' && QUERY_LANGUAGES.includes(value);
}

function queryLanguageMessage(value: unknown): string {
  return `must be "JSONPath" or "JSONata", not ${typeof value === 'string' ? `"${value}"` : describeType(value)}`;
}

/** The query language of the whole machine (reporting a bad value) — JSONPath unless it says JSONata. */
function topLanguage(definition: JsonObject, report: Report): QueryLanguage {
  const declared = definition.QueryLanguage;
  if (declared === undefined) return 'JSONPath';
  if (isQueryLanguage(declared)) return declared;
  report('$.QueryLanguage', queryLanguageMessage(declared));
  return 'JSONPath';
}

function stateLanguage(state: JsonObject, path: string, top: QueryLanguage, report: Report): QueryLanguage {
  const declared = state.QueryLanguage;
  if (declared === undefined) return top;
  if (!isQueryLanguage(declared)) {
    report(memberPath(path, 'QueryLanguage'), queryLanguageMessage(declared));
    return top;
  }
  if (top === 'JSONata' && declared === 'JSONPath') {
    report(
      memberPath(path, 'QueryLanguage'),
      'cannot be JSONPath in a state machine whose top-level QueryLanguage is JSONata: AWS lets JSONPath machines opt states into JSONata, not the reverse',
    );
  }
  return declared;
}

function stateType(state: JsonObject, path: string, report: Report): StateType | undefined {
  const type = state.Type;
  const known = `one of ${listWords(STATE_TYPES, 'or')}`;
  if (type === undefined) {
    report(memberPath(path, 'Type'), `is required: ${known}`);
    return undefined;
  }
  if (typeof type === 'string' && (STATE_TYPES as readonly string[]).includes(type)) return type as StateType;
  const shown = typeof type === 'string' ? `"${type}"` : describeType(type);
  report(memberPath(path, 'Type'), `${shown} is not a state type: use ${known}`);
  return undefined;
}

function statesOf(scope: { block: JsonObject; path: string }, report: Report): JsonObject | undefined {
  const states = scope.block.States;
  const path = memberPath(scope.path, 'States');
  if (isJsonObject(states) && Object.keys(states).length > 0) return states;
  if (states === undefined) {
    report(path, 'is required: an object mapping each state name to its state');
  } else if (!isJsonObject(states)) {
    report(path, `must be an object mapping state names to states, not ${describeType(states)}`);
  } else {
    report(path, 'must contain at least one state');
  }
  return undefined;
}

interface PendingScope {
  readonly path: string;
  readonly kind: ScopeKind;
  readonly block: unknown;
}

/** The scopes a Parallel or Map state holds. */
function nestedScopes(site: StateSite): PendingScope[] {
  const { state, path } = site;
  if (site.type === 'Parallel' && Array.isArray(state.Branches)) {
    return state.Branches.map((block, index) => ({
      path: indexPath(memberPath(path, 'Branches'), index),
      kind: 'branch' as const,
      block,
    }));
  }
  if (site.type !== 'Map') return [];
  return (['ItemProcessor', 'Iterator'] as const)
    .filter((field) => state[field] !== undefined)
    .map((field) => ({ path: memberPath(path, field), kind: 'processor' as const, block: state[field] }));
}

/** Walks a definition (already known to be an object) into its scopes and states. */
export function collectScopes(definition: JsonObject, report: Report): DefinitionModel {
  const top = topLanguage(definition, report);
  const model: DefinitionModel = { scopes: [], states: [], allStateNames: new Set() };
  const pending: PendingScope[] = [{ path: '$', kind: 'machine', block: definition }];
  // A queue read by index: scopes come out in document order, level by level, without recursion.
  for (let next = 0; next < pending.length; next += 1) {
    const { path, kind, block } = pending[next] as PendingScope;
    if (!isJsonObject(block)) {
      report(path, `must be an object with StartAt and States, not ${describeType(block)}`);
      continue;
    }
    const scope: ScopeSite = { path, kind, block, states: new Map() };
    model.scopes.push(scope);
    const states = statesOf(scope, report) ?? {};
    for (const [name, state] of Object.entries(states)) {
      const statePath = memberPath(memberPath(path, 'States'), name);
      model.allStateNames.add(name);
      if (name.length === 0 || name.length > MAX_STATE_NAME_LENGTH) {
        report(statePath, `has a name of ${name.length} characters: state names are 1 to 80 characters long`);
      }
      if (!isJsonObject(state)) {
        report(statePath, `must be an object (a state), not ${describeType(state)}`);
        continue;
      }
      const type = stateType(state, statePath, report);
      const queryLanguage = stateLanguage(state, statePath, top, report);
      const site: StateSite = { name, path: statePath, state, type, queryLanguage, scope };
      scope.states.set(name, site);
      model.states.push(site);
      for (const nested of nestedScopes(site)) pending.push(nested);
    }
  }
  return model;
}
