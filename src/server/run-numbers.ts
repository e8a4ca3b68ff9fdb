import type { AuditRow, RunTotals, WrongfulCell } from './view-types.ts';
import { queryRun, auditGroups } from '../index.ts';
import type { MetricSeries, Scenario } from '../index.ts';

/** The causes of wrongful penalties, as the metrics name them (`penalties.wrongful_from.<cause>`). */
const CAUSES = ['face_match', 'censor', 'record_error', 'informant'] as const;

/** A stored run's metrics, each summed up over the run as its definition says (a flow's total, a stock's last value, a level's mean). */
export interface RunNumbers {
  value(metric: string): number;
  /** the run summed up as series of one point each, for the library's audit */
  series: MetricSeries;
}

export async function runNumbers(dir: string): Promise<RunNumbers> {
  const rows = await queryRun(
    dir,
    `SELECT m.metric, coalesce(d.over_run, 'sum') AS over_run, sum(m.value) AS total, avg(m.value) AS mean, arg_max(m.value, m.day) AS last, max(m.day) AS day
     FROM metrics m LEFT JOIN metric_defs d USING (metric) GROUP BY ALL`,
  );
  const values = new Map<string, [number, number]>();
  for (const r of rows) {
    const over = String(r.over_run);
    const v = over === 'last' ? r.last : over === 'mean' ? r.mean : r.total;
    values.set(String(r.metric), [Number(r.day), Number(v ?? 0)]);
  }
  const value = (metric: string) => values.get(metric)?.[1] ?? 0;
  return {
    value,
    series: {
      names: [...values.keys()],
      series: (name) => {
        const v = values.get(name);
        return v ? [v] : [];
      },
    },
  };
}

/** The headline numbers of a run. */
export function runTotals(n: RunNumbers): RunTotals {
  const v = n.value;
  return {
    violations: v('traffic_violations'),
    dissent: v('acts.dissent_post'),
    spontaneous: v('acts.spontaneous_act'),
    crimes: v('acts.theft') + v('acts.violent_crime'),
    penalties: v('penalties'),
    wrongful: v('penalties.wrongful'),
    rewards: v('rewards'),
    denials: v('gates.denied'),
    appealsFiled: v('appeals.filed'),
    appealsUpheld: v('appeals.upheld'),
    displays: v('screens.displays'),
    displaysWrongful: v('screens.displays_wrongful'),
    feesPaid: v('screens.fees_paid'),
    tiesCut: v('screens.ties_cut'),
    jobsLostToScreens: v('jobs_lost.stigma'),
    faceSearches: v('faces.searched'),
    wrongfulMatches: v('faces.wrongful_matches'),
    stress: v('stress.mean'),
    health: v('health.mean'),
  };
}

/** Wrongful penalties by cause and group, with each group's citizens. */
export function wrongfulCells(n: RunNumbers, groups: string[]): WrongfulCell[] {
  return CAUSES.flatMap((cause) => groups.map((group) => ({ cause, group, count: n.value(`penalties.wrongful_from.${cause}.${group}`), citizens: n.value(`citizens.${group}`) })));
}

/** The fairness audit of a run, against the scenario's reference group. */
export function audit(n: RunNumbers, scenario: Scenario): AuditRow[] {
  const groups = scenario.population.groups.map((g) => g.name);
  return auditGroups(n.series, groups, scenario.output?.referenceGroup).map((r) => ({
    group: r.group,
    citizens: r.citizens,
    penaltiesPer1000: r.penaltiesPer1000,
    wrongfulPer1000: r.wrongfulPer1000,
    wrongfulShare: r.wrongfulShare,
    falseMatchRate: r.falseMatchRate,
    grantRate: r.grantRate,
    wrongfulRatio: r.wrongfulRatio,
    grantRatio: r.grantRatio,
    flagged: r.flagged,
    small: r.small,
  }));
}
