import { buildSchema, parse, validate } from 'graphql';
import { singleUseMutationsRule, withoutSuggestions } from '../../src/graphql/graphql.limits.js';

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Token { value: String }
  type Mutation { login(email: String!): Token, refreshToken(token: String!): Token, other: Boolean }
`);

const problems = (source: string) =>
  validate(schema, parse(source), [singleUseMutationsRule]).map((error) => error.message);

describe('single-use mutations', () => {
  it('allow one plain login or refreshToken beside other fields', () => {
    expect(problems('mutation { login(email: "a") { value } other }')).toEqual([]);
  });

  it('refuse an alias, a repeat through a fragment, and an alias inside an inline fragment', () => {
    expect(problems('mutation { x: login(email: "a") { value } }')).toEqual(['login may not be aliased']);
    expect(
      problems(
        'mutation { login(email: "a") { value } ...F } fragment F on Mutation { login(email: "a") { value } }',
      ),
    ).toEqual(['login may appear only once per request']);
    expect(problems('mutation { ... on Mutation { t: refreshToken(token: "a") { value } } }')).toEqual([
      'refreshToken may not be aliased',
    ]);
  });

  it('survive fragments that spread each other', () => {
    expect(
      problems('mutation { ...A } fragment A on Mutation { ...B other } fragment B on Mutation { ...A }'),
    ).toEqual([]);
  });
});

describe('withoutSuggestions', () => {
  it('drops the "Did you mean" hint that names schema fields', () => {
    expect(
      withoutSuggestions('Cannot query field "nme" on type "User". Did you mean "name" or "email"?'),
    ).toBe('Cannot query field "nme" on type "User".');
  });
});
