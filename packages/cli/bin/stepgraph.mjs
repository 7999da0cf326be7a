#!/usr/bin/env node
// The CLI is TypeScript run from source through the repository's own module hooks (SWC), as the
// repository's scripts are: nothing to build after `npm install`, and never a stale build.
import process from 'node:process';
import { registerTypeScript } from '../../../scripts/register-typescript.mjs';

registerTypeScript();
const { run } = await import('../src/main.ts');
const { stdin, stdout, stderr, env } = process;
process.exitCode = await run(process.argv.slice(2), { stdin, stdout, stderr, env });
