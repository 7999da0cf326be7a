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

  @Field(() => String, {
    nullable: true,
    description:
      'The AWS-style access key id (`SGAK…`) for Signature Version 4 on the AWS Step Functions endpoint; null for keys created before access keys existed (create a new key to get a pair).',
  })
  accessKeyId!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the key last authenticated a request, to within a minute.',
  })
  lastUsedAt!: Date | null;
}

/** The answer of createApiKey: the only time the key and the secret access key are shown. */
@ObjectType({
  description: 'A new API key: store `key` and `secretAccessKey` now, they are never shown again.',
})
export class CreatedApiKey {
  @Field({ description: 'Send as `Authorization: Bearer <key>`.' })
  key!: string;

  @Field({
    description:
      'The access key id of the same key, for AWS SDKs and the AWS CLI (Signature Version 4); also in `apiKey`.',
  })
  accessKeyId!: string;

  @Field({ description: 'The secret access key that goes with `accessKeyId`.' })
  secretAccessKey!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

export function apiKeyOf(entity: ApiKeyEntity): ApiKey {
  return {
    id: entity.id,
    name: entity.name,
    role: entity.role,
    accessKeyId: entity.accessKeyId,
    createdAt: entity.createdAt,
    lastUsedAt: entity.lastUsedAt,
  };
}
