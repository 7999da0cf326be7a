/**
 * The documents (README.md, CONTRIBUTING.md, docs/*.md) against the code: the npm scripts, environment
 * variables, repository paths, GraphQL operations, CLI commands and metric names they write exist.
 * Each failure names `file:line` and what is missing. REST paths need the service's OpenAPI document,
 * hence a booted service: test/e2e/docs.rest-paths.test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { buildSchema, Kind, parse, validate } from 'graphql';
import { createProgram } from '../../packages/cli/src/program.js';
import { environmentSchema, ROLES } from '../../src/config/config.schema.js';
import { at, lineOf, readDocuments, REPOSITORY, shellLines, type Piece } from '../support/documents.js';

const documents = readDocuments();
/** packages/cli's own commander, which may be another copy than the root's. */
type Command = ReturnType<typeof createProgram>;

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(REPOSITORY, file), 'utf8')) as T;
}

/** Every file under `folder` whose name ends with one of `extensions`, dependencies and builds left out. */
function sourceFiles(folder: string, extensions: readonly string[]): string[] {
  const root = join(REPOSITORY, folder);
  if (!existsSync(root)) return [];
  if (statSync(root).isFile()) return [root];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => !/(^|\/)(node_modules|dist|\.data)(\/|$)/.test(name))
    .filter((name) => extensions.some((extension) => name.endsWith(extension)))
    .map((name) => join(root, name));
}

function textOf(folders: readonly string[], extensions: readonly string[]): string {
  return folders
    .flatMap((folder) => sourceFiles(folder, extensions))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

const CODE_EXTENSIONS = [
  '.ts',
  '.tsx',
  '.mts',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.yml',
  '.yaml',
  '.gql',
  '.graphql',
];

describe('the documents name what the code has', () => {
  it('runs only npm scripts that package.json (or the workspace named) has', () => {
    interface Manifest {
      name: string;
      scripts?: Record<string, string>;
    }
    const root = readJson<Manifest>('package.json');
    const workspaces = readdirSync(join(REPOSITORY, 'packages')).map((folder) =>
      readJson<Manifest>(`packages/${folder}/package.json`),
    );
    // npm's own commands; `test`, `start`, `stop` and `restart` run scripts and are checked as such.
    const builtins = new Set(
      'access adduser audit cache ci config dedupe deprecate diff dist-tag docs doctor exec explain explore fund help init install i link login logout ls outdated owner pack ping pkg prefix profile prune publish query rebuild repo root sbom search shrinkwrap token uninstall unpublish update version view whoami x'.split(
        ' ',
      ),
    );
    const missing: string[] = [];
    for (const document of documents) {
      const pieces: Piece[] = [...document.codeSpans, ...shellLines(document)];
      for (const piece of pieces) {
        const pattern =
          /(?:^|[\s;&|(])npm\s+((?:run(?:-script)?|test|start|stop|restart|[a-z-]+))((?:\s+-{1,2}[\w-]+)*)(?:\s+([\w:.-]+))?((?:\s+(?:-w|--workspace)[\s=]+\S+)?)/g;
        for (const match of piece.text.matchAll(pattern)) {
          const [, command, , argument, workspaceOption] = match;
          const line = lineOf(piece.text, match.index, piece.line);
          const isRun = command === 'run' || command === 'run-script';
          const script = isRun
            ? argument
            : ['test', 'start', 'stop', 'restart'].includes(command)
              ? command
              : '';
          // `npm run` alone lists the scripts.
          if (isRun && !argument) continue;
          if (!script) {
            if (!builtins.has(command))
              missing.push(`${at({ ...piece, line })}: \`npm ${command}\` is no npm command`);
            continue;
          }
          const workspace = /(?:-w|--workspace)[\s=]+(\S+)/.exec(workspaceOption ?? '')?.[1];
          const manifest = workspace ? workspaces.find((w) => w.name === workspace) : root;
          if (!manifest) missing.push(`${at({ ...piece, line })}: no workspace is named ${workspace}`);
          else if (!manifest.scripts?.[script])
            missing.push(
              `${at({ ...piece, line })}: \`npm run ${script}\`: ${manifest.name} has no script "${script}"`,
            );
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('writes only environment variables the code reads, or well-known ones', () => {
    // Every UPPER_SNAKE word of the code: variables read, and the codes and constants the documents
    // also write in backticks (BAD_USER_INPUT, DRY_RUN…).
    const code = [
      textOf(['src', 'packages', 'test', 'bench', 'scripts', 'web/src', 'migrations'], CODE_EXTENSIONS),
      textOf(['.ci/run', 'docker-compose.yml', 'Dockerfile', '.env.example', 'schema.gql'], ['']),
    ].join('\n');
    const known = new Set(code.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g));
    // Read by Node, PostgreSQL's libpq, the OpenTelemetry and Sentry SDKs, AWS tools, terminals.
    const external = /^(NODE_|OTEL_|PG[A-Z]|POSTGRES_|AWS_|SENTRY_|XDG_|NO_COLOR$|FORCE_COLOR$)/;
    const missing: string[] = [];
    for (const document of documents) {
      const pieces: Piece[] = [...document.codeSpans, ...shellLines(document)];
      for (const piece of pieces) {
        for (const match of piece.text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)) {
          const name = match[0];
          if (known.has(name) || external.test(name)) continue;
          missing.push(
            `${at({ ...piece, line: lineOf(piece.text, match.index, piece.line) })}: \`${name}\` is read nowhere in the code`,
          );
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('lists every variable the configuration reads in the README’s configuration table and in .env.example', () => {
    const readme = documents.find((d) => d.file === 'README.md')!;
    const section = /^## Configuration\n([\s\S]*?)^#{2,3} /m.exec(readme.markdown)?.[1] ?? '';
    const table = section
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .join('\n');
    const example = readFileSync(join(REPOSITORY, '.env.example'), 'utf8');
    const missing: string[] = [];
    for (const name of Object.keys(environmentSchema.shape)) {
      if (!new RegExp(`\`${name}\``).test(table))
        missing.push(
          `README.md, "Configuration": the table has no row for \`${name}\` (src/config/config.schema.ts)`,
        );
      if (!new RegExp(`^#?\\s*${name}=`, 'm').test(example))
        missing.push(`.env.example has no \`${name}=\` line (src/config/config.schema.ts)`);
    }
    // A process's role is a choice among a few: each has its word in the table.
    const roleRow = table.split('\n').find((line) => line.startsWith('| `STEPGRAPH_ROLE`')) ?? '';
    for (const role of ROLES)
      if (!roleRow.includes(`\`${role}\``))
        missing.push(`README.md, "Configuration": the STEPGRAPH_ROLE row does not name the role \`${role}\``);
    expect(missing).toEqual([]);
  });

  it('names every variable src/ and packages/ read from process.env outside the configuration', () => {
    const written = documents.map((d) => d.markdown).join('\n');
    const missing: string[] = [];
    for (const file of [...sourceFiles('src', ['.ts']), ...sourceFiles('packages', ['.ts', '.mjs'])]) {
      if (/\/test\//.test(relative(REPOSITORY, file))) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/process\.env(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)) {
        if (!new RegExp(`\\b${match[1]}\\b`).test(written))
          missing.push(
            `${relative(REPOSITORY, file)}:${lineOf(text, match.index)}: ${match[1]} is read but no document names it`,
          );
      }
    }
    expect(missing).toEqual([]);
  });

  it('cites only repository paths and relative links that exist', () => {
    const missing: string[] = [];
    const cited =
      /(?<![\w./@-])((?:src|docs|test|migrations|deploy|packages|bench|examples|web|scripts|patches)\/[\w./+-]*)/g;
    for (const document of documents) {
      const texts: Piece[] = [
        { file: document.file, line: 1, text: document.prose },
        ...document.fencedBlocks.filter((block) => !block.skipped),
      ];
      for (const piece of texts) {
        for (const match of piece.text.matchAll(cited)) {
          const rest = piece.text.slice(match.index + match[0].length);
          // A pattern or a placeholder (`migrations/<timestamp>-Name.ts`, `src/…`), not a path.
          if (/^[*<{…]|^\.\.\./.test(rest)) continue;
          const path = match[1].replace(/[.,:;]+$/, '');
          // Build output (`packages/worker/dist`) exists once built, not in a checkout.
          if (/(^|\/)dist(\/|$)/.test(path)) continue;
          if (!existsSync(join(REPOSITORY, path)))
            missing.push(
              `${at({ ...piece, line: lineOf(piece.text, match.index, piece.line) })}: ${path} does not exist`,
            );
        }
      }
      for (const match of document.prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1].split('#')[0];
        if (!target || /^[a-z]+:/.test(target)) continue;
        const path = relative(REPOSITORY, normalize(join(REPOSITORY, dirname(document.file), target)));
        if (!existsSync(join(REPOSITORY, path)))
          missing.push(
            `${at({ file: document.file, line: lineOf(document.prose, match.index) })}: link to ${target}: ${path} does not exist`,
          );
      }
    }
    expect(missing).toEqual([]);
  });

  it('writes GraphQL operations that are valid against schema.gql', () => {
    const schema = buildSchema(readFileSync(join(REPOSITORY, 'schema.gql'), 'utf8'));
    const problems: string[] = [];
    const blocks = documents
      .flatMap((d) => d.fencedBlocks)
      .filter((b) => b.language === 'graphql' && !b.skipped);
    for (const block of blocks) {
      try {
        const document = parse(block.text);
        const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
        const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        // A block may show several operations one after the other: each is validated on its own.
        for (const operation of operations) {
          for (const error of validate(schema, { ...document, definitions: [operation, ...fragments] })) {
            const line = error.locations?.[0] ? block.line + error.locations[0].line - 1 : block.line;
            problems.push(`${at({ ...block, line })}: ${error.message}`);
          }
        }
      } catch (error) {
        problems.push(`${at(block)}: does not parse: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs only commands and options that the stepgraph CLI has (docs/cli.md, README)', () => {
    // Only the command tree is read: no command runs, so the process's own streams are never written.
    const program = createProgram({
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: {},
    });
    const optionsOf = (command: Command): string[] =>
      command.options
        .flatMap((option) => [option.long, option.short])
        .filter((flag): flag is string => !!flag);
    const globalOptions = [...optionsOf(program), '--help', '-h', '--version', '-V'];
    const problems: string[] = [];
    for (const document of documents.filter((d) => ['README.md', 'docs/cli.md'].includes(d.file))) {
      const pieces: Piece[] = [...document.codeSpans, ...shellLines(document)];
      for (const piece of pieces) {
        // One invocation: up to a pipe, a `;`, `&&`, a comment or the end of the line.
        for (const match of piece.text.matchAll(/(?:^|[\s(])(?:npx\s+)?stepgraph((?:\s+[^\s|;&#]+)*)/g)) {
          const words = match[1].trim().split(/\s+/).filter(Boolean);
          const where = at({ ...piece, line: lineOf(piece.text, match.index, piece.line) });
          // Global options may come before the command.
          while (words[0]?.startsWith('-') && globalOptions.includes(words[0].split('=')[0])) words.shift();
          const name = words.shift();
          if (!name || !/^[a-z][\w-]*$/.test(name)) continue;
          let command = program.commands.find((c) => c.name() === name || c.aliases().includes(name));
          if (!command) {
            problems.push(`${where}: \`stepgraph ${name}\` is not a command of packages/cli`);
            continue;
          }
          if (command.commands.length > 0 && words[0] && /^[a-z]/.test(words[0])) {
            const sub = words[0].split('|');
            for (const each of sub) {
              if (!command.commands.some((c) => c.name() === each))
                problems.push(`${where}: \`stepgraph ${name} ${each}\` is not a subcommand of packages/cli`);
            }
            const found = command.commands.find((c) => c.name() === sub[0]);
            if (found) command = found;
          }
          const allowed = new Set([...optionsOf(command), ...globalOptions]);
          for (const word of words.filter((w) => /^--?[a-zA-Z]/.test(w))) {
            const flag = word.split('=')[0];
            if (!allowed.has(flag)) problems.push(`${where}: \`${command.name()}\` has no option ${flag}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('states the Node versions package.json declares, and the Docker image’s Node', () => {
    const engines = (manifest: string) => readJson<{ engines?: { node?: string } }>(manifest).engines?.node;
    const range = engines('package.json')!;
    const readme = documents.find((d) => d.file === 'README.md')!;
    const problems: string[] = [];
    if (!readme.markdown.includes(`\`${range}\``))
      problems.push(`README.md does not state package.json's engines range \`${range}\``);
    for (const folder of readdirSync(join(REPOSITORY, 'packages'))) {
      const own = engines(`packages/${folder}/package.json`);
      if (own !== range)
        problems.push(`packages/${folder}/package.json: engines ${own}, not the repository's ${range}`);
    }
    const nvmrc = readFileSync(join(REPOSITORY, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
    if (!range.split('||').some((part) => part.trim().startsWith(`^${nvmrc.split('.')[0]}.`)))
      problems.push(`.nvmrc says ${nvmrc}, outside the engines range ${range}`);
    // The image's Node, as the Dockerfile's FROM lines say and the documents repeat.
    const dockerfile = readFileSync(join(REPOSITORY, 'Dockerfile'), 'utf8');
    const image = new Set([...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => m[1]));
    expect(image.size).toBe(1);
    const [major] = image;
    for (const document of documents) {
      for (const match of document.prose.matchAll(
        /\bnode:(\d+)|(?:image|Dockerfile` builds)\b[^.\n]{0,30}?\bNode (\d+)/g,
      )) {
        const said = match[1] ?? match[2];
        if (said !== major)
          problems.push(
            `${at({ file: document.file, line: lineOf(document.prose, match.index) })}: says the image runs Node ${said}; the Dockerfile's is ${major}`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  it('names only metrics that src declares', () => {
    const declared = textOf(['src', 'bench'], ['.ts']);
    const missing: string[] = [];
    for (const document of documents) {
      for (const match of document.markdown.matchAll(/\bstepgraph_[a-z0-9_]+/g)) {
        // A histogram's series: `<name>_bucket`, `_sum`, `_count`.
        const name = match[0].replace(/_(bucket|sum|count)$/, '');
        if (declared.includes(match[0]) || declared.includes(`'${name}'`)) continue;
        missing.push(
          `${at({ file: document.file, line: lineOf(document.markdown, match.index) })}: ${match[0]} is declared nowhere in src/`,
        );
      }
    }
    expect(missing).toEqual([]);
  });
});
