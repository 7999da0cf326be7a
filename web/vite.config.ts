import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console, built into dist/web, which the service serves at `/` (src/console). Everything is
 * bundled: the page loads nothing from another origin, so it works offline and under a strict CSP.
 */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles: the CSP allows only files of our own origin.
    assetsInlineLimit: 0,
    // Monaco (GraphiQL's editor, only on /graphiql) is one chunk of about 2.8 MB.
    chunkSizeWarningLimit: 3072,
    rollupOptions: {
      // React Flow marks its modules "use client" for server components, which a page has no use for.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  test: {
    root: here,
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
