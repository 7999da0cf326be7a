/**
 * The CLI's pure pieces: validator paths as segments, `--since`, where a path lands in a wrapped
 * YAML file, the graph texts' quoting, and colours as the run's streams and environment allow. The
 * commands themselves are tested end to end (test/e2e/cli.*.test.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { readDefinitionFile } from '../../packages/cli/src/definitions/definition.file.js';
import { pathSegments } from '../../packages/cli/src/definitions/json-path.js';
import { parseSince } from '../../packages/cli/src/executions/executions.filter.js';
import { toDot } from '../../packages/cli/src/graph/dot.js';
import { toMermaid } from '../../packages/cli/src/graph/mermaid.js';
import { stateGraph } from '../../packages/cli/src/graph/state.graph.js';
import { run } from '../../packages/cli/src/main.js';

/** The stderr a `run` of `args` writes, to a stream that says it is a TTY or not. */
async function stderrOf(args: string[], tty: boolean, env: NodeJS.ProcessEnv): Promise<string> {
  let text = '';
  const stream = () =>
    Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          text += chunk.toString();
          done();
        },
      }),
      { isTTY: tty },
    );
  await run(args, { stdin: Readable.from([]), stdout: stream(), stderr: stream(), env });
  return text;
}

describe('the CLI’s pieces', () => {
  it('reads the validator’s paths, quoted keys and indexes included', () => {
    expect(pathSegments('$')).toEqual([]);
    expect(pathSegments('$.States.Check.Choices[1].Next')).toEqual(['States', 'Check', 'Choices', 1, 'Next']);
    expect(pathSegments("$.States['a b'].Catch[0]")).toEqual(['States', 'a b', 'Catch', 0]);
    expect(pathSegments("$.States['it\\'s']")).toEqual(['States', "it's"]);
  });

  it('reads --since as a duration ago or an instant, and names what it cannot read', () => {
    const now = Date.parse('2026-01-31T12:00:00.000Z');
    expect(parseSince('15m', now)).toBe('2026-01-31T11:45:00.000Z');
    expect(parseSince('2d', now)).toBe('2026-01-29T12:00:00.000Z');
    expect(parseSince('2026-01-01T00:00:00Z', now)).toBe('2026-01-01T00:00:00.000Z');
    expect(() => parseSince('yesterday', now)).toThrow('--since "yesterday" is neither a duration');
  });

  it('places a path inside a wrapper file’s definition, or at its nearest existing ancestor', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stepgraph-cli-unit-'));
    try {
      const file = join(folder, 'x.asl.yaml');
      await writeFile(
        file,
        [
          'name: other',
          'definition:',
          '  StartAt: A',
          '  States:',
          '    A:',
          '      Type: Pass',
          '      End: true',
          '',
        ].join('\n'),
      );
      const read = await readDefinitionFile(file);
      if (!read.ok) throw new Error(JSON.stringify(read.diagnostics));
      expect(read.file.name).toBe('other');
      expect(read.file.locate('$.States.A.Type')).toEqual({ line: 6, column: 13 });
      expect(read.file.locate('$.States.A.Next')).toEqual({ line: 6, column: 7 });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('quotes state names in Mermaid and DOT', () => {
    const graph = stateGraph({
      StartAt: 'Say "hi"',
      States: { 'Say "hi"': { Type: 'Pass', Next: 'Done' }, Done: { Type: 'Succeed' } },
    });
    expect(toMermaid(graph)).toContain('state "Say #34;hi#34; (Pass)" as Say__hi_');
    expect(toDot(graph)).toContain('"Say__hi_" [label="Say \\"hi\\"\\nPass", shape=box];');
  });

  it('gives states whose names differ only in punctuation ids of their own', () => {
    const graph = stateGraph({
      StartAt: 'a b',
      States: { 'a b': { Type: 'Pass', Next: 'a_b' }, a_b: { Type: 'Succeed' } },
    });
    expect(graph.nodes.map((node) => node.id)).toEqual(['a_b', 'a_b_2']);
    expect(graph.edges).toEqual([{ from: 'a_b', to: 'a_b_2' }]);
  });

  it('paints its errors on a TTY only, and not with NO_COLOR (the streams and environment the run is given)', async () => {
    const args = ['validate', join(tmpdir(), 'stepgraph-cli-unit-missing.asl.json')];
    const red = '\u001b[31mstepgraph: error:\u001b[0m ';
    expect(await stderrOf(args, true, {})).toContain(red);
    expect(await stderrOf(args, true, { NO_COLOR: '1' })).toMatch(/^stepgraph: error: /);
    expect(await stderrOf(args, false, {})).toMatch(/^stepgraph: error: /);
  });
});
