import { run, seededRandom } from './intrinsic.fixture.js';

/** The shape the recordings check (intr-uuid, var-reference-in-intrinsic-function): a lower-case v4 UUID. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('States.UUID', () => {
  it('intr-uuid: returns a lower-case RFC 4122 version 4 UUID', () => {
    const random = seededRandom(1);
    for (let draw = 0; draw < 200; draw++) expect(run('States.UUID()', {}, random)).toMatch(UUID_V4);
  });

  it('draws its bits from the injected random only, so equal sources give equal UUIDs', () => {
    expect(run('States.UUID()', {}, seededRandom(3))).toBe(run('States.UUID()', {}, seededRandom(3)));
    expect(run('States.UUID()', {}, seededRandom(3))).not.toBe(run('States.UUID()', {}, seededRandom(4)));
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(run('States.UUID()', {}, () => 0)).toBe('00000000-0000-4000-8000-000000000000');
    expect(run('States.UUID()', {}, () => 0.999999)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});
