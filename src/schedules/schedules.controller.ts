import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import { restPageOf } from '../executions/models/execution-page.model.js';
import { REST_PREFIX } from '../http/http.setup.js';
import { ProblemDetails } from '../http/problem-details.js';
import { CreateScheduleInput } from './dto/create-schedule.input.js';
import {
  BackfillScheduleBody,
  NextFireTimesArgs,
  RecentFiresArgs,
  SchedulesQuery,
} from './dto/schedules.args.js';
import { UpdateScheduleBody } from './dto/update-schedule.input.js';
import { ScheduleBackfill, ScheduleFire } from './models/schedule-fire.model.js';
import { SchedulePage } from './models/schedule.page.js';
import { Schedule } from './models/schedule.model.js';
import { SchedulesService } from './schedules.service.js';

/** The part of Express's response used here (Express's own types are not a dependency). */
interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

const NOT_FOUND = { type: ProblemDetails, description: 'No such schedule.' };
const SCHEDULE_ID = { name: 'id', format: 'uuid', description: 'The schedule id.' };

/** REST for schedules, over the same service as GraphQL. */
@ApiTags('schedules')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` lists each problem.' })
@ApiForbiddenResponse({ type: ProblemDetails, description: 'Your role does not allow this.' })
@Controller('schedules')
export class SchedulesController {
  constructor(private readonly service: SchedulesService) {}

  @Get()
  @RequirePermission(Permission.ScheduleRead)
  @ApiOperation({ summary: 'List schedules in name order' })
  @ApiOkResponse({ type: SchedulePage })
  async list(@Query() { first, after, ...filter }: SchedulesQuery): Promise<SchedulePage> {
    return restPageOf(await this.service.list({ first, after, filter }));
  }

  @Post()
  @RequirePermission(Permission.ScheduleWrite)
  @ApiOperation({ summary: 'Create a schedule' })
  @ApiCreatedResponse({ type: Schedule, description: 'Created; Location names the schedule.' })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such state machine or version.' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The name is taken.' })
  async create(
    @Body() input: CreateScheduleInput,
    @Res({ passthrough: true }) res: HeaderResponse,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Schedule> {
    const schedule = await this.service.create(input, act);
    res.setHeader('Location', `/${REST_PREFIX}/schedules/${schedule.id}`);
    return schedule;
  }

  @Get(':id')
  @RequirePermission(Permission.ScheduleRead)
  @ApiOperation({ summary: 'Describe a schedule' })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({ type: Schedule })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('id') id: string): Promise<Schedule> {
    return this.service.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.ScheduleWrite)
  @ApiOperation({
    summary: 'Change a schedule',
    description:
      'Fields left out keep their value; null clears description, version, startAt and endAt. A change of timing arms the schedule again from now.',
  })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({ type: Schedule })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ProblemDetails, description: 'The new name is taken.' })
  update(
    @Param('id') id: string,
    @Body() input: UpdateScheduleBody,
    @CurrentAct() act?: AuditedAct,
  ): Promise<Schedule> {
    return this.service.update(id, input, act);
  }

  @Delete(':id')
  @RequirePermission(Permission.ScheduleWrite)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a schedule and its fires; its executions stay' })
  @ApiParam(SCHEDULE_ID)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async delete(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<void> {
    await this.service.delete(id, act);
  }

  @Post(':id/pause')
  @RequirePermission(Permission.ScheduleWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pause a schedule' })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({ type: Schedule })
  @ApiNotFoundResponse(NOT_FOUND)
  pause(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<Schedule> {
    return this.service.pause(id, act);
  }

  @Post(':id/resume')
  @RequirePermission(Permission.ScheduleWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume a schedule from now; fires missed while paused are not run' })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({ type: Schedule })
  @ApiNotFoundResponse(NOT_FOUND)
  resume(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<Schedule> {
    return this.service.resume(id, act);
  }

  @Post(':id/trigger')
  @RequirePermission(Permission.ExecutionStart)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Fire a schedule once, now, under its overlap policy' })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({ type: ScheduleFire, description: 'The fire: its time, outcome and execution.' })
  @ApiNotFoundResponse(NOT_FOUND)
  trigger(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<ScheduleFire> {
    return this.service.trigger(id, act);
  }

  @Post(':id/backfill')
  @RequirePermission(Permission.ExecutionStart)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Fire every fire time of a past range, oldest first' })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({
    type: ScheduleBackfill,
    description: 'How many fires the range held and what became of them.',
  })
  @ApiNotFoundResponse(NOT_FOUND)
  backfill(
    @Param('id') id: string,
    @Body() body: BackfillScheduleBody,
    @CurrentAct() act?: AuditedAct,
  ): Promise<ScheduleBackfill> {
    return this.service.backfill(id, body, act);
  }

  @Get(':id/next-fire-times')
  @RequirePermission(Permission.ScheduleRead)
  @ApiOperation({ summary: 'Preview the next fire times after now (before jitter; also while paused)' })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({ type: [String], description: 'RFC 3339 instants, ascending.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async nextFireTimes(@Param('id') id: string, @Query() { count }: NextFireTimesArgs): Promise<string[]> {
    return this.service.nextFireTimes(await this.service.get(id), count);
  }

  @Get(':id/fires')
  @RequirePermission(Permission.ScheduleRead, Permission.ExecutionRead)
  @ApiOperation({ summary: "A schedule's latest fires, newest first, with their executions" })
  @ApiParam(SCHEDULE_ID)
  @ApiOkResponse({ type: [ScheduleFire] })
  @ApiNotFoundResponse(NOT_FOUND)
  async fires(@Param('id') id: string, @Query() { first }: RecentFiresArgs): Promise<ScheduleFire[]> {
    const schedule = await this.service.get(id);
    return this.service.recentFires(schedule.id, first);
  }
}
