/**
 * Offline validation of definition files with the engine's own validator (src/asl, pure, no
 * server): every diagnostic placed at `file:line:column`.
 */
import { readDefinitionFile, type DefinitionFile, type FileDiagnostic } from './definition.file.js';

export type CheckedFile =
  | { readonly valid: true; readonly file: DefinitionFile }
  | { readonly valid: false; readonly path: string; readonly diagnostics: FileDiagnostic[] };

export async function checkDefinitionFile(path: string): Promise<CheckedFile> {
  const read = await readDefinitionFile(path);
  if (!read.ok) return { valid: false, path, diagnostics: read.diagnostics };
  // Loaded when first needed: the validator and its schemas are most of the CLI's start-up time.
  const { validateDefinition } = await import('../../../../src/asl/validate/index.js');
  const { diagnostics } = validateDefinition(read.file.definition);
  if (diagnostics.length === 0) return { valid: true, file: read.file };
  return {
    valid: false,
    path,
    diagnostics: diagnostics.map((diagnostic) => ({
      file: path,
      ...read.file.locate(diagnostic.path),
      message: `${diagnostic.path} ${diagnostic.message}`,
    })),
  };
}

/** `file:line:column: message`, the form editors and CI annotators read. */
export function formatDiagnostic({ file, line, column, message }: FileDiagnostic): string {
  return `${file}:${line}:${column}: ${message}`;
}
