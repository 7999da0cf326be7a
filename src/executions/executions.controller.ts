import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { REST_PREFIX } from '../http/http.setup.js';
import { RequirePermission } from '../authorization/access.decorators.js';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import { Permission } from '../authorization/permission.js';
import { ProblemDetails } from '../http/problem-details.js';
import { ExecutionEventsArgs } from './dto/execution-events.args.js';
import { ExecutionsQuery } from './dto/executions.args.js';
import { StartExecutionBody } from './dto/start-execution.input.js';
import { StopExecutionBody } from './dto/stop-execution.args.js';
import { stateMachineRefOf } from './execution.references.js';
import { ExecutionsService } from './executions.service.js';
import { ExecutionEventPage, ExecutionPage, restPageOf } from './models/execution-page.model.js';
import { ExecutionStatusCount } from './models/execution-status-count.model.js';
import { Execution } from './models/execution.model.js';

/** The part of Express's response used here (Express's own types are not a dependency). */
interface StatusResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): void;
}

const NOT_FOUND = { type: ProblemDetails, description: 'No such execution.' };
const EXECUTION_ID = { name: 'id', format: 'uuid', description: 'The execution id.' };

/** REST for executions (docs/design.md §5), over the same service as GraphQL. */
@ApiTags('executions')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` lists each problem.' })
@Controller()
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Post('state-machines/:stateMachine/executions')
  @RequirePermission(Permission.ExecutionStart)
  @ApiOperation({ summary: 'Start an execution (idempotent by name)' })
  @ApiParam({ name: 'stateMachine', description: 'The state machine id or name.' })
  @ApiCreatedResponse({ type: Execution, description: 'Started; Location names the execution.' })
  @ApiOkResponse({
    type: Execution,
    description: 'The machine already has an execution of that name: here it is.',
  })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such state machine or version.' })
  async start(
    @Param('stateMachine') stateMachine: string,
    @Body() body: StartExecutionBody,
    // The status depends on the outcome (201 created, 200 repeated). Passthrough: Nest still sends
    // the body, so that interceptors (the audit row) finish before the client has its answer.
    @Res({ passthrough: true }) res: StatusResponse,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    const { execution, created } = await this.executions.start(
      { ...body, stateMachine: stateMachineRefOf(stateMachine) },
      act,
    );
    if (created) res.setHeader('Location', `/${REST_PREFIX}/executions/${execution.id}`);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return execution;
  }

  @Get('state-machines/:stateMachine/execution-counts')
  @RequirePermission(Permission.ExecutionRead)
  @ApiOperation({ summary: "Count a state machine's executions by status" })
  @ApiParam({ name: 'stateMachine', description: 'The state machine id or name.' })
  @ApiOkResponse({
    type: [ExecutionStatusCount],
    description: 'How many of its executions have each status: every status, zeros included.',
  })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such state machine.' })
  countsByStatus(@Param('stateMachine') stateMachine: string): Promise<ExecutionStatusCount[]> {
    return this.executions.countsOf(stateMachineRefOf(stateMachine));
  }

  @Get('executions')
  @RequirePermission(Permission.ExecutionRead)
  @ApiOperation({ summary: 'List executions, newest first' })
  @ApiOkResponse({ type: ExecutionPage })
  async list(@Query() { first, after, ...filter }: ExecutionsQuery): Promise<ExecutionPage> {
    return restPageOf(await this.executions.list({ first, after, filter }));
  }

  @Get('executions/:id')
  @RequirePermission(Permission.ExecutionRead)
  @ApiOperation({ summary: 'Describe an execution' })
  @ApiParam(EXECUTION_ID)
  @ApiOkResponse({ type: Execution })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('id') id: string): Promise<Execution> {
    return this.executions.get(id);
  }

  @Get('executions/:id/history')
  @RequirePermission(Permission.ExecutionRead)
  @ApiOperation({
    summary: "An execution's history, oldest event first",
    description:
      'Narrowed by types and search (totalCount counts the narrowed history), from any seq (afterSeq).',
  })
  @ApiParam(EXECUTION_ID)
  @ApiOkResponse({ type: ExecutionEventPage })
  @ApiNotFoundResponse(NOT_FOUND)
  async history(
    @Param('id') id: string,
    @Query() { first, after, afterSeq, types, search }: ExecutionEventsArgs,
  ): Promise<ExecutionEventPage> {
    return restPageOf(await this.executions.history(id, { first, after, afterSeq, types, search }));
  }

  @Post('executions/:id/stop')
  @RequirePermission(Permission.ExecutionStop)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop a running execution; it ends ABORTED' })
  @ApiParam(EXECUTION_ID)
  @ApiOkResponse({ type: Execution })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetails, description: 'The execution has already ended.' })
  stop(
    @Param('id') id: string,
    @Body() body: StopExecutionBody,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    return this.executions.stop(id, body, act);
  }

  @Post('executions/:id/pause')
  @RequirePermission(Permission.ExecutionStop)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Pause a running execution',
    description:
      'In-flight tasks finish and their results wait, timers wait, no state is entered until it is resumed. It stays RUNNING with paused: true; pausing a paused execution changes nothing.',
  })
  @ApiParam(EXECUTION_ID)
  @ApiOkResponse({ type: Execution })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetails, description: 'The execution has already ended.' })
  pause(
    @Param('id') id: string,
    @CurrentCaller() caller: Caller,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Execution> {
    return this.executions.pause(id, caller.principal, act);
  }

  @Post('executions/:id/resume')
  @RequirePermission(Permission.ExecutionStop)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Resume a paused execution where it was',
    description:
      'Results that came while paused are applied and timers that passed fire now; an execution that is not paused is unchanged.',
  })
  @ApiParam(EXECUTION_ID)
  @ApiOkResponse({ type: Execution })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetails, description: 'The execution has already ended.' })
  resume(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<Execution> {
    return this.executions.resume(id, act);
  }

  @Post('executions/:id/redrive')
  @RequirePermission(Permission.ExecutionRedrive)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a failed, timed-out or aborted execution again from where it failed' })
  @ApiParam(EXECUTION_ID)
  @ApiOkResponse({ type: Execution })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetails, description: 'The execution is running or succeeded.' })
  redrive(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<Execution> {
    return this.executions.redrive(id, act);
  }
}
