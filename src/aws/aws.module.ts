import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ExecutionsModule } from '../executions/executions.module.js';
import { StateMachinesModule } from '../state-machines/state-machines.module.js';
import { AwsExecutions } from './actions/aws-executions.js';
import { AWS_ACTION_GROUPS, AwsActionRegistry } from './actions/registry.js';
import { AwsArns } from './arns.js';
import { AwsCallerAuthenticator } from './auth/aws-caller.authenticator.js';
import { AwsJsonController } from './protocol/aws-json.controller.js';

/**
 * The AWS Step Functions API (docs/aws-compatibility.md): the AWS JSON 1.0 protocol at `POST /`
 * over the same services, permissions and audit as GraphQL and REST. The activity actions reach
 * ActivitiesModule's services, and StartSyncExecution the live feed of SubscriptionsModule, without
 * importing them (activities.actions.ts says why).
 */
@Module({
  imports: [AuditModule, AuthModule, StateMachinesModule, ExecutionsModule],
  controllers: [AwsJsonController],
  providers: [AwsCallerAuthenticator, AwsArns, AwsActionRegistry, AwsExecutions, ...AWS_ACTION_GROUPS],
})
export class AwsModule {}
