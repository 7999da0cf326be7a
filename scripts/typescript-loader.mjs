// Runs TypeScript scripts (`node --import ./scripts/typescript-loader.mjs scripts/x.ts`) from source,
// with the decorator metadata Nest needs, so that a script never reads a stale `dist/`.
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
