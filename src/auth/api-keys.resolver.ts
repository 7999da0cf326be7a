import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyInput } from './dto/create-api-key.input.js';
import { ApiKey, CreatedApiKey } from './models/api-key.model.js';

/** API keys (admin). */
@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(private readonly service: ApiKeysService) {}

  @Query(() => [ApiKey], { description: 'Live API keys, newest first (admin).' })
  apiKeys(): Promise<ApiKey[]> {
    return this.service.list();
  }

  @Mutation(() => CreatedApiKey, { description: 'Creates an API key and shows it, once (admin).' })
  createApiKey(
    @Args('input') input: CreateApiKeyInput,
    @CurrentCaller() caller: Caller,
    @CurrentAct() act?: AuditedAct,
  ): Promise<CreatedApiKey> {
    return this.service.create(input, caller.principal, act);
  }

  @Mutation(() => Boolean, { description: 'Revokes an API key at once (admin).' })
  revokeApiKey(@Args('id', { type: () => ID }) id: string, @CurrentAct() act?: AuditedAct): Promise<boolean> {
    return this.service.revoke(id, act);
  }
}
