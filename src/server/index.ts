import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dispatch, HttpError, type Route } from './http.ts';
import { apiRoutes } from './api.ts';
import { createJobs, type JobRetention } from './jobs.ts';
import { defaultRunsDir, packageRoot, inputError } from '../index.ts';

export interface ServeOptions {
  port?: number;
  /** default: $CREDENCE_RUNS, else ./runs (as the CLI's) */
  runsDir?: string;
  /** runs going at once */
  concurrentRuns?: number;
  /** how long finished jobs' events are kept (jobs.ts) */
  jobs?: JobRetention;
}

const servedJobs = new WeakMap<Server, ReturnType<typeof createJobs>>();

/** A server's job table (what it holds: `stats()`), for tests and diagnostics. */
export function jobsOf(server: Server): ReturnType<typeof createJobs> {
  const jobs = servedJobs.get(server);
  if (!jobs) throw new Error('not a server started by serve()');
  return jobs;
}

const NOT_ALLOWED = 'HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-length: 0\r\n\r\n';

/**
 * The HTTP server for the dashboard: a JSON API over the library (scenarios, schema, runs started
 * with progress streamed as server-sent events, metrics, citizen explanations, reports, deletion),
 * bound to 127.0.0.1 only.
 * @example const server = await serve({ port: 0 }); // server.address().port
 */
export async function serve(options: ServeOptions = {}): Promise<Server> {
  const port = options.port ?? 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw inputError(`port ${port}: expected a whole number from 0 to 65535 (0 picks a free one)`);
  const runsDir = resolve(options.runsDir ?? defaultRunsDir());
  const jobs = createJobs(runsDir, options.concurrentRuns ?? 1, options.jobs);
  const routes: Route[] = [...apiRoutes(runsDir, jobs), ['GET', /^\/(|assets\/[A-Za-z0-9._-]+)$/, (_q, res, [file]) => serveStatic(res, file || 'index.html')]];
  const server = createServer((req, res) => void dispatch(routes, req, res));
  server.requestTimeout = 60_000; // a request (headers and body) slower than this is dropped
  // CONNECT (a proxy tunnel) is no method of this API: answered, never left hanging
  server.on('connect', (_req, socket) => {
    socket.on('error', () => {});
    socket.end(NOT_ALLOWED);
  });
  await new Promise<void>((done, fail) => {
    const refuse = (error: NodeJS.ErrnoException) => {
      const why: Record<string, string> = { EADDRINUSE: 'is in use (stop what holds it, or pick another with --port)', EACCES: 'needs privileges here (pick one above 1023)' };
      fail(inputError(`port ${port} ${why[error.code ?? ''] ?? `cannot be listened on: ${error.code ?? error.message}`}`));
    };
    server.once('error', refuse);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', refuse);
      done();
    });
  });
  server.on('error', (error) => console.error('server error:', error)); // logged, never a crash
  servedJobs.set(server, jobs);
  return server;
}

/** The built dashboard (npm run build:web); file names are checked by the route, so nothing outside it is served. */
// two folders up from the sources (src/server/index.ts), one from the bundle (dist/*.mjs)
export const WEB_DIST = `${join(packageRoot(), 'web', 'dist')}/`;
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css' };

function serveStatic(res: ServerResponse, file: string) {
  const path = WEB_DIST + file;
  // a name of the folder itself (`.`, `..`) or of a folder in it is no file to serve
  if (file.startsWith('.') || !existsSync(path) || !statSync(path).isFile()) throw new HttpError(404, file === 'index.html' ? 'the dashboard is not built: run npm run build:web' : `no ${file}`);
  res.writeHead(200, { 'content-type': TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream' });
  res.end(readFileSync(path));
}
