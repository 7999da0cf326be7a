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
import { WaitReason } from './models/wait-reason.model.js';
import { WaitingOnReader } from './waiting-on.reader.js';

/** REST for why an execution has not moved on: what `Execution.waitingOn` answers over GraphQL. */
@ApiTags('executions')
@Controller()
export class WaitingOnController {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly reader: WaitingOnReader,
  ) {}

  @Get('executions/:id/waiting-on')
  @RequirePermission(Permission.ExecutionRead)
  @ApiOperation({
    summary: 'Why an execution has not moved on: one reason per open state; [] unless RUNNING',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The execution id.' })
  @ApiOkResponse({ type: [WaitReason] })
  @ApiForbiddenResponse({ type: ProblemDetails, description: 'Needs executions:read.' })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such execution.' })
  async list(@Param('id') id: string): Promise<WaitReason[]> {
    await this.executions.get(id);
    return this.reader.of(id);
  }
}
