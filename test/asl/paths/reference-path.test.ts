import {
  isVariablePath,
  pathResolver,
  resolvePath,
  type PathScope,
} from '../../../src/asl/paths/reference-path.js';

const scope: PathScope = {
  data: { a: { b: 1 } },
  context: { Execution: { Id: 'exec-1' } },
  variables: { answer: 42, record: { name: 'Ada' } },
};

describe('resolvePath', () => {
  it.each([
    ['$', { found: true, value: { a: { b: 1 } } }],
    ['$.a.b', { found: true, value: 1 }],
    ['$$.Execution.Id', { found: true, value: 'exec-1' }],
    ['$$', { found: true, value: { Execution: { Id: 'exec-1' } } }],
    ['$answer', { found: true, value: 42 }],
    ['$record.name', { found: true, value: 'Ada' }],
    ['$record.missing', { found: false }],
    ['$missing', { found: false }],
  ])('resolves %s', (path, expected) => {
    expect(resolvePath(path, scope)).toEqual(expected);
    expect(pathResolver(scope)(path)).toEqual(expected);
  });

  it.each([
    ['$answer', true],
    ['$record.name', true],
    ['$.a', false],
    ['$$.Execution', false],
    ['$', false],
  ])('tells whether %s reads a variable', (path, expected) => {
    expect(isVariablePath(path)).toBe(expected);
  });
});
