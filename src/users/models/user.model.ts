import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../identity/role.js';
import { Connection } from '../../graphql/connection/connection.type.js';
import type { UserEntity } from '../user.entity.js';

/** A user account as the API shows it: never its password hash. */
@ObjectType({ description: 'A user account.' })
export class User {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @Field()
  @ApiProperty()
  email!: string;

  @Field(() => Role)
  @ApiProperty({ enum: Role })
  role!: Role;

  @Field({ description: 'A disabled user cannot sign in; their sessions were revoked.' })
  @ApiProperty()
  disabled!: boolean;

  @Field()
  @ApiProperty()
  createdAt!: Date;
}

@ObjectType()
export class UserConnection extends Connection(User) {}

/** The API's view of a row. */
export function userOf(entity: UserEntity): User {
  return {
    id: entity.id,
    email: entity.email,
    role: entity.role,
    disabled: entity.disabledAt !== null,
    createdAt: entity.createdAt,
  };
}
