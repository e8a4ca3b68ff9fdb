import { loadScenario } from './src/scenario/load.ts';
import { simulate, total, series } from './src/engine/simulate.ts';
const { scenario } = loadScenario('rongcheng');
const r = simulate(scenario, { days: 365 });
console.log('rate', (r.agentDaysPerSecond/1e6).toFixed(2), 'M/s', r.durationMs.toFixed(0), 'ms');
for (const m of r.measurer.metrics) {
  const s = series(r, m.name); const last = s[s.length-1]?.[1];
  console.log(m.name.padEnd(40), 'total', total(r, m.name).toFixed(2).padStart(14), 'last', last?.toFixed(4));
}
