import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '../../src');

/** Every import or re-export specifier of a file: static `from '…'` and dynamic `import('…')`. */
const SPECIFIER = /\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

interface ImportLine {
  readonly file: string;
  readonly specifier: string;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): ImportLine[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((match) => ({ file, specifier: (match[1] ?? match[2])! }));
}

/** The top-level folder of src/ a path is in; undefined for files directly in src/. */
function folderOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Folder → folders it imports, with one example import line per edge. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    for (const { specifier } of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const from = folderOf(file);
      const to = folderOf(resolve(dirname(file), specifier));
      if (!from || !to || from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(SRC, file)} imports ${specifier}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** One path per cycle, found by depth-first search, e.g. `engine -> observability -> engine`. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found = new Set<string>();
  const done = new Set<string>();
  const visit = (folder: string, path: string[]) => {
    const start = path.indexOf(folder);
    if (start >= 0) {
      const loop = path.slice(start);
      const evidence = loop.map((from, i) => graph.get(from)!.get(loop[(i + 1) % loop.length]!)!);
      found.add(`${[...loop, folder].join(' -> ')} (${evidence.join('; ')})`);
      return;
    }
    if (done.has(folder)) return;
    for (const next of graph.get(folder)?.keys() ?? []) visit(next, [...path, folder]);
    done.add(folder);
  };
  for (const folder of graph.keys()) visit(folder, []);
  return [...found];
}

describe('folder imports of src/', () => {
  it('form no loop: each folder builds only on folders below it', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('keep every GraphQL module, package or folder out of src/engine', () => {
    const graphqlImports = sourceFiles(join(SRC, 'engine'))
      .flatMap(importsOf)
      .filter(({ specifier }) => /graphql/i.test(specifier))
      .map(({ file, specifier }) => `${relative(SRC, file)} imports ${specifier}`);
    expect(graphqlImports).toEqual([]);
  });
});
