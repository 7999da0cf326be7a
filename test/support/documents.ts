/**
 * The repository's documents (README.md, CONTRIBUTING.md, docs/*.md) cut into what the documentation
 * tests check: code spans, fenced blocks and plain text, each with the line it starts on, so that a
 * failure names `file:line` and what is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPOSITORY = join(__dirname, '../..');

/**
 * Written on the line before a fenced block, this HTML comment (invisible once rendered) makes the
 * documentation tests pass the block by: a partial GraphQL snippet, a sketch of a command for a
 * file the reader creates (CONTRIBUTING.md, "Documents").
 */
export const SKIP_MARKER = '<!-- docs-check: skip -->';

export interface Piece {
  /** Repository-relative file, e.g. `docs/api.md`. */
  readonly file: string;
  /** 1-based line the piece starts on. */
  readonly line: number;
  readonly text: string;
}

export interface FencedBlock extends Piece {
  /** The info string's first word: `bash`, `graphql`, or empty. */
  readonly language: string;
  /** Marked with {@link SKIP_MARKER}. */
  readonly skipped: boolean;
}

export interface Document {
  readonly file: string;
  readonly markdown: string;
  /** Inline code spans outside fenced blocks (they may wrap lines). */
  readonly codeSpans: Piece[];
  readonly fencedBlocks: FencedBlock[];
  /** The whole document with fenced blocks blanked out (line numbers kept). */
  readonly prose: string;
}

export function at(piece: Pick<Piece, 'file' | 'line'>): string {
  return `${piece.file}:${piece.line}`;
}

/** The 1-based line of `offset` in `text`, counted from `firstLine`. */
export function lineOf(text: string, offset: number, firstLine = 1): number {
  let line = firstLine;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function documentFiles(): string[] {
  const docs = readdirSync(join(REPOSITORY, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

export function readDocument(file: string): Document {
  const markdown = readFileSync(join(REPOSITORY, file), 'utf8');
  const lines = markdown.split('\n');
  const fencedBlocks: FencedBlock[] = [];
  const proseLines: string[] = [];
  let open: { fence: string; language: string; line: number; skipped: boolean; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const fence = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (open) {
      if (fence && fence[1].startsWith(open.fence) && text.trim() === fence[1]) {
        fencedBlocks.push({
          file,
          line: open.line + 1,
          text: open.body.join('\n'),
          language: open.language,
          skipped: open.skipped,
        });
        open = undefined;
      } else open.body.push(text);
      proseLines.push('');
      return;
    }
    if (fence) {
      const previous = lines
        .slice(0, index)
        .reverse()
        .find((l) => l.trim() !== '');
      open = {
        fence: fence[1],
        language: fence[2].toLowerCase(),
        line: index + 1,
        skipped: previous?.trim() === SKIP_MARKER,
        body: [],
      };
      proseLines.push('');
      return;
    }
    proseLines.push(text);
  });
  const prose = proseLines.join('\n');
  const codeSpans: Piece[] = [];
  // A span opens and closes with the same run of backticks and does not cross a blank line.
  for (const match of prose.matchAll(/(`+)((?:(?!\1)[^\n]|\n(?!\s*\n))+?)\1/g)) {
    codeSpans.push({
      file,
      line: lineOf(prose, match.index),
      text: match[2].replace(/\s*\n\s*/g, ' ').trim(),
    });
  }
  return { file, markdown, codeSpans, fencedBlocks, prose };
}

export function readDocuments(): Document[] {
  return documentFiles().map(readDocument);
}

/** The shell lines of a document: its bash/sh/unlabelled fenced blocks not skipped, line by line. */
export function shellLines(document: Document): Piece[] {
  return document.fencedBlocks
    .filter((block) => !block.skipped && ['bash', 'sh', 'shell', ''].includes(block.language))
    .flatMap((block) =>
      block.text.split('\n').map((text, i) => ({ file: block.file, line: block.line + i, text })),
    );
}

/** `/api/v1/...` paths a piece of text names, with the HTTP method written just before, if any. */
export function restPaths(piece: Piece): { method?: string; path: string; line: number }[] {
  const found: { method?: string; path: string; line: number }[] = [];
  const pattern =
    /(?:\b(GET|POST|PUT|PATCH|DELETE)\s+)?(\/api\/v1(?:\/(?:\{[^}\s]*\}|<[^>\n]*>|[A-Za-z0-9_.:-]+))*)(\/?(?:…|\.\.\.))?/g;
  for (const match of piece.text.matchAll(pattern)) {
    const path = match[2].replace(/[.:/]+$/, '');
    // `/api/v1/…` or `/api/v1` names a family of paths, not one.
    if (match[3] || path === '/api/v1') continue;
    for (const expanded of expandBraces(path))
      found.push({ method: match[1], path: expanded, line: lineOf(piece.text, match.index, piece.line) });
  }
  return found;
}

/** `/auth/{login,refresh}` (or `{login|refresh}`) is two paths; `{id}` stays a parameter. */
function expandBraces(path: string): string[] {
  const match = /\{([^}]*[,|][^}]*)\}/.exec(path);
  if (!match) return [path];
  return match[1]
    .split(/[,|]/)
    .flatMap((choice) =>
      expandBraces(path.slice(0, match.index) + choice + path.slice(match.index + match[0].length)),
    );
}

/** Whether a documented path (`{id}`, `<id>`, `:id` or a sample value in a segment) is an OpenAPI path. */
export function matchesOpenApiPath(documented: string, openApiPath: string): boolean {
  const doc = documented.split('/');
  const api = openApiPath.split('/');
  if (doc.length !== api.length) return false;
  return doc.every((segment, i) => {
    const parameter = /^\{[^}]+\}$/.test(api[i]);
    const documentedParameter = /^(\{.*\}|<.*>|:.+)$/.test(segment);
    return parameter ? true : !documentedParameter && segment === api[i];
  });
}
