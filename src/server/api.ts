import { readFileSync, rmSync, readdirSync, mkdtempSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import { HttpError, sendJson, readJson, type Route } from './http.ts';
import type { createJobs } from './jobs.ts';
import { citizenQuery, searchCitizens } from './citizens.ts';
import { storedDistricts, storedScreen, storedView } from './snapshot.ts';
import {
  exportRun,
  loadScenario,
  parseScenario,
  SCENARIO_DIR,
  InputError,
  formatIssue,
  listRuns,
  listExperiments,
  queryRun,
  explainRun,
  writeReport,
  RUN_FILE,
  MANIFEST_FILE,
  planAppeal,
  readAppeals,
  listScenarios,
  prepareRun,
  cityOverrides,
  referenceModelOf,
  resolveScenarioPath,
} from '../index.ts';
import type { AppealPlan, PreparedRun, LoadedScenario } from '../index.ts';

/** What the API lets one request run: a few minutes of this machine at most. */
const LIMITS = { citizens: 200_000, days: 730 };

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

const startCompare = z.strictObject({
  a: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .describe('a shipped scenario'),
  b: z.string().regex(/^[a-z0-9-]+$/),
  overridesB: z.record(z.string().max(200), z.unknown()).default({}),
  replications: z.number().int().min(2).max(10).default(3),
  citizens: z
    .number()
    .int()
    .min(1)
    .max(LIMITS.citizens / 4)
    .default(5000),
  days: z.number().int().min(1).max(LIMITS.days).default(90),
});

const fileAppeal = z.strictObject({
  citizen: z.number().int().min(0),
  day: z.number().int().min(0).describe('the day of the penalties appealed'),
});

const startRun = z.strictObject({
  scenario: z.string().min(1).max(200_000).describe('a shipped scenario name, or YAML text'),
  overrides: z.record(z.string().max(200), z.unknown()).default({}),
  citizens: z.number().int().min(1).max(LIMITS.citizens).optional(),
  days: z.number().int().min(1).max(LIMITS.days).optional(),
  seed: z.number().int().min(0).max(4294967295).optional(),
});

/** The JSON API over the library functions the CLI uses. */
export function apiRoutes(runsDir: string, jobs: ReturnType<typeof createJobs>): Route[] {
  const runDir = (id: string) => {
    if (!RUN_ID.test(id)) throw new HttpError(400, 'a run id has letters, digits, dots, dashes and underscores only');
    // only ever a directory of the runs directory, never a path the id might name elsewhere
    const dir = join(runsDir, id);
    if (id.startsWith('.') || !existsSync(join(dir, RUN_FILE)) || !existsSync(join(dir, MANIFEST_FILE))) throw new HttpError(404, `no run ${id}`);
    return dir;
  };
  const comparisonDir = (id: string) => {
    if (!RUN_ID.test(id) || !existsSync(join(runsDir, id, 'comparison.duckdb'))) throw new HttpError(404, `no comparison ${id}`);
    return join(runsDir, id);
  };
  const input = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const r = schema.safeParse(body);
    if (!r.success) throw new HttpError(400, r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    return r.data;
  };
  /** a scenario that does not validate: every issue as text, and by field path for a form to show next to its field */
  const invalid = (res: Parameters<Route[2]>[1], error: InputError, what: string) =>
    sendJson(res, 400, { error: what, issues: error.issues.map(formatIssue), fields: error.issues.filter((i) => i.path).map((i) => ({ path: i.path, message: i.message })) });
  return [
    [
      'GET',
      /^\/api\/scenarios$/,
      (_q, res) => {
        sendJson(res, 200, listScenarios());
      },
    ],
    [
      'GET',
      /^\/api\/scenarios\/([a-z0-9-]+)$/,
      (_q, res, [name]) => {
        // a shipped scenario with every default filled in: what the generated form starts from
        if (!readdirSync(SCENARIO_DIR).includes(`${name}.yaml`)) throw new HttpError(404, `no shipped scenario ${name}`);
        sendJson(res, 200, { name, values: loadScenario(name).scenario });
      },
    ],
    ['GET', /^\/api\/schema$/, (_q, res) => sendJson(res, 200, JSON.parse(readFileSync(join(SCENARIO_DIR, 'schema.json'), 'utf8')))],
    [
      'GET',
      /^\/api\/runs$/,
      (_q, res) => sendJson(res, 200, { runs: listRuns(runsDir).map(({ dir: _dir, ...m }) => m), experiments: listExperiments(runsDir), limits: LIMITS, running: jobs.running }),
    ],
    [
      'POST',
      /^\/api\/runs$/,
      async (req, res) => {
        const body = input(startRun, await readJson(req));
        const request = { days: body.days, seed: body.seed, population: body.citizens, set: body.overrides };
        let prepared: PreparedRun;
        try {
          // a shipped scenario by name (the city's, or a reference model's such as reference/epstein), or YAML text
          if (/^[a-z0-9-]+(\/[a-z0-9-]+)?$/.test(body.scenario)) {
            const reference = referenceModelOf(resolveScenarioPath(body.scenario));
            prepared = prepareRun({ scenario: body.scenario, ...request, sampleRate: reference ? undefined : 0.01 });
          } else prepared = { model: 'city', loaded: parseScenario(body.scenario, 'uploaded.yaml', cityOverrides({ ...request, sampleRate: 0.01 })) };
        } catch (error) {
          if (error instanceof InputError) return invalid(res, error, 'the scenario is not valid');
          throw error;
        }
        if (!('loaded' in prepared)) {
          const job = jobs.startReference(prepared.reference);
          if (!job) throw new HttpError(429, 'a run is already going: wait for it to finish');
          return sendJson(res, 202, { job, events: `/api/jobs/${job}/events` });
        }
        const loaded = prepared.loaded;
        const s = loaded.scenario;
        if (s.population.citizens > LIMITS.citizens || s.days > LIMITS.days) throw new HttpError(400, `runs here are limited to ${LIMITS.citizens} citizens and ${LIMITS.days} days`);
        const job = jobs.start(loaded);
        if (!job) throw new HttpError(429, 'a run is already going: wait for it to finish');
        sendJson(res, 202, { job, events: `/api/jobs/${job}/events` });
      },
    ],
    [
      'POST',
      /^\/api\/compare$/,
      async (req, res) => {
        const body = input(startCompare, await readJson(req));
        const common = { 'population.citizens': body.citizens, days: body.days, 'output.sampleRate': 0 };
        let a: LoadedScenario, b: LoadedScenario;
        try {
          a = loadScenario(body.a, common);
          b = loadScenario(body.b, { ...common, ...body.overridesB, seed: a.scenario.seed });
        } catch (error) {
          if (error instanceof InputError) return invalid(res, error, 'a scenario is not valid');
          throw error;
        }
        const job = jobs.compare(a, b, body.replications);
        if (!job) throw new HttpError(429, 'a run is already going: wait for it to finish');
        sendJson(res, 202, { job, events: `/api/jobs/${job}/events` });
      },
    ],
    [
      'GET',
      /^\/api\/comparisons\/([^/]+)\/effects$/,
      async (_q, res, [id]) => {
        const dir = comparisonDir(id);
        const rows = await queryRun(dir, `SELECT metric, unit, n, mean_a, mean_b, diff, ci_low, ci_high FROM effects`, join(dir, 'comparison.duckdb'));
        sendJson(
          res,
          200,
          rows.map((r) => ({ ...r, n: Number(r.n) })),
        );
      },
    ],
    [
      'GET',
      /^\/api\/comparisons\/([^/]+)\/report$/,
      async (_q, res, [id]) => {
        const html = readFileSync(await writeReport(comparisonDir(id)), 'utf8');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
      },
    ],
    [
      'GET',
      /^\/api\/jobs\/([a-f0-9]{12})\/events$/,
      (req, res, [id]) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        const stop = jobs.follow(id, (e) => {
          res.write(`data: ${JSON.stringify(e)}\n\n`);
          if (e.type === 'done' || e.type === 'error') res.end();
        });
        if (!stop) {
          res.write(`data: ${JSON.stringify({ type: 'error', message: 'no such job' })}\n\n`);
          return void res.end();
        }
        req.on('close', stop); // a client that goes away stops being written to; the run goes on
      },
    ],
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/metrics$/,
      async (_q, res, [id], url) => {
        const names = (url.searchParams.get('names') ?? '').split(',').filter(Boolean);
        if (!names.length || names.length > 50 || names.some((n) => !/^[A-Za-z0-9._-]+$/.test(n))) throw new HttpError(400, 'names: 1 to 50 metric names, comma-separated');
        const rows = await queryRun(runDir(id), `SELECT metric, day, value FROM metrics WHERE metric IN (${names.map((n) => `'${n}'`).join(', ')}) ORDER BY metric, day`);
        const out: Record<string, [number, number | null][]> = Object.fromEntries(names.map((n) => [n, []]));
        for (const r of rows) out[String(r.metric)].push([Number(r.day), r.value === null ? null : Number(r.value)]);
        sendJson(res, 200, out);
      },
    ],
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/citizens\/(\d{1,9})$/,
      async (_q, res, [id, citizen]) => {
        try {
          sendJson(res, 200, await explainRun(runDir(id), 'citizens', Number(citizen)));
        } catch (error) {
          if (error instanceof InputError) throw new HttpError(404, error.issues.map(formatIssue).join('; '));
          throw error;
        }
      },
    ],
    ['GET', /^\/api\/runs\/([^/]+)\/districts$/, async (_q, res, [id]) => sendJson(res, 200, await storedDistricts(runDir(id)))],
    ['GET', /^\/api\/runs\/([^/]+)\/screen$/, async (_q, res, [id]) => sendJson(res, 200, await storedScreen(runDir(id)))],
    ['GET', /^\/api\/runs\/([^/]+)\/view$/, async (_q, res, [id]) => sendJson(res, 200, await storedView(runDir(id)))],
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/citizens$/,
      async (_q, res, [id], url) => {
        const q = input(citizenQuery, Object.fromEntries(url.searchParams));
        sendJson(res, 200, await searchCitizens(runDir(id), q));
      },
    ],
    [
      'POST',
      /^\/api\/runs\/([^/]+)\/appeals$/,
      async (req, res, [id]) => {
        const dir = runDir(id);
        const body = input(fileAppeal, await readJson(req));
        let plan: AppealPlan;
        try {
          plan = await planAppeal(dir, [body]);
        } catch (error) {
          if (error instanceof InputError) throw new HttpError(400, error.issues.map(formatIssue).join('; '));
          throw error;
        }
        const job = jobs.appeal(plan);
        if (!job) throw new HttpError(429, 'a run is already going: wait for it to finish');
        sendJson(res, 202, { job, events: `/api/jobs/${job}/events` });
      },
    ],
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/appeals$/,
      (_q, res, [id]) => {
        sendJson(res, 200, readAppeals(runDir(id)));
      },
    ],
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/report$/,
      async (_q, res, [id]) => {
        const html = readFileSync(await writeReport(runDir(id)), 'utf8');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
      },
    ],
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/parquet\/([a-z_]+)\.parquet$/,
      async (_q, res, [id, table]) => {
        const dir = runDir(id);
        const out = mkdtempSync(join(tmpdir(), 'credence-export-'));
        try {
          const { files } = await exportRun(dir, 'parquet', join(out, 'export'));
          const file = files.find((f) => f.endsWith(`/${table}.parquet`));
          if (!file) throw new HttpError(404, `no table ${table} in run ${id}`);
          const data = readFileSync(file);
          res.writeHead(200, { 'content-type': 'application/vnd.apache.parquet', 'content-disposition': `attachment; filename="${id}-${table}.parquet"`, 'content-length': data.length });
          res.end(data);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      },
    ],
    [
      'DELETE',
      /^\/api\/runs\/([^/]+)$/,
      (_q, res, [id]) => {
        rmSync(runDir(id), { recursive: true, force: true });
        sendJson(res, 200, { deleted: id });
      },
    ],
  ];
}
