import { BoundedLabel, OTHER_LABEL_VALUE } from '../../src/observability/bounded-label.js';

describe('BoundedLabel', () => {
  it('keeps the first values up to its cap, the same ones ever after, and gives the rest one value', () => {
    const machines = new BoundedLabel(2);
    expect(machines.of('orders')).toBe('orders');
    expect(machines.of('billing')).toBe('billing');
    expect(machines.of('shipping')).toBe(OTHER_LABEL_VALUE);
    expect(machines.of('orders')).toBe('orders');
    expect(machines.of('returns')).toBe(OTHER_LABEL_VALUE);
    expect(machines.of('billing')).toBe('billing');
  });
});
