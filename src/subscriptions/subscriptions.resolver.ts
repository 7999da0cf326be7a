import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { BulkOperation } from '../executions/models/bulk-operation.model.js';
import { ExecutionEvent } from '../executions/models/execution-event.model.js';
import { Execution } from '../executions/models/execution.model.js';
import { ExecutionEventsArgs } from './dto/execution-events.args.js';
import { LiveExecutionsService } from './live-executions.service.js';
import { SubscriptionMetrics } from './subscription.metrics.js';

/** Each value the feed yields is the field's value: the default resolver would look up a property. */
const itself = <T>(value: T): T => value;

/** GraphQL subscriptions on executions (docs/design.md §5), over graphql-ws. */
@Resolver()
export class SubscriptionsResolver {
  constructor(
    private readonly live: LiveExecutionsService,
    private readonly metrics: SubscriptionMetrics,
  ) {}

  @Subscription(() => ExecutionEvent, {
    resolve: itself,
    description:
      'History events of an execution: first those after afterSeq, replayed, then new ones as they are recorded; in seq order, without gaps or repeats. Completes after the last event of an execution that has ended. NOT_FOUND if there is no such execution.',
  })
  executionEvents(@Args() { executionId, afterSeq }: ExecutionEventsArgs) {
    return this.metrics.track('executionEvents', this.live.events(executionId, afterSeq ?? 0));
  }

  @Subscription(() => [ExecutionEvent], {
    resolve: itself,
    description:
      'The events of executionEvents, several to a message: each message holds what one read of the history found, so the events of one commit come together (with those of other commits recorded meanwhile, at most a page). Never an empty list. Same replay, order, completion and errors as executionEvents.',
  })
  executionEventBatches(@Args() { executionId, afterSeq }: ExecutionEventsArgs) {
    return this.metrics.track('executionEventBatches', this.live.eventBatches(executionId, afterSeq ?? 0));
  }

  @Subscription(() => Execution, {
    resolve: itself,
    description:
      'The execution as it is now, then again on every status change and every pause or resume; completes once it has ended. NOT_FOUND if there is no such execution.',
  })
  executionUpdated(@Args('id', { type: () => ID }) id: string) {
    return this.metrics.track('executionUpdated', this.live.updates(id));
  }

  @Subscription(() => Execution, {
    resolve: itself,
    description:
      'Executions of a state machine as they start and end (and are redriven), from now on; for list views. Without stateMachineId, the executions of every state machine. NOT_FOUND if there is no such state machine.',
  })
  executionsChanged(
    @Args('stateMachineId', {
      type: () => ID,
      nullable: true,
      description: 'Only the executions of this state machine; left out, those of every state machine.',
    })
    stateMachineId?: string | null,
  ) {
    return this.metrics.track('executionsChanged', this.live.changes(stateMachineId ?? undefined));
  }

  @Subscription(() => BulkOperation, {
    resolve: itself,
    description:
      'A bulk operation as it is now, then again after each batch that moved it on (done and failed grow); completes once it has ended. NOT_FOUND if there is no such operation.',
  })
  bulkOperationProgress(@Args('id', { type: () => ID }) id: string) {
    return this.metrics.track('bulkOperationProgress', this.live.bulkProgress(id));
  }
}
