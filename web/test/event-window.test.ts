import { describe, expect, it } from 'vitest';
import {
  blocksOf,
  detailsText,
  filterArguments,
  isFiltering,
  NO_FILTER,
  rowWindow,
} from '../src/events/event-window';

describe('the event table window', () => {
  const base = { viewportHeight: 280, rowHeight: 28, overscan: 5 };

  it('renders the rows in view and the overscan, with the rest as space above and below', () => {
    const view = rowWindow({ ...base, scrollTop: 28 * 1000, rowCount: 25_000 });
    expect(view).toEqual({ first: 995, end: 1016, before: 995 * 28, after: (25_000 - 1016) * 28 });
  });

  it('starts at the first row and keeps the total height of every row', () => {
    const view = rowWindow({ ...base, scrollTop: 0, rowCount: 25_000 });
    expect(view.first).toBe(0);
    expect(view.end).toBe(16);
    expect(view.before + (view.end - view.first) * 28 + view.after).toBe(25_000 * 28);
  });

  it('ends at the last row when scrolled past the end (the list shrank under the scroll)', () => {
    const view = rowWindow({ ...base, scrollTop: 28 * 50_000, rowCount: 25_000 });
    expect(view.end).toBe(25_000);
    expect(view.after).toBe(0);
    expect(view.end - view.first).toBeLessThan(30);
  });

  it('renders nothing for an empty list', () => {
    expect(rowWindow({ ...base, scrollTop: 0, rowCount: 0 })).toEqual({
      first: 0,
      end: 0,
      before: 0,
      after: 0,
    });
  });

  it('names the blocks that hold a range of seqs (seqs from 1, 100 to a block: one read)', () => {
    expect(blocksOf(1, 100)).toEqual([0]);
    expect(blocksOf(95, 105)).toEqual([0, 1]);
    expect(blocksOf(24_990, 25_000)).toEqual([249]);
    expect(blocksOf(5, 4)).toEqual([]);
  });
});

describe('the event filter', () => {
  it('filters nothing when nothing is chosen, and asks the server for nothing', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering({ type: '', search: '   ' })).toBe(false);
    expect(filterArguments({ type: '', search: '   ' })).toEqual({});
  });

  it('asks the server for the chosen type and the search text, trimmed', () => {
    expect(isFiltering({ type: 'TaskScheduled', search: '' })).toBe(true);
    expect(filterArguments({ type: 'TaskScheduled', search: '' })).toEqual({ types: ['TaskScheduled'] });
    expect(filterArguments({ type: '', search: ' a-17 ' })).toEqual({ search: 'a-17' });
    expect(filterArguments({ type: 'TaskScheduled', search: 'a-17' })).toEqual({
      types: ['TaskScheduled'],
      search: 'a-17',
    });
  });

  it('shows details as one line of JSON text', () => {
    expect(detailsText({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(detailsText(null)).toBe('');
    expect(detailsText({ output: '{"i":1}', note: '{not json' })).toBe(
      '{"output":{"i":1},"note":"{not json"}',
    );
  });
});
