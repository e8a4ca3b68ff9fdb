import { loadScenario } from './src/scenario/load.ts';
import { startSimulation, series, total } from './src/engine/simulate.ts';
import { EventType } from './src/life/event-types.ts';

const overrides = JSON.parse(process.argv[2] ?? '{}');
const seed = Number(process.argv[3] ?? 1);
const n = Number(process.argv[4] ?? 20000);
const days = Number(process.argv[5] ?? 1825);
const { scenario } = loadScenario('as-implemented', { 'population.citizens': n, days, 'output.sampleRate': 0, ...overrides });
const t0 = Date.now();
const sim = startSimulation(scenario, { seed });
const w = sim.world;
const gates = w.policy.gates.map((g: any) => g.id);
const fg = gates.indexOf('flight_ban'), tg = gates.indexOf('fast_train_ban'), hg = gates.indexOf('deposit_free_hotel');
const li = w.policy.lists.findIndex((l: any) => l.id === 'court_blacklist');
const courtDen = new Int32Array(n).fill(-1);
const everListed = new Uint8Array(n);
const entered = new Int32Array(n).fill(-1); const cohort: number[] = []; const cohortOut: number[][] = [];
let repaidCourt = 0, repaidAny = 0, repaidListed = 0, judgmentRepaid = 0;
const pd = scenario.life.money.banPressureDays;
while (true) {
  const more = sim.step();
  const d = w.day;
  const ev = w.events.cols;
  for (let e = 0; e < w.events.length; e++) {
    if (ev.type[e] !== EventType.judgment_repaid) continue;
    const i = ev.actor[e];
    judgmentRepaid++;
    if (courtDen[i] >= 0 && d - courtDen[i] <= pd) repaidCourt++;
  }
  const dc = w.decisions.cols;
  for (let j = 0; j < w.decisions.length; j++) {
    if (dc.granted[j]) continue;
    if (dc.gate[j] === fg || dc.gate[j] === tg) courtDen[ev.actor[dc.event[j]]] = d;
  }
  const listed = w.standing.listed[li];
  for (let i = 0; i < n; i++) {
    if (listed[i]) everListed[i] = 1;
    if (listed[i] && entered[i] < 0) { entered[i] = d; }
    else if (!listed[i] && entered[i] >= 0) { const dur = d - entered[i]; const y = Math.floor(entered[i] / 365); (cohortOut[y] ??= []).push(dur); entered[i] = -1; }
  }
  if (!more) break;
}
const r = sim.result();
{ const cin: number[] = []; for (let i = 0; i < n; i++) if (entered[i] >= 0) { const y = Math.floor(entered[i] / 365); cin[y] = (cin[y] ?? 0) + 1; }
  const lines: string[] = [];
  for (let y = 0; y < Math.ceil(days / 365); y++) { const outs = (cohortOut[y] ?? []).sort((a, b) => a - b); const tot = outs.length + (cin[y] ?? 0);
    const surv = (t: number) => ((outs.filter((x) => x > t).length + (cin[y] ?? 0)) / tot).toFixed(2);
    lines.push(`cohort y${y + 1}: ${tot} listed, still listed at end ${cin[y] ?? 0}; survival 0.5y ${surv(182)} 1y ${surv(365)} 2y ${surv(730)} 3y ${surv(1095)}`); }
  console.log(lines.join('\n')); }
const stock = series(r, 'list.court_blacklist.stock');
const inflow = series(r, 'list.court_blacklist.inflow');
const outflow = series(r, 'list.court_blacklist.outflow');
const years = Math.ceil(days / 365);
const rows: string[] = [];
for (let y = 0; y < years; y++) {
  const lo = y * 365, hi = Math.min(days, (y + 1) * 365);
  const inY = inflow.filter(([d]) => d >= lo && d < hi).reduce((a, [, v]) => a + v, 0);
  const outY = outflow.filter(([d]) => d >= lo && d < hi).reduce((a, [, v]) => a + v, 0);
  const s = stock.find(([d]) => d === hi - 1)?.[1] ?? NaN;
  rows.push(`y${y + 1}: stock ${(100 * s / n).toFixed(3)}% in ${inY} out ${outY}`);
}
let ever = 0; for (let i = 0; i < n; i++) ever += everListed[i];
const fd = total(r, 'gate.flight_ban.denied'), td = total(r, 'gate.fast_train_ban.denied');
const out = total(r, 'list.court_blacklist.outflow');
const rub = total(r, 'debtors.repaid_under_bans');
const p50 = series(r, 'score.city_points.p50').at(-1)![1];
const tiers = ['AAA', 'AA', 'A', 'B', 'C', 'D'].map((t) => `${t}=${(series(r, `tier.city_points.${t}`).at(-1)![1] * 100).toFixed(1)}`).join(' ');
const personYears = stock.reduce((a, [, v]) => a + v, 0) / 365;
console.log(JSON.stringify(overrides), 'seed', seed, 'n', n, 'days', days, `${((Date.now() - t0) / 1000).toFixed(1)}s`);
console.log(rows.join('\n'));
console.log(`flightDenied ${fd} trainDenied ${td} everListed ${ever} cumInflow ${total(r, 'list.court_blacklist.inflow')} personYears ${personYears.toFixed(0)} perPY f ${(fd / personYears).toFixed(2)} t ${(td / personYears).toFixed(2)} (f+t)/ever ${((fd + td) / ever).toFixed(2)}`);
console.log(`outflow ${out} judgment_repaid ${judgmentRepaid} repaid_under_bans ${rub} (${(100 * rub / out).toFixed(1)}% of outflow) under court bans ${repaidCourt} (${(100 * repaidCourt / out).toFixed(1)}%)`);
console.log(`city p50 ${p50} mean ${series(r, 'score.city_points.mean').at(-1)![1].toFixed(1)} p10 ${series(r, 'score.city_points.p10').at(-1)![1]} ${tiers}`);
console.log(`arrears.share ${series(r, 'arrears.share').at(-1)![1].toFixed(4)} unemployment ${series(r, 'unemployment').at(-1)![1].toFixed(3)} acts.missed ${total(r, 'acts.missed_payment')} lawsuits ${total(r, 'acts.lawsuit')} judgments ${total(r, 'acts.judgment')} defaulted ${total(r, 'acts.judgment_defaulted')} loans ${total(r, 'acts.loan_taken')}`);
{
  const c = w.pop.citizens; const listed = w.standing.listed[li]; const m = scenario.life.money;
  let able = 0, L = 0, neg = 0, unemp = 0, loan = 0, arrW = 0, negAll = 0;
  const arrs: number[] = [];
  for (let i = 0; i < n; i++) {
    const margin = c.income[i] * (1 - m.billsShare) - c.premium[i] - c.loanPayment[i];
    if (margin <= 0) negAll++;
    if (!listed[i]) continue;
    L++; if (c.savings[i] >= c.arrears[i]) able++; if (margin <= 0) neg++; if (c.employer[i] < 0) unemp++; if (c.loanBalance[i] > 0) loan++;
    arrs.push(c.arrears[i] / c.wage[i]);
  }
  arrs.sort((a, b) => a - b);
  console.log(`listed ${L}: able ${able} margin<=0 ${neg} unemployed ${unemp} withLoan ${loan} arrears/wage median ${arrs[arrs.length >> 1]?.toFixed(2)} p90 ${arrs[Math.floor(arrs.length * 0.9)]?.toFixed(2)}; all citizens margin<=0 ${negAll}`);
}
{
  const yrs = days / 365;
  const pr = (name: string) => `${name} ${(total(r, name) / n / yrs).toFixed(3)}/adult/yr`;
  console.log([pr('acts.jaywalking'), pr('acts.red_light'), pr('acts.drunk_driving'), pr('penalties'), pr('rewards'), pr('faces.searched'), pr('faces.true_matches')].join('  '));
  const p50s = series(r, 'score.city_points.p50');
  console.log('p50 by year', [1, 2, 3, 4, 5].map((y) => p50s.find(([d]) => d >= y * 365 - 7)?.[1]).join(' '), ' mean rho', series(r, 'perceived_risk.mean').at(-1)![1].toFixed(3));
}
{
  const c = w.pop.citizens; const listed = w.standing.listed[li];
  const since = (w.standing as any).listedSince?.[li];
  const rows: string[] = [];
  let k = 0;
  for (let i = 0; i < n && k < 25; i++) {
    if (!listed[i]) continue;
    const dur = since ? days - since[i] : -1;
    if (dur < 730) continue;
    k++;
    rows.push(`id ${i} dur ${dur} wage ${c.wage[i].toFixed(0)} inc ${c.income[i].toFixed(0)} emp ${c.employer[i] >= 0 ? 1 : 0} arr/w ${(c.arrears[i] / c.wage[i]).toFixed(2)} sav/w ${(c.savings[i] / c.wage[i]).toFixed(2)} loanBal/w ${(c.loanBalance[i] / c.wage[i]).toFixed(2)} loanPay ${c.loanPayment[i].toFixed(0)} prem ${c.premium[i].toFixed(0)} consc ${c.conscientiousness[i].toFixed(2)}`);
  }
  console.log(rows.join('\n'));
}
