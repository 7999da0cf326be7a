import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { ExecutionsService } from '../executions/executions.service.js';
import { Execution, ExecutionConnection } from '../executions/models/execution.model.js';
import { ConnectionArgs } from '../graphql/connection/connection.args.js';
import type { ConnectionPage } from '../pagination/connection.page.js';
import { CreateScheduleInput } from './dto/create-schedule.input.js';
import {
  BackfillScheduleArgs,
  NextFireTimesArgs,
  RecentFiresArgs,
  SchedulesArgs,
} from './dto/schedules.args.js';
import { UpdateScheduleInput } from './dto/update-schedule.input.js';
import { ScheduleBackfill, ScheduleFire } from './models/schedule-fire.model.js';
import { Schedule, ScheduleConnection } from './models/schedule.model.js';
import { SchedulesService, type ScheduleTimingView } from './schedules.service.js';

/**
 * The parent of a field resolver, typed structurally: the global ValidationPipe validates
 * class-typed parameters, and a Schedule has no input rules.
 */
type ScheduleParent = Pick<Schedule, 'id'> & ScheduleTimingView;

/** Schedules over GraphQL: each method hands its arguments to the service. */
@Resolver(() => Schedule)
export class SchedulesResolver {
  constructor(
    private readonly service: SchedulesService,
    private readonly executionsService: ExecutionsService,
  ) {}

  @Mutation(() => Schedule, { description: 'Creates a schedule; enabled unless told otherwise.' })
  createSchedule(
    @Args('input') input: CreateScheduleInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Schedule> {
    return this.service.create(input, act);
  }

  @Mutation(() => Schedule, {
    description:
      'Changes the fields given; a change of timing (expression, time zone, window, jitter, enabled) arms the schedule again from now.',
  })
  updateSchedule(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateScheduleInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Schedule> {
    return this.service.update(id, input, act);
  }

  @Mutation(() => Schedule, {
    description: 'Deletes a schedule and its fires; its executions stay. Returns it as it was.',
  })
  deleteSchedule(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Schedule> {
    return this.service.delete(id, act);
  }

  @Mutation(() => Schedule, { description: 'Pauses a schedule: no fire is decided until it is resumed.' })
  pauseSchedule(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Schedule> {
    return this.service.pause(id, act);
  }

  @Mutation(() => Schedule, {
    description: 'Resumes a schedule from now: the fires that fell due while it was paused are not run.',
  })
  resumeSchedule(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Schedule> {
    return this.service.resume(id, act);
  }

  @Mutation(() => ScheduleFire, {
    description:
      'Fires the schedule once, now (also when paused), under its overlap policy; answers the fire.',
  })
  triggerSchedule(
    @Args('id', { type: () => ID }) id: string,
    @CurrentAct() act?: AuditedAct,
  ): Promise<ScheduleFire> {
    return this.service.trigger(id, act);
  }

  @Mutation(() => ScheduleBackfill, {
    description:
      "Fires every fire time of the expression in [from, to], oldest first, under the overlap policy given (default: the schedule's); times an earlier backfill decided are left out.",
  })
  backfillSchedule(
    @Args() { id, from, to, overlapPolicy }: BackfillScheduleArgs,
    @CurrentAct() act?: AuditedAct,
  ): Promise<ScheduleBackfill> {
    return this.service.backfill(id, { from, to, overlapPolicy }, act);
  }

  @Query(() => Schedule, { description: 'One schedule; NOT_FOUND if there is none with this id.' })
  schedule(@Args('id', { type: () => ID }) id: string): Promise<Schedule> {
    return this.service.get(id);
  }

  @Query(() => ScheduleConnection, { description: 'Schedules in name order.' })
  schedules(@Args() { filter, first, after }: SchedulesArgs): Promise<ConnectionPage<Schedule>> {
    return this.service.list({ filter, first, after });
  }

  @ResolveField(() => [Date], {
    description:
      'The next fire times after now inside the window, before jitter; also while paused (the times it would fire if resumed).',
  })
  nextFireTimes(@Parent() schedule: ScheduleParent, @Args() { count }: NextFireTimesArgs): string[] {
    return this.service.nextFireTimes(schedule, count);
  }

  @ResolveField(() => ExecutionConnection, { description: 'The executions its fires started, newest first.' })
  executions(
    @Parent() schedule: ScheduleParent,
    @Args() { first, after }: ConnectionArgs,
  ): Promise<ConnectionPage<Execution>> {
    return this.executionsService.list({ first, after, filter: { scheduleId: schedule.id } });
  }

  @ResolveField(() => [ScheduleFire], { description: 'The latest decided fires, newest first.' })
  recentFires(
    @Parent() schedule: ScheduleParent,
    @Args() { first }: RecentFiresArgs,
  ): Promise<ScheduleFire[]> {
    return this.service.recentFires(schedule.id, first);
  }
}
