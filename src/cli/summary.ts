import { int, num, pct, table } from './format.ts';
import { loadLibrary, type Library } from './library.ts';
import type { SimulationResult, MetricSeries } from '../index.ts';

/** The end-of-run summary: what the system did, and to whom. */
export async function summarize(r: SimulationResult): Promise<string> {
  const { metricSeries, auditGroups, sumOf, lastOf } = await loadLibrary();
  const series = metricSeries(r);
  const total = (name: string) => sumOf(series, name);
  const last = (name: string) => lastOf(series, name);
  const { policy } = r.world;
  const n = r.world.pop.n;
  const per1000 = (v: number) => num((1000 * v) / n, 1);
  const rows: string[][] = [];
  const add = (what: string, value: number) => rows.push([what, int(value), per1000(value)]);
  add('traffic violations', total('traffic_violations'));
  add('accidents', total('acts.accident'));
  add('dissent posts', total('acts.dissent_post'));
  add('missed payments', total('acts.missed_payment'));
  add('court judgments', total('acts.judgment'));
  add('face searches (camera captures)', total('faces.searched'));
  add('  true matches', total('faces.true_matches'));
  add('  wrongful matches (innocent named)', total('faces.wrongful_matches'));
  add('  missed faces', total('faces.missed'));
  add('score penalties', total('penalties'));
  add('  of them wrongful', total('penalties.wrongful'));
  add('score rewards', total('rewards'));
  add('appeals filed', total('appeals.filed'));
  rows.push(['  upheld (of them against wrongful penalties)', `${int(total('appeals.upheld'))} (${int(total('appeals.upheld_wrongful'))})`, per1000(total('appeals.upheld'))]);
  if (r.scenario.screens.enabled) {
    add('faces put on public screens', total('screens.displays'));
    add('  of innocent people', total('screens.displays_wrongful'));
    add('  fees paid to take them down', total('screens.fees_paid'));
    add('  friendships cut by those who saw', total('screens.ties_cut'));
  }
  if (r.scenario.broker.scorer !== undefined) add('records sold by the data broker', total('broker.records_sold'));
  for (const l of policy.lists) {
    add(`list ${l.id}: on the list at the end`, last(`list.${l.id}.stock`));
    rows.push(['  entered / left', `${int(total(`list.${l.id}.inflow`))} / ${int(total(`list.${l.id}.outflow`))}`, '']);
  }
  if (policy.lists.some((l) => l.kind === 'citizens')) add('debtors who paid while bans pressed them', total('debtors.repaid_under_bans'));
  const out = [table(['over the run', 'count', 'per 1,000'], rows)];

  // gates that deny count denials; privileges (priority gates) count those they privilege
  for (const [priority, header, counted] of [
    [false, ['gate', 'attempts', 'denied', 'denial rate'], 'denied'],
    [true, ['privilege', 'attempts', 'privileged', 'share'], 'privileged'],
  ] as const) {
    const gates = policy.gates.filter((g) => g.priority === priority);
    if (!gates.length) continue;
    const rows = gates.map((g) => {
      const a = total(`gate.${g.id}.attempts`),
        k = total(`gate.${g.id}.${counted}`);
      return [g.id, int(a), int(k), pct(k / a)];
    });
    out.push(table([...header], rows));
  }

  out.push(disparateImpact(r, series, auditGroups));

  for (const s of policy.scorers) {
    const stat = (k: string) => num(last(`score.${s.id}.${k}`), 1);
    const tiers = s.tierNames.map((t) => `${t} ${pct(last(`tier.${s.id}.${t}`), 1)}`).join(', ');
    out.push(`score ${s.id} at the end: mean ${stat('mean')}, p10 ${stat('p10')}, median ${stat('p50')}, p90 ${stat('p90')}\n  tiers: ${tiers}`);
  }
  out.push(
    `at the end: mean stress ${num(last('stress.mean'), 3)}, mean legitimacy ${num(last('legitimacy.mean'), 3)}, mean perceived risk ${num(last('perceived_risk.mean'), 3)}, income Gini ${num(last('income.gini'), 3)}`,
  );
  return out.join('\n\n');
}

/** The fairness audit as a table, with the four-fifths heuristic marked. */
function disparateImpact(r: SimulationResult, series: MetricSeries, auditGroups: Library['auditGroups']): string {
  const groups = r.scenario.population.groups.map((g) => g.name);
  const reference = r.scenario.output.referenceGroup ?? groups[0];
  const rows = auditGroups(series, groups, reference);
  const ratio = (x: number, g: string, flagged: boolean) => (g === reference ? 'ref' : Number.isFinite(x) ? `${num(x, 2)}${flagged ? ' !' : ''}` : '-');
  const t = table(
    ['group', 'citizens', 'false-match rate', 'wrongful penalties /1,000', 'ratio', 'share of penalties wrongful', 'offences missed', 'gate grant rate', 'ratio'],
    rows.map((x) => [
      x.group,
      int(x.citizens),
      pct(x.falseMatchRate, 3),
      num(x.wrongfulPer1000, 1),
      ratio(x.wrongfulRatio, x.group, x.wrongfulRatio > 1.25),
      pct(x.wrongfulShare, 1),
      pct(x.missRate, 1),
      pct(x.grantRate),
      ratio(x.grantRatio, x.group, x.grantRatio < 0.8),
    ]),
  );
  const small = rows.some((x) => x.small) ? '\n  (a group under 1,000 citizens: its rates are noisy)' : '';
  return `${t}\n  ratio: the group's rate over the reference's; ! marks a failure of the four-fifths rule${small}`;
}
