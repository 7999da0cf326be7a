/**
 * The CLI's definition commands: `validate` (offline, positions), `apply` (created, new version,
 * unchanged, dry run, nothing applied when a file is invalid), `graph` (Mermaid, DOT, from a file
 * and from the server), and `--help` on every command. Commands run in this process (`runCli`);
 * the bin's own part, a process's streams and exit code, is proved by a few spawned runs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootApp, type BootedApp } from '../support/app.js';
import { parseJson, runCli, spawnCli } from '../support/cli.js';

jest.setTimeout(120_000);

const HELLO = {
  Comment: 'Says hello',
  StartAt: 'Greet',
  States: { Greet: { Type: 'Pass', Result: { hello: 'world' }, End: true } },
};

const CHOOSE_YAML = `# a choice, a parallel and a catcher
StartAt: Choose
States:
  Choose:
    Type: Choice
    Choices:
      - Variable: $.big
        BooleanEquals: true
        Next: Done
    Default: Both
  Both:
    Type: Parallel
    Branches:
      - StartAt: Left
        States: { Left: { Type: Pass, End: true } }
      - StartAt: Right
        States: { Right: { Type: Pass, End: true } }
    Catch: [{ ErrorEquals: [States.ALL], Next: Done }]
    Next: Done
  Done:
    Type: Succeed
`;

describe('stepgraph CLI: definitions', () => {
  let booted: BootedApp;
  let folder: string;
  let env: Record<string, string>;

  const write = async (name: string, text: string) => {
    const path = join(folder, name);
    await writeFile(path, text);
    return path;
  };

  beforeAll(async () => {
    booted = await bootApp();
    folder = await mkdtemp(join(tmpdir(), 'stepgraph-cli-'));
    env = { STEPGRAPH_URL: booted.url, STEPGRAPH_TOKEN: booted.adminToken };
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await booted?.close();
  });

  describe('validate', () => {
    it('places a broken JSON file’s validation faults and syntax errors at file:line:column', async () => {
      const broken = await write(
        'broken.asl.json',
        [
          '{',
          '  "StartAt": "A",',
          '  "States": {',
          '    "A": { "Type": "Pass", "Next": "Nowhere" }',
          '  }',
          '}',
          '',
        ].join('\n'),
      );
      const syntax = await write('syntax.asl.json', '{\n  "StartAt": "A"\n  "States": {}\n}\n');
      const result = await runCli(['validate', broken, syntax]);
      expect(result.code).toBe(1);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toContain(
        `${broken}:4:36: $.States.A.Next "Nowhere" names no state: there is no state of that name in this States object`,
      );
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${syntax}:3:3: is not valid JSON: comma expected`)),
      );
    });

    it('places a broken YAML file’s faults, and says which files are valid', async () => {
      const broken = await write(
        'broken.asl.yaml',
        [
          '# comment',
          'StartAt: A',
          'States:',
          '  A:',
          '    Type: Wait',
          '    Seconds: "ten"',
          '    End: true',
          '',
        ].join('\n'),
      );
      const syntax = await write(
        'syntax.asl.yaml',
        'StartAt: A\nStates:\n  A:\n    Type: Pass\n   End: true\n',
      );
      const good = await write('good.asl.yaml', CHOOSE_YAML);
      const result = await runCli(['validate', broken, syntax, good]);
      expect(result.code).toBe(1);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${broken}:6:14: \\$\\.States\\.A\\.Seconds `)),
      );
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${syntax}:5:1: is not valid YAML: `)));
      expect(lines.some((line) => line.startsWith(good))).toBe(false);
      expect(result.stderr).toContain('1 of 3 valid');
    });

    it('exits 0 on valid files, and answers JSON with --json', async () => {
      const good = await write('valid.asl.yaml', CHOOSE_YAML);
      const broken = join(folder, 'broken.asl.yaml');
      expect((await runCli(['validate', good])).code).toBe(0);
      const result = await runCli(['validate', good, broken, '--json']);
      expect(result.code).toBe(1);
      const files =
        parseJson<Array<{ file: string; valid: boolean; diagnostics: Array<{ line: number }> }>>(result);
      expect(files.map(({ file, valid }) => ({ file, valid }))).toEqual([
        { file: good, valid: true },
        { file: broken, valid: false },
      ]);
      expect(files[1].diagnostics[0].line).toBe(6);
    });

    it('names a file that does not exist', async () => {
      const result = await runCli(['validate', join(folder, 'missing.asl.json')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('missing.asl.json: no such file');
    });
  });

  describe('apply', () => {
    let deploy: string;

    beforeAll(async () => {
      deploy = await mkdtemp(join(folder, 'deploy-'));
      await writeFile(join(deploy, 'hello.asl.json'), JSON.stringify(HELLO, null, 2));
      await writeFile(join(deploy, 'choose.asl.yaml'), CHOOSE_YAML);
      await writeFile(
        join(deploy, 'named.asl.json'),
        JSON.stringify({ name: 'cli-renamed', description: 'named in the file', definition: HELLO }),
      );
      await writeFile(join(deploy, 'README.md'), 'not a definition');
    });

    it('previews with --dry-run and changes nothing', async () => {
      const result = await runCli(['apply', '-f', deploy, '--dry-run'], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('hello would create');
      const machines = parseJson<Array<{ name: string }>>(
        await runCli(['ls', 'machines', '--json'], { env }),
      );
      expect(machines).toEqual([]);
    });

    it('creates every machine, then reports them unchanged when applied again', async () => {
      const first = await runCli(['apply', '-f', deploy], { env });
      expect(first.code).toBe(0);
      expect(first.stdout.trim().split('\n').sort()).toEqual([
        `${join(deploy, 'choose.asl.yaml')}: choose created (version 1)`,
        `${join(deploy, 'hello.asl.json')}: hello created (version 1)`,
        `${join(deploy, 'named.asl.json')}: cli-renamed created (version 1)`,
      ]);

      const second = await runCli(['apply', '-f', deploy, '--json'], { env });
      expect(second.code).toBe(0);
      const outcomes = parseJson<Array<{ name: string; outcome: string; version: number }>>(second);
      expect(outcomes.map(({ name, outcome, version }) => ({ name, outcome, version }))).toEqual([
        { name: 'choose', outcome: 'unchanged', version: 1 },
        { name: 'hello', outcome: 'unchanged', version: 1 },
        { name: 'cli-renamed', outcome: 'unchanged', version: 1 },
      ]);

      const machines = parseJson<Array<{ name: string; description: string | null }>>(
        await runCli(['ls', 'machines', '--json'], { env }),
      );
      expect(machines.map(({ name }) => name)).toEqual(['choose', 'cli-renamed', 'hello']);
      expect(machines.find(({ name }) => name === 'cli-renamed')?.description).toBe('named in the file');
    });

    it('adds a version for a changed file, previewed first by --dry-run', async () => {
      const file = join(deploy, 'hello.asl.json');
      const changed = { ...HELLO, States: { Greet: { ...HELLO.States.Greet, Result: { hello: 'again' } } } };
      await writeFile(file, JSON.stringify(changed));
      const preview = await runCli(['apply', '-f', file, '--dry-run'], { env });
      expect(preview.stdout.trim()).toBe(`${file}: hello would add a version`);
      const applied = await runCli(['apply', '-f', file], { env });
      expect(applied.code).toBe(0);
      expect(applied.stdout.trim()).toBe(`${file}: hello new version 2`);
    });

    it('applies nothing and exits 1 when any file is invalid, naming the fault', async () => {
      const mixed = await mkdtemp(join(folder, 'mixed-'));
      await writeFile(join(mixed, 'fine.asl.json'), JSON.stringify(HELLO));
      await writeFile(join(mixed, 'wrong.asl.json'), '{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}');
      const result = await runCli(['apply', '-f', mixed], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${join(mixed, 'wrong.asl.json')}:1:`);
      expect(result.stderr).toContain('1 of 2 files invalid: nothing applied');
      const machines = parseJson<Array<{ name: string }>>(
        await runCli(['ls', 'machines', '--json'], { env }),
      );
      expect(machines.map(({ name }) => name)).not.toContain('fine');
    });

    it('names the server it cannot reach', async () => {
      const result = await runCli(['apply', '-f', deploy], { env: { STEPGRAPH_URL: 'http://127.0.0.1:9' } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('cannot reach Stepgraph at http://127.0.0.1:9');
    });
  });

  describe('graph', () => {
    it('draws a file as Mermaid, offline', async () => {
      const file = await write('graph.asl.yaml', CHOOSE_YAML);
      const result = await runCli(['graph', file], { env: { STEPGRAPH_URL: 'http://127.0.0.1:9' } });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('stateDiagram-v2');
      expect(result.stdout).toContain('[*] --> Choose');
      expect(result.stdout).toContain('Choose --> Done : $.big BooleanEquals true');
      expect(result.stdout).toContain('Choose --> Both : Default');
      expect(result.stdout).toContain('Both --> Done : Catch States.ALL');
      expect(result.stdout).toMatch(/state "Both \(Parallel\)" as Both \{[\s\S]*--[\s\S]*\}/);
      expect(result.stdout).toContain('Done --> [*]');
    });

    it('draws a state machine from the server as DOT', async () => {
      const result = await runCli(['graph', 'hello', '--format', 'dot'], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^digraph stategraph \{/);
      expect(result.stdout).toContain('"root__start" -> "Greet";');
      expect(result.stdout).toContain('"Greet" [label="Greet\\nPass", shape=box];');
    });

    it('refuses an unknown format and an unknown machine, naming them', async () => {
      const format = await runCli(['graph', 'hello', '--format', 'svg'], { env });
      expect(format.code).toBe(1);
      expect(format.stderr).toContain("'svg' is invalid");
      const machine = await runCli(['graph', 'no-such-machine'], { env });
      expect(machine.code).toBe(1);
      expect(machine.stderr).toMatch(/NOT_FOUND/);
    });
  });

  describe('--help', () => {
    it.each([
      [[]],
      [['login']],
      [['logout']],
      [['apply']],
      [['validate']],
      [['start']],
      [['describe']],
      [['history']],
      [['ls']],
      [['ls', 'machines']],
      [['ls', 'executions']],
      [['stop']],
      [['redrive']],
      [['task']],
      [['task', 'success']],
      [['task', 'failure']],
      [['graph']],
    ])('stepgraph %j --help exits 0 with an example', async (command: string[]) => {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: stepgraph');
      expect(result.stdout).toMatch(/Examples:\n {2}\$ stepgraph /);
    });
  });

  describe('as a process (the bin)', () => {
    it('prints help on stdout and exits 0', async () => {
      const result = await spawnCli(['--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: stepgraph');
      expect(result.stdout).toMatch(/Examples:\n {2}\$ stepgraph /);
    });

    it('exits 1 on an invalid file, its fault on stdout and the count on stderr', async () => {
      const broken = await write('spawned.asl.json', '{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}');
      const result = await spawnCli(['validate', broken]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`^${broken}:1:`));
      expect(result.stderr).toContain('0 of 1 valid');
    });

    it('names an unknown command on stderr and exits non-zero', async () => {
      const result = await spawnCli(['frobnicate']);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("unknown command 'frobnicate'");
    });
  });
});
