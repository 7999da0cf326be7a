import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ActivitiesModule } from './activities/activities.module.js';
import { AwsModule } from './aws/aws.module.js';
import { EngineAuditModule } from './audit/engine-audit.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DATABASE_SERVER, type DatabaseServer } from './database/database.server.js';
import { EngineModule } from './engine/engine.module.js';
import { QueueModule } from './engine/queue/queue.module.js';
import { QueueService } from './engine/queue/queue.service.js';
import { ExecutionsModule } from './executions/executions.module.js';
import { GraphqlApiModule } from './graphql/graphql-api.module.js';
import { PubSubModule } from './notifications/pub-sub.module.js';
import { ErrorReportsModule } from './observability/error-reports/error-reports.module.js';
import { HealthModule } from './observability/health.module.js';
import { loggerParams } from './observability/logging.options.js';
import { MetricsModule } from './observability/metrics.module.js';
import { SecurityModule } from './security/security.module.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { StateMachinesModule } from './state-machines/state-machines.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

type ModuleImport = NonNullable<DynamicModule['imports']>[number];

/** Modules of API processes (`all`, `api`): GraphQL, REST, the AWS endpoint and the feature modules they serve. */
const API_MODULES: ModuleImport[] = [
  // Security first: the global guards, the audit interceptor and GRAPHQL_SECURITY for GraphQL.
  SecurityModule,
  GraphqlApiModule,
  StateMachinesModule,
  ExecutionsModule,
  SchedulesModule,
  ActivitiesModule,
  SubscriptionsModule,
  WebhooksModule,
  AwsModule,
];

/** Modules of engine processes (`all`, `worker`): step workers, timers, sweeper. */
const ENGINE_MODULES: ModuleImport[] = [EngineModule];

/**
 * The root module. Infrastructure (config, logging, database, queue, health, metrics) runs in every
 * serving role; the API and engine modules join according to STEPGRAPH_ROLE (docs/design.md §2). The
 * `migrate` role boots only what migrates, then stops (migrations.command.ts).
 */
@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(
    private readonly queue: QueueService,
    private readonly dataSource: DataSource,
    @Inject(DATABASE_SERVER) private readonly databaseServer: DatabaseServer,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    // Booting these migrates: Stepgraph's migrations (DatabaseModule), pg-boss's schema (QueueModule).
    const migrating = [
      ConfigModule.forRoot(config),
      LoggerModule.forRoot(loggerParams(config)),
      DatabaseModule,
      QueueModule,
    ];
    if (config.role === 'migrate') return { module: AppModule, imports: migrating };
    return {
      module: AppModule,
      imports: [
        ...migrating,
        HealthModule,
        MetricsModule,
        ErrorReportsModule,
        EngineAuditModule,
        // Every role: the engine publishes updates, the API delivers them to subscribers.
        PubSubModule,
        ...(config.runsApi ? API_MODULES : []),
        ...(config.runsEngine ? ENGINE_MODULES : []),
      ],
    };
  }

  /**
   * Releases the infrastructure in dependency order once Nest has drained HTTP and pg-boss has
   * drained its jobs (beforeApplicationShutdown): the queue's pool, then TypeORM's, then the
   * embedded server they both talk to. Done here, explicitly, because Nest orders the hooks of
   * different modules by import distance, which would close the global TypeORM module last: after
   * the server had gone.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.databaseServer.stop();
  }
}
