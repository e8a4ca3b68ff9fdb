import { sumOf, lastOf, type MetricSeries } from './series.ts';

/** One group's rates, and their ratio to the reference group's (the first). */
export interface GroupAudit {
  group: string;
  citizens: number;
  /** face searches of this group's faces that named an innocent */
  falseMatchRate: number;
  /** score penalties per 1,000 citizens over the run, and the wrongful ones */
  penaltiesPer1000: number;
  wrongfulPer1000: number;
  /** share of penalties that were wrongful: 1 - precision of the system's flags */
  wrongfulShare: number;
  /** false-negative rate: share of the group's penalised acts the system did not pin on their actor */
  missRate: number;
  /** share of gate attempts granted */
  grantRate: number;
  /** ratios to the reference group: adverse rates (wrongful penalties) and favourable (grants) */
  wrongfulRatio: number;
  grantRatio: number;
  /** four-fifths heuristic: favourable ratio below 0.8, or adverse ratio above 1.25 */
  flagged: boolean;
  /** fewer than 1,000 citizens: rates too noisy to judge */
  small: boolean;
}

/**
 * The fairness audit against ground truth: the simulation knows who was wrongly blamed, so it
 * reports each group's rates of penalties, wrongful penalties and false face matches, the share
 * of its penalties that were wrong, and its gate grant rate, each as a ratio to the reference
 * group, marking the four-fifths heuristic.
 */
export function auditGroups(s: MetricSeries, groups: string[], reference = groups[0]): GroupAudit[] {
  const rows = groups.map((g) => {
    const citizens = lastOf(s, `citizens.${g}`);
    const penalties = sumOf(s, `penalties.${g}`);
    const wrongful = sumOf(s, `penalties.wrongful.${g}`);
    const attempts = sumOf(s, `gates.attempts.${g}`);
    const searches = sumOf(s, `faces.searched.${g}`);
    return {
      group: g,
      citizens,
      falseMatchRate: searches > 0 ? sumOf(s, `faces.wrongful_matches.${g}`) / searches : NaN,
      penaltiesPer1000: (1000 * penalties) / citizens,
      wrongfulPer1000: (1000 * wrongful) / citizens,
      wrongfulShare: penalties > 0 ? wrongful / penalties : NaN,
      missRate: sumOf(s, `offences.${g}`) > 0 ? 1 - sumOf(s, `offences.caught.${g}`) / sumOf(s, `offences.${g}`) : NaN,
      grantRate: attempts > 0 ? 1 - sumOf(s, `gates.denied.${g}`) / attempts : NaN,
    };
  });
  const ref = rows[Math.max(0, groups.indexOf(reference))];
  return rows.map((x) => {
    const wrongfulRatio = ref.wrongfulPer1000 > 0 ? x.wrongfulPer1000 / ref.wrongfulPer1000 : NaN;
    const grantRatio = ref.grantRate > 0 ? x.grantRate / ref.grantRate : NaN;
    return { ...x, wrongfulRatio, grantRatio, flagged: grantRatio < 0.8 || wrongfulRatio > 1.25, small: !(x.citizens >= 1000) };
  });
}

/** The audit as named numbers (`audit.<group>.<measure>`), so comparisons give each a confidence interval. */
export function auditMetrics(rows: GroupAudit[]): [string, number][] {
  const measures = ['falseMatchRate', 'penaltiesPer1000', 'wrongfulPer1000', 'wrongfulShare', 'missRate', 'grantRate', 'wrongfulRatio', 'grantRatio'] as const;
  return rows.flatMap((r) => measures.map((m): [string, number] => [`audit.${r.group}.${m}`, r[m]]));
}
