import type { Scenario } from '../scenario/schema.ts';
import type { MetricSeries } from '../measure/series.ts';
import { sumOf, lastOf } from '../measure/series.ts';
import { auditGroups } from '../measure/audit.ts';
import { plot, Plot, rowsOf, rolling, cumulative } from './plot.ts';
import { page, htmlTable, escapeHtml, type Section } from './page.ts';
import { CHANNELS, WRONGFUL_CAUSES } from '../core/tables.ts';
import { JOB_LOSS_CAUSES } from '../core/events.ts';
import { BUYERS } from '../consequence/broker.ts';

export interface RunReportInput {
  id: string;
  scenario: Scenario;
  yaml: string;
  provenance: Record<string, string | number>;
  metrics: MetricSeries;
}

const W = 960;
const line = (named: Record<string, [number, number][]>, y: string, extra: Partial<Plot.PlotOptions> = {}) =>
  plot({
    width: W,
    height: 260,
    marginLeft: 60,
    y: { label: y, grid: true },
    x: { label: 'day' },
    color: { legend: true },
    marks: [Plot.lineY(rowsOf(named), { x: 'day', y: 'value', stroke: 'series' }), Plot.ruleY([0])],
    ...extra,
  });

const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-');
const pct = (v: number, d = 1) => (Number.isFinite(v) ? `${(100 * v).toFixed(d)} %` : '-');

const JOB_LOSS_WORDS: Record<(typeof JOB_LOSS_CAUSES)[number], string> = {
  layoff: 'laid off',
  stigma: 'dismissed after a face on a screen',
  health: 'left work, too ill',
  dismissed: 'dismissed in post below a tier',
  employer_listed: 'shed by a blacklisted employer',
  detained: 'lost while held as a suspect',
};
const CAUSE_WORDS: Record<(typeof WRONGFUL_CAUSES)[number], string> = {
  face_match: 'false face match',
  censor: 'censor’s false flag',
  record_error: 'record filed under the wrong citizen',
  informant: 'informant naming the wrong person',
};

/** Where wrongful penalties come from: each cause, per 1,000 citizens of each group, and its share of all. */
function wrongfulByCause(s: MetricSeries, groups: string[], citizens: number[]): string {
  const all = sumOf(s, 'penalties.wrongful');
  return htmlTable(
    ['cause of the wrongful penalty', 'count', 'share', ...groups.map((g) => `${g} /1,000`)],
    WRONGFUL_CAUSES.map((cause) => {
      const n = sumOf(s, `penalties.wrongful_from.${cause}`);
      return [CAUSE_WORDS[cause], f(n), all ? pct(n / all) : '-', ...groups.map((g, i) => f((1000 * sumOf(s, `penalties.wrongful_from.${cause}.${g}`)) / citizens[i], 1))];
    }),
  );
}

/** Each city's residents and what the system did to them, per 1,000 residents (the `city.<name>.*` metrics). */
function byCity(s: MetricSeries, sc: Scenario): Section {
  const scorers = sc.scorers.filter((x) => x.subjects === 'citizens');
  const lists = sc.lists.filter((l) => l.subjects === 'citizens');
  const runsIn = (scorer: (typeof scorers)[number], city: string) => scorer.cities === undefined || scorer.cities.includes(city);
  return {
    title: 'By city',
    lead: 'Each city’s residents (by home district) and what the system did to them over the run, per 1,000 residents. Scorers run where their cities say; lists are national.',
    html: htmlTable(
      [
        'city',
        'residents',
        'penalties /1,000',
        'wrongful /1,000',
        'dissent posts /1,000',
        'traffic violations /1,000',
        'denials /1,000',
        'mean stress',
        ...scorers.map((x) => `mean ${x.label ?? x.id}`),
        ...lists.map((l) => `on ${l.id} at the end`),
      ],
      sc.city.cities.map((c) => {
        const at = `city.${c.name}`;
        const residents = lastOf(s, `${at}.residents`);
        const per = (metric: string) => f((1000 * sumOf(s, `${at}.${metric}`)) / residents, 1);
        return [
          c.label ?? c.name,
          f(residents),
          per('penalties'),
          per('penalties.wrongful'),
          per('dissent_posts'),
          per('traffic_violations'),
          per('denials'),
          f(lastOf(s, `${at}.stress.mean`), 3),
          ...scorers.map((x) => (runsIn(x, c.name) ? f(lastOf(s, `${at}.mean_score.${x.id}`), 1) : 'not run here')),
          ...lists.map((l) => f(lastOf(s, `${at}.listed.${l.id}`))),
        ];
      }),
    ),
  };
}

/** The report of one run: what the system did, and to whom, in charts and tables. */
export function runReport(r: RunReportInput): string {
  const s = r.metrics;
  const sc = r.scenario;
  const sections: Section[] = [];

  sections.push({
    title: 'What happened',
    lead: `${f(Number(r.provenance.citizens))} synthetic citizens for ${r.provenance.days} days under "${sc.name}".`,
    html: htmlTable(
      ['over the run', 'count'],
      [
        ['traffic violations', f(sumOf(s, 'traffic_violations'))],
        ['dissent posts', f(sumOf(s, 'acts.dissent_post'))],
        ['findings contrary to official positions: published / withheld', `${f(sumOf(s, 'acts.contrary_finding'))} / ${f(sumOf(s, 'acts.finding_withheld'))}`],
        ['researchers penalised for a finding', f(sumOf(s, 'science.researchers_penalised'))],
        ['researchers holding a grant at the end', pct(lastOf(s, 'science.funded_share'))],
        ['face searches', f(sumOf(s, 'faces.searched'))],
        ['wrongful face matches (innocent named)', f(sumOf(s, 'faces.wrongful_matches'))],
        ['score penalties', f(sumOf(s, 'penalties'))],
        ['wrongful penalties', f(sumOf(s, 'penalties.wrongful'))],
        ['appeals filed / upheld', `${f(sumOf(s, 'appeals.filed'))} / ${f(sumOf(s, 'appeals.upheld'))}`],
        ...sc.lists.map((l) => [`on ${l.id} at the end (entered / left)`, `${f(lastOf(s, `list.${l.id}.stock`))} (${f(sumOf(s, `list.${l.id}.inflow`))} / ${f(sumOf(s, `list.${l.id}.outflow`))})`]),
        ...sc.gates.map((g) =>
          g.effect === 'priority'
            ? [`privilege ${g.id}: granted of attempts`, `${f(sumOf(s, `gate.${g.id}.privileged`))} of ${f(sumOf(s, `gate.${g.id}.attempts`))}`]
            : [`gate ${g.id}: denied of attempts`, `${f(sumOf(s, `gate.${g.id}.denied`))} of ${f(sumOf(s, `gate.${g.id}.attempts`))}`],
        ),
      ],
    ),
  });

  if (sc.city.cities.length > 1) sections.push(byCity(s, sc));

  sections.push({
    title: 'Crime and detention: the honest ledger',
    lead: 'The seed promises "the detention of multiple criminals and suspects". Crimes committed, those pinned on whoever did them (by a camera’s face search or by the police), and the innocent detained after a false face match, by group.',
    html: htmlTable(
      ['over the run', 'count'],
      [
        ['thefts / violent crimes committed', `${f(sumOf(s, 'acts.theft'))} / ${f(sumOf(s, 'acts.violent_crime'))}`],
        ['crimes cleared (the right suspect named)', f(sumOf(s, 'crimes.cleared'))],
        ['suspects detained', f(sumOf(s, 'detentions'))],
        ['innocents detained', f(sumOf(s, 'detentions.wrongful'))],
        ...sc.population.groups.map((g) => [`  of them ${g.name}`, f(sumOf(s, `detentions.wrongful.${g.name}`))]),
        ['days spent in detention', f(sumOf(s, 'detention.days'))],
        ['jobs lost while held', f(sumOf(s, 'jobs_lost.detained'))],
        ['their families: other adults of the household / children', `${f(sumOf(s, 'detentions.relatives'))} / ${f(sumOf(s, 'detentions.children'))}`],
      ],
    ),
  });

  sections.push({
    title: 'A population that lives on',
    lead: 'People die, move away and come of age; each place left is taken by an entrant with no history, and the record of the one who left leaves every score and list. Children a private school turned away grow up here.',
    html: htmlTable(
      ['over the run', 'count'],
      [
        ['died / moved away', `${f(sumOf(s, 'acts.died'))} / ${f(sumOf(s, 'acts.moved_away'))}`],
        ['came of age / moved in', `${f(sumOf(s, 'acts.came_of_age'))} / ${f(sumOf(s, 'acts.moved_in'))}`],
        ['children born', f(sumOf(s, 'acts.born'))],
        ['mean age / share aged 60+ at the end', `${lastOf(s, 'population.mean_age').toFixed(1)} / ${pct(lastOf(s, 'population.over_60'))}`],
        ['adults who entered during the run', pct(lastOf(s, 'population.entrants'))],
        ['adults schooled worse as children (a private school denied)', f(lastOf(s, 'schooling.worse_schooled_adults'))],
        ['their income against other entrants', Number.isFinite(lastOf(s, 'schooling.worse_schooled_income_ratio')) ? `${lastOf(s, 'schooling.worse_schooled_income_ratio').toFixed(2)}×` : 'none yet'],
      ],
    ),
  });

  sections.push({
    title: 'Deterrence and chilling',
    lead: 'Acts per day (7-day mean). Violations fall as perceived detection risk rises; dissent and harmless posts fall when people feel watched.',
    html: line(
      {
        'traffic violations': rolling(s.series('traffic_violations')),
        'dissent posts': rolling(s.series('acts.dissent_post')),
        'harmless unusual acts': rolling(s.series('acts.spontaneous_act')),
        'face searches': rolling(s.series('faces.searched')),
      },
      'acts per day',
    ),
  });

  for (const scorer of sc.scorers) {
    const band = s.series(`score.${scorer.id}.p10`).map(([day, p10], i) => ({ day, p10, p50: s.series(`score.${scorer.id}.p50`)[i]?.[1], p90: s.series(`score.${scorer.id}.p90`)[i]?.[1] }));
    const tiers = scorer.tiers.flatMap((t) => s.series(`tier.${scorer.id}.${t.name}`).map(([day, value]) => ({ day, value, tier: t.name })));
    sections.push({
      title: `Score: ${scorer.label ?? scorer.id}`,
      lead: `The 10th, 50th and 90th percentiles over time, and the share in each tier (${scorer.subjects}; rules ${scorer.transparency}).`,
      html:
        plot({
          width: W,
          height: 240,
          marginLeft: 60,
          y: { label: 'score', grid: true },
          x: { label: 'day' },
          marks: [Plot.areaY(band, { x: 'day', y1: 'p10', y2: 'p90', fill: '#9ecae1', fillOpacity: 0.5 }), Plot.lineY(band, { x: 'day', y: 'p50', stroke: '#08519c' })],
        }) +
        plot({
          width: W,
          height: 220,
          marginLeft: 60,
          y: { label: 'share', percent: true, grid: true },
          x: { label: 'day' },
          color: { legend: true, domain: scorer.tiers.map((t) => t.name) },
          marks: [Plot.areaY(tiers, { x: 'day', y: 'value', fill: 'tier', order: scorer.tiers.map((t) => t.name) })],
        }),
    });
  }

  if (sc.gates.length) {
    sections.push({
      title: 'Gate denials',
      lead: 'Denials per day (7-day mean), by gate.',
      html: line(Object.fromEntries(sc.gates.map((g) => [g.id, rolling(s.series(`gate.${g.id}.denied`))])), 'denials per day'),
    });
  }

  const groups = sc.population.groups.map((g) => g.name);
  const audit = auditGroups(s, groups, sc.output.referenceGroup);
  const reference = sc.output.referenceGroup ?? groups[0];
  sections.push({
    title: 'Wrongful penalties and disparate impact',
    lead: 'Penalties for acts the citizen did not commit (false face matches, false flags, mixed records, wrong reports), per 1,000 citizens of each group, and the four-fifths test against the first group.',
    html:
      line(
        Object.fromEntries(groups.map((g, i) => [g, cumulative(s.series(`penalties.wrongful.${g}`)).map(([d, v]) => [d, (1000 * v) / audit[i].citizens] as [number, number])])),
        'wrongful penalties per 1,000 (cumulative)',
      ) +
      htmlTable(
        ['group', 'citizens', 'false-match rate', 'penalties /1,000', 'wrongful /1,000', 'ratio', 'share wrongful (1 - precision)', 'offences missed (FNR)', 'grant rate', 'ratio'],
        audit.map((x) => [
          x.group,
          f(x.citizens),
          pct(x.falseMatchRate, 3),
          f(x.penaltiesPer1000, 1),
          f(x.wrongfulPer1000, 1),
          x.group === reference ? 'ref' : f(x.wrongfulRatio, 2),
          pct(x.wrongfulShare),
          pct(x.missRate),
          pct(x.grantRate, 2),
          x.group === reference ? 'ref' : f(x.grantRatio, 2),
        ]),
        audit.map((x) => [false, false, false, false, false, x.wrongfulRatio > 1.25, false, false, false, x.grantRatio < 0.8]),
      ) +
      (audit.some((x) => x.small) ? '<p class="small">A group under 1,000 citizens: its rates are noisy.</p>' : '') +
      wrongfulByCause(
        s,
        groups,
        audit.map((x) => x.citizens),
      ),
  });

  if (sc.lists.length) {
    sections.push({ title: 'Lists', lead: 'Subjects on each list.', html: line(Object.fromEntries(sc.lists.map((l) => [l.id, s.series(`list.${l.id}.stock`)])), 'on the list') });
  }

  if (sc.screens.enabled) {
    sections.push({
      title: 'Public screens',
      lead: 'Faces put up per day (7-day mean), innocent ones among them, fees paid to take them down, and friendships cut by those who saw.',
      html: line(
        {
          'faces put up': rolling(s.series('screens.displays')),
          'of innocents': rolling(s.series('screens.displays_wrongful')),
          'fees paid': rolling(s.series('screens.fees_paid')),
          'ties cut': rolling(s.series('screens.ties_cut')),
        },
        'per day',
      ),
    });
  }

  sections.push({
    title: 'Stress, health, legitimacy',
    lead: 'Population means. Sustained stress wears health down; poorer health means sick days, lost wages, breaches at work and lost jobs.',
    html:
      line(
        {
          stress: s.series('stress.mean'),
          health: s.series('health.mean'),
          wellbeing: s.series('wellbeing.mean'),
          legitimacy: s.series('legitimacy.mean'),
          hardship: s.series('hardship.mean'),
        },
        'mean',
      ) +
      htmlTable(
        ['over the run', 'count'],
        [
          ['sick days', f(sumOf(s, 'acts.sick_day'))],
          ['wages lost to sick days (CNY)', f(sumOf(s, 'sick_days.income_lost'))],
          ...JOB_LOSS_CAUSES.map((cause) => [`jobs lost: ${JOB_LOSS_WORDS[cause]}`, f(sumOf(s, `jobs_lost.${cause}`))]),
        ],
      ),
  });

  sections.push({
    title: 'Perceived risk by channel',
    lead: 'How watched citizens feel, channel by channel (population means): each is learned from penalties through that channel, and the camera channel from the faces on the screens too.',
    html: line(Object.fromEntries(CHANNELS.map((ch) => [ch, s.series(`perceived_risk.${ch}`)])), 'perceived probability'),
  });

  if (sc.broker.scorer !== undefined) {
    sections.push({
      title: 'The data trade',
      lead: `Records of observed acts sold by the broker (scorer ${sc.broker.scorer}) to each buyer; lenders and insurers price only the citizens whose records they bought, the rest on the average; the marketer targets offers by score.`,
      html: htmlTable(
        ['over the run', 'count'],
        [
          ...BUYERS.map((b) => [`records sold to the ${b}`, f(sumOf(s, `broker.records_sold.${b}`))]),
          ['citizens priced by score', f(lastOf(s, 'broker.priced_by_score'))],
          ['loan offers / taken', `${f(sumOf(s, 'broker.offers.loan'))} / ${f(sumOf(s, 'acts.marketed_loan'))}`],
          ['product offers / taken', `${f(sumOf(s, 'broker.offers.product'))} / ${f(sumOf(s, 'acts.marketed_purchase'))}`],
        ],
      ),
    });
  }

  sections.push({
    title: 'Inequality, mobility, homophily',
    lead: 'Gini of income and of each score; the share of citizens changing tier between measurements; the correlation of scores between friends.',
    html: line(
      Object.fromEntries([
        ['income Gini', s.series('income.gini')],
        ...sc.scorers.flatMap((x) => [
          [`${x.id} Gini`, s.series(`score.${x.id}.gini`)],
          [`${x.id} mobility`, s.series(`score.${x.id}.mobility`)],
          [`${x.id} homophily`, s.series(`score.${x.id}.homophily`)],
        ]),
      ]),
      'value',
    ),
  });

  if (sc.schedule.length) {
    sections.push({
      title: 'Changes during the run',
      lead: 'The scenario’s schedule: on each day, fields set to new values at the start of the day. Series above break where a change bites.',
      html: htmlTable(
        ['day', 'what it stands for', 'fields set'],
        [...sc.schedule]
          .sort((a, b) => a.day - b.day)
          .map((c) => [
            String(c.day),
            c.note ?? '',
            Object.entries(c.set)
              .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
              .join('; '),
          ]),
      ),
    });
  }

  sections.push({
    title: 'Scenario and provenance',
    lead: 'Everything needed to run this again: the scenario as written, the seed, the model version.',
    html:
      htmlTable(
        ['', ''],
        Object.entries(r.provenance).map(([k, v]) => [k, String(v)]),
      ) + `<pre>${escapeHtml(r.yaml)}</pre>`,
  });

  return page(`Credence run: ${sc.name}`, `${r.id} · ${sc.description}`, sections);
}
