/**
 * The seam between modules that read data by path (Choice rules, intrinsic functions) and the
 * module that knows how paths are evaluated (JSONPath over the state input, `$$` the context
 * object, `$name` a workflow variable).
 */

/** What a path found: a value, or nothing at all (which is not the same as `null`). */
export type PathLookup = { readonly found: true; readonly value: unknown } | { readonly found: false };

/**
 * Resolves a Reference Path (`$.a.b`, `$$.Execution.Id`, `$var.field`, `$`) against the current
 * state's data. A definite path yields its single value; a path with wildcards or filters yields
 * the array of its matches.
 */
export type PathResolver = (path: string) => PathLookup;
