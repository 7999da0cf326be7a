import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_ACTIVITY_POLL_SECONDS } from '../activity-poll.service.js';
import { MAX_ACTIVITY_REFERENCE_LENGTH } from '../activity.names.js';

/** The longest worker name (AWS's limit). */
const MAX_WORKER_NAME_LENGTH = 80;

/** `getActivityTask(activity, workerName, waitSeconds)`. */
@ArgsType()
export class GetActivityTaskArgs {
  @Field({ description: 'The activity: NAME, activity:NAME or arn:aws:states:REGION:ACCOUNT:activity:NAME.' })
  @IsString()
  @MaxLength(MAX_ACTIVITY_REFERENCE_LENGTH)
  activity!: string;

  @Field(() => String, { nullable: true, description: 'Who takes the task; recorded in ActivityStarted.' })
  @ApiPropertyOptional({ maxLength: MAX_WORKER_NAME_LENGTH, example: 'worker-1' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_WORKER_NAME_LENGTH)
  workerName?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How long to wait for a task, 0 to ${MAX_ACTIVITY_POLL_SECONDS} seconds. Default: ${MAX_ACTIVITY_POLL_SECONDS}.`,
  })
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_ACTIVITY_POLL_SECONDS, default: MAX_ACTIVITY_POLL_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ACTIVITY_POLL_SECONDS)
  waitSeconds?: number | null;
}

/** The REST body of `POST /activities/{name}/poll`: the activity is in the path. */
export class PollActivityBody extends OmitType(GetActivityTaskArgs, ['activity']) {}
