import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests run against the sources; the command-line tests run the built binary as a user would.
export default defineConfig({
  resolve: {
    alias: {
      '@customer-journey/dsl': src('dsl'),
      '@customer-journey/client': src('client'),
      '@customer-journey/emulator': src('emulator'),
      '@customer-journey/cli': src('cli'),
      // The subpath first: an alias also matches the names it prefixes.
      '@customer-journey/testing/vitest': fileURLToPath(new URL('./packages/testing/src/vitest.ts', import.meta.url)),
      '@customer-journey/testing': src('testing'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // CI reads the counts from a JSON report beside the usual output.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-results.json' }]] : ['default'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Type-level tests (*.test-d.ts) are compiled by test/compile.test.ts with the TypeScript API,
    // beside the docs' code blocks: vitest's own typecheck mode is experimental and says so on every run.
  },
});
