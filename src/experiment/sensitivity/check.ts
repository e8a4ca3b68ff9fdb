import { loadScenario } from '../../load/scenario.ts';
import { InputError } from '../../scenario/errors.ts';
import type { Sensitivity } from '../../scenario/sensitivity-schema.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { factorValue, metricNames } from '../factors.ts';
import { baseScenario } from '../sweep.ts';

interface Issue {
  path: (string | number)[];
  message: string;
}

/** The scenario's own words for a problem with a value given to it, without "(from the command line)". */
const reason = (error: unknown) =>
  error instanceof InputError
    ? error.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message.replace(/ \(from the command line\)$/, '')}`).join('; ')
    : String(error instanceof Error ? error.message : error);

/**
 * What a sensitivity file asks of its scenario, checked before anything runs, each problem placed
 * at its line: the scenario and `set` load; every factor names a field of it and its range is
 * valid there (both ends and a value between, so a whole-number field is not given fractions); every
 * measure is a metric or an audit number of that scenario, and its window lies within the run.
 */
export function checkSensitivity(s: Sensitivity, file: string): Issue[] {
  let base: string;
  let scenario: Scenario;
  try {
    base = baseScenario(s.scenario, file);
  } catch (error) {
    return [{ path: ['scenario'], message: reason(error) }];
  }
  try {
    scenario = loadScenario(base, s.set).scenario;
  } catch (error) {
    const key = error instanceof InputError ? error.issues.map((i) => i.path).find((p) => p !== undefined && p in s.set) : undefined;
    return [{ path: key === undefined ? ['set'] : ['set', key], message: reason(error) }];
  }
  const issues: Issue[] = [];
  s.factors.forEach((f, i) => {
    // the ends of the range (a normal's far quantiles) and a value inside it
    const probes = (f.distribution === 'uniform' ? [0, 1] : [1e-6, 1 - 1e-6]).concat(1 / Math.PI);
    for (const u of probes) {
      const value = factorValue(f, u);
      try {
        loadScenario(base, { ...s.set, [f.field]: value });
      } catch (error) {
        issues.push({ path: ['factors', i, 'field'], message: `at ${value}: ${reason(error)}` });
        return;
      }
    }
  });
  const names = metricNames(scenario);
  s.measures.forEach((m, i) => {
    if (m.window && m.window[1] >= scenario.days) issues.push({ path: ['measures', i, 'window'], message: `the run has days 0 to ${scenario.days - 1}: the window ends after it` });
    if (!names) return; // too small to build with a few citizens: the runs themselves will say
    if (names.metrics.has(m.metric)) return;
    if (names.audit.has(m.metric)) {
      if (m.window) issues.push({ path: ['measures', i, 'window'], message: `${m.metric} is a number of the whole run: it has no daily values to average over a window` });
      return;
    }
    const all = [...names.metrics, ...names.audit];
    const near = all.filter((n) => n.split('.')[0] === m.metric.split('.')[0] || n.includes(m.metric)).slice(0, 6);
    issues.push({
      path: ['measures', i, 'metric'],
      message: `no metric "${m.metric}" in ${scenario.name}${near.length ? `; did you mean ${near.join(', ')}?` : ' (the metrics are listed in docs/metrics.md)'}`,
    });
  });
  return issues;
}
