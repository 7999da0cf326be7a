import { ApiProperty } from '@nestjs/swagger';
import type { RestPage } from '../../executions/models/execution-page.model.js';
import { Schedule } from './schedule.model.js';

/** `GET /schedules`: in name order. */
export class SchedulePage implements RestPage<Schedule> {
  @ApiProperty({ type: [Schedule] })
  items!: Schedule[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` to fetch the next page; null on the last page.',
  })
  nextCursor!: string | null;

  @ApiProperty({ description: 'How many schedules match, on every page.' })
  totalCount!: number;
}
