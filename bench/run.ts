/**
 * Benchmarks: agent-days per second of the default scenario at several population sizes, and
 * the bytes of state per citizen. Prints a table and one JSON line; writes bench/results.json.
 *
 *   npm run bench                                   100,000 and 1,000,000 citizens
 *   npm run bench -- --sizes 100000 --days 30       a subset
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { loadScenario } from '../src/scenario/load.ts';
import { startSimulation } from '../src/engine/simulate.ts';
import { worldBytes } from '../src/engine/footprint.ts';
import { VERSION } from '../src/version.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'rongcheng' },
    sizes: { type: 'string', default: '100000,1000000' },
    days: { type: 'string', default: '60' },
  },
});
const sizes = values.sizes!.split(',').map(Number);
const days = Number(values.days);

interface Row {
  citizens: number;
  days: number;
  setupSeconds: number;
  agentDaysPerSecond: number;
  nsPerAgentDay: number;
  bytesPerCitizen: number;
  peakRssMiB: number;
}

const rows: Row[] = [];
for (const citizens of sizes) {
  const { scenario } = loadScenario(values.scenario!, { 'population.citizens': citizens, days, 'output.sampleRate': 0 });
  const t0 = performance.now();
  const sim = startSimulation(scenario);
  const t1 = performance.now();
  while (sim.step());
  const t2 = performance.now();
  const loop = (t2 - t1) / 1000;
  rows.push({
    citizens,
    days,
    setupSeconds: +((t1 - t0) / 1000).toFixed(2),
    agentDaysPerSecond: Math.round((citizens * days) / loop),
    nsPerAgentDay: +((loop * 1e9) / (citizens * days)).toFixed(1),
    bytesPerCitizen: Math.round(worldBytes(sim.world) / citizens),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  });
  const r = rows[rows.length - 1];
  console.log(`${values.scenario} ${citizens.toLocaleString('en')} citizens x ${days} days: setup ${r.setupSeconds} s, ${(r.agentDaysPerSecond / 1e6).toFixed(2)}M agent-days/s (${r.nsPerAgentDay} ns each), ${r.bytesPerCitizen} bytes/citizen, peak RSS ${r.peakRssMiB} MiB`);
}

const result = { date: new Date().toISOString(), version: VERSION, node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, scenario: values.scenario, workers: 1, rows };
console.log(JSON.stringify(result));
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
