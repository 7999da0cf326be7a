import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../pagination/page-size.js';

/**
 * `first` / `after` of every list. It is a GraphQL `@ArgsType` and a REST query DTO at once, so
 * both transports validate pages the same way; extend it to add filters.
 */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many nodes to return, 1 to ${MAX_PAGE_SIZE}.`,
  })
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  // REST query strings arrive as text.
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, {
    nullable: true,
    description: "Return the nodes after this cursor: a previous page's `pageInfo.endCursor`.",
  })
  @ApiPropertyOptional({ description: "A previous page's endCursor." })
  @IsOptional()
  @IsString()
  after?: string | null;
}
