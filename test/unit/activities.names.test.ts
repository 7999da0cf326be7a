import { activityNameOf } from '../../src/activities/activity.names.js';
import { AppError } from '../../src/common/app-error.js';

describe('activityNameOf', () => {
  it.each([
    ['approve-order', 'approve-order'],
    ['activity:approve-order', 'approve-order'],
    ['arn:aws:states:eu-west-1:123456789012:activity:approve-order', 'approve-order'],
    ['arn:aws:states:::activity:approve.order', 'approve.order'],
  ])('reads %s as the activity %s', (reference, name) => {
    expect(activityNameOf(reference)).toBe(name);
  });

  it.each([
    '',
    'has space',
    'x'.repeat(81),
    'a*b',
    'activity:',
    'arn:aws:states:::http:invoke',
    'activity:a.waitForTaskToken',
  ])('refuses %j with BAD_USER_INPUT', (reference) => {
    let caught: unknown;
    try {
      activityNameOf(reference);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ path: 'activity' }] });
  });
});
