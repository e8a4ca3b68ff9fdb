import { randomBytes } from 'node:crypto';
import { citySnapshot, type CitySnapshot } from './live.ts';
import { publicText } from './http.ts';
import { runScenario, runReference, compare, storeComparison, EventType, stateMeans, trafficViolations, gateDenials, writeReport, InputError, formatIssue, runAppeal } from '../index.ts';
import type { LoadedScenario, Simulation, Progress, AppealPlan } from '../index.ts';

/** What a client hears about a run it started: progress, then the run's id or an error. */
export type JobEvent =
  | { type: 'progress'; day: number; days: number; agentDaysPerSecond: number; etaMs: number }
  | { type: 'day'; day: number; metrics: DayMetrics; city?: CitySnapshot }
  | { type: 'done'; run: string }
  | { type: 'error'; message: string };

/** What a live view draws, day by day. */
export interface DayMetrics {
  violations: number;
  dissent: number;
  spontaneous: number;
  penalties: number;
  wrongfulPenalties: number;
  denials: number;
  displays: number;
  stress: number;
  health: number;
  /** the seed's claimed benefit and its price: crimes, those cleared, suspects detained, innocents among them */
  crimes: number;
  cleared: number;
  detentions: number;
  wrongfulDetentions: number;
  /** science restrained: contrary findings published and withheld */
  contraryFindings: number;
  withheldFindings: number;
}

function dayMetrics(sim: Simulation): DayMetrics {
  const t = sim.measurer.tally;
  const a = (type: number) => t.acts[type];
  const means = stateMeans(sim.world);
  return {
    violations: trafficViolations(t),
    dissent: a(EventType.dissent_post),
    spontaneous: a(EventType.spontaneous_act),
    penalties: t.penalties,
    wrongfulPenalties: t.wrongfulPenalties,
    denials: gateDenials(t),
    displays: t.displays,
    stress: means.stress,
    health: means.health,
    crimes: a(EventType.theft) + a(EventType.violent_crime),
    cleared: t.crimesCleared,
    detentions: t.detentions,
    wrongfulDetentions: t.wrongfulDetentionsByGroup.reduce((x, y) => x + y, 0),
    contraryFindings: a(EventType.contrary_finding),
    withheldFindings: a(EventType.finding_withheld),
  };
}

interface Job {
  id: string;
  events: JobEvent[];
  listeners: Set<(e: JobEvent) => void>;
  finished: boolean;
}

/** How long finished jobs are remembered: the server's memory must not grow with the runs it has served. */
export interface JobRetention {
  /** finished jobs remembered at most (the oldest forgotten first); default 20 */
  keepFinished?: number;
  /** how long a finished job keeps every event for a client that reconnects (then only its last progress and its end); default 2 minutes */
  keepEventsMs?: number;
  /** how long a finished job is remembered at all (then its stream is 404); default 1 hour */
  forgetMs?: number;
}

/**
 * Runs started over the API, one at a time or a few (`limit`): each keeps its events, so a client
 * that connects late, or reconnects after dropping, hears everything from the start. A finished
 * job keeps them for a while (`retention`), then only its last progress and how it ended; it is
 * forgotten after longer, or when more jobs have finished since.
 */
export function createJobs(runsDir: string, limit: number, retention: JobRetention = {}) {
  const keepFinished = Math.max(0, retention.keepFinished ?? 20);
  const keepEventsMs = retention.keepEventsMs ?? 120_000;
  const forgetMs = retention.forgetMs ?? 3_600_000;
  const jobs = new Map<string, Job>();
  /** finished jobs, the oldest first */
  const finished: Job[] = [];
  let running = 0;
  const emit = (job: Job, e: JobEvent) => {
    job.events.push(e);
    for (const l of job.listeners) l(e);
  };
  const later = (ms: number, f: () => void) => setTimeout(f, ms).unref(); // never keeps the process alive
  const forget = (job: Job) => {
    jobs.delete(job.id);
    const i = finished.indexOf(job);
    if (i >= 0) finished.splice(i, 1);
  };
  const finish = (job: Job, end: JobEvent) => {
    emit(job, end);
    job.finished = true;
    job.listeners.clear(); // each has heard the end
    running--;
    finished.push(job);
    while (finished.length > keepFinished) forget(finished[0]);
    const compact = () => {
      // what a late client needs: how far it got, and how it ended
      const last = [...job.events].reverse().find((e) => e.type === 'progress');
      job.events = last ? [last, end] : [end];
    };
    if (keepEventsMs <= 0) compact();
    else later(keepEventsMs, compact);
    later(forgetMs, () => forget(job));
  };
  /** Run a task as a job: its progress is throttled to a few events a second; its result is the id of what it stored. */
  const launch = (task: (job: Job, progress: (p: Progress) => void) => Promise<string>): string | undefined => {
    if (running >= limit) return undefined;
    const job: Job = { id: randomBytes(6).toString('hex'), events: [], listeners: new Set(), finished: false };
    jobs.set(job.id, job);
    running++;
    let last = 0;
    const progress = (p: Progress) => {
      if (p.day < p.days && performance.now() - last < 200) return;
      last = performance.now();
      emit(job, { type: 'progress', day: p.day, days: p.days, agentDaysPerSecond: Math.round(p.agentDaysPerSecond), etaMs: Math.round(p.etaMs) });
    };
    task(job, progress).then(
      (run) => finish(job, { type: 'done', run }),
      (error: unknown) => {
        if (!(error instanceof InputError)) console.error(`job ${job.id} failed:`, error); // the server's log has the cause; the client hears only that it failed
        finish(job, { type: 'error', message: error instanceof InputError ? publicText(error.issues.map(formatIssue).join('; ')) : 'the run failed' });
      },
    );
    return job.id;
  };
  /** each day's numbers for the live charts; the city (map, screens, distributions) about a hundred times a run */
  const onDay = (job: Job) => (sim: Simulation) => {
    const day = sim.world.day;
    const every = Math.max(1, Math.ceil(sim.days / 100));
    emit(job, { type: 'day', day, metrics: dayMetrics(sim), city: day % every === 0 || day === sim.days - 1 ? citySnapshot(sim.world) : undefined });
  };
  return {
    get running() {
      return running;
    },
    /** Whether a job is known (running, or finished and not yet forgotten). */
    has(id: string): boolean {
      return jobs.has(id);
    },
    /** What the table holds: jobs known, running, events kept in all, clients following. */
    stats(): { jobs: number; running: number; events: number; listeners: number } {
      let events = 0;
      let listeners = 0;
      for (const job of jobs.values()) {
        events += job.events.length;
        listeners += job.listeners.size;
      }
      return { jobs: jobs.size, running, events, listeners };
    },
    /** Start a run; undefined when too many are going. */
    start(loaded: LoadedScenario): string | undefined {
      return launch(async (job, progress) => {
        const run = await runScenario(loaded, { runsDir, onDay: onDay(job), onProgress: progress });
        await writeReport(run.dir);
        return run.id;
      });
    },
    /** Run a reference model's scenario file (Epstein's civil violence): stored like any run, without live charts. */
    startReference(reference: { file: string; overrides: Record<string, unknown> }): string | undefined {
      return launch(async () => (await runReference(reference.file, reference.overrides, { runsDir })).id);
    },
    /** Re-run a stored run (its scenario and seed) with appeals filed for citizens; the new run keeps their outcomes in APPEALS_FILE. */
    appeal(plan: AppealPlan): string | undefined {
      return launch(async (job, progress) => {
        const run = await runAppeal(plan, { runsDir, onDay: onDay(job), onProgress: progress });
        await writeReport(run.dir);
        return run.id;
      });
    },
    /** Start a comparison of two scenarios over paired replications; it is written like `credence compare`'s. */
    compare(a: LoadedScenario, b: LoadedScenario, replications: number): string | undefined {
      return launch(async (_job, progress) => {
        const c = await compare(a, b, { replications, onProgress: ({ progress: p }) => progress(p) });
        return (await storeComparison(runsDir, c, writeReport)).id;
      });
    },
    /** Replay a job's events to `listener`, then follow it; returns how to stop following. */
    follow(id: string, listener: (e: JobEvent) => void): (() => void) | undefined {
      const job = jobs.get(id);
      if (!job) return undefined;
      for (const e of job.events) listener(e);
      if (job.finished) return () => {};
      job.listeners.add(listener);
      return () => job.listeners.delete(listener);
    },
  };
}
