// Runs TypeScript scripts (`node --import ./scripts/typescript-loader.mjs scripts/x.ts`) from source,
// with the decorator metadata Nest needs, so that a script never reads a stale `dist/`.
import { registerTypeScript } from './register-typescript.mjs';

registerTypeScript();
