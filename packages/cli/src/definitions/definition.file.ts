/**
 * A state machine definition file (`*.asl.json`, `*.asl.yaml` / `*.asl.yml`) read with the source
 * positions of its values, so that a diagnostic's path becomes `file:line:column`.
 *
 * JSON is parsed strictly by jsonc-parser (no comments, no trailing commas), YAML by `yaml`. A file
 * holds either the definition itself (the machine is named after the file: `orders.asl.json` is
 * `orders`) or `{ "name", "description"?, "definition" }` to name the machine otherwise.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { CliError } from '../errors.js';
import { pathSegments, type PathSegment } from './json-path.js';

export const DEFINITION_FILE = /\.asl\.(json|ya?ml)$/i;

/** A place in a file, 1-based, as editors count. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A fault found in a file: where, and what (`$.States.A.Next "B" names no state…`). */
export interface FileDiagnostic extends Position {
  readonly file: string;
  readonly message: string;
}

export interface DefinitionFile {
  readonly file: string;
  /** The state machine's name: the file's, or the wrapper's `name`. */
  readonly name: string;
  readonly description?: string;
  /** The definition as parsed; the validator decides whether it is one. */
  readonly definition: unknown;
  /** Where the value at a validator path (`$.States.A.Next`) starts, or its nearest ancestor. */
  locate(path: string): Position;
}

export type ReadResult =
  | { readonly ok: true; readonly file: DefinitionFile }
  | { readonly ok: false; readonly diagnostics: FileDiagnostic[] };

/** 1-based line and column of each offset, from the line starts of a text. */
function positionsOf(text: string): (offset: number) => Position {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '\n') counter.addNewLine(index + 1);
  }
  return (offset) => {
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
}

/** The wrapper form: `{ name, description?, definition: {...} }` with nothing else. */
function unwrap(value: unknown): {
  name?: string;
  description?: string;
  definition: unknown;
  prefix: PathSegment[];
} {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    'definition' in value &&
    !('States' in value) &&
    Object.keys(value).every((key) => ['name', 'description', 'definition'].includes(key))
  ) {
    const wrapper = value as { name?: unknown; description?: unknown; definition: unknown };
    return {
      name: typeof wrapper.name === 'string' ? wrapper.name : undefined,
      description: typeof wrapper.description === 'string' ? wrapper.description : undefined,
      definition: wrapper.definition,
      prefix: ['definition'],
    };
  }
  return { definition: value, prefix: [] };
}

/** `orders.asl.yaml` → `orders`; a file named otherwise loses its extension (`orders.json` → `orders`). */
function machineName(file: string): string {
  return basename(file).replace(/(\.asl)?\.(json|ya?ml)$/i, '');
}

function readJson(file: string, text: string): ReadResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const at = positionsOf(text);
  if (errors.length > 0) {
    return {
      ok: false,
      // One diagnostic per place: a stray comma makes jsonc-parser report two errors at one offset.
      diagnostics: errors
        .filter((error, index) => errors.findIndex((other) => other.offset === error.offset) === index)
        .map((error) => ({
          file,
          ...at(error.offset),
          message: `is not valid JSON: ${describeJsonError(printParseErrorCode(error.error))}`,
        })),
    };
  }
  if (!root)
    return { ok: false, diagnostics: [{ file, line: 1, column: 1, message: 'is empty: no definition' }] };
  const value = getNodeValue(root) as unknown;
  const { name, description, definition, prefix } = unwrap(value);
  const locate = (path: string): Position => {
    const segments = [...prefix, ...pathSegments(path)];
    for (let length = segments.length; length >= 0; length -= 1) {
      const node: JsonNode | undefined = findNodeAtLocation(root, segments.slice(0, length));
      if (node) return at(node.offset);
    }
    return at(root.offset);
  };
  return { ok: true, file: { file, name: name ?? machineName(file), description, definition, locate } };
}

/** `CloseBraceExpected` → `close brace expected`. */
function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function yamlNodeAt(document: Document, segments: PathSegment[]): YamlNode | undefined {
  let node: unknown = document.contents;
  for (const segment of segments) {
    if (isMap(node)) node = node.get(segment, true);
    else if (isSeq(node) && typeof segment === 'number') node = node.get(segment, true);
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node as YamlNode;
}

function readYaml(file: string, text: string): ReadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    return {
      ok: false,
      diagnostics: document.errors.map((error) => ({
        file,
        ...at(error.pos[0]),
        message: `is not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const value = document.toJS({ maxAliasCount: 100 }) as unknown;
  const { name, description, definition, prefix } = unwrap(value);
  const locate = (path: string): Position => {
    const segments = [...prefix, ...pathSegments(path)];
    for (let length = segments.length; length >= 0; length -= 1) {
      const node = yamlNodeAt(document, segments.slice(0, length));
      if (node?.range) return at(node.range[0]);
      if (length === 0 && isScalar(node)) break;
    }
    return { line: 1, column: 1 };
  };
  return { ok: true, file: { file, name: name ?? machineName(file), description, definition, locate } };
}

/** Reads and parses one definition file; syntax errors come back as diagnostics with positions. */
export async function readDefinitionFile(file: string): Promise<ReadResult> {
  const match = DEFINITION_FILE.exec(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const yaml = match ? match[1].toLowerCase() !== 'json' : /\.ya?ml$/i.test(file);
  return yaml ? readYaml(file, text) : readJson(file, text);
}
