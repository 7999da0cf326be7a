import { Module } from '@nestjs/common';
import { EngineCommandsModule } from '../engine/engine-commands.module.js';
import { ActivitiesController } from './activities.controller.js';
import { ActivitiesResolver } from './activities.resolver.js';
import { ActivityPollService } from './activity-poll.service.js';
import { ActivityPollersRecorder } from './activity-pollers.recorder.js';
import { TaskResultsService } from './task-results.service.js';
import { TasksController } from './tasks.controller.js';

/** The worker-facing API: activity long polls and answers to task tokens, GraphQL and REST. */
@Module({
  imports: [EngineCommandsModule],
  controllers: [ActivitiesController, TasksController],
  providers: [ActivityPollService, ActivityPollersRecorder, TaskResultsService, ActivitiesResolver],
})
export class ActivitiesModule {}
