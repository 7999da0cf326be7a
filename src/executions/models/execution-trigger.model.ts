import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

/** What started an execution. */
export const TriggerKind = {
  MANUAL: 'MANUAL',
  SCHEDULE: 'SCHEDULE',
  WEBHOOK: 'WEBHOOK',
} as const;

export type TriggerKind = (typeof TriggerKind)[keyof typeof TriggerKind];

registerEnumType(TriggerKind, {
  name: 'TriggerKind',
  description:
    'What started an execution: a client or a parent execution (MANUAL), a schedule, or a webhook call.',
});

@ObjectType({ description: 'What started an execution.' })
export class ExecutionTriggerInfo {
  @Field(() => TriggerKind)
  @ApiProperty({ enum: TriggerKind, enumName: 'TriggerKind' })
  kind!: TriggerKind;

  @Field(() => ID, { nullable: true, description: 'The schedule whose fire started it (SCHEDULE).' })
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  scheduleId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The webhook whose call started it (WEBHOOK).' })
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  webhookId!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'The fire time it ran for (SCHEDULE): the nominal time, before jitter and lag.',
  })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  scheduledTime!: string | null;
}
