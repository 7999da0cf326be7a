import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentAct, type AuditedAct } from '../audit/audited-act.js';
import { CurrentCaller, type Caller } from '../authorization/caller.decorator.js';
import { CreateUserInput } from './dto/create-user.input.js';
import { UpdateUserInput } from './dto/update-user.input.js';
import { UsersArgs } from './dto/users.args.js';
import { User, UserConnection } from './models/user.model.js';
import { UsersService } from './users.service.js';

/** Users (admins) and `me` (everyone signed in). */
@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @Query(() => User, {
    nullable: true,
    description: 'The signed-in user; null for an API key, which is no user.',
  })
  me(@CurrentCaller() caller: Caller): Promise<User> | null {
    return caller.principal?.kind === 'user' ? this.service.findById(caller.principal.id) : null;
  }

  @Query(() => UserConnection, { description: 'Every user, in email order (admin).' })
  users(@Args() { first, after }: UsersArgs): Promise<UserConnection> {
    return this.service.page(first, after);
  }

  @Mutation(() => User, { description: 'Creates a user (admin).' })
  createUser(@Args('input') input: CreateUserInput, @CurrentAct() act?: AuditedAct): Promise<User> {
    return this.service.create(input, act);
  }

  @Mutation(() => User, { description: 'Changes a role or disables a user (admin).' })
  updateUser(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
    @CurrentAct() act?: AuditedAct,
  ): Promise<User> {
    return this.service.update(id, input, act);
  }
}
