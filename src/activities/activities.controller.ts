import type { ServerResponse } from 'node:http';
import { Body, Controller, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import { ProblemDetails } from '../http/problem-details.js';
import { whileResponseOpen } from './activity-poll.signal.js';
import { ActivityPollService } from './activity-poll.service.js';
import { PollActivityBody } from './dto/get-activity-task.args.js';
import { ActivityTask } from './models/activity-task.model.js';

/** The part of Express's response used here (Express's own types are not a dependency). */
type PollResponse = ServerResponse & { status(code: number): unknown };

/** REST for activity workers: the long poll. */
@ApiTags('activities')
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly polls: ActivityPollService) {}

  @Post(':name/poll')
  @RequirePermission(Permission.ActivityPoll)
  @ApiOperation({ summary: 'Lease a task of an activity, waiting up to waitSeconds (60) for one' })
  @ApiParam({ name: 'name', description: 'The activity: NAME, activity:NAME or its ARN.' })
  @ApiOkResponse({ type: ActivityTask, description: 'A task, now leased to the caller.' })
  @ApiNoContentResponse({ description: 'No task came within waitSeconds.' })
  @ApiBadRequestResponse({ type: ProblemDetails })
  async poll(
    @Param('name') name: string,
    @Body() { workerName, waitSeconds }: PollActivityBody,
    // The status depends on the outcome, and a closed connection ends the wait. Passthrough: Nest
    // still sends the body, so that interceptors (the audit row) finish before the answer.
    @Res({ passthrough: true }) res: PollResponse,
  ): Promise<ActivityTask | undefined> {
    const task = await whileResponseOpen(res, (signal) =>
      this.polls.poll(name, { workerName, waitSeconds, signal }),
    );
    res.status(task ? HttpStatus.OK : HttpStatus.NO_CONTENT);
    return task ?? undefined;
  }
}
