import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AuditEntry, AuditOutcome, AuditRecord } from './audit.entry.js';

/** An audit entry before its outcome is known: who asked, from where, for what, about which ids. */
export type AuditDraft = Required<Pick<AuditEntry, 'actor' | 'operation' | 'targetIds'>> &
  Pick<AuditEntry, 'origin'>;

/** The one builder of an entry from its draft: the ids the act named, plus those it produced. */
export function auditEntryOf(
  draft: AuditDraft,
  outcome: AuditOutcome,
  more: { readonly targetIds?: readonly string[]; readonly errorCode?: string } = {},
): AuditEntry {
  return {
    actor: draft.actor,
    operation: draft.operation,
    targetIds: [...draft.targetIds, ...(more.targetIds ?? [])],
    outcome,
    ...(more.errorCode === undefined ? {} : { errorCode: more.errorCode }),
    ...(draft.origin === undefined ? {} : { origin: draft.origin }),
  };
}

/**
 * One REST write or GraphQL mutation field on its way to a service. The transport's audit hook
 * (AuditInterceptor, auditPlugin) opens it before the handler runs; the service that performs the
 * act writes its row in the act's own transaction (AuditService.recordAct), so that a crash can
 * never keep the change and lose its row. Once the request has settled, the hook writes a row only
 * for an act that did not record itself: a denial, a failure, or a service that keeps no row.
 */
export interface AuditedAct {
  readonly draft: AuditDraft;
  /** The row the service appended in its transaction: stored only if that transaction committed. */
  written: AuditRecord | undefined;
}

/** Acts by request (a REST request, or the context of a GraphQL operation), then by root field. */
const openActs = new WeakMap<object, Map<string, AuditedAct>>();

/** Opens the act of `key` (a GraphQL response key; '' for a REST request) within `request`. */
export function openAct(request: object, key: string, draft: AuditDraft): AuditedAct {
  const act: AuditedAct = { draft, written: undefined };
  const acts = openActs.get(request) ?? new Map<string, AuditedAct>();
  acts.set(key, act);
  openActs.set(request, acts);
  return act;
}

/** The act of `key` opened within `request`, if any. */
export function openedAct(request: object, key: string): AuditedAct | undefined {
  return openActs.get(request)?.get(key);
}

/** The act of the resolver field or the route being handled; undefined outside any (a socket). */
function currentActOf(context: ExecutionContext): AuditedAct | undefined {
  if (context.getType<'graphql' | 'http'>() === 'graphql') {
    const gql = GqlExecutionContext.create(context);
    return openedAct(gql.getContext<object>(), String(gql.getInfo().path.key));
  }
  return openedAct(context.switchToHttp().getRequest<object>(), '');
}

/** Injects the {@link AuditedAct} of a mutation into a resolver or controller, to hand to its service. */
export const CurrentAct = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  currentActOf(context),
);
