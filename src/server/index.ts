import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dispatch, HttpError, type Route } from './http.ts';
import { apiRoutes } from './api.ts';
import { createJobs } from './jobs.ts';
import { defaultRunsDir, packageRoot } from '../index.ts';

export interface ServeOptions {
  port?: number;
  /** default: $CREDENCE_RUNS, else ./runs (as the CLI's) */
  runsDir?: string;
  /** runs going at once */
  concurrentRuns?: number;
}

/**
 * The HTTP server for the dashboard: a JSON API over the library (scenarios, schema, runs started
 * with progress streamed as server-sent events, metrics, citizen explanations, reports, deletion),
 * bound to 127.0.0.1 only.
 * @example const server = await serve({ port: 0 }); // server.address().port
 */
export async function serve(options: ServeOptions = {}): Promise<Server> {
  const runsDir = resolve(options.runsDir ?? defaultRunsDir());
  const jobs = createJobs(runsDir, options.concurrentRuns ?? 1);
  const routes: Route[] = [...apiRoutes(runsDir, jobs), ['GET', /^\/(|assets\/[A-Za-z0-9._-]+)$/, (_q, res, [file]) => serveStatic(res, file || 'index.html')]];
  const server = createServer((req, res) => void dispatch(routes, req, res));
  await new Promise<void>((done) => server.listen(options.port ?? 8787, '127.0.0.1', done));
  return server;
}

/** The built dashboard (npm run build:web); file names are checked by the route, so nothing outside it is served. */
// two folders up from the sources (src/server/index.ts), one from the bundle (dist/*.mjs)
export const WEB_DIST = `${join(packageRoot(), 'web', 'dist')}/`;
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css' };

function serveStatic(res: ServerResponse, file: string) {
  const path = WEB_DIST + file;
  if (!existsSync(path)) throw new HttpError(404, file === 'index.html' ? 'the dashboard is not built: run npm run build:web' : `no ${file}`);
  res.writeHead(200, { 'content-type': TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream' });
  res.end(readFileSync(path));
}
