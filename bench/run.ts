/**
 * Benchmarks: every figure of the "speed and scale" targets, each measured in a process of its
 * own. Prints a table (figure, measured, target, met) and one JSON line, and merges the figures
 * into bench/results.json with this machine's CPU, Node version and the date.
 *
 *   npm run bench                               full, one, memory, workers, scaling, epstein, start, bounds, startup
 *   npm run bench -- --only city,province       the long ones (12 M x 365 days, 100 M x 30 days)
 *   npm run bench -- --all                      everything
 *   npm run bench -- --only full --days 10      a subset, shorter
 */
import { readFileSync, writeFileSync, existsSync, renameSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Job, CityMeasurement, Refused, EpsteinMeasurement, StateMeasurement, BoundsMeasurement, StartupMeasurement } from './measure.ts';
import { VERSION } from '../src/index.ts';

const HELP = `npm run bench [-- options]
  --only <figures>   comma-separated: ${['full', 'one', 'memory', 'workers', 'scaling', 'city', 'province', 'epstein', 'start', 'bounds', 'startup'].join(', ')}
  --all              every figure, the long ones included (about an hour)
  --days <n>         days per throughput run (default 28: four weeks, five full measurements)
  --scenario <name>  scenario of the throughput runs (default seed-2020, every mechanism on)
  --workers <n>      workers of the "both cores" runs (default 2)`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    all: { type: 'boolean', default: false },
    days: { type: 'string', default: '28' },
    scenario: { type: 'string', default: 'seed-2020' },
    workers: { type: 'string', default: '2' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const DEFAULT = ['full', 'one', 'memory', 'workers', 'scaling', 'epstein', 'start', 'bounds', 'startup'];
const ALL = [...DEFAULT.slice(0, 5), 'city', 'province', ...DEFAULT.slice(5)];
const chosen = values.all ? ALL : values.only ? values.only.split(',') : DEFAULT;
const unknown = chosen.filter((f) => !ALL.includes(f));
if (unknown.length) {
  console.error(`unknown figure(s) ${unknown.join(', ')}\n\n${HELP}`);
  process.exit(2);
}
const days = Number(values.days);
const workers = Number(values.workers);
const scenario = values.scenario!;

// Each figure is measured by the bundle (dist/bench-measure.mjs, built here from the sources as `npm install` builds the CLI), not
// by the sources through tsx: the bundle is what `credence run` runs, and the same run of 1 M citizens takes about 8 % longer on a
// main thread that loaded its TypeScript through tsx (docs/performance.md).
execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build-cli.mjs', import.meta.url))], { stdio: ['ignore', 'ignore', 'inherit'] });
const MEASURE = fileURLToPath(new URL('../dist/bench-measure.mjs', import.meta.url));
const cache = new Map<string, unknown>();
function measure<T>(job: Job): T {
  const key = JSON.stringify(job);
  if (!cache.has(key)) {
    process.stderr.write(`  measuring ${key} ...\n`);
    const out = execFileSync(process.execPath, [MEASURE, key], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cache.set(key, JSON.parse(out.trim().split('\n').pop()!));
  }
  return cache.get(key) as T;
}
const cityOrRefused = (citizens: number, d = days, w = workers) => measure<CityMeasurement | Refused>({ kind: 'city', scenario, citizens, days: d, workers: w });
const city = (citizens: number, d = days, w = workers): CityMeasurement => {
  const r = cityOrRefused(citizens, d, w);
  if ('refused' in r) throw new Error(`refused before allocating: ${r.refused}`);
  return r;
};

interface Figure {
  figure: string;
  measured: string;
  target: string;
  met: boolean;
  detail: unknown;
}
const M = (x: number) => `${(x / 1e6).toFixed(2)} M`;
const FIGURES: Record<string, () => Figure> = {
  full() {
    const r = city(1_000_000);
    return {
      figure: `full model (${scenario}), 1 M citizens, ${workers} workers`,
      measured: `${M(r.agentDaysPerSecond)} agent-days/s`,
      target: '>= 10 M agent-days/s',
      met: r.agentDaysPerSecond >= 10e6,
      detail: r,
    };
  },
  one() {
    const r = city(1_000_000, days, 1);
    return {
      figure: `full model (${scenario}), 1 M citizens, one thread`,
      measured: `${M(r.agentDaysPerSecond)} agent-days/s`,
      target: '>= 5 M agent-days/s',
      met: r.agentDaysPerSecond >= 5e6,
      detail: r,
    };
  },
  memory() {
    // the full model, and a scenario with three scorers (two of citizens, one of companies)
    const runs = [scenario, 'as-implemented'].map((name) => measure<StateMeasurement>({ kind: 'state', scenario: name, citizens: 1_000_000, days: 7 }));
    const most = Math.max(...runs.map((r) => r.stateBytesPerCitizen));
    return {
      figure: 'state per citizen, graph and scorers included, 1 M citizens',
      measured: runs.map((r) => `${r.scenario} (${r.scorers} scorers) ${r.stateBytesPerCitizen} bytes, ${r.bytesPerCitizen} with the day's tables`).join('; '),
      target: '<= 200 bytes',
      met: most <= 200,
      detail: runs,
    };
  },
  workers() {
    const one = city(1_000_000, days, 1);
    const two = city(1_000_000, days, workers);
    const speedup = one.loopSeconds / two.loopSeconds;
    const identical = one.digest === two.digest;
    return {
      figure: `${workers} workers vs 1, 1 M citizens`,
      measured: `${speedup.toFixed(2)}x, results ${identical ? 'identical' : 'DIFFERENT'}`,
      target: '>= 1.7x, identical',
      met: speedup >= 1.7 && identical,
      detail: { speedup: +speedup.toFixed(3), identical, one, two },
    };
  },
  scaling() {
    const points = [100_000, 1_000_000, 10_000_000].map((n) => city(n));
    const growth = points[2].nsPerAgentDay / points[0].nsPerAgentDay;
    return {
      figure: 'cost per agent-day, 100 k -> 10 M citizens',
      measured: `${points.map((p) => p.nsPerAgentDay).join(' / ')} ns: x${growth.toFixed(2)}`,
      target: '<= 1.3x',
      met: growth <= 1.3,
      detail: { growth: +growth.toFixed(3), points },
    };
  },
  city() {
    const r = city(12_000_000, 365);
    const minutes = (r.setupSeconds + r.loopSeconds) / 60;
    return {
      figure: '12 M citizens x 365 days',
      measured: `${minutes.toFixed(1)} min, peak ${(r.peakRssMiB / 1024).toFixed(2)} GiB`,
      target: '< 10 min, < 6 GiB',
      met: minutes < 10 && r.peakRssMiB < 6 * 1024,
      detail: { minutes: +minutes.toFixed(2), ...r },
    };
  },
  province() {
    const r = cityOrRefused(100_000_000, 30);
    const target = `completes in ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
    if ('refused' in r) return { figure: '100 M citizens x 30 days', measured: `refused before allocating: ${r.refused}`, target, met: false, detail: r };
    const gib = r.peakRssMiB / 1024;
    return {
      figure: '100 M citizens x 30 days',
      measured: `completed in ${((r.setupSeconds + r.loopSeconds) / 60).toFixed(1)} min, peak ${gib.toFixed(1)} GiB`,
      target,
      met: gib < totalmem() / 2 ** 30,
      detail: r,
    };
  },
  bounds() {
    const b = measure<BoundsMeasurement>({ kind: 'bounds' });
    return {
      figure: 'bounds of this machine, one thread',
      measured: `a keyed draw in ${b.nsPerDraw} ns; memory read at ${b.readGBPerSecond} GB/s`,
      target: 'none (see docs/performance.md)',
      met: true,
      detail: b,
    };
  },
  startup() {
    // whole processes, `node bin/credence.mjs ...`: Node's own start, loading the CLI, the command
    const r = measure<StartupMeasurement>({ kind: 'startup', runs: 7 });
    const met = r.helpSeconds < 0.3 && r.validateSeconds < 0.3 && r.runSeconds < 0.8;
    return {
      figure: `CLI start-up, whole process, median of ${r.runs}${r.stale ? ' (a source changed during the runs)' : ''}`,
      measured: `--help ${r.helpSeconds} s, validate rongcheng ${r.validateSeconds} s, run reference/epstein --days 400 --quiet ${r.runSeconds} s`,
      target: '< 0.3 s, < 0.3 s, < 0.8 s',
      met,
      detail: r,
    };
  },
  epstein() {
    // Mesa 3.3.1 on this machine: about 17 s for 40 x 40, 400 steps, the whole process (docs/reference-epstein.md)
    const MESA_SECONDS = 17;
    const [small, large] = [40, 400].map((size) => measure<EpsteinMeasurement>({ kind: 'epstein', size, steps: size === 40 ? 400 : 50 }));
    const wholeSeconds = measure<StartupMeasurement>({ kind: 'startup', runs: 7 }).runSeconds;
    const inside = MESA_SECONDS / small.seconds,
      whole = MESA_SECONDS / wholeSeconds;
    return {
      figure: 'Epstein reference against Mesa (17 s, 40x40, 400 steps)',
      measured: `${inside.toFixed(0)}x inside the process (${small.seconds} s), ${whole.toFixed(0)}x as a user times it (${wholeSeconds} s); ${M(small.agentStepsPerSecond)} / ${M(large.agentStepsPerSecond)} agent-steps/s at 40x40 / 400x400`,
      target: '>= 100x inside, >= 50x whole process',
      met: inside >= 100 && whole >= 50,
      detail: { inside: +inside.toFixed(1), whole: +whole.toFixed(1), runs: [small, large] },
    };
  },
  start() {
    const runs = mkdtempSync(join(tmpdir(), 'credence-bench-start-'));
    const t0 = performance.now();
    execFileSync('npm', ['start', '--silent'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'ignore', env: { ...process.env, CREDENCE_RUNS: runs } });
    const seconds = (performance.now() - t0) / 1000;
    rmSync(runs, { recursive: true, force: true });
    return {
      figure: 'npm start (rongcheng, 100,000 citizens, a year, stored with its report)',
      measured: `${seconds.toFixed(1)} s`,
      target: '< 10 s',
      met: seconds < 10,
      detail: { seconds: +seconds.toFixed(2) },
    };
  },
};

const machine = { date: new Date().toISOString(), version: VERSION, node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1) };
const results: Record<string, Figure & typeof machine> = {};
for (const id of chosen) {
  try {
    results[id] = { ...FIGURES[id](), ...machine };
  } catch (error) {
    // one figure failing (say, out of memory) leaves the others to measure
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    results[id] = { figure: id, measured: `failed: ${message}`, target: '', met: false, detail: null, ...machine };
  }
  const f = results[id];
  console.log(`${f.met ? 'met    ' : 'NOT met'}  ${f.figure}: ${f.measured} (target ${f.target})`);
}
console.log(JSON.stringify({ machine, figures: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { measured: v.measured, target: v.target, met: v.met }])) }));

// figures measured earlier (another subset) are kept, each with its own date and machine
const file = fileURLToPath(new URL('./results.json', import.meta.url));
const previous = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { figures?: Record<string, unknown> }).figures ?? {}) : {};
writeFileSync(`${file}.tmp`, JSON.stringify({ figures: { ...previous, ...results } }, null, 2) + '\n');
renameSync(`${file}.tmp`, file);
