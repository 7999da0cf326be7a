// Module hooks that run the repository's TypeScript from source: `.ts` files are transpiled by SWC,
// with the same decorator settings as the build and Jest; `./x.js` imports find `./x.ts` (sources
// use nodenext `.js` suffixes). Registered by register-typescript.mjs: synchronous, in-thread hooks
// (`module.registerHooks`) where Node has them, since Node 26 deprecates `module.register`; on
// Node 20, which has only `module.register`, the asynchronous `resolve` below and the same `load`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

const swcOptions = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    // `import x from './y.json' with { type: 'json' }` must reach Node with its attribute.
    experimental: { keepImportAttributes: true },
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

/** A relative `.js` import that did not resolve: the `.ts` file it names, if it is one. */
function typescriptTwin(specifier) {
  return /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')
    ? `${specifier.slice(0, -3)}.ts`
    : undefined;
}

/** Whether `url` is the repository's own TypeScript, which these hooks transpile. */
function isOwnTypeScript(url) {
  return url.startsWith('file:') && url.endsWith('.ts') && !url.includes('/node_modules/');
}

function transpiled(url) {
  const filename = fileURLToPath(url);
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  return { format: 'module', source: code, shortCircuit: true };
}

export function resolveSync(specifier, context, nextResolve) {
  try {
    return nextResolve(specifier, context);
  } catch (error) {
    const twin = typescriptTwin(specifier);
    if (twin) return nextResolve(twin, context);
    throw error;
  }
}

export function loadSync(url, context, nextLoad) {
  return isOwnTypeScript(url) ? transpiled(url) : nextLoad(url, context);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const twin = typescriptTwin(specifier);
    if (twin) return nextResolve(twin, context);
    throw error;
  }
}

// Loading has nothing to await of its own: the loader thread awaits what nextLoad returns.
export { loadSync as load };
