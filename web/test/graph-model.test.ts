import { describe, expect, it } from 'vitest';
import { buildStateGraph } from '../src/graph/graph-model';

const definition = {
  StartAt: 'Pause',
  States: {
    Pause: { Type: 'Wait', Seconds: 1, Next: 'Work' },
    Work: {
      Type: 'Task',
      Resource: 'builtin:echo',
      Next: 'Decide',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }],
    },
    Decide: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.go', BooleanEquals: true, Next: 'Fan' },
        { Variable: '$.go', BooleanEquals: false, Next: 'Oops' },
      ],
      Default: 'Done',
    },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
              End: true,
            },
          },
        },
      ],
      Next: 'Done',
    },
    Oops: { Type: 'Fail', Error: 'Oops' },
    Done: { Type: 'Succeed' },
  },
};

describe('buildStateGraph', () => {
  const graph = buildStateGraph(definition);
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const edgesFrom = (id: string) =>
    graph.edges.filter((e) => e.source === id).map((e) => [e.target, e.kind, e.label]);

  it('makes one node per top-level state with its ASL type', () => {
    const top = graph.nodes.filter((n) => n.parentId === undefined).map((n) => [n.name, n.type]);
    expect(top).toEqual([
      ['Pause', 'Wait'],
      ['Work', 'Task'],
      ['Decide', 'Choice'],
      ['Fan', 'Parallel'],
      ['Oops', 'Fail'],
      ['Done', 'Succeed'],
    ]);
  });

  it('links Next, every Choice rule, the Choice Default and Catchers', () => {
    expect(edgesFrom('Pause')).toEqual([['Work', 'next', undefined]]);
    expect(edgesFrom('Work')).toEqual([
      ['Decide', 'next', undefined],
      ['Oops', 'catch', 'Catch States.ALL'],
    ]);
    expect(edgesFrom('Decide')).toEqual([
      ['Fan', 'choice', 'Rule 1'],
      ['Oops', 'choice', 'Rule 2'],
      ['Done', 'default', 'Default'],
    ]);
  });

  it('nests Parallel branches as containers holding their states, linked inside the branch', () => {
    expect(node('Fan')).toMatchObject({ container: true });
    expect(node('Fan/branch 1')).toMatchObject({ kind: 'branch', parentId: 'Fan', container: true });
    expect(node('Fan/branch 1/A')).toMatchObject({ name: 'A', parentId: 'Fan/branch 1' });
    expect(edgesFrom('Fan/branch 1/A')).toEqual([['Fan/branch 1/B', 'next', undefined]]);
    expect(edgesFrom('Fan')).toEqual([['Done', 'next', undefined]]);
  });

  it('nests a Map inside a branch, holding its processor states', () => {
    expect(node('Fan/branch 2/Each')).toMatchObject({
      type: 'Map',
      container: true,
      parentId: 'Fan/branch 2',
    });
    expect(node('Fan/branch 2/Each/Item')).toMatchObject({ name: 'Item', parentId: 'Fan/branch 2/Each' });
  });

  it('reads the older Iterator field of Map too', () => {
    const old = buildStateGraph({
      StartAt: 'M',
      States: {
        M: { Type: 'Map', Iterator: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, End: true },
      },
    });
    expect(old.nodes.map((n) => n.id)).toEqual(['M', 'M/I']);
  });

  it('draws nothing for a definition it cannot read, and skips links to missing states', () => {
    expect(buildStateGraph(null)).toEqual({ nodes: [], edges: [] });
    const dangling = buildStateGraph({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
    expect(dangling.edges).toEqual([]);
  });
});
