import { parseTimestamp, parseTimestampNanos } from '../../../src/asl/choice/index.js';

describe('parseTimestamp', () => {
  it.each([
    ['2016-03-14T01:59:00Z', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['2016-03-14T01:59:00.5Z', Date.UTC(2016, 2, 14, 1, 59, 0, 500)],
    ['2016-03-14T01:59:00.123456789Z', Date.UTC(2016, 2, 14, 1, 59, 0, 123)],
    ['2016-03-14T02:59:00+01:00', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['2016-03-13T20:29:00-05:30', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['2016-03-14T01:59:00-00:00', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['2016-02-29T00:00:00Z', Date.UTC(2016, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59.999Z', -1],
    ['1969-12-31T23:59:59.9999Z', -1],
    ['0001-01-01T00:00:00Z', -62135596800000],
    ['9999-12-31T23:59:59.999Z', 253402300799999],
  ])('reads %s as %d ms since the epoch', (text, epochMs) => {
    expect(parseTimestamp(text)).toBe(epochMs);
  });

  it.each([
    ['a date without a time', '2016-03-14'],
    ['a time without a zone', '2016-03-14T01:59:00'],
    ['a lowercase t', '2016-03-14t01:59:00Z'],
    ['a lowercase z', '2016-03-14T01:59:00z'],
    ['a space instead of T', '2016-03-14 01:59:00Z'],
    ['no seconds', '2016-03-14T01:59Z'],
    ['an offset without a colon', '2016-03-14T01:59:00+0100'],
    ['an hour-only offset', '2016-03-14T01:59:00+01'],
    ['a fraction without digits', '2016-03-14T01:59:00.Z'],
    ['more than nine fractional digits', '2016-03-14T01:59:00.1234567890Z'],
    ['month 13', '2016-13-14T01:59:00Z'],
    ['month 0', '2016-00-14T01:59:00Z'],
    ['day 0', '2016-03-00T01:59:00Z'],
    ['February 30', '2016-02-30T01:59:00Z'],
    ['February 29 of a common year', '2015-02-29T01:59:00Z'],
    ['February 29 of 1900', '1900-02-29T01:59:00Z'],
    ['April 31', '2016-04-31T01:59:00Z'],
    ['hour 24', '2016-03-14T24:00:00Z'],
    ['minute 60', '2016-03-14T01:60:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['an offset hour of 24', '2016-03-14T01:59:00+24:00'],
    ['an offset minute of 60', '2016-03-14T01:59:00+01:60'],
    ['a five-digit year', '10000-01-01T00:00:00Z'],
    ['a signed year', '+2016-03-14T01:59:00Z'],
    ['surrounding whitespace', ' 2016-03-14T01:59:00Z'],
    ['a trailing newline', '2016-03-14T01:59:00Z\n'],
    ['non-ASCII digits', '٢٠١٦-03-14T01:59:00Z'],
    ['words', 'date'],
    ['nothing', ''],
  ])('rejects %s', (_name, text) => {
    expect(parseTimestamp(text)).toBeUndefined();
    expect(parseTimestampNanos(text)).toBeUndefined();
  });

  it('keeps nanoseconds exactly where milliseconds would lose them', () => {
    expect(
      parseTimestampNanos('2016-03-14T01:59:00.000000001Z')! - parseTimestampNanos('2016-03-14T01:59:00Z')!,
    ).toBe(1n);
    expect(parseTimestampNanos('1969-12-31T23:59:59.999999999Z')).toBe(-1n);
  });
});
