import type { CitySnapshot, DistrictRow } from './live.ts';
import type { RunView } from './view-types.ts';
import { runNumbers, wrongfulCells } from './run-numbers.ts';
import { distribution } from './live.ts';
import { queryRun, EVENT_TYPES } from '../index.ts';
import type { Scenario } from '../index.ts';

const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/** The city map of a stored run: each district's cameras, and how its residents fared by the end. */
export async function storedDistricts(dir: string): Promise<DistrictRow[]> {
  const scoreColumns = (await queryRun(dir, `SELECT column_name FROM information_schema.columns WHERE table_name = 'citizens' AND column_name LIKE 'score\\_%' ESCAPE '\\'`)).map((r) =>
    String(r.column_name),
  );
  const scores = scoreColumns.map((c) => `avg("${c}") AS "${c}"`).join(', ');
  // runs stored before cities have no city column: one city
  const hasCity = (await queryRun(dir, `SELECT column_name FROM information_schema.columns WHERE table_name = 'districts' AND column_name = 'cityOf'`)).length > 0;
  const rows = await queryRun(
    dir,
    `SELECT d.id, d.x, d.y, d.residents, d.camerasPerThousand, ${hasCity ? 'd.cityOf' : '0'} AS city, avg(c.stress) AS stress, 1000 * avg(c.denials) AS "denialsPer1000",
            1000 * avg(c.wrongfulPenalties) AS "wrongfulPer1000", sum(CASE WHEN c.shownUntil >= r.days - 1 THEN 1 ELSE 0 END) AS "onScreen"${scores ? `, ${scores}` : ''}
     FROM districts d CROSS JOIN run r LEFT JOIN citizens c ON c.home = d.id GROUP BY ALL ORDER BY d.id`,
  );
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r)
        .filter(([k]) => k !== 'days')
        .map(([k, v]) => [k, Number(num(v))]),
    ),
  );
}

/** The public screens on a stored run's last day: synthetic citizens only, shown as generated avatars. */
export async function storedScreen(dir: string): Promise<CitySnapshot['screen']> {
  const [run] = await queryRun(dir, 'SELECT days, scenario_resolved FROM run');
  const scenario = JSON.parse(String(run.scenario_resolved));
  const last = Number(run.days) - 1;
  const rows = await queryRun(dir, `SELECT id, home AS district, shownUntil, shownFor FROM citizens WHERE shownUntil >= ${last} ORDER BY home, id LIMIT 500`);
  return {
    fee: scenario.screens.fee,
    enabled: scenario.screens.enabled,
    faces: rows.map((r) => ({ citizen: Number(r.id), district: Number(r.district), offence: EVENT_TYPES[Number(r.shownFor)], daysLeft: Number(r.shownUntil) - last + 1 })),
  };
}

/** A stored run as the live view draws it: the day-by-day numbers, and the city on its last day. */
export async function storedView(dir: string): Promise<RunView> {
  const [run] = await queryRun(dir, 'SELECT days, scenario_resolved FROM run');
  const scenario = JSON.parse(String(run.scenario_resolved)) as Scenario;
  const columns = new Set((await queryRun(dir, `SELECT column_name FROM information_schema.columns WHERE table_name = 'citizens'`)).map((r) => String(r.column_name)));
  const scorer = scenario.scorers.find((s) => columns.has(`score_${s.id}`));
  const daily = await queryRun(
    dir,
    `SELECT day,
       sum(value) FILTER (WHERE metric = 'traffic_violations') AS violations,
       sum(value) FILTER (WHERE metric = 'acts.dissent_post') AS dissent,
       sum(value) FILTER (WHERE metric = 'acts.spontaneous_act') AS spontaneous,
       sum(value) FILTER (WHERE metric = 'penalties') AS penalties,
       sum(value) FILTER (WHERE metric = 'penalties.wrongful') AS "wrongfulPenalties",
       sum(value) FILTER (WHERE metric = 'gates.denied') AS denials,
       sum(value) FILTER (WHERE metric = 'screens.displays') AS displays,
       sum(value) FILTER (WHERE metric = 'stress.mean') AS stress,
       sum(value) FILTER (WHERE metric = 'health.mean') AS health,
       sum(value) FILTER (WHERE metric IN ('acts.theft', 'acts.violent_crime')) AS crimes,
       sum(value) FILTER (WHERE metric = 'crimes.cleared') AS cleared,
       sum(value) FILTER (WHERE metric = 'detentions') AS detentions,
       sum(value) FILTER (WHERE metric = 'detentions.wrongful') AS "wrongfulDetentions",
       sum(value) FILTER (WHERE metric = 'acts.contrary_finding') AS "contraryFindings",
       sum(value) FILTER (WHERE metric = 'acts.finding_withheld') AS "withheldFindings"
     FROM metrics GROUP BY day ORDER BY day`,
  );
  const days = daily.map((r) => ({
    day: Number(r.day),
    metrics: Object.fromEntries(
      Object.entries(r)
        .filter(([k]) => k !== 'day')
        .map(([k, v]) => [k, Number(v ?? 0)]),
    ),
  }));
  const tiers = scorer
    ? (await queryRun(dir, `SELECT day, metric, value FROM metrics WHERE metric LIKE 'tier.${scorer.id.replace(/'/g, "''")}.%' ORDER BY day`)).map((r) => ({
        day: Number(r.day),
        tier: String(r.metric).slice(`tier.${scorer.id}.`.length),
        share: Number(r.value),
      }))
    : [];
  let histogram: CitySnapshot['scorer'] = null;
  if (scorer) {
    const col = `"score_${scorer.id.replace(/"/g, '""')}"`;
    // the distinct scores and how many hold each, binned as the live view bins them
    const scores = await queryRun(dir, `SELECT ${col} AS score, count(*) AS n FROM citizens WHERE ${col} IS NOT NULL GROUP BY 1`);
    const counts = new Map(
      (await queryRun(dir, `SELECT "tier_${scorer.id}" AS tier, count(*) AS n FROM citizens WHERE "tier_${scorer.id}" IS NOT NULL GROUP BY 1`)).map((r) => [String(r.tier), Number(r.n)]),
    );
    histogram = distribution(
      scorer,
      scores.map((r) => [Number(r.score), Number(r.n)] as const),
      scorer.tiers.map((t) => counts.get(t.name) ?? 0),
    );
  }
  const cities = scenario.city?.cities?.map((c) => c.label ?? c.name) ?? ['city'];
  const groups = scenario.population.groups.map((g) => g.name);
  return {
    days,
    tiers,
    snapshot: { day: Number(run.days) - 1, districts: await storedDistricts(dir), cities, screen: await storedScreen(dir), scorer: histogram },
    groups,
    wrongful: wrongfulCells(await runNumbers(dir), groups),
  };
}
