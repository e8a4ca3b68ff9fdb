#!/usr/bin/env node
// Runs the CLI: the bundle dist/cli.mjs (built by `npm install` through the prepare script, or
// by `npm run build:cli`) when it is newer than every file in src/, else the TypeScript sources
// through tsx, so an edit is never hidden by a stale bundle. CREDENCE_FROM_SOURCE=1 forces the
// sources, CREDENCE_FROM_SOURCE=0 the bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist', 'cli.mjs');

/** Whether any file under `dir` was changed after `time` (ms). */
function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

const force = process.env.CREDENCE_FROM_SOURCE;
const src = join(root, 'src');
const fromBundle = force === '0' || (force !== '1' && existsSync(bundle) && !(existsSync(src) && changedSince(src, statSync(bundle).mtimeMs)));
if (fromBundle) {
  await import(new URL('../dist/cli.mjs', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
