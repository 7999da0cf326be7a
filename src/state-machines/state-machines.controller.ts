import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { RequirePermission } from '../authorization/access.decorators.js';
import { Permission } from '../authorization/permission.js';
import { ConnectionArgs } from '../graphql/connection/connection.args.js';
import { ProblemDetails } from '../http/problem-details.js';
import { CreateStateMachineInput } from './dto/create-state-machine.input.js';
import { StateMachinesQuery } from './dto/state-machines.args.js';
import { UpdateStateMachineInput } from './dto/update-state-machine.input.js';
import { ValidateDefinitionInput } from './dto/validate-definition.input.js';
import { DefinitionValidation } from './models/definition-validation.model.js';
import { StateMachine } from './models/state-machine.model.js';
import { restPageOf, StateMachinePage, StateMachineVersionPage } from './models/state-machine.page.js';
import { StateMachinesService } from './state-machines.service.js';

/** State machines over REST (docs/design.md §5): the same service and rules as GraphQL. */
@ApiTags('state machines')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` lists each problem.' })
@Controller('state-machines')
export class StateMachinesController {
  constructor(private readonly service: StateMachinesService) {}

  @Get()
  @RequirePermission(Permission.StateMachineRead)
  @ApiOkResponse({ type: StateMachinePage, description: 'State machines in name order.' })
  async list(@Query() { first, after, nameContains }: StateMachinesQuery): Promise<StateMachinePage> {
    return restPageOf(await this.service.list({ first, after, nameContains }));
  }

  @Post()
  @RequirePermission(Permission.StateMachineWrite)
  @ApiCreatedResponse({ type: StateMachine, description: 'Stored, with its definition as version 1.' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The name is taken.' })
  create(@Body() input: CreateStateMachineInput, @CurrentAct() act?: AuditedAct): Promise<StateMachine> {
    return this.service.create(input, act);
  }

  @Post('validate')
  @RequirePermission(Permission.StateMachineRead)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: DefinitionValidation,
    description: 'Whether the definition is valid; nothing is stored.',
  })
  validate(@Body() { definition }: ValidateDefinitionInput): Promise<DefinitionValidation> {
    return this.service.validate(definition);
  }

  @Get(':id')
  @RequirePermission(Permission.StateMachineRead)
  @ApiOkResponse({ type: StateMachine })
  @ApiNotFoundResponse({ type: ProblemDetails })
  get(@Param('id') id: string): Promise<StateMachine> {
    return this.service.get({ id });
  }

  @Put(':id')
  @RequirePermission(Permission.StateMachineWrite)
  @ApiOkResponse({
    type: StateMachine,
    description: 'A different definition became a new version; an equal one, none.',
  })
  @ApiNotFoundResponse({ type: ProblemDetails })
  update(
    @Param('id') id: string,
    @Body() input: UpdateStateMachineInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<StateMachine> {
    return this.service.update(id, input, act);
  }

  @Delete(':id')
  @RequirePermission(Permission.StateMachineWrite)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted: the name is free again; executions keep their version.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async delete(@Param('id') id: string, @CurrentAct() act?: AuditedAct): Promise<void> {
    await this.service.delete(id, act);
  }

  @Get(':id/versions')
  @RequirePermission(Permission.StateMachineRead)
  @ApiOkResponse({ type: StateMachineVersionPage, description: 'Versions, newest first.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async versions(@Param('id') id: string, @Query() args: ConnectionArgs): Promise<StateMachineVersionPage> {
    return restPageOf(await this.service.listVersions(id, args));
  }
}
