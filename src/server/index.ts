import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { dispatch, sendJson, type Route } from './http.ts';
import { apiRoutes } from './api.ts';
import { createJobs } from './jobs.ts';

export interface ServeOptions {
  port?: number;
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
  const runsDir = resolve(options.runsDir ?? 'runs');
  const jobs = createJobs(runsDir, options.concurrentRuns ?? 1);
  const routes: Route[] = [
    ...apiRoutes(runsDir, jobs),
    ['GET', /^\/$/, (_q, res) => sendJson(res, 200, { name: 'Credence', api: ['/api/scenarios', '/api/schema', '/api/runs', 'POST /api/runs', '/api/jobs/:job/events', '/api/runs/:id/metrics?names=', '/api/runs/:id/citizens/:id', '/api/runs/:id/report', 'DELETE /api/runs/:id'] })],
  ];
  const server = createServer((req, res) => void dispatch(routes, req, res));
  await new Promise<void>((done) => server.listen(options.port ?? 8787, '127.0.0.1', done));
  return server;
}
