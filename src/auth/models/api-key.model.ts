import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../identity/role.js';
import type { ApiKeyEntity } from '../api-key.entity.js';

/** An API key as the API shows it: never the key. */
@ObjectType({ description: 'An API key for a machine (a worker, CI); the key itself is shown once.' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field()
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the key last authenticated a request, to within a minute.',
  })
  lastUsedAt!: Date | null;
}

/** The answer of createApiKey: the only time the key is shown. */
@ObjectType({ description: 'A new API key: store `key` now, it is never shown again.' })
export class CreatedApiKey {
  @Field({ description: 'Send as `Authorization: Bearer <key>`.' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

export function apiKeyOf(entity: ApiKeyEntity): ApiKey {
  return {
    id: entity.id,
    name: entity.name,
    role: entity.role,
    createdAt: entity.createdAt,
    lastUsedAt: entity.lastUsedAt,
  };
}
