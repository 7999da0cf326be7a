import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { HISTORY_EVENT_TYPES } from '../../asl/index.js';
import { ConnectionArgs } from '../../graphql/connection/connection.args.js';

/** The longest `search` text: enough for any value worth finding, short of a costly pattern. */
export const MAX_EVENT_SEARCH_LENGTH = 200;

/**
 * `events(afterSeq, types, search, first, after)` in GraphQL and the query of
 * `GET /executions/{id}/history` in REST: every field given narrows the history, and
 * `totalCount` counts what the narrowed history holds.
 */
@ArgsType()
export class ExecutionEventsArgs extends ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Only events with a greater seq: a page can start anywhere in the history.',
  })
  @ApiPropertyOptional({ minimum: 0, description: 'Only events with a greater seq.' })
  @IsOptional()
  // REST query strings arrive as text.
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only events of these types (e.g. TaskFailed); an unknown type is BAD_USER_INPUT.',
  })
  @ApiPropertyOptional({
    type: [String],
    description: 'Only events of these types; repeat the parameter or separate types with commas.',
    example: ['TaskFailed', 'ExecutionFailed'],
  })
  @IsOptional()
  // REST gives one text for a single or comma-separated parameter, an array for a repeated one.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').filter((type) => type !== '') : value,
  )
  @IsArray()
  @ArrayMaxSize(HISTORY_EVENT_TYPES.length)
  @IsString({ each: true })
  types?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: `Only events whose details or state name contain this text, case-insensitive (at most ${MAX_EVENT_SEARCH_LENGTH} characters).`,
  })
  @ApiPropertyOptional({
    maxLength: MAX_EVENT_SEARCH_LENGTH,
    description:
      'Only events whose details (as JSON text) or state name contain this text, case-insensitive.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EVENT_SEARCH_LENGTH, {
    message: `search must be at most ${MAX_EVENT_SEARCH_LENGTH} characters`,
  })
  search?: string | null;
}
