import { describe, expect, it } from 'vitest';
import { jsonLocations, locate } from '../src/state-machines/json-locations';

const text = JSON.stringify(
  {
    StartAt: 'Check',
    States: {
      Check: { Type: 'Choice', Choices: [{ Next: 'A' }, { Next: 'Nowhere' }], Default: 'A' },
      'a b': { Type: 'Pass', End: true },
      "it's": { Type: 'Succeed' },
    },
  },
  null,
  2,
);
const slice = (range: { start: number; end: number } | undefined) =>
  range && text.slice(range.start, range.end);

describe('the places of a JSON text by JSON path', () => {
  const locations = jsonLocations(text);

  it('places the root at the whole text', () => {
    expect(slice(locations.get('$'))).toBe(text);
  });

  it('places a member from its key to the end of its value, in the paths validateDefinition writes', () => {
    expect(slice(locations.get('$.StartAt'))).toBe('"StartAt": "Check"');
    expect(slice(locations.get('$.States.Check.Choices[1].Next'))).toBe('"Next": "Nowhere"');
    expect(slice(locations.get("$.States['a b'].End"))).toBe('"End": true');
    expect(slice(locations.get("$.States['it\\'s'].Type"))).toBe('"Type": "Succeed"');
  });

  it('places an array element at its value', () => {
    const element = slice(locations.get('$.States.Check.Choices[0]'))!;
    expect(element.startsWith('{')).toBe(true);
    expect(JSON.parse(element)).toEqual({ Next: 'A' });
  });

  it('places a missing field at the nearest value that holds it', () => {
    expect(slice(locate(locations, '$.States.Check.Choices[1].Variable'))).toBe(
      slice(locations.get('$.States.Check.Choices[1]')),
    );
    expect(locate(locations, '$.Nothing.Here')).toEqual(locations.get('$'));
  });
});
