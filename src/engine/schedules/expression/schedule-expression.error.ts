/** A schedule's expression, time zone or window is not valid; the message names what is wrong. */
export class ScheduleExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleExpressionError';
  }
}
