import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import { ProblemDetails } from '../http/problem-details.js';
import { ExecutionsService } from './executions.service.js';
import { WaitingTask } from './models/waiting-task.model.js';
import { WaitingTasksReader } from './waiting-tasks.reader.js';

/** REST for an execution's waiting tasks: what `Execution.waitingTasks` answers over GraphQL. */
@ApiTags('executions')
@Controller()
export class WaitingTasksController {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly reader: WaitingTasksReader,
  ) {}

  @Get('executions/:id/waiting-tasks')
  // Reading the execution and holding its tokens: a worker answers tokens it was handed, never lists them.
  @RequirePermission(Permission.ExecutionRead, Permission.TaskRespond)
  @ApiOperation({ summary: "An execution's tasks waiting on a token, with their tokens, oldest first" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The execution id.' })
  @ApiOkResponse({ type: [WaitingTask] })
  @ApiForbiddenResponse({ type: ProblemDetails, description: 'Needs executions:read and tasks:respond.' })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such execution.' })
  async list(@Param('id') id: string): Promise<WaitingTask[]> {
    await this.executions.get(id);
    return this.reader.of(id);
  }
}
