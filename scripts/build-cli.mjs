// Builds the CLI into dist/ (run by `npm install` through the prepare script, and by pretest):
// src/cli/main.ts -> dist/cli.mjs, and the three worker entries, dist/life-thread.mjs,
// dist/run-thread.mjs and dist/writer-thread.mjs, next to it, where
// `new URL('./life-thread.mjs', import.meta.url)` finds
// them from the bundle as from the sources. Modules loaded with `await import()` become chunks of
// their own (dist/*-HASH.mjs), loaded when needed.
//
// The packages every command needs (zod, yaml, commander, cli-progress) are bundled: zod alone is
// some hundred ES modules, and Node's loader costs more to find and link them than to read one
// file (`credence --help` 0.23 s with them external, 0.19 s bundled, here). So is DuckDB's API,
// @duckdb/node-api, into a chunk of its own that src/store/duckdb.ts loads on a command's first write
// (some 180 CommonJS files: the whole Epstein run 0.56 -> 0.51 s, median of eight here). The other
// packages that only some commands load, with `await import()`, stay external in node_modules:
// DuckDB's native bindings, Observable Plot and linkedom (the reports' charts), BullMQ and ioredis
// (experiments on Redis).
// bin/credence.mjs runs dist/cli.mjs when it is newer than src/, else the sources through tsx.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // installed without devDependencies: bin/credence.mjs runs the sources through tsx
  console.warn('build-cli: esbuild is not installed, the CLI will run from the TypeScript sources');
  process.exit(0);
}

// The worker entries (life-thread.mjs, run-thread.mjs, writer-thread.mjs) register tsx before importing their
// TypeScript; in the bundle that TypeScript is compiled already, so register() does nothing.
const noTsx = {
  name: 'no-tsx',
  setup(build) {
    build.onResolve({ filter: /^tsx\/esm\/api$/ }, () => ({ path: 'tsx', namespace: 'no-tsx' }));
    build.onLoad({ filter: /.*/, namespace: 'no-tsx' }, () => ({ contents: 'export function register() {}', loader: 'js' }));
  },
};

const LAZY = ['@duckdb/node-bindings', '@observablehq/plot', 'linkedom', 'bullmq', 'ioredis'];

const started = performance.now();
rmSync(`${root}dist`, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  // bench-measure: the benchmarks' measuring process (bench/run.ts), so that they time the code `credence run` runs
  entryPoints: {
    cli: 'src/cli/main.ts',
    'life-thread': 'src/engine/life-thread.mjs',
    'run-thread': 'src/experiment/executor/run-thread.mjs',
    'writer-thread': 'src/store/writer-thread.mjs',
    'bench-measure': 'bench/measure.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]', // beside the entries: worker URLs and the package root are found from any of them
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: LAZY,
  // bundled CommonJS packages (yaml, commander) require node builtins
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: true,
  plugins: [noTsx],
  logLevel: 'warning',
});
console.log(`build-cli: dist/cli.mjs in ${Math.round(performance.now() - started)} ms`);
