import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EngineCommandsModule } from '../engine/engine-commands.module.js';
import { ActivitiesController } from './activities.controller.js';
import { ActivitiesService } from './activities.service.js';
import { ActivitiesResolver } from './activities.resolver.js';
import { ActivityPollService } from './activity-poll.service.js';
import { ActivityPollersRecorder } from './activity-pollers.recorder.js';
import { TaskResultsService } from './task-results.service.js';
import { TasksController } from './tasks.controller.js';

/**
 * The worker-facing API: activity long polls and answers to task tokens, GraphQL and REST; the
 * activities created by name, and these services, for the AWS endpoint.
 */
@Module({
  imports: [AuditModule, EngineCommandsModule],
  controllers: [ActivitiesController, TasksController],
  providers: [
    ActivitiesService,
    ActivityPollService,
    ActivityPollersRecorder,
    TaskResultsService,
    ActivitiesResolver,
  ],
  exports: [ActivitiesService, ActivityPollService, TaskResultsService],
})
export class ActivitiesModule {}
