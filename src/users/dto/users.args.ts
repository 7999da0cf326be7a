import { ArgsType } from '@nestjs/graphql';
import { ConnectionArgs } from '../../graphql/connection/connection.args.js';

/** `users(first, after)`: in email order. */
@ArgsType()
export class UsersArgs extends ConnectionArgs {}
