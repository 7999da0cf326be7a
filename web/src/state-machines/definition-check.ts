import { readJson } from './json-text';

/**
 * What the create form shows beside the editor while a definition is typed: the faults at their
 * JSON paths. JSON that does not parse, or is no object, is said here without asking the server;
 * an object goes to `validateDefinition`, whose diagnostics are shown as they come. Pure.
 */

export interface Diagnostic {
  /** The JSON path of the fault, e.g. `$.States.Check.Choices[1].Next`. */
  readonly path: string;
  readonly message: string;
}

export type DefinitionDraft =
  | { readonly kind: 'empty' }
  | { readonly kind: 'local'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'object'; readonly definition: Record<string, unknown> };

/** Reads the editor's text: nothing yet, faults found here, or an object for the server to check. */
export function readDefinitionDraft(text: string): DefinitionDraft {
  if (text.trim() === '') return { kind: 'empty' };
  const read = readJson(text);
  if (!read.ok) return { kind: 'local', diagnostics: [{ path: '$', message: read.message }] };
  if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value))
    return {
      kind: 'local',
      diagnostics: [{ path: '$', message: 'A definition is a JSON object with StartAt and States' }],
    };
  return { kind: 'object', definition: read.value as Record<string, unknown> };
}
