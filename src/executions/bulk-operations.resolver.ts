import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { BulkOperationsService } from './bulk-operations.service.js';
import { RedriveExecutionsArgs, StopExecutionsArgs } from './dto/bulk-operations.args.js';
import { BulkOperation } from './models/bulk-operation.model.js';

/** GraphQL for bulk stops and redrives by filter; their progress is the `bulkOperationProgress` subscription. */
@Resolver(() => BulkOperation)
export class BulkOperationsResolver {
  constructor(private readonly service: BulkOperationsService) {}

  @Mutation(() => BulkOperation, {
    description:
      'Stops every RUNNING execution the filter matches, in the background (status RUNNING, then SUCCEEDED or FAILED); with dryRun, only counts them and shows some (status DRY_RUN).',
  })
  stopExecutions(
    @Args() { filter, error, cause, dryRun }: StopExecutionsArgs,
    @CurrentAct() act?: AuditedAct,
  ): Promise<BulkOperation> {
    return this.service.stop({ filter, error, cause, dryRun }, act);
  }

  @Mutation(() => BulkOperation, {
    description:
      'Redrives every FAILED, TIMED_OUT or ABORTED execution the filter matches, in the background; with dryRun, only counts them and shows some (status DRY_RUN).',
  })
  redriveExecutions(
    @Args() { filter, dryRun }: RedriveExecutionsArgs,
    @CurrentAct() act?: AuditedAct,
  ): Promise<BulkOperation> {
    return this.service.redrive({ filter, dryRun }, act);
  }

  @Query(() => BulkOperation, { description: 'One bulk operation; NOT_FOUND if there is none with this id.' })
  bulkOperation(@Args('id', { type: () => ID }) id: string): Promise<BulkOperation> {
    return this.service.get(id);
  }
}
