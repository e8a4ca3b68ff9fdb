import { loadScenario } from './src/scenario/load.ts';
import { simulate } from './src/engine/simulate.ts';
const { scenario } = loadScenario(process.argv[2] ?? 'seed-2020', { 'population.citizens': 100000, days: 60, 'output.sampleRate': 0 });
const r = simulate(scenario);
console.log(r.agentDaysPerSecond);
