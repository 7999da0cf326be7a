/**
 * A small app with only the API plumbing (GraphQL, pub/sub, HTTP conventions) and probe endpoints
 * that fail on demand, so error mapping can be checked end to end without any feature.
 */
import {
  Body,
  Controller,
  Get,
  Global,
  Inject,
  Module,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { Args, Field, Int, ObjectType, Query, Resolver, Subscription } from '@nestjs/graphql';
import { NestFactory } from '@nestjs/core';
import { IsInt, IsString, Min } from 'class-validator';
import type { PubSubEngine } from 'graphql-subscriptions';
import { Registry } from 'prom-client';
import { AppError, type ErrorCode } from '../../src/common/app-error.js';
import { PROMETHEUS_REGISTRY } from '../../src/common/metrics-registry.token.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { loadConfig } from '../../src/config/config.js';
import { ConnectionArgs } from '../../src/graphql/connection/connection.args.js';
import { Connection } from '../../src/graphql/connection/connection.type.js';
import { GraphqlApiModule } from '../../src/graphql/graphql-api.module.js';
import { GRAPHQL_SECURITY, type GraphqlSecurity } from '../../src/graphql/graphql.security.js';
import { PubSubModule } from '../../src/notifications/pub-sub.module.js';
import { ErrorReportsModule } from '../../src/observability/error-reports/error-reports.module.js';
import { PUB_SUB } from '../../src/notifications/pub-sub.token.js';
import { connectionFromRows, type ConnectionPage } from '../../src/pagination/connection.page.js';
import { decodeCursor, encodeCursor } from '../../src/pagination/cursor.codec.js';
import { defineTopic, subscribeTo } from '../../src/notifications/pub-sub.topic.js';
import { JsonScalar } from '../../src/graphql/scalars/json.scalar.js';
import { configureHttp } from '../../src/http/http.setup.js';

/** What the probe error messages pretend to leak: production responses must never show it. */
export const SECRET_INTERNALS = 'SELECT password_hash FROM users';

@ObjectType()
class Tick {
  @Field(() => Int)
  n!: number;

  @Field()
  at!: Date;

  @Field(() => JsonScalar)
  payload!: unknown;
}

@ObjectType()
class Item {
  @Field(() => Int)
  n!: number;
}

@ObjectType()
class ItemConnection extends Connection(Item) {}

export const tickTopic = (channel: string) => defineTopic<Tick>(`probe.tick.${channel}`);

const ITEM_COUNT = 5;

@Resolver()
class ProbeResolver {
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  @Query(() => Boolean)
  failWith(@Args('code') code: string): boolean {
    throw new AppError(code as ErrorCode, `Failed with ${code} on purpose`, {
      details: [{ path: 'code', message: 'asked to fail' }],
    });
  }

  @Query(() => Boolean)
  crash(): boolean {
    throw new Error(`relation "users" does not exist: ${SECRET_INTERNALS}`);
  }

  @Query(() => JsonScalar)
  echoJson(@Args('value', { type: () => JsonScalar }) value: unknown): unknown {
    return value;
  }

  @Query(() => Date)
  echoDateTime(@Args('at', { type: () => Date }) at: Date): Date {
    return at;
  }

  @Query(() => ItemConnection)
  items(@Args() { first, after }: ConnectionArgs): ConnectionPage<Item> {
    const start = after ? decodeCursor(after, { n: 'number' }).n + 1 : 0;
    const rows = Array.from({ length: Math.max(0, Math.min(first + 1, ITEM_COUNT - start)) }, (_, i) => ({
      n: start + i,
    }));
    return connectionFromRows({
      rows,
      first,
      totalCount: ITEM_COUNT,
      cursorOf: (item) => encodeCursor({ n: item.n }),
    });
  }

  @Subscription(() => Tick, { resolve: (payload: Tick) => payload })
  ticks(@Args('channel') channel: string): AsyncIterableIterator<Tick> {
    if (channel === 'forbidden') throw AppError.forbidden('Not your channel');
    return subscribeTo(this.pubSub, tickTopic(channel));
  }
}

class EchoBody {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  count!: number;
}

@Controller('probe')
class ProbeController {
  @Get('fail/:code')
  fail(@Param('code') code: string): never {
    throw new AppError(code as ErrorCode, `Failed with ${code} on purpose`);
  }

  @Get('crash')
  crash(): never {
    throw new Error(`relation "users" does not exist: ${SECRET_INTERNALS}`);
  }

  @Post('echo')
  echo(@Body() body: EchoBody): EchoBody {
    return body;
  }
}

@Module({ providers: [ProbeResolver], controllers: [ProbeController] })
class ProbeModule {}

/**
 * The probe app checks API plumbing, not access control: every caller is anonymous and may call
 * every probe field. The application's own security is tested on the booted application.
 */
const OPEN_GRAPHQL_SECURITY: GraphqlSecurity = {
  authenticateRequest: async () => undefined,
  protectSchema: (schema) => schema,
  plugins: [],
  sockets: { onConnect: async () => true, allowsEvent: async () => true, onClose: () => undefined },
};

@Global()
@Module({
  providers: [{ provide: GRAPHQL_SECURITY, useValue: OPEN_GRAPHQL_SECURITY }],
  exports: [GRAPHQL_SECURITY],
})
class OpenSecurityModule {}

/** GraphQL counts its requests into the application's registry; the probe app keeps its own, unread. */
@Global()
@Module({
  providers: [{ provide: PROMETHEUS_REGISTRY, useFactory: () => new Registry() }],
  exports: [PROMETHEUS_REGISTRY],
})
class ProbeMetricsModule {}

export interface ProbeApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly pubSub: PubSubEngine;
  close(): Promise<void>;
}

/** Boots the probe app on a free port; `env` is the environment its config is loaded from. */
export async function bootProbeApp(env: NodeJS.ProcessEnv = {}): Promise<ProbeApp> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      ErrorReportsModule,
      OpenSecurityModule,
      ProbeMetricsModule,
      PubSubModule,
      GraphqlApiModule,
      ProbeModule,
    ],
  })
  class ProbeAppModule {}
  const app = await NestFactory.create(ProbeAppModule, { logger: false });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    url: await app.getUrl(),
    pubSub: app.get<PubSubEngine>(PUB_SUB),
    close: () => app.close(),
  };
}
