/**
 * Jest loads globalSetup and globalTeardown with Node's own `require` (through its transform), not
 * through Jest's resolver, so resolver.cjs's rule does not apply there. This applies the same rule
 * to Node's resolution: a relative `./x.js` that does not exist is retried as `./x.ts`.
 * Required first by global-setup.ts and global-teardown.ts.
 */
const Module = require('node:module');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveTypeScriptSibling(request, ...rest) {
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (error) {
    if (request.startsWith('.') && request.endsWith('.js')) {
      return resolveFilename.call(this, `${request.slice(0, -3)}.ts`, ...rest);
    }
    throw error;
  }
};
