import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import { ProblemDetails } from '../http/problem-details.js';
import { SendTaskFailureArgs, SendTaskHeartbeatArgs, SendTaskSuccessArgs } from './dto/send-task.args.js';
import { TaskResultsService } from './task-results.service.js';

/** REST for answers to task tokens (activity workers, `.waitForTaskToken` callbacks). */
@ApiTags('tasks')
@ApiNoContentResponse({ description: 'Accepted.' })
@ApiBadRequestResponse({ type: ProblemDetails })
@ApiNotFoundResponse({ type: ProblemDetails, description: 'The task token is not valid.' })
@ApiConflictResponse({
  type: ProblemDetails,
  description: 'The task is no longer open (answered, timed out, cancelled).',
})
@Controller('tasks')
export class TasksController {
  constructor(private readonly results: TaskResultsService) {}

  @Post('success')
  @RequirePermission(Permission.TaskRespond)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Complete a task with an output' })
  succeed(@Body() { taskToken, output }: SendTaskSuccessArgs): Promise<void> {
    return this.results.succeed(taskToken, output);
  }

  @Post('failure')
  @RequirePermission(Permission.TaskRespond)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Fail a task with an error and cause' })
  fail(@Body() { taskToken, error, cause }: SendTaskFailureArgs): Promise<void> {
    return this.results.fail(taskToken, { error, cause });
  }

  @Post('heartbeat')
  @RequirePermission(Permission.TaskRespond)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Report that a task is still being worked on' })
  heartbeat(@Body() { taskToken }: SendTaskHeartbeatArgs): Promise<void> {
    return this.results.heartbeat(taskToken);
  }
}
