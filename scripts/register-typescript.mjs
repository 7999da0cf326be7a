// Registers typescript-hooks.mjs for this process: in-thread synchronous hooks where Node has
// `module.registerHooks` (Node 22.15+, 24, 26; Node 26 deprecates `module.register`), the
// loader-thread hooks of `module.register` on Node 20.
import module from 'node:module';
import { loadSync, resolveSync } from './typescript-hooks.mjs';

export function registerTypeScript() {
  if (typeof module.registerHooks === 'function')
    module.registerHooks({ resolve: resolveSync, load: loadSync });
  else module.register('./typescript-hooks.mjs', import.meta.url);
}
