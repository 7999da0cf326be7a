import { evaluatePayloadTemplate, type TemplateScope } from '../../src/asl/payload-template.js';

const scope: TemplateScope = {
  data: { a: 1, list: [1, 2], s: 'x' },
  context: { Execution: { Id: 'exec' } },
  variables: { v: 'var' },
  random: () => 0.5,
};

describe('evaluatePayloadTemplate', () => {
  it.each([
    ['copies literal fields', { k: 'v', n: null, b: false }, { k: 'v', n: null, b: false }],
    [
      'takes .$ fields from paths and drops the suffix',
      { 'x.$': '$.a', 'all.$': '$' },
      { x: 1, all: scope.data },
    ],
    [
      'reads the context object and variables',
      { 'id.$': '$$.Execution.Id', 'v.$': '$v' },
      { id: 'exec', v: 'var' },
    ],
    [
      'evaluates intrinsic functions',
      { 'n.$': 'States.ArrayLength($.list)', 'f.$': "States.Format('{}!', $v)" },
      { n: 2, f: 'var!' },
    ],
    ['evaluates nested objects', { outer: { 'inner.$': '$.s' } }, { outer: { inner: 'x' } }],
    [
      'evaluates objects inside arrays',
      { list: [{ 'x.$': '$.a' }, '$.a', 3] },
      { list: [{ x: 1 }, '$.a', 3] },
    ],
    ['keeps a .$ field whose value is not a string', { 'n.$': 5 }, { 'n.$': 5 }],
    ['yields the matches of an indefinite path', { 'big.$': '$.list[?(@ > 1)]' }, { big: [2] }],
  ])('%s', (_title, template, expected) => {
    expect(evaluatePayloadTemplate(template, scope)).toEqual(expected);
  });

  it('fails with States.Runtime, quoting the input, when a path matches nothing', () => {
    expect(() => evaluatePayloadTemplate({ 'x.$': '$.missing' }, scope)).toThrow(
      expect.objectContaining({
        name: 'States.Runtime',
        cause: `The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '${JSON.stringify(scope.data)}'`,
      }),
    );
  });
});
