import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import { REST_PREFIX } from '../http/http.setup.js';
import { ProblemDetails } from '../http/problem-details.js';
import { BulkOperationsService } from './bulk-operations.service.js';
import { RedriveExecutionsArgs, StopExecutionsArgs } from './dto/bulk-operations.args.js';
import { BulkOperation } from './models/bulk-operation.model.js';

/** The part of Express's response used here. */
interface StatusResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): void;
}

const DRY_RUN = { type: BulkOperation, description: 'A dry run: the count and a sample; nothing changed.' };
const ACCEPTED = {
  type: BulkOperation,
  description: 'Started in the background; Location names the operation to follow.',
};

/** REST for bulk stops and redrives by filter, over the same service as GraphQL. */
@ApiTags('executions')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` lists each problem.' })
@Controller()
export class BulkOperationsController {
  constructor(private readonly service: BulkOperationsService) {}

  @Post('executions/stop')
  @RequirePermission(Permission.ExecutionStop)
  @ApiOperation({ summary: 'Stop every running execution a filter matches (or preview it with dryRun)' })
  @ApiOkResponse(DRY_RUN)
  @ApiAcceptedResponse(ACCEPTED)
  async stop(
    @Body() body: StopExecutionsArgs,
    @Res({ passthrough: true }) res: StatusResponse,
    @CurrentAct() act?: AuditedAct,
  ): Promise<BulkOperation> {
    return answered(await this.service.stop(body, act), res);
  }

  @Post('executions/redrive')
  @RequirePermission(Permission.ExecutionRedrive)
  @ApiOperation({
    summary:
      'Redrive every failed, timed-out or aborted execution a filter matches (or preview it with dryRun)',
  })
  @ApiOkResponse(DRY_RUN)
  @ApiAcceptedResponse(ACCEPTED)
  async redrive(
    @Body() body: RedriveExecutionsArgs,
    @Res({ passthrough: true }) res: StatusResponse,
    @CurrentAct() act?: AuditedAct,
  ): Promise<BulkOperation> {
    return answered(await this.service.redrive(body, act), res);
  }

  @Get('bulk-operations/:id')
  @RequirePermission(Permission.ExecutionRead)
  @ApiOperation({ summary: 'A bulk operation and its progress' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The bulk operation id.' })
  @ApiOkResponse({ type: BulkOperation })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such bulk operation.' })
  get(@Param('id') id: string): Promise<BulkOperation> {
    return this.service.get(id);
  }
}

/** 200 for a dry run; 202 with Location for an operation that runs on in the background. */
function answered(operation: BulkOperation, res: StatusResponse): BulkOperation {
  if (operation.id === null) {
    res.status(HttpStatus.OK);
  } else {
    res.setHeader('Location', `/${REST_PREFIX}/bulk-operations/${operation.id}`);
    res.status(HttpStatus.ACCEPTED);
  }
  return operation;
}
