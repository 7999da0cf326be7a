import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { whileGraphqlClientConnected } from './activity-poll.signal.js';
import { ActivityPollService } from './activity-poll.service.js';
import { GetActivityTaskArgs } from './dto/get-activity-task.args.js';
import { SendTaskFailureArgs, SendTaskHeartbeatArgs, SendTaskSuccessArgs } from './dto/send-task.args.js';
import { ActivityTask } from './models/activity-task.model.js';
import { TaskResultsService } from './task-results.service.js';

/** GraphQL for activity workers and callbacks (docs/design.md §5): poll for tasks, answer task tokens. */
@Resolver()
export class ActivitiesResolver {
  constructor(
    private readonly polls: ActivityPollService,
    private readonly results: TaskResultsService,
  ) {}

  @Mutation(() => ActivityTask, {
    nullable: true,
    description:
      'Leases the oldest scheduled task of an activity, waiting up to waitSeconds (60) for one; null if none came.',
  })
  getActivityTask(
    @Args() { activity, workerName, waitSeconds }: GetActivityTaskArgs,
    @Context() context: GraphqlContext,
  ): Promise<ActivityTask | null> {
    return whileGraphqlClientConnected(context, (signal) =>
      this.polls.poll(activity, { workerName, waitSeconds, signal }),
    );
  }

  @Mutation(() => Boolean, { description: 'Completes the task of this token with an output. Always true.' })
  async sendTaskSuccess(@Args() { taskToken, output }: SendTaskSuccessArgs): Promise<boolean> {
    await this.results.succeed(taskToken, output);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Fails the task of this token with an error and cause. Always true.',
  })
  async sendTaskFailure(@Args() { taskToken, error, cause }: SendTaskFailureArgs): Promise<boolean> {
    await this.results.fail(taskToken, { error, cause });
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Reports that the task of this token is still being worked on. Always true.',
  })
  async sendTaskHeartbeat(@Args() { taskToken }: SendTaskHeartbeatArgs): Promise<boolean> {
    await this.results.heartbeat(taskToken);
    return true;
  }
}
