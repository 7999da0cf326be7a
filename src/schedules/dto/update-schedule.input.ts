import { InputType, PartialType } from '@nestjs/graphql';
import { PartialType as RestPartialType } from '@nestjs/swagger';
import { CreateScheduleInput } from './create-schedule.input.js';

/**
 * Changes to a schedule: a field left out keeps its value; null clears description, version,
 * startAt and endAt, and is refused for the fields that have no empty value.
 */
@InputType({
  description: 'Changes to a schedule: leave a field out to keep it; null clears an optional one.',
})
export class UpdateScheduleInput extends PartialType(CreateScheduleInput, InputType) {}

/** The REST body of `PATCH /schedules/{id}`: the same fields, documented for OpenAPI. */
export class UpdateScheduleBody extends RestPartialType(CreateScheduleInput) {}
