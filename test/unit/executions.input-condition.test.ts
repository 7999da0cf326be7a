import { AppError } from '../../src/common/app-error.js';
import { containmentJson, parseInputCondition } from '../../src/executions/input-condition.js';

describe('parseInputCondition', () => {
  it.each([
    ['$.customerId == "c-42"', ['customerId'], '"c-42"'],
    ['  $.order.total==12.5  ', ['order', 'total'], '12.5'],
    ['$[\'order\']["total"] == 1', ['order', 'total'], '1'],
    ["$['it\\'s'] == true", ["it's"], 'true'],
    ['$.tags == null', ['tags'], 'null'],
    ['$.a == {"b": [1, 2]}', ['a'], '{"b": [1, 2]}'],
  ])('reads %s', (condition, path, valueJson) => {
    expect(parseInputCondition(condition)).toEqual({ path, valueJson });
  });

  it('keeps a number as written, digits JavaScript would round included', () => {
    const condition = parseInputCondition('$.id == 12345678901234567890');
    expect(containmentJson(condition)).toBe('{"id":12345678901234567890}');
  });

  it('nests the value under each key, keys quoted as JSON', () => {
    expect(containmentJson(parseInputCondition(`$['a"b'].c == "x"`))).toBe('{"a\\"b":{"c":"x"}}');
  });

  it.each([
    [
      '$.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee.ff.gg == 1',
      /at most 32 segments/,
    ],
    ['$.a === 1', /expected == after the path/],
    ['$.a != 1', /expected == after the path/],
    ['$.a ==', /not JSON/],
    ['$.1a == 1', /expected a name after/],
    ['$[a] == 1', /expected a quoted name/],
    ["$['a' == 1", /expected "\]"/],
    ['$.a == "\\u0000"', /U\+0000/],
  ])('refuses %s', (condition, problem) => {
    let refusal: unknown;
    try {
      parseInputCondition(condition);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('BAD_USER_INPUT');
    expect((refusal as AppError).message).toMatch(problem);
  });
});
