import { readFileSync, rmSync, readdirSync, mkdtempSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from 'zod';
import { HttpError, sendJson, readJson, UNSAFE_KEYS, type Route } from './http.ts';
import type { createJobs } from './jobs.ts';
import { citizenQuery, searchCitizens } from './citizens.ts';
import { storedDistricts, storedScreen, storedView } from './snapshot.ts';
import { citizenCard } from './card.ts';
import { runStory, withoutSystem } from './story.ts';
import { whatifRoute } from './whatif.ts';
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
  readRun,
  prepareRun,
  cityOverrides,
  referenceModelOf,
  parseYaml,
  epsteinSchema,
} from '../index.ts';
import type { AppealPlan, PreparedRun, Scenario, RunManifest } from '../index.ts';

/**
 * What the API lets one request run: a few minutes of this machine at most. Checked on the
 * scenario as loaded, after every override is merged: citizens and days of a run (a quarter of
 * the citizens for each arm of a comparison), grid cells times steps of a reference model.
 */
const LIMITS = { citizens: 200_000, days: 730, referenceCellSteps: 10_000_000 };

/**
 * What uploaded scenario text may hold: its length, and its mapping entries (counted by the
 * characters that can start one: `:` `,` `?`), so no text can make parsing slow; the largest
 * shipped scenario has about 400.
 */
const TEXT_LIMITS = { chars: 100_000, entries: 5_000 };

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
/** a shipped scenario's name: `rongcheng`, or a reference model's `reference/epstein` */
const SHIPPED_NAME = /^[a-z0-9-]{1,100}(\/[a-z0-9-]{1,100})?$/;

/** Overrides by dotted field path: field names and list indices, never an object's machinery. */
const overrides = z
  .record(
    z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'a field path: names and list indices joined by dots')
      .refine((path) => !path.split('.').some((k) => UNSAFE_KEYS.has(k)), 'not a field path: a prototype key'),
    z.unknown(),
  )
  .refine((o) => Object.keys(o).length <= 500, 'at most 500 overrides')
  .default({});

const startCompare = z.strictObject({
  a: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .describe('a shipped scenario'),
  b: z.string().regex(/^[a-z0-9-]+$/),
  overridesB: overrides,
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
  scenario: z.string().min(1).describe('a shipped scenario name, or YAML text'),
  overrides,
  citizens: z.number().int().min(1).max(LIMITS.citizens).optional(),
  days: z.number().int().min(1).max(LIMITS.days).optional(),
  seed: z.number().int().min(0).max(4294967295).optional(),
});

/** The shipped scenarios' names: the files of the scenarios folder, and of its folders one deep (reference models). */
function shippedNames(): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(SCENARIO_DIR, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) names.add(entry.name.slice(0, -5));
    else if (entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name))
      for (const inner of readdirSync(join(SCENARIO_DIR, entry.name), { withFileTypes: true }))
        if (inner.isFile() && inner.name.endsWith('.yaml')) names.add(`${entry.name}/${inner.name.slice(0, -5)}`);
  }
  return names;
}

/** The file of a shipped scenario: only ever one of the scenarios folder, whatever the server's working directory holds. */
function shippedFile(name: string): string {
  if (!SHIPPED_NAME.test(name) || !shippedNames().has(name)) throw new HttpError(400, `no shipped scenario "${name.slice(0, 100)}" (GET /api/scenarios lists them)`);
  return join(SCENARIO_DIR, `${name}.yaml`);
}

/** Whether text sent as a scenario names a shipped one rather than being YAML. */
const looksLikeName = (text: string) => SHIPPED_NAME.test(text);

/** Uploaded scenario text within the limits, refused before it is parsed. */
function uploadedText(text: string): string {
  if (text.length > TEXT_LIMITS.chars) throw new HttpError(413, `the scenario text is over ${TEXT_LIMITS.chars} characters`);
  let entries = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a || c === 0x2c || c === 0x3f) entries++;
  }
  if (entries > TEXT_LIMITS.entries) throw new HttpError(413, `the scenario text has over ${TEXT_LIMITS.entries} entries (counted by ':', ',' and '?')`);
  return text;
}

/**
 * The name uploaded text is read under: a file name that does not exist in the server's working
 * directory, so the loader treats the text as no file (it may extend only a shipped scenario).
 */
function uploadName(): string {
  return ['uploaded.yaml', '<uploaded>', '<uploaded scenario text>'].find((n) => !existsSync(n)) ?? '<uploaded scenario text>';
}

/** A scenario within what the API runs. */
function withinLimits(s: Scenario, citizens: number, what: string) {
  if (s.population.citizens > citizens || s.days > LIMITS.days)
    throw new HttpError(400, `${what} has ${s.population.citizens} citizens and ${s.days} days: runs here are limited to ${citizens} citizens and ${LIMITS.days} days`);
}

/** Whether a parsed run.json is a manifest a listing can show. */
const isManifest = (m: unknown): m is RunManifest =>
  typeof m === 'object' && m !== null && typeof (m as RunManifest).id === 'string' && typeof (m as RunManifest).startedAt === 'string' && typeof (m as RunManifest).scenario === 'string';

/**
 * The runs directory's complete runs and experiments. A run or comparison whose manifest is
 * unreadable is left out and named in `corrupt`, so one bad directory never hides the rest.
 */
function listing(runsDir: string): { runs: Omit<RunManifest & { dir: string }, 'dir'>[]; experiments: ReturnType<typeof listExperiments>; corrupt: string[] } {
  let runs: (RunManifest & { dir: string })[];
  try {
    runs = listRuns(runsDir).filter(isManifest);
  } catch {
    // one by one, so that what cannot be read is only left out
    runs = [];
    for (const name of safeEntries(runsDir)) {
      const dir = join(runsDir, name);
      try {
        if (!looksLikeRun(dir)) continue;
        const m: unknown = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
        if (isManifest(m)) runs.push({ ...m, dir });
      } catch {}
    }
    runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.dir.localeCompare(a.dir));
  }
  let experiments: ReturnType<typeof listExperiments>;
  try {
    experiments = listExperiments(runsDir);
  } catch {
    experiments = [];
  }
  // what has a run's or a comparison's files but is not listed: damaged
  const listed = new Set([...runs.map((r) => basename(r.dir)), ...experiments.map((e) => e.id)]);
  const corrupt = safeEntries(runsDir).filter((name) => !listed.has(name) && (looksLikeRun(join(runsDir, name)) || existsSafely(join(runsDir, name, 'comparison.json'))));
  return { runs: runs.map(({ dir: _dir, ...m }) => m), experiments, corrupt: corrupt.sort() };
}

const existsSafely = (path: string) => {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
};

const looksLikeRun = (dir: string) => {
  try {
    return statSync(dir).isDirectory() && existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, RUN_FILE));
  } catch {
    return false;
  }
};

function safeEntries(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}

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
  const invalid = (error: InputError, what: string) => {
    const issues = error.issues.slice(0, 50).map((i) => ({ ...i, message: i.message.slice(0, 1000) }));
    const more = error.issues.length - issues.length;
    return new HttpError(
      400,
      what,
      {},
      {
        issues: [...issues.map(formatIssue), ...(more > 0 ? [`and ${more} more issues`] : [])],
        fields: issues.filter((i) => i.path).map((i) => ({ path: i.path, message: i.message })),
      },
    );
  };
  /**
   * Load scenarios: what the loader refuses is the client's 400, with its issues; anything else it
   * throws on the way (a parser's own error on hostile text) is the input's fault too, never a 500.
   */
  const loading = <T>(what: string, load: () => T): T => {
    try {
      return load();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (error instanceof InputError) throw invalid(error, what);
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '').slice(0, 300) : String(error).slice(0, 300);
      throw new HttpError(400, `${what}: it could not be read (${message})`);
    }
  };
  const started = (res: Parameters<Route[2]>[1], job: string | undefined) => {
    if (!job) throw new HttpError(429, 'a run is already going: wait for it to finish');
    sendJson(res, 202, { job, events: `/api/jobs/${job}/events` });
  };
  const routes: Route[] = [
    [
      'GET',
      /^\/api\/scenarios$/,
      (_q, res) => {
        // as listScenarios, but each read from the scenarios folder by its path, never from the working directory
        const names = [...shippedNames()].filter((n) => !n.includes('/')).sort();
        sendJson(
          res,
          200,
          names.map((name) => ({ name, description: loadScenario(join(SCENARIO_DIR, `${name}.yaml`)).scenario.description })),
        );
      },
    ],
    [
      'GET',
      /^\/api\/scenarios\/([a-z0-9-]+)$/,
      (_q, res, [name]) => {
        // a shipped scenario with every default filled in: what the generated form starts from
        if (!shippedNames().has(name)) throw new HttpError(404, `no shipped scenario ${name}`);
        sendJson(res, 200, { name, values: loadScenario(shippedFile(name)).scenario });
      },
    ],
    ['GET', /^\/api\/schema$/, (_q, res) => sendJson(res, 200, JSON.parse(readFileSync(join(SCENARIO_DIR, 'schema.json'), 'utf8')))],
    ['GET', /^\/api\/runs$/, (_q, res) => sendJson(res, 200, { ...listing(runsDir), limits: LIMITS, running: jobs.running })],
    [
      'POST',
      /^\/api\/runs$/,
      async (req, res) => {
        const body = input(startRun, await readJson(req));
        const request = { days: body.days, seed: body.seed, population: body.citizens, set: body.overrides };
        // a shipped scenario by name (the city's, or a reference model's such as reference/epstein), or YAML text
        const prepared = loading('the scenario is not valid', (): PreparedRun => {
          if (!looksLikeName(body.scenario)) return { model: 'city', loaded: parseScenario(uploadedText(body.scenario), uploadName(), cityOverrides({ ...request, sampleRate: 0.01 })) };
          const file = shippedFile(body.scenario);
          return prepareRun({ scenario: file, ...request, sampleRate: referenceModelOf(file) ? undefined : 0.01 });
        });
        if (!('loaded' in prepared)) {
          const { file, overrides: set } = prepared.reference;
          // validated here, with every override, so that what a job would refuse is refused now, and held to the limits
          const model = loading('the scenario is not valid', () => parseYaml(epsteinSchema, readFileSync(file, 'utf8'), file, set, 'reference model fields'));
          const cellSteps = model.width * model.height * model.steps;
          if (cellSteps > LIMITS.referenceCellSteps)
            throw new HttpError(400, `a ${model.width} x ${model.height} grid for ${model.steps} steps is ${cellSteps} cell-steps: reference runs here are limited to ${LIMITS.referenceCellSteps}`);
          return started(res, jobs.startReference(prepared.reference));
        }
        withinLimits(prepared.loaded.scenario, LIMITS.citizens, 'the scenario');
        started(res, jobs.start(prepared.loaded));
      },
    ],
    [
      'POST',
      /^\/api\/compare$/,
      async (req, res) => {
        const body = input(startCompare, await readJson(req));
        const common = { 'population.citizens': body.citizens, days: body.days, 'output.sampleRate': 0 };
        const [fileA, fileB] = [shippedFile(body.a), shippedFile(body.b)];
        const a = loading('a scenario is not valid', () => loadScenario(fileA, common));
        const b = loading('a scenario is not valid', () => loadScenario(fileB, { ...common, ...body.overridesB, seed: a.scenario.seed }));
        // each arm after its overrides: B's may change its citizens or days
        withinLimits(a.scenario, LIMITS.citizens / 4, 'arm A');
        withinLimits(b.scenario, LIMITS.citizens / 4, 'arm B');
        started(res, jobs.compare(a, b, body.replications));
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
      (_q, res, [id]) => {
        if (!jobs.has(id)) throw new HttpError(404, `no job ${id} (a finished job is forgotten after a while: its run is in GET /api/runs)`);
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        let open = true;
        const stop = jobs.follow(id, (e) => {
          if (!open) return;
          res.write(`data: ${JSON.stringify(e)}\n\n`);
          if (e.type === 'done' || e.type === 'error') res.end();
        });
        // a client that goes away stops being written to; the run goes on
        res.on('close', () => {
          open = false;
          stop?.();
        });
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
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/citizens\/(\d{1,9})\/card$/,
      async (_q, res, [id, citizen]) => {
        // the card offers a citizen's counterfactual life where the server answers for one
        const whatif = `/api/runs/${id}/citizens/${citizen}/whatif`;
        const offered = routes.some(([method, path]) => method === 'POST' && path.test(whatif));
        try {
          sendJson(res, 200, await citizenCard(runDir(id), Number(citizen), offered ? whatif : null));
        } catch (error) {
          if (error instanceof InputError) throw new HttpError(404, error.issues.map(formatIssue).join('; '));
          throw error;
        }
      },
    ],
    whatifRoute(runDir, LIMITS),
    ['GET', /^\/api\/runs\/([^/]+)\/story$/, async (_q, res, [id]) => sendJson(res, 200, await runStory(runDir(id), runsDir))],
    [
      'POST',
      /^\/api\/runs\/([^/]+)\/without$/,
      async (_q, res, [id]) => {
        // the same city, seed and size with no system: the story's last step
        const stored = await readRun(runDir(id));
        const loaded = loading(`run ${id}'s scenario`, () => withoutSystem(stored));
        withinLimits(loaded.scenario, LIMITS.citizens, `run ${id}`);
        started(res, jobs.start(loaded));
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
        const body = input(fileAppeal, await readJson(req));
        const dir = runDir(id);
        let plan: AppealPlan;
        try {
          plan = await planAppeal(dir, [body]);
        } catch (error) {
          if (error instanceof InputError) throw new HttpError(400, error.issues.map(formatIssue).join('; '));
          throw error;
        }
        // a run stored by the command line may be larger than the API would run
        withinLimits(plan.loaded.scenario, LIMITS.citizens, `run ${id}`);
        started(res, jobs.appeal(plan));
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
        // the export is written inside the runs directory (hidden, as a run being written is), and removed once sent
        mkdirSync(runsDir, { recursive: true });
        const out = mkdtempSync(join(runsDir, '.incomplete-parquet-'));
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
  return routes;
}
